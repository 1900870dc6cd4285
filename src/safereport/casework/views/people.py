"""Correcting what the police hold about a person, and erasing it on their request (the
force's data protection officer), from the case page."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from safereport.accounts.access import roles_required
from safereport.accounts.roles import POLICE_ROLES, Role
from safereport.casework import actions, queries
from safereport.casework.forms import (
    REPORT_ALIASES,
    CorrectPersonForm,
    ErasePersonForm,
    person_initial,
)
from safereport.casework.views.cases import party_name
from safereport.casework.views.common import opened_party, opens_cases
from safereport.errors import ServiceError
from safereport.web.kit.forms import add_problems
from safereport.web.kit.views import actor


@roles_required(*POLICE_ROLES)
@require_http_methods(["GET", "POST"])
@opens_cases
def correct_person(request: HttpRequest, reference: str) -> HttpResponse:
    """Correct the person's names, contact details, language and safe contact, asked as the
    report asked them and answered as recorded."""
    party = opened_party(request, reference)
    person = party.person
    if person is None:  # reported anonymously: nothing is held, and the case page links nowhere
        raise Http404
    recorded = queries.recorded_contact(person)
    form = CorrectPersonForm(
        request.POST if request.method == "POST" else None,
        recorded=recorded,
        initial=person_initial(queries.person_details(person), recorded),
    )
    if request.method == "POST" and form.is_valid():
        try:
            corrected = actions.correct_person(
                actor=actor(request), party=party, details=form.identity()
            )
        except ServiceError as error:
            add_problems(form, error, REPORT_ALIASES)
        else:
            messages.success(request, f"Details of {party_name(corrected)} corrected")
            return redirect("casework:case", party.case.reference)
    return render(
        request,
        "casework/correct_person.html",
        {"form": form, "party": party, "name": party_name(party)},
        status=400 if form.errors else 200,
    )


@roles_required(Role.POLICE_DPO)
@require_http_methods(["GET", "POST"])
@opens_cases
def erase_person(request: HttpRequest, reference: str) -> HttpResponse:
    """The force's DPO erases a person's data on their valid request: the request's reference and
    day, and a confirmation; refusals (an open case, another force's case) say why."""
    party = opened_party(request, reference)
    if party.person is None:  # reported anonymously: nothing is held to erase
        raise Http404
    name = party_name(party)
    form = ErasePersonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.erase_person(
                actor=actor(request),
                party=party,
                request=actions.ErasureRequest(
                    reference=form.cleaned_data["request_reference"],
                    received_on=form.cleaned_data["received_on"],
                ),
            )
        except ServiceError as error:
            add_problems(form, error)
        else:
            messages.success(request, f"The data of {party.person.reference} has been erased")
            return redirect("casework:case", party.case.reference)
    return render(
        request,
        "casework/erase_person.html",
        {"form": form, "party": party, "name": name},
        status=400 if form.errors else 200,
    )
