"""Withdrawing a pathways consent, by the police of the case or the organisation concerned."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from safereport.accounts.access import roles_required
from safereport.accounts.roles import POLICE_ROLES
from safereport.errors import ServiceError
from safereport.pathways import actions, queries
from safereport.pathways.views.common import SUPPORT
from safereport.pathways.vocabulary import ConsentPurpose
from safereport.web.kit.forms import error_links
from safereport.web.kit.views import actor, or_404


@roles_required(*POLICE_ROLES, *SUPPORT)
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, reference: str) -> HttpResponse:
    """Ask to confirm, then record that the person withdrew their consent."""
    user = actor(request)
    with or_404():
        consent = queries.consent_for(user, reference)
    page = queries.consent_page(user, consent)
    back = reverse(page[0], args=[page[1]]) if page else reverse("home")
    errors = []
    if request.method == "POST":
        try:
            actions.withdraw_consent(actor=user, consent=consent)
        except ServiceError as error:
            errors = error_links(error)
        else:
            messages.success(request, "Withdrawal of consent recorded")
            return redirect(back)
    context = {
        "consent": consent,
        "referral": consent.purpose == ConsentPurpose.SUPPORT_REFERRAL,
        "purpose": ConsentPurpose(consent.purpose).label,
        "back": back,
        "errors": errors,
    }
    return render(request, "pathways/withdraw.html", context, status=400 if errors else 200)
