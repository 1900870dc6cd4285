"""The statistics pages (issue 12, item 1): inspectors choose a force or England and Wales, a
data protection officer sees their own force's; each table is published with disclosure control
below national level. Nothing on these pages is about a person: counts only."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from safereport.accounts.access import roles_required
from safereport.accounts.models import Organisation
from safereport.accounts.roles import OrganisationKind, Role
from safereport.oversight import periods, statistics
from safereport.oversight.disclosure_control import SMALLEST_PUBLISHED
from safereport.oversight.forms import StatisticsForm
from safereport.web.kit.views import actor

# Years offered, back to the year the protocols were first discussed ('Safe to share?').
FIRST_YEAR = 2020


@roles_required(Role.INSPECTOR, Role.POLICE_DPO)
@require_GET
def statistics_page(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    today = timezone.localdate()
    forces = Organisation.objects.filter(kind=OrganisationKind.POLICE_FORCE).order_by("name")
    inspector = user.role == Role.INSPECTOR
    form = StatisticsForm(
        request.GET if request.GET else None,
        periods=_periods(today),
        forces=[(f.code, f.name) for f in forces] if inspector else None,
        initial={"period": periods.year_of(today).code},
    )
    period = periods.year_of(today)
    scope = statistics.Scope(None if inspector else user.organisation)
    if form.is_bound and form.is_valid():
        period = periods.parse(form.cleaned_data["period"])
        if inspector and form.cleaned_data.get("force"):
            scope = statistics.Scope(forces.get(code=form.cleaned_data["force"]))
    tables = [] if form.errors else statistics.published(scope, period, today=today)
    return render(
        request,
        "oversight/statistics.html",
        {
            "form": form,
            "scope": scope,
            "period": period,
            "tables": tables,
            "smallest": SMALLEST_PUBLISHED,
        },
    )


def _periods(today: date) -> list[tuple[str, str]]:
    """The years to 31 March from this one back to 2020-21, each followed by its quarters."""
    found = []
    year = periods.year_of(today)
    for start in range(year.start.year, FIRST_YEAR - 1, -1):
        whole = periods.year_ending_march(start)
        found.append((whole.code, f"{whole.label} (year)"))
        for number_year, number in ((start + 1, 1), (start, 4), (start, 3), (start, 2)):
            quarter = periods.quarter(number_year, number)
            if quarter.start <= today:
                found.append((quarter.code, f"{quarter.label} (quarter)"))
    return found
