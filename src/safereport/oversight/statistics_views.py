"""The statistics pages (issue 12, items 1 and 6): the tables of a period, and every recorded
decision replayed under every regime. Inspectors choose a force or England and Wales, a data
protection officer sees their own force's; each table is published with disclosure control
below national level. Nothing on these pages is about a person: counts only."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from safereport.accounts.access import roles_required
from safereport.accounts.models import Organisation
from safereport.accounts.roles import OrganisationKind, Role
from safereport.oversight import charts, periods, snapshots, spreadsheets, statistics
from safereport.oversight.disclosure_control import SMALLEST_PUBLISHED
from safereport.oversight.forms import ScopeForm, StatisticsForm
from safereport.oversight.returns_views import downloaded
from safereport.web.kit.views import actor

# Years offered, back to the year the protocols were first discussed ('Safe to share?').
FIRST_YEAR = 2020


@roles_required(Role.INSPECTOR, Role.POLICE_DPO)
@require_GET
def statistics_page(request: HttpRequest) -> HttpResponse:
    """The twelve tables for a period, national or one force's, as last counted (`snapshots`:
    the page never counts; it asks the worker for a new count when the last is stale)."""
    today = timezone.localdate()
    form = StatisticsForm(
        request.GET or None,
        periods=_periods(today),
        forces=_forces(request),
        initial={"period": periods.year_of(today).code},
    )
    period = periods.year_of(today)
    if form.is_bound and form.is_valid() and form.cleaned_data["period"]:
        period = periods.parse(form.cleaned_data["period"])
    scope = _scope(request, form)
    shown = None if form.errors else snapshots.shown(snapshots.Kind.STATISTICS, scope, period.code)
    # The templates draw tables as stored (`Table.as_json()`), as the returns keep them.
    return render(
        request,
        "oversight/statistics.html",
        {
            "form": form,
            "scope": scope,
            "period": period,
            "shown": shown,
            "max_age": settings.STATISTICS_MAX_AGE_MINUTES,
            "tables": [{**t, "chart": charts.chart(t)} for t in (shown and shown.tables) or []],
            "query": urlencode(
                {
                    "period": period.code,
                    **(
                        {"force": scope.force.code}
                        if "force" in form.fields and scope.force
                        else {}
                    ),
                }
            ),
            **SYMBOLS,
        },
    )


@roles_required(Role.INSPECTOR, Role.POLICE_DPO)
@require_GET
def regimes_page(request: HttpRequest) -> HttpResponse:
    """Every recorded decision replayed under every regime, national or one force's, as last
    counted (`snapshots`, as the statistics)."""
    form = ScopeForm(request.GET or None, forces=_forces(request))
    scope = _scope(request, form)
    shown = (
        None
        if form.errors
        else snapshots.shown(snapshots.Kind.REGIMES, scope, snapshots.EVERY_DECISION)
    )
    return render(
        request,
        "oversight/regimes.html",
        {
            "form": form,
            "scope": scope,
            "shown": shown,
            "max_age": settings.STATISTICS_MAX_AGE_MINUTES,
            "tables": [{**t, "chart": charts.chart(t)} for t in (shown and shown.tables) or []],
            "query": urlencode(
                {"force": scope.force.code} if "force" in form.fields and scope.force else {}
            ),
            **SYMBOLS,
        },
    )


SYMBOLS = {"smallest": SMALLEST_PUBLISHED}
ODS = "application/vnd.oasis.opendocument.spreadsheet"


@roles_required(Role.INSPECTOR, Role.POLICE_DPO)
@require_GET
def statistics_download(request: HttpRequest, kind: str) -> HttpResponse:
    """The statistics page's tables as CSV or as an ODS spreadsheet (`spreadsheets`): the count
    the page shows, or one made now if there is none yet."""
    today = timezone.localdate()
    form = StatisticsForm(request.GET or None, periods=_periods(today), forces=_forces(request))
    period = periods.year_of(today)
    if form.is_bound:
        if not form.is_valid():
            raise Http404
        if form.cleaned_data["period"]:
            period = periods.parse(form.cleaned_data["period"])
    scope = _scope(request, form)
    tables, counted_at = snapshots.latest(snapshots.Kind.STATISTICS, scope, period.code)
    about = spreadsheets.About(
        title=f"Safe Reporting statistics: {scope.name}, {period.label}",
        scope=scope.name,
        period=period.label,
        made_on=timezone.localdate(counted_at),
        controlled=not scope.national,
    )
    place = scope.force.code if scope.force else "england-and-wales"
    return _download(kind, about, tables, f"safe-reporting-statistics-{place}-{period.code}")


@roles_required(Role.INSPECTOR, Role.POLICE_DPO)
@require_GET
def regimes_download(request: HttpRequest, kind: str) -> HttpResponse:
    """The comparison of regimes' tables as CSV or as an ODS spreadsheet: the count the page
    shows, or one made now if there is none yet."""
    form = ScopeForm(request.GET or None, forces=_forces(request))
    if form.is_bound and not form.is_valid():
        raise Http404
    scope = _scope(request, form)
    tables, counted_at = snapshots.latest(snapshots.Kind.REGIMES, scope, snapshots.EVERY_DECISION)
    about = spreadsheets.About(
        title=f"Safe Reporting: regimes compared over the recorded decisions, {scope.name}",
        scope=scope.name,
        period="every decision recorded",
        made_on=timezone.localdate(counted_at),
        controlled=not scope.national,
    )
    place = scope.force.code if scope.force else "england-and-wales"
    return _download(kind, about, tables, f"safe-reporting-regimes-compared-{place}")


def _download(
    kind: str, about: spreadsheets.About, tables: list[dict[str, object]], name: str
) -> HttpResponse:
    if kind == "csv":
        return downloaded(
            spreadsheets.as_csv(about, tables), f"{name}.csv", "text/csv; charset=utf-8"
        )
    return downloaded(spreadsheets.as_ods(about, tables), f"{name}.ods", ODS)


def _forces(request: HttpRequest) -> list[tuple[str, str]] | None:
    """The forces an inspector may choose from; None for a DPO, who sees their own only."""
    if actor(request).role != Role.INSPECTOR:
        return None
    return [(f.code, f.name) for f in _police_forces()]


def _police_forces() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=OrganisationKind.POLICE_FORCE).order_by("name")


def _scope(request: HttpRequest, form: ScopeForm) -> statistics.Scope:
    """The DPO's own force; an inspector's chosen force, or England and Wales."""
    user = actor(request)
    if user.role != Role.INSPECTOR:
        return statistics.Scope(user.organisation)
    chosen = form.cleaned_data.get("force") if form.is_bound and form.is_valid() else ""
    return statistics.Scope(_police_forces().get(code=chosen) if chosen else None)


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
