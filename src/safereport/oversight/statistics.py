"""The statistics inspectors and data protection officers read (issue 12, item 1; DOMAIN.md
section 7): counts by force, regime and period, each table counted by the database with SQL
aggregates (GROUP BY and conditional COUNTs), never by loading rows into Python. No table holds
anything about a person but counts.

A scope is one force or every force (national); `tables` counts, and `published` applies the
disclosure control (`disclosure_control.controlled`: national tables unrounded). A table's rows
and columns are always the whole vocabulary, in its order, so that tables for different forces
and periods line up.

Protections are held or lifted by what IE's protocol check would answer now about an arrest
(`enforcement.actions.holds`): that is the rules' answer, not a column, so the protections are
grouped by the facts the rules read (one row per distinct set of facts, counted by the
database) and the rules asked once per group.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from safereport.accounts.models import Organisation
from safereport.casework.models import Case, DisclosureRecord, Party, SharingDecision
from safereport.casework.vocabulary import LawfulBasis, ReportingRoute
from safereport.enforcement.actions import FACT_FIELDS, holds
from safereport.enforcement.models import Protection, ProtocolCheck
from safereport.notices import languages
from safereport.notices.models import Delivery, Notice
from safereport.oversight.disclosure_control import Counts, Table, controlled
from safereport.oversight.periods import Period
from safereport.pathways.lifecycle import AWAITING_CONTACT, ONLY_AFTER_ACCEPTANCE, ReferralStatus
from safereport.pathways.models import Referral, ReferralStep, ThirdPartyReport
from safereport.pathways.vocabulary import ReportStatus
from safereport.policy.regimes import REGIME_INFO
from safereport.policy.vocabulary import (
    Category,
    CrimeType,
    EnforcementAction,
    GateOutcome,
    ImmigrationStatus,
    Outcome,
    Purpose,
    RegimeId,
    Role,
)
from safereport.web.kit.forms import words

NATIONAL = "England and Wales"

# Short column headings for the lawful bases (their full names are in `LawfulBasis`).
LAWFUL_BASIS_WORDS = {
    LawfulBasis.LAW_ENFORCEMENT: "DPA 2018 s35 (law enforcement)",
    LawfulBasis.PUBLIC_TASK: "UK GDPR 6(1)(e) (public task)",
    LawfulBasis.CONSENT: "UK GDPR 6(1)(a) (consent)",
}
# Disclosures made before a lawful basis was recorded (issue 10) have none.
NO_BASIS = "Not recorded"


@dataclass(frozen=True, slots=True)
class Scope:
    """What a table counts: one force's records, or every force's (national)."""

    force: Organisation | None = None

    @property
    def national(self) -> bool:
        return self.force is None

    @property
    def name(self) -> str:
        return self.force.name if self.force else NATIONAL

    def of(self, rows: QuerySet[Any], path: str) -> QuerySet[Any]:
        """`rows` of this scope: `path` leads from a row to its force."""
        return rows if self.force is None else rows.filter(**{path: self.force})


def tables(scope: Scope, period: Period, *, today: date | None = None) -> list[Counts]:
    """Every table for the scope and period, as counted."""
    today = today or timezone.localdate()
    return [build(scope, period, today) for build in TABLES]


def published(scope: Scope, period: Period, *, today: date | None = None) -> list[Table]:
    """Every table as it may be published for the scope: disclosure control below national
    level."""
    return [controlled(t, national=scope.national) for t in tables(scope, period, today=today)]


def _during(period: Period, field: str) -> Q:
    """Rows whose `field` (a date, or a moment taken in London time) falls in the period."""
    return Q(**{f"{field}__range": (period.start, period.end)})


def _moment_during(period: Period, field: str) -> Q:
    """Rows whose `field`, a moment, falls on a day of the period in London time: from the
    midnight that begins the period up to the one after it ends. The same rows as comparing the
    moment's date, but as a range on the column itself, which the database can read from an
    index and estimate from its statistics (over a national year, a date computed from every row
    was estimated at a fraction of a percent of the rows, and the plan built on that)."""
    return Q(
        **{
            f"{field}__gte": _midnight(period.start),
            f"{field}__lt": _midnight(period.end + timedelta(days=1)),
        }
    )


def _midnight(day: date) -> datetime:
    """The moment `day` begins in the current time zone (London's clocks change at 1 or 2 in the
    morning, so its midnight always exists, once)."""
    return timezone.make_aware(datetime.combine(day, time.min))


def _grouped(rows: QuerySet[Any], row: str, column: str) -> dict[str, dict[str, int]]:
    """COUNT(*) grouped by two columns, as {row value: {column value: count}}."""
    found: dict[str, dict[str, int]] = {}
    for item in rows.order_by().values(row, column).annotate(n=Count("*")):
        found.setdefault(str(item[row]), {})[str(item[column])] = item["n"]
    return found


def _labelled(
    counted: Mapping[str, Mapping[str, int]],
    rows: Iterable[tuple[str, str]],
    columns: Iterable[tuple[str, str]],
) -> tuple[list[str], dict[str, dict[str, int]]]:
    """Counts keyed by vocabulary values, relabelled with their words: every row and column of
    the vocabulary, missing ones as 0."""
    column_list = list(columns)
    return [label for _, label in column_list], {
        label: {c_label: counted.get(value, {}).get(c, 0) for c, c_label in column_list}
        for value, label in rows
    }


def _vocabulary(values: Iterable[StrEnum]) -> list[tuple[str, str]]:
    """A vocabulary's values with their words, in its order."""
    return [(value.value, words(value.value)) for value in values]


def reports(scope: Scope, period: Period, today: date) -> Counts:
    cases = scope.of(Case.objects.filter(_during(period, "reported_on")), "force")
    columns, rows = _labelled(
        _grouped(cases, "crime_type", "reporting_route"),
        _vocabulary(CrimeType),
        [(route.value, route.label) for route in ReportingRoute],
    )
    return Counts.of("reports", "Reports recorded, by crime type and route", columns, rows)


def people(scope: Scope, period: Period, today: date) -> Counts:
    parties = scope.of(
        Party.objects.filter(
            _during(period, "case__reported_on"), role__in=[Role.VICTIM, Role.WITNESS]
        ),
        "case__force",
    )
    columns, rows = _labelled(
        _grouped(parties, "immigration_status", "role"),
        _vocabulary(ImmigrationStatus),
        _vocabulary([Role.VICTIM, Role.WITNESS]),
    )
    return Counts.of(
        "people",
        "Victims and witnesses in reports recorded, by immigration status as recorded",
        columns,
        rows,
    )


def decisions(scope: Scope, period: Period, today: date) -> Counts:
    made = scope.of(
        SharingDecision.objects.filter(_moment_during(period, "created_at")), "party__case__force"
    )
    columns, rows = _labelled(
        _grouped(made, "purpose", "outcome"), _vocabulary(Purpose), _vocabulary(Outcome)
    )
    return Counts.of(
        "decisions", "Sharing decisions asked for, by purpose and outcome", columns, rows
    )


def decisions_by_regime(scope: Scope, period: Period, today: date) -> Counts:
    made = scope.of(
        SharingDecision.objects.filter(_moment_during(period, "created_at")), "party__case__force"
    )
    regimes = [(regime.value, REGIME_INFO[regime].title) for regime in RegimeId]
    columns, rows = _labelled(_grouped(made, "regime", "outcome"), regimes, _vocabulary(Outcome))
    return Counts.of(
        "decisions_by_regime",
        "Sharing decisions asked for, by the regime they were decided under and outcome",
        columns,
        rows,
    )


def disclosures(scope: Scope, period: Period, today: date) -> Counts:
    made = scope.of(
        DisclosureRecord.objects.filter(_moment_during(period, "disclosed_at")),
        "decision__party__case__force",
    )
    counted = _grouped(made, "decision__purpose", "lawful_basis")
    bases = [(basis.value, LAWFUL_BASIS_WORDS[basis]) for basis in LawfulBasis]
    columns, rows = _labelled(counted, _vocabulary(Purpose), [*bases, ("", NO_BASIS)])
    return Counts.of(
        "disclosures",
        "Disclosures to Immigration Enforcement, by purpose and lawful basis",
        columns,
        rows,
    )


def categories(scope: Scope, period: Period, today: date) -> Counts:
    made = scope.of(
        DisclosureRecord.objects.filter(_moment_during(period, "disclosed_at")),
        "decision__party__case__force",
    )
    # The categories are a JSON list of vocabulary words; as text, each is found in quotes
    # (no word of the vocabulary is part of another), which SQLite and PostgreSQL both do.
    as_text = made.annotate(listed=Cast("categories", TextField()))
    counts = (
        as_text.order_by()
        .values("decision__purpose")
        .annotate(
            **{
                category.value: Count("pk", filter=Q(listed__contains=f'"{category.value}"'))
                for category in Category
            }
        )
    )
    by_purpose = {
        str(item["decision__purpose"]): {c.value: item[c.value] for c in Category}
        for item in counts
    }
    # Rows are categories, columns purposes: turn the counts round.
    counted = {
        category.value: {purpose: cells[category.value] for purpose, cells in by_purpose.items()}
        for category in Category
    }
    columns, rows = _labelled(counted, _vocabulary(Category), _vocabulary(Purpose))
    return Counts.of(
        "categories",
        "Categories of information disclosed, by purpose (a disclosure of several categories "
        "counts once in each)",
        columns,
        rows,
    )


HELD, LIFTED = "Held now", "Lifted now"


def protections(scope: Scope, period: Period, today: date) -> Counts:
    registered = scope.of(Protection.objects.filter(_moment_during(period, "created_at")), "force")
    facts = ("regime", *FACT_FIELDS, "referred_by_police")  # what the protocol check reads
    counted: dict[str, dict[str, int]] = {}
    for group in registered.order_by().values(*facts).annotate(n=Count("*")):
        n = group.pop("n")
        state = HELD if holds(Protection(**group)) else LIFTED
        row = counted.setdefault(str(group["regime"]), {})
        row[state] = row.get(state, 0) + n
    regimes = [(regime.value, REGIME_INFO[regime].title) for regime in RegimeId]
    columns, rows = _labelled(counted, regimes, [(HELD, HELD), (LIFTED, LIFTED)])
    return Counts.of(
        "protections",
        "Protocol protections registered, by regime, and whether each holds today",
        columns,
        rows,
    )


def checks(scope: Scope, period: Period, today: date) -> Counts:
    made = scope.of(ProtocolCheck.objects.filter(_moment_during(period, "checked_at")), "force")
    columns, rows = _labelled(
        _grouped(made, "action", "outcome"),
        _vocabulary(EnforcementAction),
        _vocabulary(GateOutcome),
    )
    return Counts.of(
        "checks", "Protocol checks by Immigration Enforcement, by action and answer", columns, rows
    )


def _step(status: ReferralStatus) -> Exists:
    return Exists(ReferralStep.objects.filter(referral=OuterRef("pk"), status=status.value))


def referrals(scope: Scope, period: Period, today: date) -> Counts:
    offered = scope.of(
        Referral.objects.filter(_moment_during(period, "offered_at")), "party__case__force"
    )
    # From the status (which is the last step's), so that a national year's 400,000 referrals
    # are not each looked up among their steps: only a withdrawn one is (accepted, then
    # withdrawn, or withdrawn unanswered). Declining is final and follows only the offer.
    accepted = Q(status__in=[s.value for s in ONLY_AFTER_ACCEPTANCE]) | (
        Q(status=ReferralStatus.WITHDRAWN.value) & Q(_step(ReferralStatus.ACCEPTED))
    )
    declined = Q(status=ReferralStatus.DECLINED_BY_VICTIM.value)
    columns = ["Accepted", "Declined", "Not answered"]
    counts = (
        offered.order_by()
        .values("party__case__crime_type")
        .annotate(
            a=Count("pk", filter=accepted),
            d=Count("pk", filter=declined),
            n=Count("pk", filter=~accepted & ~declined),
        )
    )
    counted = {
        str(item["party__case__crime_type"]): dict(
            zip(columns, (item["a"], item["d"], item["n"]), strict=True)
        )
        for item in counts
    }
    _, rows = _labelled(counted, _vocabulary(CrimeType), [(c, c) for c in columns])
    return Counts.of(
        "referrals",
        "Referrals to specialist support offered, by crime type and the victim's answer",
        columns,
        rows,
    )


FIRST_CONTACT = ["On time", "Late", "Overdue", "Not yet due", "Ended without contact"]


def first_contact(scope: Scope, period: Period, today: date) -> Counts:
    """Referrals sent in the period, by whether the organisation made first contact within the
    2 working days the Victims' Code gives (right 4)."""
    sent = scope.of(
        Referral.objects.filter(_moment_during(period, "sent_at")), "party__case__force"
    )
    # Measured by the day contact was made, as the organisation recorded it.
    on_time = Q(first_contact_on__lte=F("first_contact_due_on"))
    made = Q(first_contact_on__isnull=False)
    awaiting = Q(status__in=[s.value for s in AWAITING_CONTACT])
    counts = (
        sent.order_by()
        .values("party__case__crime_type")
        .annotate(
            on_time=Count("pk", filter=on_time),
            late=Count("pk", filter=made & ~on_time),
            overdue=Count("pk", filter=~made & awaiting & Q(first_contact_due_on__lt=today)),
            waiting=Count("pk", filter=~made & awaiting & Q(first_contact_due_on__gte=today)),
            ended=Count("pk", filter=~made & ~awaiting),
        )
    )
    keys = ("on_time", "late", "overdue", "waiting", "ended")
    counted = {
        str(item["party__case__crime_type"]): {
            label: item[key] for label, key in zip(FIRST_CONTACT, keys, strict=True)
        }
        for item in counts
    }
    _, rows = _labelled(counted, _vocabulary(CrimeType), [(c, c) for c in FIRST_CONTACT])
    return Counts.of(
        "first_contact",
        "Referrals sent, by first contact within 2 working days (Victims' Code right 4)",
        FIRST_CONTACT,
        rows,
    )


def notices(scope: Scope, period: Period, today: date) -> Counts:
    issued = scope.of(
        Notice.objects.filter(_moment_during(period, "issued_at")), "series__party__case__force"
    )
    delivered = Exists(
        Delivery.objects.filter(notice=OuterRef("pk"), status=Delivery.Status.DELIVERED)
    )
    columns = ["Issued", "Delivered"]
    counts = (
        issued.order_by()
        .values("language")
        .annotate(i=Count("pk"), d=Count("pk", filter=Q(delivered)))
    )
    counted = {
        str(item["language"]): {"Issued": item["i"], "Delivered": item["d"]} for item in counts
    }
    _, rows = _labelled(
        counted,
        [(language.code, language.name) for language in languages.LANGUAGES],
        [(c, c) for c in columns],
    )
    # Delivered is part of issued, so a row's total would count a notice twice: the table's
    # columns are read on their own (the totals row adds each up).
    return Counts.of(
        "notices", "Notice versions issued, and of those delivered, by language", columns, rows
    )


def deliveries(scope: Scope, period: Period, today: date) -> Counts:
    recorded = scope.of(
        Delivery.objects.filter(_moment_during(period, "recorded_at")),
        "notice__series__party__case__force",
    )
    columns, rows = _labelled(
        _grouped(recorded, "channel", "status"),
        [(c.value, c.label) for c in Delivery.Channel],
        [(s.value, s.label) for s in Delivery.Status],
    )
    return Counts.of("deliveries", "Notice deliveries, by channel and status", columns, rows)


def third_party(scope: Scope, period: Period, today: date) -> Counts:
    submitted = scope.of(
        ThirdPartyReport.objects.filter(_moment_during(period, "submitted_at")), "force"
    )
    columns, rows = _labelled(
        _grouped(submitted, "crime_type", "status"),
        _vocabulary(CrimeType),
        [(s.value, s.label) for s in ReportStatus],
    )
    return Counts.of(
        "third_party", "Third-party reports submitted, by crime type and status", columns, rows
    )


TABLES: tuple[Callable[[Scope, Period, date], Counts], ...] = (
    reports,
    people,
    decisions,
    decisions_by_regime,
    disclosures,
    categories,
    protections,
    checks,
    referrals,
    first_contact,
    notices,
    deliveries,
    third_party,
)
