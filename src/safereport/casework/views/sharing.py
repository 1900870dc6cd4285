"""Sharing with Immigration Enforcement: the sharing panel, a decision and its share button,
consent, and the duties that decisions create."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safereport.accounts.access import roles_required
from safereport.accounts.roles import POLICE_ROLES
from safereport.casework import actions, queries
from safereport.casework.errors import AlreadyDoneError, StaleDecisionError
from safereport.casework.facts import consent_now
from safereport.casework.forms import (
    CATEGORY_HINTS,
    ConfirmShareForm,
    ConsentForm,
    DiscloseForm,
    NrmConsentForm,
    SharingForm,
)
from safereport.casework.models import DisclosureRecord, SharingDecision
from safereport.casework.regimes import regime_on
from safereport.casework.status import deciding_answer
from safereport.casework.views.cases import party_name, regime_context
from safereport.casework.views.common import opened, opened_party, opens_cases
from safereport.enforcement.display import shown_categories
from safereport.errors import ServiceError
from safereport.policy.regimes import REGIME_INFO
from safereport.policy.sources import duties_and_rules
from safereport.policy.vocabulary import DUTY_TEXT, Category, Consent, Duty, Outcome, RegimeId
from safereport.web.kit.forms import add_problems, words
from safereport.web.kit.views import actor, or_404

# What a prohibited decision's duties ask the officer to do instead of sharing.
INSTEAD = {
    Duty.REFER_TO_THIRD_PARTY: (
        "Link the person to a third party, such as a specialist support organisation, that can "
        "give advice and assistance about their immigration status."
    ),
    Duty.GIVE_NOTICE: (
        "Tell the person that their details will not be shared with Immigration Enforcement, "
        "and why."
    ),
    Duty.OFFER_SPECIALIST_SUPPORT: "Offer a referral to a specialist domestic abuse service.",
}


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


@roles_required(*POLICE_ROLES)
@require_http_methods(["GET", "POST"])
@opens_cases
def sharing_panel(request: HttpRequest, reference: str) -> HttpResponse:
    """Choose the purpose and categories of a proposed share; the force's regime decides."""
    party = opened_party(request, reference)
    form = SharingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            decision = actions.request_sharing_decision(
                actor=actor(request),
                party=party,
                purpose=form.cleaned_data["purpose"],
                categories=form.cleaned_data["categories"],
            )
        except ServiceError as error:
            add_problems(form, error)
        else:
            return redirect("casework:decision", decision.reference)
    return render(
        request,
        "casework/sharing_panel.html",
        {
            "form": form,
            "party": party,
            "name": party_name(party),
            "regime": regime_context(regime_on(party.case.force)),
            "consent_now": [
                {
                    "purpose": words(purpose),
                    "given": _listed(c for c, v in answers.items() if v is Consent.GIVEN),
                    "refused": _listed(c for c, v in answers.items() if v is Consent.REFUSED),
                }
                for purpose, answers in consent_now(party).items()
            ],
        },
    )


def _listed(categories: Iterable[Category]) -> str:
    return ", ".join(c.value for c in categories) or "None"


@roles_required(*POLICE_ROLES)
@require_GET
@opens_cases
def decision_page(request: HttpRequest, reference: str) -> HttpResponse:
    """The decision: outcome, verdict per category, explanation, rules cited, and the share
    button where something is permitted (or what to do instead where nothing is)."""
    decision = _decision(request, reference)
    form = _disclose_form(decision, None)
    return render(request, "casework/decision.html", decision_context(decision, form))


@roles_required(*POLICE_ROLES)
@require_POST
@opens_cases
def share(request: HttpRequest, reference: str) -> HttpResponse:
    """The categories the officer chose: checked, kept for this session, and shown on the check
    page. Nothing is sent from here."""
    decision = _decision(request, reference)
    form = _disclose_form(decision, request.POST)
    if form is not None and form.is_valid():
        chosen = form.cleaned_data["categories"]
        try:
            actions.preview_disclosure(actor=actor(request), decision=decision, categories=chosen)
        except ServiceError as error:
            add_problems(form, error)
        else:
            request.session[_chosen_key(decision)] = chosen
            return redirect("casework:share-check", decision.reference)
    return render(request, "casework/decision.html", decision_context(decision, form))


@roles_required(*POLICE_ROLES)
@require_http_methods(["GET", "POST"])
@opens_cases
def share_check(request: HttpRequest, reference: str) -> HttpResponse:
    """Exactly what Immigration Enforcement will receive, field by field, and the lawful basis
    and justification; only "Confirm and share" sends it."""
    decision = _decision(request, reference)
    chosen: list[str] | None = request.session.get(_chosen_key(decision))
    if not chosen:
        return redirect(reverse("casework:decision", args=[decision.reference]) + "#share")
    user = actor(request)
    form = ConfirmShareForm(request.POST if request.method == "POST" else None)
    problem = ""
    if request.method == "POST" and form.is_valid():
        try:
            record = actions.disclose(
                actor=user,
                decision=decision,
                categories=chosen,
                lawful_basis=form.cleaned_data["lawful_basis"],
                justification=form.cleaned_data["justification"],
            )
        except StaleDecisionError as error:
            problem = error.message
        except ServiceError as error:
            add_problems(form, error)
        else:
            del request.session[_chosen_key(decision)]
            messages.success(request, _shared_message(record))
            return redirect("casework:decision", decision.reference)
    try:
        preview = actions.preview_disclosure(actor=user, decision=decision, categories=chosen)
    except StaleDecisionError as error:
        preview, problem = None, error.message
    except ServiceError:
        # Shared meanwhile (another tab, another officer): the decision page says so.
        del request.session[_chosen_key(decision)]
        return redirect("casework:decision", decision.reference)
    return render(
        request,
        "casework/share_check.html",
        {
            "decision": decision,
            "party": decision.party,
            "name": party_name(decision.party),
            "purpose": words(decision.purpose),
            "regime_title": REGIME_INFO[RegimeId(decision.regime)].title,
            "categories": shown_categories(
                [c.value for c in preview.categories],
                {c.value: values for c, values in preview.fields.items()},
            )
            if preview
            else [],
            "form": form,
            "problem": problem,
        },
        # The decision no longer holds: the state of the records, not the form, refused it.
        status=409 if problem else 200,
    )


def _chosen_key(decision: SharingDecision) -> str:
    """Where the session keeps what the officer chose to share, between the two pages."""
    return f"casework:share:{decision.reference}"


def _shared_message(record: DisclosureRecord) -> str:
    shared = ", ".join(record.categories)
    text = f"Shared with Immigration Enforcement: {shared}."
    if record.protocol_reference:
        text += f" Protocol reference {record.protocol_reference}."
    return text


def _decision(request: HttpRequest, reference: str) -> SharingDecision:
    with or_404():
        decision = queries.decision_for(actor(request), reference)
    opened(request, decision.party.case.reference)
    return decision


def _disclose_form(decision: SharingDecision, data: Any) -> DiscloseForm | None:
    """The share form, if the decision permits something and has not been shared."""
    permitted = [c.value for c in decision.permitted]
    if not permitted or DisclosureRecord.objects.filter(decision=decision).exists():
        return None
    return DiscloseForm(data, permitted=permitted)


def decision_context(decision: SharingDecision, form: DiscloseForm | None) -> dict[str, Any]:
    answer = decision.decision
    basis = answer["category_basis"]
    party = decision.party
    duties = [Duty(d) for d in answer["duties"]]
    cited_duties, other_rules = duties_and_rules(answer["duties"], answer["rules"])
    return {
        "decision": decision,
        "party": party,
        "name": party_name(party),
        "case": party.case,
        "purpose": words(decision.purpose),
        "outcome": decision.outcome,
        "outcome_words": words(decision.outcome).lower(),
        "prohibited": decision.outcome == Outcome.PROHIBITED,
        "verdicts": [
            {
                "category": category,
                "hint": CATEGORY_HINTS[Category(category)],
                "verdict": answer["categories"][category],
                "consent": decision.consent_by_category.get(category, decision.consent),
                "rules": ", ".join(basis[category]["rules"]) or "No rule permits it",
            }
            for category in decision.categories
        ],
        "duties": cited_duties,
        "instead": [INSTEAD[d] for d in dict.fromkeys(duties) if d in INSTEAD],
        "rules": other_rules,
        "explanation": answer["explanation"],
        "deciding_answer": deciding_answer(
            decision.regime, decision.situation, [rule["id"] for rule in answer["rules"]]
        ),
        "disclosure": DisclosureRecord.objects.filter(decision=decision)
        .select_related("disclosed_by")
        .first(),
        "form": form,
    }


@roles_required(*POLICE_ROLES)
@require_http_methods(["GET", "POST"])
@opens_cases
def record_consent(request: HttpRequest, reference: str) -> HttpResponse:
    """Record the person's answer about sharing with Immigration Enforcement for a purpose."""
    party = opened_party(request, reference)
    form = ConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_consent(
                actor=actor(request),
                party=party,
                purpose=data["purpose"],
                categories=data["categories"],
                answer=data["answer"],
                method=data["method"],
            )
        except ServiceError as error:
            add_problems(form, error)
        else:
            messages.success(request, f"Consent answer recorded for {party_name(party)}")
            return redirect("casework:case", party.case.reference)
    return render(
        request,
        "casework/consent.html",
        {"form": form, "party": party, "name": party_name(party)},
    )


@roles_required(*POLICE_ROLES)
@require_POST
@opens_cases
def withdraw_consent(request: HttpRequest, reference: str) -> HttpResponse:
    """Record that the person withdrew a consent answer: later decisions no longer count it."""
    with or_404():
        consent = queries.consent_for(actor(request), reference)  # another force's: 404
    case = opened(request, consent.party.case.reference)
    try:
        with or_404():
            actions.withdraw_consent(actor=actor(request), consent=consent)
    except AlreadyDoneError:
        pass  # already withdrawn (by someone else, or a second click): the page shows when
    else:
        messages.success(
            request,
            f"Consent withdrawn for {party_name(consent.party)}: "
            f"{words(consent.purpose).lower()}. Nothing more will be shared on it.",
        )
    return redirect(reverse("casework:case", args=[case.reference]) + "#consents")


@roles_required(*POLICE_ROLES)
@require_http_methods(["GET", "POST"])
@opens_cases
def record_nrm_consent(request: HttpRequest, reference: str) -> HttpResponse:
    """Record an adult's answer about being referred to the National Referral Mechanism (the
    duty to offer a referral is done by it), or withdraw the answer in force."""
    party = opened_party(request, reference)
    form = NrmConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_nrm_consent(
                actor=actor(request),
                party=party,
                answer=form.cleaned_data["answer"],
                method=form.cleaned_data["method"],
            )
        except ServiceError as error:
            add_problems(form, error)
        else:
            messages.success(request, f"NRM referral answer recorded for {party_name(party)}")
            return redirect(reverse("casework:case", args=[party.case.reference]) + "#duties")
    current = queries.case_overview(party.case).nrm_consent_of(party)
    return render(
        request,
        "casework/nrm_consent.html",
        {"form": form, "party": party, "name": party_name(party), "current": current},
    )


@roles_required(*POLICE_ROLES)
@require_POST
@opens_cases
def withdraw_nrm_consent(request: HttpRequest, reference: str) -> HttpResponse:
    """Record that the person withdrew their consent to an NRM referral."""
    with or_404():
        consent = queries.nrm_consent_for(actor(request), reference)
    case = opened(request, consent.party.case.reference)
    try:
        actions.withdraw_nrm_consent(actor=actor(request), consent=consent)
    except AlreadyDoneError:
        pass  # already withdrawn (by someone else, or a second click): the page shows when
    else:
        messages.success(
            request, f"Consent to an NRM referral withdrawn for {party_name(consent.party)}"
        )
    return redirect(reverse("casework:case", args=[case.reference]) + "#people")


@roles_required(*POLICE_ROLES)
@require_POST
@opens_cases
def mark_task_done(request: HttpRequest, reference: str) -> HttpResponse:
    """Record that a duty has been carried out, by the user, now."""
    user = actor(request)
    with or_404():
        task = queries.task_for(user, reference)
    opened(request, task.case.reference)
    try:
        actions.mark_duty_done(actor=user, task=task)
    except AlreadyDoneError:
        pass  # already done (by someone else, or a second click): the page shows who and when
    else:
        messages.success(request, f"Marked as done: {DUTY_TEXT[Duty(task.duty)]}")
    return redirect(reverse("casework:case", args=[task.case.reference]) + "#duties")
