"""`facts.deciding_facts`: what a sharing decision reads besides the party, in one query, is what
the reads it replaced give one by one, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from safereport.casework import actions
from safereport.casework.facts import (
    applicable_consent,
    deciding_facts,
    nrm_consent,
    open_duties,
)
from safereport.casework.models import DutyTask, SharingDecision
from safereport.policy.vocabulary import Category, Consent, CrimeType, Purpose, RegimeId
from tests.integration.casework import builders as cw

ASKED = [Category.IDENTITY, Category.CONTACT, Category.LOCATION]


def _open_in_the_orm(w: cw.World) -> frozenset[str]:
    tasks = DutyTask.objects.filter(party=w.party, status="open")
    return frozenset(tasks.values_list("duty", flat=True))


@pytest.mark.django_db
def test_a_party_with_nothing_recorded_reads_as_never_asked() -> None:
    w = cw.world(regime=RegimeId.COMPLETE_FIREWALL)

    with CaptureQueriesContext(connection) as captured:
        facts = deciding_facts(w.party, Purpose.VICTIM_REQUEST, ASKED)

    assert len(captured.captured_queries) == 1
    assert facts.consent == dict.fromkeys(ASKED, Consent.NONE)
    assert facts.consent_record is None
    assert facts.nrm_consent is Consent.NONE
    assert facts.open_duties == _open_in_the_orm(w) == {"give_notice"}  # owed by the report
    assert facts.last_prohibited is None


@pytest.mark.django_db
def test_consent_by_category_open_duties_and_the_last_prohibiting_decision() -> None:
    w = cw.world(regime=RegimeId.COMPLETE_FIREWALL)
    ask = {"actor": w.officer, "party": w.party, "purpose": "victim_request"}
    older = actions.request_sharing_decision(**ask, categories=["identity"])
    newer = actions.request_sharing_decision(**ask, categories=["identity"])
    answer = {"actor": w.officer, "party": w.party, "purpose": "victim_request"}
    actions.record_consent(**answer, categories=["identity"], answer="given", method="written")
    refused = actions.record_consent(
        **answer, categories=["contact"], answer="refused", method="spoken"
    )
    # Another purpose's answer is not this purpose's.
    actions.record_consent(
        actor=w.officer,
        party=w.party,
        purpose="investigation",
        categories=["location"],
        answer="given",
        method="written",
    )

    facts = deciding_facts(w.party, Purpose.VICTIM_REQUEST, ASKED)

    assert (older.outcome, newer.outcome) == ("prohibited", "prohibited")
    assert facts.consent == {
        Category.IDENTITY: Consent.GIVEN,
        Category.CONTACT: Consent.REFUSED,
        Category.LOCATION: Consent.NONE,
    }
    assert (facts.consent, facts.consent_record) == applicable_consent(
        w.party, Purpose.VICTIM_REQUEST, ASKED
    )
    assert facts.consent_record == refused  # the newest record the consent comes from
    assert facts.last_prohibited == newer.pk
    latest = SharingDecision.objects.filter(party=w.party, outcome="prohibited").latest("id")
    assert facts.last_prohibited == latest.pk
    assert facts.open_duties  # the decisions owe duties, each an open task once
    assert facts.open_duties == _open_in_the_orm(w) == open_duties(w.party)


@pytest.mark.django_db
@pytest.mark.parametrize(("withdrawn", "reads"), [(False, Consent.GIVEN), (True, Consent.REFUSED)])
def test_the_nrm_answer_is_the_latest_record_and_withdrawn_reads_as_refused(
    withdrawn: bool, reads: Consent
) -> None:
    w = cw.world(regime=RegimeId.HMICFRS_INTERIM, crime_type=CrimeType.MODERN_SLAVERY)
    actions.request_sharing_decision(
        actor=w.officer, party=w.party, purpose="investigation", categories=["offence"]
    )
    record = {"actor": w.officer, "party": w.party, "method": "interpreter"}
    actions.record_nrm_consent(**record, answer="refused")
    latest = actions.record_nrm_consent(**record, answer="given")
    if withdrawn:
        actions.withdraw_nrm_consent(actor=w.officer, consent=latest)

    facts = deciding_facts(w.party, Purpose.INVESTIGATION, [Category.OFFENCE])

    assert facts.nrm_consent is reads
    assert nrm_consent(w.party) is reads
    assert facts.open_duties == _open_in_the_orm(w)
