"""The Immigration Enforcement side's pages: the inbox of disclosures, one disclosure, and the
protocol check. IE caseworkers only; nothing here reaches the police side's records."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from safereport.accounts.access import roles_required
from safereport.accounts.roles import Role
from safereport.enforcement import actions
from safereport.enforcement.display import shown_categories
from safereport.enforcement.errors import NotFoundError
from safereport.enforcement.forms import InboxFilterForm, ProtocolCheckForm
from safereport.enforcement.models import ProtocolCheck
from safereport.enforcement.references import PROTOCOL_REFERENCE
from safereport.errors import ServiceError
from safereport.policy.regimes import REGIME_INFO
from safereport.policy.sources import duties_and_rules
from safereport.policy.vocabulary import (
    ACTION_TEXT,
    EnforcementAction,
    RegimeId,
)
from safereport.web.kit.forms import words
from safereport.web.kit.lists import PER_PAGE, Paged, filter_form, kept_query, paginate
from safereport.web.kit.views import actor, or_404

IE = Role.IE_CASEWORKER
# The last protocol check's answer, kept between the POST that makes it and the page that shows
# it (POST-redirect-GET): only the answer, never anything about the case.
LAST_CHECK = "enforcement:last_protocol_check"


def _shown(entry: actions.InboxEntry) -> dict[str, Any]:
    """A disclosure as the page shows it: each category held, with its fields, and nothing else."""
    return {
        "entry": entry,
        "purpose": words(entry.purpose),
        "categories": shown_categories(entry.categories, entry.fields),
    }


@roles_required(IE)
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    """Disclosures addressed to the user's organisation, newest first, a page at a time, filtered
    by the day received and whether a protection is registered (reading a page is recorded)."""
    filters = filter_form(request, InboxFilterForm)
    wanted = actions.InboxFilter()
    if filters.is_bound and filters.is_valid():
        wanted = actions.InboxFilter(
            received_from=filters.cleaned_data["received_from"],
            received_to=filters.cleaned_data["received_to"],
            protected=filters.protected(),
        )
    with or_404():
        found = actions.read_inbox_page(
            actor(request), wanted, page=request.GET.get("page"), per_page=INBOX_PER_PAGE
        )
    paged = Paged(page=found.page, query=kept_query(request))
    return render(
        request,
        "enforcement/inbox.html",
        {
            "entries": [_shown(e) for e in found.entries],
            "paged": paged,
            "filters": filters,
            "form": filters,
            "filtered": filters.is_bound,
        },
        status=400 if filters.errors else 200,
    )


@roles_required(IE)
@require_GET
def disclosure(request: HttpRequest, reference: str) -> HttpResponse:
    """One disclosure, with only the fields it holds (reading is recorded)."""
    with or_404():
        entry = actions.read_disclosure(actor=actor(request), reference=reference)
    return render(request, "enforcement/disclosure.html", _shown(entry))


@roles_required(IE)
@require_http_methods(["GET", "POST"])
def protocol_check(request: HttpRequest) -> HttpResponse:
    """Enter the protocol reference and the proposed action; the answer is shown next."""
    suggested = request.GET.get("reference", "")
    form = ProtocolCheckForm(
        request.POST if request.method == "POST" else None,
        initial={
            "protocol_reference": suggested if PROTOCOL_REFERENCE.fullmatch(suggested) else ""
        },
    )
    if request.method == "POST" and form.is_valid():
        reference = form.cleaned_data["protocol_reference"]
        action = form.cleaned_data["action"]
        try:
            result = actions.check_protocol(
                actor=actor(request), protocol_reference=reference, action=action
            )
        except NotFoundError:
            form.add_error(
                "protocol_reference",
                "Protocol reference is not one you can check: use the reference that came with "
                "a disclosure to your organisation",
            )
        except ServiceError as error:
            for name, why in error.fields.items():
                form.add_error(name if name in form.fields else None, f"{words(name)} {why}")
        else:
            answer = result.as_json()
            made = ProtocolCheck.objects.filter(checked_by=actor(request).pseudonym).first()
            request.session[LAST_CHECK] = {
                "protocol_reference": reference,
                "action": action,
                "checked_at": timezone.now().isoformat(),
                "check_reference": made.reference if made else "",
                **answer,
            }
            return redirect("enforcement:protocol-check-result")
    return render(
        request,
        "enforcement/protocol_check.html",
        {"form": form},
    )


@roles_required(IE)
@require_GET
def protocol_check_result(request: HttpRequest) -> HttpResponse:
    """The answer of the user's last protocol check: blocked or allowed, by which rule, and the
    duties before acting. Whether the person is protected, never anything about the case."""
    check: dict[str, Any] | None = request.session.get(LAST_CHECK)
    context: dict[str, Any] = {"check": check}
    if check is not None:
        context.update(
            {
                "blocked": check["outcome"] == "blocked",
                "action_words": ACTION_TEXT[EnforcementAction(check["action"])],  # as the radios
                "checked_at": datetime.fromisoformat(check["checked_at"]),
                "regime_title": REGIME_INFO[RegimeId(check["regime"])].title,
                "blocking": [r for r in check["rules"] if r["effect"] == "forbid"],
            }
        )
        context["duties"], context["rules"] = duties_and_rules(check["duties"], check["rules"])
    return render(request, "enforcement/protocol_result.html", context)


@roles_required(IE)
@require_GET
def protocol_checks(request: HttpRequest) -> HttpResponse:
    """The protocol checks made on the protections held by the user's organisation, newest
    first, a page at a time: each with its own reference to cite. References only."""
    checks = ProtocolCheck.objects.filter(
        protection__recipient=actor(request).organisation
    ).select_related("protection")
    paged = paginate(request, checks, CHECKS_PER_PAGE)
    return render(
        request,
        "enforcement/protocol_checks.html",
        {
            "paged": paged,
            "page": paged.page,
            "checks": [
                {
                    "check": check,
                    "action_words": ACTION_TEXT[EnforcementAction(check.action)],
                }
                for check in paged.rows
            ],
        },
    )


CHECKS_PER_PAGE = PER_PAGE
# A disclosure is a card with its fields: fewer to a page than a table's rows.
INBOX_PER_PAGE = 20
