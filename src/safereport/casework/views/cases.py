"""The force's cases: the list, recording a report, the case page, a data protection officer's
reason to open a case, and the case's progress (stage, a party's support and NRM state)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods

from safereport.accounts.access import roles_required
from safereport.accounts.models import User
from safereport.accounts.roles import POLICE_ROLES
from safereport.casework import access, actions, queries
from safereport.casework.contact import SafeContact, describe
from safereport.casework.forms import (
    NRM_LABELS,
    REPORT_ALIASES,
    SUPPORT_LABELS,
    AddPartyForm,
    CaseFilterForm,
    FindCaseForm,
    NrmForm,
    OpenReasonForm,
    ReassignForm,
    ReportForm,
    StageForm,
    StatusForm,
    SupportForm,
)
from safereport.casework.models import Case, ConsentRecord, ForceRegime, NrmConsent, Party
from safereport.casework.views.common import opened, opened_party, opens_cases, remember_reason
from safereport.casework.views.sections import sections_for
from safereport.casework.vocabulary import TaskStatus
from safereport.errors import ServiceError
from safereport.iso639 import language_name
from safereport.policy.regimes import REGIME_INFO, load
from safereport.policy.vocabulary import DUTY_TEXT, Duty, RegimeId
from safereport.web.kit.forms import NO, YES, add_problems, words
from safereport.web.kit.lists import PER_PAGE, chosen, filter_form, paginate
from safereport.web.kit.views import actor, or_404

CASES_PER_PAGE = PER_PAGE


def party_name(party: Party) -> str:
    """How a party is named on police pages (never in a URL or an audit event)."""
    person = party.person
    if person is None:
        return f"Anonymous {party.role}"
    if person.erased_at is not None:
        return f"Erased {party.role}"
    return " ".join(n for n in (person.given_name, person.family_name) if n) or "Name not given"


@roles_required(*POLICE_ROLES)
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    """The force's cases, newest first, with those assigned to the user marked: filtered by
    stage, crime, "assigned to me" and "with overdue tasks", and a case opened by its reference
    (`?reference=`)."""
    user = actor(request)
    cases = queries.cases_for(user)
    find = FindCaseForm(request.GET if "reference" in request.GET else None)
    if find.is_bound and find.is_valid():
        typed = find.cleaned_data["reference"].strip().lower()
        found = cases.filter(reference=typed).first()
        if found is not None:
            return redirect("casework:case", found.reference)
        # The same answer for a case that does not exist and one of another force.
        find.add_error("reference", "There is no case with that reference in your force")
    filters = filter_form(request, CaseFilterForm)
    wanted = chosen(filters)
    if "stage" in wanted:
        cases = cases.filter(stage=wanted["stage"])
    if "crime_type" in wanted:
        cases = cases.filter(crime_type=wanted["crime_type"])
    if "mine" in wanted:
        cases = cases.filter(officer_in_charge=user)
    if "overdue" in wanted:
        cases = queries.with_overdue_tasks(cases)
    paged = paginate(request, cases, CASES_PER_PAGE, drop=["reference"])
    return render(
        request,
        "casework/case_list.html",
        {
            "paged": paged,
            "page": paged.page,
            "cases": paged.rows,
            "user_id": user.pk,
            "find": find,
            "filters": filters,
            "form": find if find.errors else filters,
            "filtered": filters.is_bound,
        },
        status=400 if find.errors or filters.errors else 200,
    )


@roles_required(*POLICE_ROLES)
@require_http_methods(["GET", "POST"])
def record_report(request: HttpRequest) -> HttpResponse:
    """Record a report: the case, the person (if known) and their part in it."""
    form = ReportForm(
        request.POST if request.method == "POST" else None,
        initial={"reported_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            party = actions.record_report(
                actor=actor(request),
                crime_type=data["crime_type"],
                reporting_route=data["reporting_route"],
                reported_on=data["reported_on"],
                occurred_on=data["occurred_on"],
                summary=data["summary"],
                stage=data["stage"],
                person=form.person_details(),
                party=form.party_facts(),
            )
        except ServiceError as error:
            add_problems(form, error, REPORT_ALIASES)
        else:
            messages.success(request, "Report recorded")
            return redirect("casework:case", party.case.reference)
    return render(request, "casework/record_report.html", {"form": form})


@roles_required(*POLICE_ROLES)
@require_GET
@opens_cases
def case_page(request: HttpRequest, reference: str) -> HttpResponse:
    """The case: its summary, the force's regime, parties, duties, decisions and disclosures."""
    case = opened(request, reference)
    return render(request, "casework/case.html", case_context(case))


def _erased_on(party: Party) -> str:
    """The day the party's person was erased, as the page writes it; empty while held."""
    erased = party.person.erased_at if party.person else None
    return f"{timezone.localtime(erased):%-d %B %Y}" if erased else ""


def case_context(case: Case) -> dict[str, Any]:
    overview = queries.case_overview(case)
    return {
        "case": case,
        "erased_on": f"{timezone.localtime(case.erased_at):%-d %B %Y}" if case.erased_at else "",
        "regime": regime_context(overview.regime),
        "parties": [
            {
                "party": party,
                "name": party_name(party),
                "support": SUPPORT_LABELS[party.support],
                "nrm": NRM_LABELS[party.nrm],
                "consents": [_consent_row(c) for c in reversed(overview.consents_of(party))],
                "nrm_consent": _nrm_consent_words(overview.nrm_consent_of(party)),
                "safe_contact": _safe_contact_words(party),
                "erased_on": _erased_on(party),
                "language": _language_words(party.person.preferred_language)
                if party.person
                else "",
            }
            for party in overview.parties
        ],
        "has_consents": bool(overview.consents),
        "sections": sections_for(case),
        "tasks": [
            {
                "task": task,
                "asks_nrm_consent": task.duty == Duty.OFFER_NRM_REFERRAL,
                "gives_notice": task.duty == Duty.GIVE_NOTICE,
                "text": DUTY_TEXT[Duty(task.duty)][:1].upper() + DUTY_TEXT[Duty(task.duty)][1:],
                "party_name": party_name(task.party),
                "done": task.status == TaskStatus.DONE,
            }
            for task in sorted(overview.tasks, key=lambda t: t.status == TaskStatus.DONE)
        ],
        "decisions": [
            {"decision": d, "party_name": party_name(d.party), "purpose": words(d.purpose)}
            for d in reversed(overview.decisions)
        ],
        "disclosures": [
            {
                "record": record,
                "party_name": party_name(record.decision.party),
                "categories": ", ".join(record.categories),
            }
            for record in reversed(overview.disclosures)
        ],
    }


def _language_words(code: str) -> str:
    """A language code with its English name, from the service's one list: "Spanish (es)"."""
    return f"{language_name(code)} ({code})" if code else ""


def _safe_contact_words(party: Party) -> str:
    """How the person may be contacted safely, in a sentence, with their own words after it."""
    person = party.person
    if person is None:
        return ""
    if not person.safe_contact:
        return (
            f"In person only (recorded before this was asked). {person.safe_contact_instructions}"
        )
    contact = SafeContact.from_json(person.safe_contact)
    return describe(contact)


def _nrm_consent_words(consent: NrmConsent | None) -> str:
    """The person's latest answer about an NRM referral, as the case page says it."""
    if consent is None:
        return "Not asked"
    if consent.withdrawn_at is not None:
        return f"Withdrawn on {consent.withdrawn_at:%-d %B %Y}"
    return f"{consent.get_answer_display()} on {consent.recorded_at:%-d %B %Y}"


def _consent_row(consent: ConsentRecord) -> dict[str, Any]:
    """A consent answer as the case page lists it: what, to whom, how, when, and by whom."""
    return {
        "record": consent,
        "purpose": words(consent.purpose),
        "categories": ", ".join(words(c) for c in consent.categories) or "None",
        "answer": consent.get_answer_display(),
        "method": consent.get_method_display(),
        "recorded_by": _who(consent.recorded_by),
        "withdrawn_by": _who(consent.withdrawn_by) if consent.withdrawn_by else "",
    }


def _who(user: User) -> str:
    return str(user.get_full_name() or user.username)


def regime_context(in_force: ForceRegime | None) -> dict[str, Any] | None:
    """The regime a force operates under today, as the pages show it, or None if none yet."""
    if in_force is None:
        return None
    regime = RegimeId(in_force.regime)
    return {
        "id": regime.value,
        "title": REGIME_INFO[regime].title,
        "version": load(regime).version,
        "effective_from": in_force.effective_from,
    }


@roles_required(*POLICE_ROLES)
@require_http_methods(["GET", "POST"])
def open_reason(request: HttpRequest, reference: str) -> HttpResponse:
    """A data protection officer says why they open a case not assigned to them."""
    user = actor(request)
    with or_404():
        case = queries.case_for(user, reference)
    back = _safe_next(request) or reverse("casework:case", args=[case.reference])
    if not access.needs_reason_to_open(user, case):
        return redirect(back)
    form = OpenReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        remember_reason(request, case.reference, form.cleaned_data["reason"])
        return redirect(back)
    return render(
        request,
        "casework/question.html",
        {
            "form": form,
            "field": form["reason"],
            "title": "Why are you opening this case?",
            "caption": case.reference,
            "back": reverse("casework:cases"),
            "next": _safe_next(request),
            "button": "Continue",
        },
    )


def _safe_next(request: HttpRequest) -> str:
    """Where to go after giving a reason: a path on this site, or nothing."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if not wanted.startswith("/") or not url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    return wanted


# Progress ----------------------------------------------------------------------------------------


@roles_required(*POLICE_ROLES)
@require_http_methods(["GET", "POST"])
@opens_cases
def change_stage(request: HttpRequest, reference: str) -> HttpResponse:
    """Move the case to another stage; protections learn it at once."""
    case = opened(request, reference)
    form = StageForm(
        request.POST if request.method == "POST" else None, initial={"stage": case.stage}
    )
    if request.method == "POST" and form.is_valid():
        stage = form.cleaned_data["stage"]
        try:
            actions.change_case_stage(actor=actor(request), case=case, stage=stage)
        except ServiceError as error:
            add_problems(form, error)
        else:
            messages.success(request, f"Stage changed to {words(stage).lower()}")
            return redirect("casework:case", case.reference)
    return _question(request, form, "stage", case, "Change the stage")


@roles_required(*POLICE_ROLES)
@require_http_methods(["GET", "POST"])
@opens_cases
def change_support(request: HttpRequest, reference: str) -> HttpResponse:
    """Record whether the person is offered or receiving support and advice."""
    party = opened_party(request, reference)
    form = SupportForm(
        request.POST if request.method == "POST" else None, initial={"support": party.support}
    )
    if request.method == "POST" and form.is_valid():
        support = form.cleaned_data["support"]
        try:
            actions.change_party_support(actor=actor(request), party=party, support=support)
        except ServiceError as error:
            add_problems(form, error)
        else:
            text = SUPPORT_LABELS[support]
            messages.success(request, f"Support for {party_name(party)} changed: {text.lower()}")
            return redirect("casework:case", party.case.reference)
    return _question(request, form, "support", party.case, party_name(party))


@roles_required(*POLICE_ROLES)
@require_http_methods(["GET", "POST"])
@opens_cases
def reassign(request: HttpRequest, reference: str) -> HttpResponse:
    """Make another officer of the force the officer in charge."""
    case = opened(request, reference)
    officers = User.objects.filter(
        organisation=case.force, role__in=POLICE_ROLES, is_active=True
    ).order_by("first_name", "last_name", "username")
    form = ReassignForm(
        request.POST if request.method == "POST" else None,
        officers=[(o.pseudonym, o.get_full_name() or o.username) for o in officers],
        initial={"officer": case.officer_in_charge.pseudonym},
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = actions.reassign_case(
                actor=actor(request), case=case, officer=form.cleaned_data["officer"]
            )
        except ServiceError as error:
            add_problems(form, error)
        else:
            officer = changed.officer_in_charge
            messages.success(
                request, f"{officer.get_full_name() or officer.username} is the officer in charge"
            )
            return redirect("casework:case", case.reference)
    return _question(request, form, "officer", case, case.reference)


@roles_required(*POLICE_ROLES)
@require_http_methods(["GET", "POST"])
@opens_cases
def add_party(request: HttpRequest, reference: str) -> HttpResponse:
    """Add a victim, witness or suspect to the case."""
    case = opened(request, reference)
    form = AddPartyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            added = actions.add_party(
                actor=actor(request),
                case=case,
                party=form.party_facts(),
                person=form.person_details(),
            )
        except ServiceError as error:
            add_problems(form, error, REPORT_ALIASES)
        else:
            messages.success(request, f"{party_name(added)} added to the case")
            return redirect("casework:case", case.reference)
    return render(request, "casework/add_party.html", {"form": form, "case": case})


@roles_required(*POLICE_ROLES)
@require_http_methods(["GET", "POST"])
@opens_cases
def change_status(request: HttpRequest, reference: str) -> HttpResponse:
    """Correct the person's recorded immigration status and whether an offence is suspected."""
    party = opened_party(request, reference)
    form = StatusForm(
        request.POST if request.method == "POST" else None,
        initial={
            "immigration_status": party.immigration_status,
            "suspected_offending": YES if party.suspected_offending else NO,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.change_party_status(
                actor=actor(request),
                party=party,
                immigration_status=form.cleaned_data["immigration_status"],
                suspected_offending=form.cleaned_data["suspected_offending"] == YES,
            )
        except ServiceError as error:
            add_problems(form, error)
        else:
            messages.success(request, f"Status of {party_name(party)} corrected")
            return redirect("casework:case", party.case.reference)
    return _question(
        request,
        form,
        ["immigration_status", "suspected_offending"],
        party.case,
        party_name(party),
        title="Correct the person's status",
    )


@roles_required(*POLICE_ROLES)
@require_http_methods(["GET", "POST"])
@opens_cases
def change_nrm(request: HttpRequest, reference: str) -> HttpResponse:
    """Record the person's National Referral Mechanism state."""
    party = opened_party(request, reference)
    form = NrmForm(request.POST if request.method == "POST" else None, initial={"nrm": party.nrm})
    if request.method == "POST" and form.is_valid():
        nrm = form.cleaned_data["nrm"]
        try:
            actions.change_party_nrm(actor=actor(request), party=party, nrm=nrm)
        except ServiceError as error:
            add_problems(form, error)
        else:
            text = NRM_LABELS[nrm]
            messages.success(request, f"NRM state of {party_name(party)} changed: {text.lower()}")
            return redirect("casework:case", party.case.reference)
    return _question(request, form, "nrm", party.case, party_name(party))


def _question(
    request: HttpRequest,
    form: Any,
    name: str | list[str],
    case: Case,
    caption: str,
    *,
    title: str = "",
) -> HttpResponse:
    """A page asking one question (its label the page's heading), or several under `title`,
    with the protection it updates explained."""
    names = [name] if isinstance(name, str) else name
    return render(
        request,
        "casework/question.html",
        {
            "form": form,
            "fields": [form[n] for n in names],
            "title": title or form.fields[names[0]].label,
            "caption": caption,
            "back": reverse("casework:case", args=[case.reference]),
            "button": "Save",
            "protects": True,
        },
    )
