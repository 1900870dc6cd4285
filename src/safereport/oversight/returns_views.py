"""Transparency returns on the page (issue 12, item 5): the DPO makes their force's return for
a year that has ended; anyone reads every force's returns at /transparency/, with CSV, and sees
whose are overdue. Counts only: nothing about a person."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from safereport.accounts.access import public, roles_required
from safereport.accounts.models import Organisation
from safereport.accounts.roles import OrganisationKind, Role
from safereport.errors import ServiceError
from safereport.oversight import periods, returns, spreadsheets
from safereport.oversight.disclosure_control import SMALLEST_PUBLISHED, Table
from safereport.oversight.forms import ReturnForm
from safereport.oversight.models import TransparencyReturn
from safereport.web.kit.forms import add_problems
from safereport.web.kit.views import actor

SYMBOLS = {"smallest": SMALLEST_PUBLISHED}


# The DPO's pages -------------------------------------------------------------------------------


@roles_required(Role.POLICE_DPO)
@require_GET
def force_returns(request: HttpRequest) -> HttpResponse:
    """The force's years and each return's state."""
    force = actor(request).organisation
    return render(
        request,
        "oversight/force_returns.html",
        {"force": force, "entries": returns.entries(force)},
    )


@roles_required(Role.POLICE_DPO)
@require_http_methods(["GET", "POST"])
def make_return(request: HttpRequest, year: str) -> HttpResponse:
    """A year's counts as they stand, and the DPO's confirmation that makes them the return."""
    user = actor(request)
    period = _year(year)
    entry = next((e for e in returns.entries(user.organisation) if e.year == period), None)
    if entry is None:
        raise Http404
    if entry.made is not None:
        return redirect("transparency:return", user.organisation.code, period.code)
    none = not returns.disclosed(user.organisation, period)
    form = _return_form(request, user.organisation, period, none=none)
    if request.method == "POST" and entry.status is not returns.Status.OPEN and form.is_valid():
        try:
            returns.submit(actor=user, year=period, certify_none=none)
        except ServiceError as error:
            add_problems(form, error, aliases={"certify_none": "confirm", "year": "confirm"})
        else:
            messages.success(
                request, f"{user.organisation.name}'s return for {period.label} is made"
            )
            return redirect("transparency:return", user.organisation.code, period.code)
    return render(
        request,
        "oversight/make_return.html",
        {
            "entry": entry,
            "form": form,
            "none": none,
            "tables": returns.tables(user.organisation, period),
            **SYMBOLS,
        },
        status=400 if form.errors else 200,
    )


def _return_form(
    request: HttpRequest, force: Organisation, year: periods.Period, *, none: bool
) -> ReturnForm:
    if none:
        statement = (
            f"I certify that {force.name} disclosed no information about any victim or witness"
            f" to Immigration Enforcement from {year.start.day} {year.start:%B %Y} to"
            f" {year.end.day} {year.end:%B %Y}"
        )
        needed = "Certify that your force disclosed nothing, or do not make the return yet"
    else:
        statement = f"I confirm that these counts are {force.name}'s return for {year.label}"
        needed = "Confirm that these counts are your force's return"
    return ReturnForm(
        request.POST if request.method == "POST" else None,
        statement=statement,
        required_message=needed,
    )


# The public pages ------------------------------------------------------------------------------


@public
@require_GET
def transparency(request: HttpRequest) -> HttpResponse:
    """Every force's returns for each year that has ended, and whose are overdue."""
    entries = returns.every_force()
    return render(
        request,
        "oversight/transparency.html",
        {
            "entries": entries,
            "overdue": [e for e in entries if e.status is returns.Status.OVERDUE],
        },
    )


@public
@require_GET
def transparency_return(request: HttpRequest, force: str, year: str) -> HttpResponse:
    """One submitted return: its tables as submitted, when and with what check code."""
    made = _made(force, year)
    return render(
        request,
        "oversight/transparency_return.html",
        {
            "made": made,
            "year": _year(year),
            "tables": Table.in_column_order(made.tables),
            **SYMBOLS,
        },
    )


@public
@require_GET
def transparency_return_csv(request: HttpRequest, force: str, year: str) -> HttpResponse:
    """One submitted return as CSV: a row per count."""
    made = _made(force, year)
    return _csv(f"transparency-return-{made.force.code}-{year}.csv", [made])


@public
@require_GET
def transparency_csv(request: HttpRequest) -> HttpResponse:
    """Every submitted return as CSV: a row per count."""
    made = TransparencyReturn.objects.select_related("force").order_by("-year", "force__name")
    return _csv("transparency-returns.csv", made)


CSV_HEADER = ["force_code", "force", "year", "certified_none", *spreadsheets.CSV_HEADER]


def _csv(name: str, made: Iterable[TransparencyReturn]) -> HttpResponse:
    """Each count of each return on its own row, `[c]` and totals as published."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*CSV_HEADER, "return_reference", "sha256"])
    for one in made:
        year = periods.year_ending_march(one.year).code
        fixed = [one.force.code, one.force.name, year, "yes" if one.certified_none else "no"]
        for row in spreadsheets.csv_rows(Table.in_column_order(one.tables)):
            writer.writerow([*fixed, *row, one.reference, one.sha256])
    return downloaded(out.getvalue(), name, "text/csv; charset=utf-8")


def downloaded(content: str | bytes, name: str, content_type: str) -> HttpResponse:
    """A file to save, named `name`."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _year(code: str) -> periods.Period:
    """A year to 31 March from the address, or 404 (a quarter has no return)."""
    try:
        found = periods.parse(code)
    except ServiceError:
        raise Http404 from None
    if "-Q" in found.code or found.code != code:
        raise Http404
    return found


def _made(force: str, year: str) -> TransparencyReturn:
    made = (
        TransparencyReturn.objects.select_related("force", "submitted_by")
        .filter(
            force__code=force,
            force__kind=OrganisationKind.POLICE_FORCE,
            year=_year(year).start.year,
        )
        .first()
    )
    if made is None:
        raise Http404
    return made
