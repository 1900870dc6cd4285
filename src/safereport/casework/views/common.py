"""What the police side's views share: opening a case (with a data protection officer's reason)
before showing it. The signed-in user and 404 for what is not found come from the kit
(`safereport.web.kit.views`)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from safereport.casework import actions, queries
from safereport.casework.errors import ReasonRequiredError
from safereport.casework.models import Case, Party
from safereport.web.kit.views import actor, or_404

# The session remembers, per case reference, the reason a DPO gave to open it (a word of the
# fixed `OpenReason` list), so that the pages of the case do not ask again in this session.
OPEN_REASONS = "casework:open_reasons"


class _ReasonNeeded(Exception):  # noqa: N818 - a signal to `opens_cases`, not an error
    def __init__(self, reference: str) -> None:
        super().__init__(reference)
        self.reference = reference


def opened(request: HttpRequest, reference: str) -> Case:
    """Open the case for this request (an audit event each time), with the reason the DPO gave
    in this session if the case is not assigned to them."""
    reasons: dict[str, str] = request.session.get(OPEN_REASONS, {})
    try:
        with or_404():
            return actions.open_case(
                actor=actor(request), reference=reference, reason=reasons.get(reference)
            )
    except ReasonRequiredError:
        raise _ReasonNeeded(reference) from None


def opened_party(request: HttpRequest, reference: str) -> Party:
    """The party, once its case has been opened for this request."""
    with or_404():
        party = queries.party_for(actor(request), reference)
    opened(request, party.case.reference)
    return party


def remember_reason(request: HttpRequest, reference: str, reason: str) -> None:
    reasons = dict(request.session.get(OPEN_REASONS, {}))
    reasons[reference] = reason
    request.session[OPEN_REASONS] = reasons


def opens_cases(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A view that opens a case: a DPO who has not said why is sent to say so first, and comes
    back to the page afterwards."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except _ReasonNeeded as needed:
            url = reverse("casework:open-reason", args=[needed.reference])
            back = request.get_full_path() if request.method == "GET" else ""
            query = f"?{urlencode({'next': back})}" if back else ""
            return HttpResponseRedirect(url + query)

    return wrapped
