"""The oversight pages' tables as last counted (issue 12, item 9). Counting a national year's
statistics scans millions of rows, and replaying every recorded decision under every regime
asks the rules tens of thousands of times (seconds to tens of seconds on two cores: README,
"Oversight at national scale"), so the pages never count: each shows the latest count of its
kind, scope and period with the time it was made, and when that count is older than
`STATISTICS_MAX_AGE_MINUTES`, or from an earlier day, asks the background worker
(`oversight.tasks.count_statistics`) for a new one, once. The counts are the tables
`statistics.published` and `comparison.published` give, with disclosure control applied."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from safereport.accounts.models import Organisation
from safereport.accounts.roles import OrganisationKind
from safereport.oversight import comparison, periods, statistics
from safereport.oversight.disclosure_control import Table
from safereport.oversight.models import StatisticsSnapshot


class Kind(StrEnum):
    STATISTICS = "statistics"  # a period's tables (`statistics.published`)
    REGIMES = "regimes"  # every recorded decision replayed (`comparison.published`)


NATIONAL = "england-and-wales"
EVERY_DECISION = ""  # the comparison's period: it replays every decision ever recorded
# A count asked for this long ago and still not made is asked for again: the worker that took it
# may have stopped (a worker killed mid-count leaves its task unfinished).
LOST_AFTER = timedelta(hours=1)


@dataclass(frozen=True)
class Shown:
    """What a page shows: the tables of the latest count (None until the first is made), when
    it was made and how long it took, and whether a newer count is waiting for the worker."""

    tables: list[dict[str, Any]] | None
    counted_at: datetime | None
    seconds: float | None
    refreshing: bool


def key(scope: statistics.Scope) -> str:
    return scope.force.code if scope.force else NATIONAL


def scope_of(code: str) -> statistics.Scope:
    if code == NATIONAL:
        return statistics.Scope()
    return statistics.Scope(Organisation.objects.get(code=code, kind=OrganisationKind.POLICE_FORCE))


def shown(
    kind: Kind, scope: statistics.Scope, period: str, *, now: datetime | None = None
) -> Shown:
    """The latest count for a page; a new one queued if it is missing or stale."""
    now = now or timezone.now()
    found = _find(kind, scope, period)
    if found is None or not _fresh(found, now):
        found = _ask(kind, scope, period, now)
    tables = None if found.tables is None else Table.in_column_order(found.tables)
    return Shown(tables, found.counted_at, found.seconds, found.queued_at is not None)


def latest(
    kind: Kind, scope: statistics.Scope, period: str
) -> tuple[list[dict[str, Any]], datetime]:
    """The tables a page shows, for a download: the latest count, or one made now if there is
    none yet (a download cannot say "come back later")."""
    found = _find(kind, scope, period)
    if found is not None and found.tables is not None and found.counted_at is not None:
        return Table.in_column_order(found.tables), found.counted_at
    made = count(kind, key(scope), period)
    return Table.in_column_order(made.tables or []), made.counted_at or timezone.now()


def count(kind: str, scope_code: str, period: str) -> StatisticsSnapshot:
    """Count a page's tables now and keep them (the worker's task)."""
    scope = scope_of(scope_code)
    started = time.perf_counter()
    if Kind(kind) == Kind.REGIMES:
        found = comparison.published(scope)
    else:
        found = statistics.published(scope, periods.parse(period))
    tables = [t.as_json() for t in found]
    seconds = time.perf_counter() - started
    with transaction.atomic():
        snapshot, _ = StatisticsSnapshot.objects.select_for_update().get_or_create(
            kind=kind, scope=scope_code, period=period
        )
        snapshot.tables, snapshot.seconds = tables, seconds
        snapshot.counted_at, snapshot.queued_at = timezone.now(), None
        snapshot.save()
    return snapshot


def _find(kind: Kind, scope: statistics.Scope, period: str) -> StatisticsSnapshot | None:
    return StatisticsSnapshot.objects.filter(kind=kind, scope=key(scope), period=period).first()


def _fresh(snapshot: StatisticsSnapshot, now: datetime) -> bool:
    if snapshot.counted_at is None:
        return False
    age = now - snapshot.counted_at
    same_day = timezone.localdate(snapshot.counted_at) == timezone.localdate(now)
    return same_day and age < timedelta(minutes=settings.STATISTICS_MAX_AGE_MINUTES)


def _ask(kind: Kind, scope: statistics.Scope, period: str, now: datetime) -> StatisticsSnapshot:
    """Queue a count unless one is already waiting; the task commits with the mark, so two
    views at once queue one count."""
    from safereport.oversight.tasks import count_statistics  # noqa: PLC0415 - tasks import this

    with transaction.atomic():
        snapshot, _ = StatisticsSnapshot.objects.select_for_update().get_or_create(
            kind=kind, scope=key(scope), period=period
        )
        if snapshot.queued_at is None or now - snapshot.queued_at > LOST_AFTER:
            snapshot.queued_at = now
            snapshot.save(update_fields=["queued_at"])
            count_statistics.enqueue(snapshot.kind, snapshot.scope, snapshot.period)
    return snapshot
