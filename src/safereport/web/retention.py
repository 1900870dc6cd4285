"""Retention: which records' personal data is past its period, and erasing it
(`safereport retention --dry-run | --apply`). Here, above every app, because a case's erasure
reaches the pathways and the notices and a disclosure's is Immigration Enforcement's.

Each kind of record has one period, from the settings (`RETENTION_*`, README "Erasure and
retention"); what erasing each means is said where it is done (`casework.erasure`,
`pathways.erasure`, `enforcement.erasure`).
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from safereport.audit.events import Actor
from safereport.casework import actions
from safereport.casework.erasure import truncate_wal
from safereport.casework.models import Case, Person
from safereport.enforcement import erasure as enforcement_erasure
from safereport.enforcement.models import Disclosure
from safereport.pathways import erasure as pathways_erasure
from safereport.pathways.models import ThirdPartyReport
from safereport.policy.vocabulary import Stage

RETENTION = Actor.system("retention")
BATCH = 500  # disclosures and reports per transaction


class Kind(StrEnum):
    """The kinds of record a retention period applies to, and those erased with them."""

    CASE = "case"  # a concluded case, with its parties' referrals, notices and disclosures
    PERSON = "person"  # erased with their last case: no period of their own
    THIRD_PARTY_REPORT = "third_party_report"  # never recorded as a case
    DISCLOSURE = "disclosure"  # Immigration Enforcement's copy


@dataclass(frozen=True)
class Cutoffs:
    """The first day whose records are kept, per kind: anything from before it is erased."""

    case_concluded_before: date
    report_submitted_before: datetime
    disclosure_received_before: datetime


@dataclass
class Found:
    """References per kind, in the order they are erased."""

    references: dict[Kind, list[str]] = field(default_factory=lambda: {k: [] for k in Kind})

    def counts(self) -> dict[str, int]:
        """How many of each kind."""
        return {kind.value: len(refs) for kind, refs in self.references.items()}

    def as_json(self) -> dict[str, object]:
        """Counts and references (references only: nothing personal)."""
        return {
            "counts": self.counts(),
            "references": {kind.value: refs for kind, refs in self.references.items()},
        }


def years_before(day: date, years: int) -> date:
    """The same day `years` earlier (28 February for a 29th with no leap year)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier, or that month's last day when it has no such day."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def cutoffs(today: date | None = None) -> Cutoffs:
    """Each kind's cutoff for `today` (the local day by default), from the settings."""
    day = today or timezone.localdate()

    def start(of: date) -> datetime:
        return timezone.make_aware(datetime.combine(of, time.min))

    return Cutoffs(
        case_concluded_before=years_before(day, settings.RETENTION_CASE_YEARS),
        report_submitted_before=start(
            months_before(day, settings.RETENTION_THIRD_PARTY_REPORT_MONTHS)
        ),
        disclosure_received_before=start(years_before(day, settings.RETENTION_DISCLOSURE_YEARS)),
    )


def _cases(limits: Cutoffs) -> QuerySet[Case]:
    return Case.objects.filter(
        stage=Stage.CONCLUDED,
        concluded_on__lt=limits.case_concluded_before,
        erased_at__isnull=True,
    ).order_by("concluded_on", "pk")


def due(today: date | None = None) -> Found:
    """What `apply` would erase today, erasing nothing. Set-based (a query per kind), so a
    first run over years of cases answers as fast as a daily one."""
    limits, found = cutoffs(today), Found()
    cases = _cases(limits)
    found.references[Kind.CASE] = list(cases.values_list("reference", flat=True))
    # A person goes with their last case held: no party of theirs on a case neither erased
    # nor due now.
    held = Case.objects.filter(erased_at__isnull=True).exclude(pk__in=cases.values("pk"))
    persons = (
        Person.objects.filter(erased_at__isnull=True, parties__case__in=cases.values("pk"))
        .exclude(parties__case__in=held.values("pk"))
        .distinct()
        .order_by("pk")
    )
    found.references[Kind.PERSON] = list(persons.values_list("reference", flat=True))
    found.references[Kind.THIRD_PARTY_REPORT] = list(
        pathways_erasure.unrecorded_before(limits.report_submitted_before)
        .order_by("pk")
        .values_list("reference", flat=True)
    )
    found.references[Kind.DISCLOSURE] = list(
        enforcement_erasure.erasable_before(limits.disclosure_received_before)
        .order_by("pk")
        .values_list("reference", flat=True)
    )
    return found


def _in_batches(
    pending: Callable[[], QuerySet[Any]], erase: Callable[[list[int]], list[str]]
) -> list[str]:
    """Erase what `pending` finds, BATCH keys at a time (each erased batch leaves it), and give
    the references erased."""
    erased: list[str] = []
    while batch := list(pending().order_by("pk").values_list("pk", flat=True)[:BATCH]):
        erased += erase(batch)
    return erased


def apply(today: date | None = None) -> Found:
    """Erase everything past its period: one transaction per case (with all it reaches), then
    unrecorded reports and disclosures in batches; one audit event per record erased."""
    limits, done = cutoffs(today), Found()
    # The keys first: each erasure changes the rows a cursor over the cases would be reading.
    for pk in list(_cases(limits).values_list("pk", flat=True)):
        erased = actions.erase_case(actor=RETENTION, case=Case(pk=pk))
        if erased:
            done.references[Kind.CASE].append(erased[0])
            done.references[Kind.PERSON].extend(erased[1:])
    done.references[Kind.THIRD_PARTY_REPORT] += _in_batches(
        lambda: pathways_erasure.unrecorded_before(limits.report_submitted_before),
        lambda batch: pathways_erasure.erase_reports(
            ThirdPartyReport.objects.filter(pk__in=batch), actor=RETENTION, basis="retention"
        ),
    )
    done.references[Kind.DISCLOSURE] += _in_batches(
        lambda: enforcement_erasure.erasable_before(limits.disclosure_received_before),
        lambda batch: enforcement_erasure.erase_disclosures(
            Disclosure.objects.filter(pk__in=batch), actor=RETENTION, basis="retention"
        ),
    )
    transaction.on_commit(truncate_wal)  # at once, unless the caller holds a transaction
    return done
