"""Transparency returns (issue 12, item 5; DOMAIN.md section 7): each police force returns, for
each year to 31 March and by 30 June after it, the counts of its sharing requests to Immigration
Enforcement by purpose and outcome, disclosures by purpose and lawful basis and by category,
protocol checks by action and answer, and protections; a force that disclosed nothing certifies
"none" (after the Illinois TRUST Act's yearly returns, 5 ILCS 805/25). Counts only, published
with the disclosure control of every statistic below national level.

Submitting freezes the tables as they stand, with the SHA-256 of their canonical JSON in the
audit event (`oversight:transparency_return:submitted`), so a return read later is provably the
one submitted.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, cast

import rfc8785
from django.db import IntegrityError, transaction
from django.utils import timezone

from safereport.accounts.models import Organisation, User
from safereport.accounts.roles import OrganisationKind, Role
from safereport.audit.events import Actor, record
from safereport.audit.names import AuditAction
from safereport.casework.models import DisclosureRecord, ForceRegime
from safereport.errors import AlreadyDoneError, NotPermittedError, ServiceError
from safereport.oversight import statistics
from safereport.oversight.disclosure_control import Table, controlled
from safereport.oversight.models import TransparencyReturn
from safereport.oversight.periods import Period, year_ending_march, year_of

# The tables a return holds, in this order (`statistics.TABLES` has them all).
RETURN_TABLES = (
    statistics.decisions,
    statistics.disclosures,
    statistics.categories,
    statistics.checks,
    statistics.protections,
)


class Status(StrEnum):
    SUBMITTED = "submitted"
    CERTIFIED_NONE = "certified_none"
    OVERDUE = "overdue"
    DUE = "due"  # the year has ended; the return is not late yet
    OPEN = "open"  # the year has not ended

    @property
    def label(self) -> str:
        return {
            Status.SUBMITTED: "Returned",
            Status.CERTIFIED_NONE: "Certified none",
            Status.OVERDUE: "Overdue",
            Status.DUE: "Due",
            Status.OPEN: "Year not ended",
        }[self]


def due_on(year: Period) -> date:
    """A year's return is due by 30 June after the year ends."""
    return date(year.end.year, 6, 30)


def tables(force: Organisation, year: Period, today: date | None = None) -> list[dict[str, object]]:
    """The return's tables for the force and year as they stand, as published."""
    today = today or timezone.localdate()
    scope = statistics.Scope(force)
    return [
        controlled(build(scope, year, today), national=False).as_json() for build in RETURN_TABLES
    ]


def disclosed(force: Organisation, year: Period) -> bool:
    """Whether the force disclosed anything to Immigration Enforcement in the year."""
    return DisclosureRecord.objects.filter(
        decision__party__case__force=force,
        disclosed_at__date__range=(year.start, year.end),
    ).exists()


@transaction.atomic
def submit(
    *, actor: User, year: Period, certify_none: bool, today: date | None = None
) -> TransparencyReturn:
    """The DPO's return for their force and a year that has ended. A force that disclosed
    nothing in the year must certify "none"; one that disclosed anything cannot."""
    today = today or timezone.localdate()
    if actor.role != Role.POLICE_DPO:
        raise NotPermittedError("Only a force's data protection officer makes its return.")
    force = actor.organisation
    if year.end >= today:
        raise ServiceError(
            "The year has not ended.",
            {"year": f"ends on {year.end.day} {year.end:%B %Y}: its return can be made after that"},
        )
    if TransparencyReturn.objects.filter(force=force, year=year.start.year).exists():
        raise AlreadyDoneError(f"{force.name}'s return for {year.label} has been made.")
    anything = disclosed(force, year)
    if certify_none and anything:
        raise ServiceError(
            "The force disclosed information in this year.",
            {
                "certify_none": f"{force.name} disclosed information to Immigration Enforcement in"
                f" {year.label}: its return gives the counts, it cannot certify none"
            },
        )
    if not certify_none and not anything:
        raise ServiceError(
            "Certify that the force disclosed nothing.",
            {
                "certify_none": f"Certify that {force.name} disclosed nothing to Immigration"
                f" Enforcement in {year.label}"
            },
        )
    counted = tables(force, year, today)
    digest = hashlib.sha256(rfc8785.dumps(cast(Any, counted))).hexdigest()
    try:
        with transaction.atomic():
            made = TransparencyReturn.objects.create(
                force=force,
                year=year.start.year,
                certified_none=certify_none,
                tables=counted,
                sha256=digest,
                submitted_by=actor,
            )
    except IntegrityError:  # another submission of the same return won the race
        raise AlreadyDoneError(f"{force.name}'s return for {year.label} has been made.") from None
    record(
        Actor.for_user(actor),
        AuditAction.OVERSIGHT_TRANSPARENCY_RETURN_SUBMITTED,
        subjects=[made.reference],
        details={
            "force": force.code,
            "year": year.code,
            "certified_none": certify_none,
            "sha256": digest,
        },
    )
    return made


@dataclass(frozen=True, slots=True)
class Entry:
    """One force's return for one year, or its absence."""

    force: Organisation
    year: Period
    status: Status
    made: TransparencyReturn | None

    @property
    def due(self) -> date:
        return due_on(self.year)


def first_year(force: Organisation) -> Period | None:
    """The first year the force used the service: the year its first regime took effect."""
    first = ForceRegime.objects.filter(force=force).order_by("effective_from").first()
    return year_of(first.effective_from) if first else None


def entries(force: Organisation, today: date | None = None) -> list[Entry]:
    """The force's years, newest first, from its first regime's to this one."""
    today = today or timezone.localdate()
    start = first_year(force)
    if start is None:
        return []
    made = {r.year: r for r in TransparencyReturn.objects.filter(force=force)}
    found = []
    for begins in range(year_of(today).start.year, start.start.year - 1, -1):
        year = year_ending_march(begins)
        found.append(Entry(force, year, _status(year, made.get(begins), today), made.get(begins)))
    return found


def every_force(today: date | None = None) -> list[Entry]:
    """Every force's years that have ended, newest first, forces by name: what the public
    page lists. A force that has never set a regime does not use the service yet."""
    today = today or timezone.localdate()
    forces = (
        Organisation.objects.filter(kind=OrganisationKind.POLICE_FORCE, regimes__isnull=False)
        .distinct()
        .order_by("name")
    )
    found = [e for force in forces for e in entries(force, today) if e.status is not Status.OPEN]
    return sorted(found, key=lambda e: (-e.year.start.year, e.force.name))


def _status(year: Period, made: TransparencyReturn | None, today: date) -> Status:
    if made is not None:
        return Status.CERTIFIED_NONE if made.certified_none else Status.SUBMITTED
    if year.end >= today:
        return Status.OPEN
    return Status.OVERDUE if today > due_on(year) else Status.DUE


def as_json(force: Organisation, year: Period, today: date | None = None) -> dict[str, object]:
    """A return as `safereport oversight return` prints it: the one submitted, or, until it is,
    the tables as they stand now."""
    today = today or timezone.localdate()
    made = TransparencyReturn.objects.filter(force=force, year=year.start.year).first()
    return {
        "force": force.code,
        "force_name": force.name,
        "year": year.code,
        "due": due_on(year).isoformat(),
        "status": _status(year, made, today).value,
        "certified_none": made.certified_none if made else None,
        "submitted_at": made.submitted_at.isoformat() if made else None,
        "reference": made.reference if made else None,
        "sha256": made.sha256 if made else None,
        "tables": Table.in_column_order(made.tables) if made else tables(force, year, today),
    }
