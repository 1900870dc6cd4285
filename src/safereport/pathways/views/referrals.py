"""Referrals: the officer's offer (with matching), the victim's answer and sending; the force's
list; the organisation's inbox and steps; support status; and withdrawing a consent."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safereport.accounts.access import roles_required
from safereport.accounts.models import User
from safereport.accounts.roles import POLICE_ROLES, Role
from safereport.casework.models import Party
from safereport.casework.views.common import opened, opened_party, opens_cases
from safereport.errors import ServiceError
from safereport.iso639 import language_name
from safereport.pathways import access, actions, queries
from safereport.pathways.consent import is_in_force, referral_content
from safereport.pathways.forms import (
    AnswerForm,
    DeclineForm,
    FirstContactForm,
    OfferForm,
    ReferralFilterForm,
    RefineForm,
    SupportStatusForm,
)
from safereport.pathways.lifecycle import UNDER_WAY, ReferralStatus
from safereport.pathways.matching import Needs
from safereport.pathways.models import Referral
from safereport.pathways.views.common import SUPPORT
from safereport.pathways.views.display import content_rows, referral_context, support_context
from safereport.policy.vocabulary import Category, CrimeType
from safereport.web.kit.forms import YES, add_problems, error_links
from safereport.web.kit.lists import PER_PAGE, chosen, filter_form, paginate
from safereport.web.kit.views import actor, or_404

REFERRALS_PER_PAGE = PER_PAGE

# Offering (police) -----------------------------------------------------------------------------


@roles_required(*POLICE_ROLES)
@require_http_methods(["GET", "POST"])
@opens_cases
def offer(request: HttpRequest, reference: str) -> HttpResponse:
    """Matching organisations for a victim or witness, with reasons, and recording the offer of a
    referral to one of them."""
    party = opened_party(request, reference)
    posted = request.POST if request.method == "POST" else None
    refine = RefineForm(
        posted,
        communities=queries.communities(),
        initial={"immigration_advice": YES if queries.needs_of(party).immigration_advice else "no"},
    )
    needs = _needs(party, refine)
    matches = queries.matches_for(party, needs)
    form = OfferForm(posted if posted and posted.get("form") == "offer" else None, matches=matches)
    if posted and posted.get("form") == "offer" and form.is_valid():
        try:
            referral = actions.offer_referral(
                actor=actor(request), party=party, organisation=form.cleaned_data["organisation"]
            )
        except ServiceError as error:
            add_problems(form, error)
        else:
            messages.success(request, f"Offer recorded: referral to {referral.entry.organisation}")
            return redirect("pathways:referral", referral.reference)
    illustrative = queries.illustrative_codes()
    referrals = list(queries.party_referrals(party))
    open_to = {r.entry.organisation.code for r in referrals if r.status in UNDER_WAY}
    context = {
        "party": party,
        "case": party.case,
        "needs": needs,
        "language": f"{language_name(needs.language)} ({needs.language})" if needs.language else "",
        "matches": matches,
        "options": [
            {
                "item": item,
                "match": match,
                "illustrative": match.candidate.code in illustrative,
                "already": match.candidate.code in open_to,
            }
            for item, match in zip(form["organisation"].items, matches, strict=True)  # type: ignore[attr-defined]
        ],
        "form": form,
        "refine": refine,
        "referrals": referrals,
        "routine": party.case.crime_type == CrimeType.DOMESTIC_ABUSE,
    }
    status = 400 if form.errors else 200
    return render(request, "pathways/offer.html", context, status=status)


def _needs(party: Party, refine: RefineForm) -> Needs:
    """The party's needs from the records, as the officer refined them (if they did)."""
    if refine.is_bound and refine.is_valid():
        data = refine.cleaned_data
        return queries.needs_of(
            party,
            immigration_advice=data["immigration_advice"] == YES,
            community=data.get("community") or "",
        )
    return queries.needs_of(party)


@roles_required(*POLICE_ROLES)
@require_http_methods(["GET", "POST"])
@opens_cases
def answer(request: HttpRequest, reference: str) -> HttpResponse:
    """Record the victim's answer to the offer, as a consent to the organisation."""
    referral = _police_referral(request, reference)
    form = AnswerForm(request.POST if request.method == "POST" else None)
    anonymous = referral.party.person is None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_referral_answer(
                actor=actor(request),
                referral=referral,
                answer=data["answer"],
                method=data["method"],
                categories=data["categories"],
            )
        except ServiceError as error:
            add_problems(form, error)
        else:
            messages.success(request, "Answer recorded")
            return redirect("pathways:referral", referral.reference)
    context = {"form": form, "referral": referral, "anonymous": anonymous}
    return render(request, "pathways/answer.html", context, status=400 if form.errors else 200)


@roles_required(*POLICE_ROLES)
@require_POST
@opens_cases
def send(request: HttpRequest, reference: str) -> HttpResponse:
    """Send an accepted referral with the data the victim agreed to."""
    return _step(request, reference, actions.send_referral, "Referral sent")


# Lists ------------------------------------------------------------------------------------------


@roles_required(*POLICE_ROLES)
@require_GET
def referral_list(request: HttpRequest) -> HttpResponse:
    """The force's referrals: overdue first, then those awaiting first contact; filtered by
    status or to those overdue, a page at a time."""
    user = actor(request)
    return _referrals(request, queries.force_referrals(user), "pathways/referral_list.html")


@roles_required(*SUPPORT)
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    """The organisation's referrals (overdue flagged), filtered and a page at a time, each known
    by its pseudonymous references: the organisation tells its clients apart by those."""
    user = actor(request)
    return _referrals(request, queries.inbox(user), "pathways/inbox.html")


def _referrals(request: HttpRequest, referrals: QuerySet[Referral], template: str) -> HttpResponse:
    overdue = queries.overdue(referrals).count()
    filters = filter_form(request, ReferralFilterForm)
    wanted = chosen(filters)
    if "status" in wanted:
        referrals = referrals.filter(status=wanted["status"])
    if "overdue" in wanted:
        referrals = queries.overdue(referrals)
    paged = paginate(request, referrals, REFERRALS_PER_PAGE)
    context = {
        "rows": [referral_context(referral) for referral in paged.rows],
        "paged": paged,
        "overdue": overdue,
        "filters": filters,
        "form": filters,
        "filtered": filters.is_bound,
    }
    return render(request, template, context, status=400 if filters.errors else 200)


# The referral page ----------------------------------------------------------------------------


@roles_required(*POLICE_ROLES, *SUPPORT)
@require_GET
@opens_cases
def referral(request: HttpRequest, reference: str) -> HttpResponse:
    """A referral: its status, steps and deadline, and what the organisation receives."""
    return _show(request, reference)


def _show(request: HttpRequest, reference: str, error: ServiceError | None = None) -> HttpResponse:
    user = actor(request)
    errors = error_links(error) if error else []
    status = 400 if error else 200
    if user.role == Role.SUPPORT_WORKER:
        with or_404():
            found = actions.read_referral(actor=user, reference=reference)
        context = {
            **referral_context(found),
            "content": content_rows(found.content),
            "consent_in_force": is_in_force(found.consent),
            "support": support_context(found.party, user),
            "steps": queries.steps_of(found),
            "errors": errors,
        }
        return render(request, "pathways/referral_organisation.html", context, status=status)
    found = _police_referral(request, reference)
    consent = queries.referral_consent(found)
    preview = None
    if found.status == ReferralStatus.ACCEPTED and consent and is_in_force(consent):
        preview = content_rows(
            referral_content(found.party, [Category(c) for c in consent.categories])
        )
    context = {
        **referral_context(found),
        "consent": consent,
        "consent_in_force": is_in_force(consent),
        "preview": preview,
        "content": content_rows(found.content),
        "steps": queries.steps_of(found),
        "errors": errors,
    }
    return render(request, "pathways/referral_police.html", context, status=status)


def _police_referral(request: HttpRequest, reference: str) -> Referral:
    """The referral, for police of the case's force, once the case is opened for this request."""
    user = actor(request)
    with or_404():
        found = queries.referral_for(user, reference)
    if not access.may_refer(user, found.party):
        raise Http404
    opened(request, found.party.case.reference)
    return found


def _step(
    request: HttpRequest,
    reference: str,
    step: Callable[..., Referral],
    done: str,
    **arguments: Any,
) -> HttpResponse:
    """Carry out one step of a referral's life; show the page with the refusal if refused."""
    try:
        with or_404():
            step(actor=actor(request), referral=reference, **arguments)
    except ServiceError as error:
        return _show(request, reference, error)
    messages.success(request, done)
    return redirect("pathways:referral", reference)


# The organisation's steps -------------------------------------------------------------------


@roles_required(*SUPPORT)
@require_POST
def acknowledge(request: HttpRequest, reference: str) -> HttpResponse:
    return _step(request, reference, actions.acknowledge_referral, "Referral acknowledged")


@roles_required(*SUPPORT)
@require_http_methods(["GET", "POST"])
def first_contact(request: HttpRequest, reference: str) -> HttpResponse:
    """When and how first contact was made (the day measures Victims' Code right 4)."""
    user = actor(request)
    with or_404():
        found = queries.referral_for(user, reference)
    if not access.may_receive_referral(user, found):
        raise Http404
    form = FirstContactForm(
        request.POST if request.method == "POST" else None,
        initial={"made_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_first_contact(
                actor=user,
                referral=found,
                made_on=form.cleaned_data["made_on"],
                method=form.cleaned_data["method"],
                note=form.cleaned_data["note"],
            )
        except ServiceError as error:
            add_problems(form, error)
        else:
            messages.success(request, "First contact recorded")
            return redirect("pathways:referral", found.reference)
    return render(
        request,
        "pathways/first_contact.html",
        {"form": form, "referral": found},
        status=400 if form.errors else 200,
    )


@roles_required(*SUPPORT)
@require_POST
def unable_to_contact(request: HttpRequest, reference: str) -> HttpResponse:
    return _step(
        request, reference, actions.record_unable_to_contact, "Recorded: unable to contact"
    )


@roles_required(*SUPPORT)
@require_http_methods(["GET", "POST"])
def decline(request: HttpRequest, reference: str) -> HttpResponse:
    """Decline the referral, saying why from a fixed list."""
    user = actor(request)
    with or_404():
        found = queries.referral_for(user, reference)
    if not access.may_receive_referral(user, found):
        raise Http404
    form = DeclineForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.decline_referral(actor=user, referral=found, reason=form.cleaned_data["reason"])
        except ServiceError as error:
            add_problems(form, error)
        else:
            messages.success(request, "Referral declined")
            return redirect("pathways:referral", found.reference)
    return _question(request, form, "reason", found.reference, "Decline", protects=False)


@roles_required(*SUPPORT)
@require_http_methods(["GET", "POST"])
def referral_support(request: HttpRequest, reference: str) -> HttpResponse:
    """Record the support the organisation gives the person referred."""
    user = actor(request)
    with or_404():
        found = queries.referral_for(user, reference)
    if not access.supports_party(user, found.party):
        raise Http404
    back = reverse("pathways:referral", args=[found.reference])
    return support_form(request, user, found.party, back)


def support_form(request: HttpRequest, user: User, party: Party, back: str) -> HttpResponse:
    """The support status question, for a referral's or a report's party."""
    latest = queries.latest_support(party, user)
    initial = (
        {
            "support": latest.support,
            "advice_on_stay_given": YES if latest.advice_on_stay_given else "no",
        }
        if latest
        else {}
    )
    form = SupportStatusForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_support_status(
                actor=user,
                party=party,
                support=data["support"],
                advice_on_stay_given=data["advice_on_stay_given"] == YES,
            )
        except ServiceError as error:
            add_problems(form, error)
        else:
            messages.success(request, "Support status recorded")
            return redirect(back)
    return render(
        request,
        "pathways/support.html",
        {"form": form, "back": back},
        status=400 if form.errors else 200,
    )


def _question(
    request: HttpRequest, form: Any, name: str, reference: str, button: str, *, protects: bool
) -> HttpResponse:
    return render(
        request,
        "casework/question.html",
        {
            "form": form,
            "field": form[name],
            "title": form.fields[name].label,
            "caption": "Referral",
            "back": reverse("pathways:referral", args=[reference]),
            "button": button,
            "protects": protects,
        },
        status=400 if form.errors else 200,
    )
