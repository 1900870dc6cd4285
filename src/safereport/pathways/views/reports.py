"""Third-party reports: the organisation's form and page, the force's list and recording as a
case, the victim's consent to reveal their identity, and the support the organisation gives."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safereport.accounts.access import roles_required
from safereport.accounts.roles import POLICE_ROLES, Role
from safereport.casework.forms import STATUS_LABELS
from safereport.errors import ServiceError
from safereport.pathways import access, actions, queries
from safereport.pathways.consent import PERSON_FIELDS, REVEAL_CATEGORIES
from safereport.pathways.forms import (
    IdentityConsentForm,
    ReportFilterForm,
    ThirdPartyReportForm,
)
from safereport.pathways.models import ThirdPartyReport
from safereport.pathways.views.common import SUPPORT
from safereport.pathways.views.display import (
    FIELD_LABELS,
    SUPPORT_WORDS,
    crime_words,
    date_words,
    support_context,
)
from safereport.pathways.views.referrals import support_form
from safereport.pathways.vocabulary import ReportStatus
from safereport.web.kit.forms import add_problems, error_links
from safereport.web.kit.lists import chosen, filter_form, paginate
from safereport.web.kit.views import actor, or_404


@roles_required(*SUPPORT)
@require_http_methods(["GET", "POST"])
def report_new(request: HttpRequest) -> HttpResponse:
    """Report a crime to the police for a victim or witness; their identity stays with you.

    The form first goes to a check page showing what the police will see and what they will
    not ("Continue"); only "Send the report" there sends it. The answers travel between the two
    pages in the form itself, never in the session: nothing about the person is stored until it
    is sent.
    """
    form = ThirdPartyReportForm(request.POST if request.method == "POST" else None)
    step = request.POST.get("step", "")
    if request.method == "POST" and form.is_valid() and step != "change":
        arguments = _report_arguments(form)
        user = actor(request)
        try:
            if step == "send":
                report = actions.submit_third_party_report(actor=user, **arguments)
            else:
                draft = actions.check_third_party_report(actor=user, **arguments)
        except ServiceError as error:
            add_problems(form, error)
        else:
            if step == "send":
                messages.success(request, "Report sent to the police")
                return redirect("pathways:report", report.reference)
            return render(
                request,
                "pathways/report_check.html",
                {
                    "police_see": _police_see(draft),
                    "kept": _kept(draft),
                    "carried": _carried(request),
                },
            )
    return render(
        request, "pathways/report_new.html", {"form": form}, status=400 if form.errors else 200
    )


def _report_arguments(form: ThirdPartyReportForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "force": data["force"],
        "crime_type": data["crime_type"],
        "pseudonym": data["pseudonym"],
        "role": data["role"],
        "age_group": data["age_group"],
        "immigration_status": data["immigration_status"],
        "support": data["support"],
        "identity": form.identity(),
        "summary": data["summary"],
        "occurred_on": data["occurred_on"],
    }


def _carried(request: HttpRequest) -> list[tuple[str, str]]:
    """The answers as posted, to post again from the check page (to send, or to change)."""
    return [
        (name, value)
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", "step")
        for value in values
    ]


def _police_see(draft: actions.ReportDraft) -> list[tuple[str, str]]:
    """What the police will be sent, as rows."""
    return [
        ("Police force", draft.force.name),
        ("Type of crime", crime_words(draft.crime_type)),
        ("What happened", draft.summary),
        (
            "Date of the offence",
            date_words(draft.occurred_on.isoformat()) if draft.occurred_on else "",
        ),
        ("Pseudonym", draft.pseudonym),
        ("Victim or witness", draft.role.capitalize()),
        ("Age group", draft.age_group.capitalize()),
        ("Immigration status", STATUS_LABELS[draft.immigration_status]),
        ("Support", SUPPORT_WORDS[draft.support]),
    ]


def _kept(draft: actions.ReportDraft) -> list[tuple[str, str]]:
    """The identity the organisation keeps, which the police are not sent, as rows."""
    identity = asdict(draft.identity)
    rows = []
    for category in REVEAL_CATEGORIES:
        for name in PERSON_FIELDS[category]:
            value = identity.get(name)
            if name == "interpreter_needed":
                value = "Yes" if value else "No"
            elif name == "date_of_birth" and value:
                value = date_words(value.isoformat())
            rows.append((FIELD_LABELS[name], str(value or "")))
    return rows


@roles_required(*POLICE_ROLES, *SUPPORT)
@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    """The third-party reports: for the police, those sent to the force, those still to record
    first; for a support organisation, those it made, newest first, each with the pseudonym it
    gave the person. Filtered by status, a page at a time."""
    user = actor(request)
    police = user.role in POLICE_ROLES
    reports = queries.force_reports(user) if police else queries.organisation_reports(user)
    filters = filter_form(request, ReportFilterForm)
    wanted = chosen(filters)
    if "status" in wanted:
        reports = reports.filter(status=wanted["status"])
    paged = paginate(request, reports)
    context = {
        "reports": [
            {"report": report, "crime": crime_words(report.crime_type)} for report in paged.rows
        ],
        "paged": paged,
        "police": police,
        "filters": filters,
        "form": filters,
        "filtered": filters.is_bound,
    }
    return render(
        request, "pathways/report_list.html", context, status=400 if filters.errors else 200
    )


@roles_required(*POLICE_ROLES, *SUPPORT)
@require_GET
def report(request: HttpRequest, reference: str) -> HttpResponse:
    """A third-party report: with the identity for its organisation, without it for the police."""
    return _show(request, reference)


def _show(request: HttpRequest, reference: str, error: ServiceError | None = None) -> HttpResponse:
    user = actor(request)
    with or_404():
        found = actions.read_third_party_report(actor=user, reference=reference)
    context = {
        "report": found,
        "crime": crime_words(found.crime_type),
        "recorded": found.status == ReportStatus.RECORDED,
        "errors": error_links(error) if error else [],
    }
    status = 400 if error else 200
    if user.role != Role.SUPPORT_WORKER:
        return render(request, "pathways/report_police.html", context, status=status)
    context.update(
        identity=_identity_rows(found),
        consents=queries.identity_consents(found),
        support=support_context(found.party, user) if found.party else None,
    )
    return render(request, "pathways/report_organisation.html", context, status=status)


def _identity_rows(report: ThirdPartyReport) -> list[dict[str, object]]:
    identity = report.identity
    revealed = set(report.identity_revealed_categories)
    groups = []
    for category in REVEAL_CATEGORIES:
        rows = []
        for name in PERSON_FIELDS[category]:
            value = identity.get(name)
            if name == "interpreter_needed":
                value = "Yes" if value else "No"
            elif name == "date_of_birth" and value:
                value = date_words(str(value))
            rows.append((FIELD_LABELS[name], value or ""))
        groups.append(
            {
                "title": category.value.capitalize(),
                "revealed": category.value in revealed,
                "rows": rows,
            }
        )
    return groups


@roles_required(*POLICE_ROLES)
@require_POST
def record(request: HttpRequest, reference: str) -> HttpResponse:
    """Record the report as a case of the force, with an anonymous party."""
    try:
        with or_404():
            party = actions.record_third_party_report(actor=actor(request), report=reference)
    except ServiceError as error:
        return _show(request, reference, error)
    messages.success(request, "Report recorded as a case")
    return redirect("casework:case", party.case.reference)


@roles_required(*SUPPORT)
@require_http_methods(["GET", "POST"])
def identity_consent(request: HttpRequest, reference: str) -> HttpResponse:
    """Record the victim's answer about the police knowing who they are."""
    user = actor(request)
    with or_404():
        found = queries.report_for(user, reference)
    if not access.may_hold_report(user, found):
        raise Http404
    form = IdentityConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_identity_consent(
                actor=user,
                report=found,
                answer=data["answer"],
                method=data["method"],
                categories=data["categories"],
            )
        except ServiceError as error:
            add_problems(form, error)
        else:
            messages.success(request, "Answer recorded")
            return redirect("pathways:report", found.reference)
    context = {"form": form, "report": found, "recorded": found.party_id is not None}
    return render(
        request, "pathways/identity_consent.html", context, status=400 if form.errors else 200
    )


@roles_required(*SUPPORT)
@require_http_methods(["GET", "POST"])
def report_support(request: HttpRequest, reference: str) -> HttpResponse:
    """Record the support the organisation gives the person it reported for."""
    user = actor(request)
    with or_404():
        found = queries.report_for(user, reference)
    if found.party is None or not access.supports_party(user, found.party):
        raise Http404
    return support_form(
        request, user, found.party, reverse("pathways:report", args=[found.reference])
    )
