"""The statistics (issue 12, item 1) counted by the database over a fixture whose counts are
known by construction: two forces, reports by route, victims and a witness, a decision and its
disclosure, a protection that holds and then lifts, protocol checks, referrals (one contacted on
time, one waiting), a third-party report, and one report outside the period. Then the same tables
published for a force (every small count `[c]`) and nationally (as counted)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from safereport.accounts.models import Organisation, User
from safereport.casework import actions
from safereport.casework.models import Case, Party, SharingDecision
from safereport.enforcement.actions import check_protocol
from safereport.notices import languages
from safereport.notices.models import Notice
from safereport.oversight import statistics
from safereport.oversight.disclosure_control import SUPPRESSED, Counts
from safereport.oversight.periods import Period, year_ending_march, year_of
from safereport.pathways import actions as pathways
from safereport.policy.vocabulary import CrimeType, RegimeId
from tests.integration.casework import builders as cw
from tests.integration.pathways import builders as pw


@dataclass
class Fixture:
    force: Organisation
    other: Organisation
    officer: User
    victim: Party
    period: Period


def fixture() -> Fixture:
    w = cw.world(regime=RegimeId.MIGRANT_VICTIMS_PROTOCOL, support="receiving")
    officer, victim = w.officer, w.party
    # Force A: the victim above (domestic abuse, direct, uncertain), a witness to a modern
    # slavery report whose status is insecure, and a report through a third party.
    cw.report(
        officer, crime_type=CrimeType.MODERN_SLAVERY, role="witness", immigration_status="insecure"
    )
    cw.report(officer, anonymous=True)
    # And one reported last year, which this year's tables leave out.
    old = cw.report(officer, crime_type=CrimeType.SEXUAL_VIOLENCE)
    Case.objects.filter(pk=old.case.pk).update(
        reported_on=timezone.localdate() - timedelta(days=400)
    )

    # The victim is referred to IE for enforcement (identity), which registers a protection.
    decision = actions.request_sharing_decision(
        actor=officer, party=victim, purpose="enforcement_referral", categories=["identity"]
    )
    record = cw.share(officer, decision)
    assert record.protocol_reference is not None
    ie = cw.ie_caseworker()
    check_protocol(actor=ie, protocol_reference=record.protocol_reference, action="arrest")
    check_protocol(actor=ie, protocol_reference=record.protocol_reference, action="arrest")
    check_protocol(
        actor=ie, protocol_reference=record.protocol_reference, action="casework_decision"
    )

    # Two referrals for the victim: one contacted at once, one sent and waiting.
    first, second = pw.entry(name="First Support"), pw.entry(name="Second Support")
    contacted = pw.sent(victim, officer, first)
    worker = pw.support_worker(first)
    pathways.acknowledge_referral(actor=worker, referral=contacted)
    pathways.record_first_contact(actor=worker, referral=contacted)
    pw.sent(victim, officer, second)
    # A third-party report submitted to force A by a support organisation.
    pw.report(worker, w.force)

    # Force B: one domestic abuse report, direct.
    other = cw.world(regime=RegimeId.MIGRANT_VICTIMS_PROTOCOL)
    return Fixture(w.force, other.force, officer, victim, year_of(timezone.localdate()))


def table(found: list[Counts], id: str) -> dict[str, dict[str, int]]:
    [counted] = [t for t in found if t.id == id]
    return {label: dict(zip(counted.columns, cells, strict=True)) for label, cells in counted.rows}


def nonzero(cells: dict[str, dict[str, int]]) -> dict[tuple[str, str], int]:
    return {(r, c): n for r, row in cells.items() for c, n in row.items() if n}


@pytest.mark.django_db
def test_each_table_counts_what_the_fixture_holds(oversight_records: Fixture) -> None:
    f = oversight_records

    found = statistics.tables(statistics.Scope(f.force), f.period)

    assert nonzero(table(found, "reports")) == {
        ("Domestic abuse", "Reported directly to the police"): 1,
        ("Domestic abuse", "Reported through a third party"): 1,
        ("Modern slavery", "Reported directly to the police"): 1,
    }
    assert nonzero(table(found, "people")) == {
        ("Uncertain", "Victim"): 2,
        ("Insecure", "Witness"): 1,
    }
    assert nonzero(table(found, "decisions")) == {
        ("Enforcement referral", "Permitted"): 1,
    }
    assert nonzero(table(found, "decisions_by_regime")) == {
        ("Immigration Enforcement Migrant Victims Protocol", "Permitted"): 1,
    }
    assert nonzero(table(found, "disclosures")) == {
        ("Enforcement referral", "DPA 2018 s35 (law enforcement)"): 1,
    }
    assert nonzero(table(found, "categories")) == {("Identity", "Enforcement referral"): 1}
    assert nonzero(table(found, "protections")) == {
        ("Immigration Enforcement Migrant Victims Protocol", "Held now"): 1,
    }
    assert nonzero(table(found, "checks")) == {
        ("Arrest", "Blocked"): 2,
        ("Casework decision", "Allowed"): 1,
    }
    assert nonzero(table(found, "referrals")) == {("Domestic abuse", "Accepted"): 2}
    assert nonzero(table(found, "first_contact")) == {
        ("Domestic abuse", "On time"): 1,
        ("Domestic abuse", "Not yet due"): 1,
    }
    # Notices: the victim's and the witness's versions (counted here one by one), none given.
    issued = Counter(
        Notice.objects.filter(series__party__case__force=f.force).values_list("language", flat=True)
    )
    assert sum(issued.values()) >= 2
    names = {language.code: language.name for language in languages.LANGUAGES}
    assert nonzero(table(found, "notices")) == {
        (names[code], "Issued"): n for code, n in issued.items()
    }
    assert nonzero(table(found, "third_party")) == {
        ("Domestic abuse", "Submitted to the police"): 1,
    }


@pytest.mark.django_db
def test_a_referral_not_contacted_in_time_becomes_overdue_and_a_protection_lifts(
    oversight_records: Fixture,
) -> None:
    f = oversight_records
    actions.change_party_support(actor=f.officer, party=f.victim, support="none")

    later = timezone.localdate() + timedelta(days=30)
    next_year = year_ending_march(f.period.start.year + 1)
    found = statistics.tables(statistics.Scope(f.force), next_year, today=later)
    this_year = statistics.tables(statistics.Scope(f.force), f.period, today=later)

    assert nonzero(table(this_year, "first_contact")) == {
        ("Domestic abuse", "On time"): 1,
        ("Domestic abuse", "Overdue"): 1,
    }
    assert nonzero(table(this_year, "protections")) == {
        ("Immigration Enforcement Migrant Victims Protocol", "Lifted now"): 1,
    }
    # The next year holds none of it.
    assert all(not nonzero(table(found, t.id)) for t in found)


@pytest.mark.django_db
def test_national_tables_count_every_force_and_are_published_as_counted(
    oversight_records: Fixture,
) -> None:
    f = oversight_records

    national = statistics.published(statistics.Scope(), f.period)
    force = statistics.published(statistics.Scope(f.force), f.period)

    [reports] = [t for t in national if t.id == "reports"]
    assert reports.rows[0] == ("Domestic abuse", (2, 1), 3)  # force A's 2 and force B's 1
    assert reports.total == 4
    [force_reports] = [t for t in force if t.id == "reports"]
    # Below national level every count here is 1 to 7: suppressed, totals included.
    assert force_reports.rows[0] == ("Domestic abuse", (SUPPRESSED, SUPPRESSED), SUPPRESSED)
    assert force_reports.total == SUPPRESSED
    for published in force:
        for row in published.grid():
            assert all(cell in (0, SUPPRESSED) for cell in row), published.id


@pytest.mark.django_db
def test_the_tables_are_counted_by_the_database_in_a_few_queries(
    oversight_records: Fixture,
) -> None:
    f = oversight_records

    with CaptureQueriesContext(connection) as queries:
        found = statistics.tables(statistics.Scope(f.force), f.period)

    # One aggregate query per table: the rows are never loaded into Python.
    assert len(queries) == len(found)
    assert all("COUNT(" in query["sql"].upper() for query in queries.captured_queries)


@pytest.mark.django_db
def test_a_moment_counts_in_the_period_of_its_london_day(oversight_records: Fixture) -> None:
    f = oversight_records
    decision = SharingDecision.objects.get(party__case__force=f.force)
    london = timezone.get_current_timezone()
    last_minute = datetime.combine(f.period.end, time(23, 59), tzinfo=london)
    SharingDecision.objects.filter(pk=decision.pk).update(created_at=last_minute)
    in_year = statistics.tables(statistics.Scope(f.force), f.period)
    SharingDecision.objects.filter(pk=decision.pk).update(
        created_at=last_minute + timedelta(minutes=2)
    )
    next_day = statistics.tables(statistics.Scope(f.force), f.period)

    assert nonzero(table(in_year, "decisions")) == {("Enforcement referral", "Permitted"): 1}
    assert nonzero(table(next_day, "decisions")) == {}


@pytest.mark.django_db
def test_referrals_are_counted_by_the_victims_answer_withdrawn_ones_included() -> None:
    """The answer is read from the referral's status, and from its steps only when it was
    withdrawn: a referral accepted and then withdrawn was accepted."""
    party, officer = pw.police_party()
    entries = [pw.entry(name=f"Support {n}") for n in range(4)]
    pw.sent(party, officer, entries[0])  # accepted, and sent
    withdrawn = pw.accepted(party, officer, entries[1])  # accepted, then consent withdrawn
    assert withdrawn.consent is not None
    pathways.withdraw_consent(actor=officer, consent=withdrawn.consent)
    declined = pathways.offer_referral(actor=officer, party=party, organisation=entries[2])
    pathways.record_referral_answer(
        actor=officer, referral=declined, answer="refused", method="spoken", categories=()
    )
    pathways.offer_referral(actor=officer, party=party, organisation=entries[3])  # unanswered
    withdrawn.refresh_from_db()
    assert withdrawn.status == "withdrawn"

    found = statistics.tables(statistics.Scope(party.case.force), year_of(timezone.localdate()))

    assert nonzero(table(found, "referrals")) == {
        ("Domestic abuse", "Accepted"): 2,
        ("Domestic abuse", "Declined"): 1,
        ("Domestic abuse", "Not answered"): 1,
    }
