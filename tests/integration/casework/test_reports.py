"""Recording reports, parties and consent: what is stored, what is refused, and the events."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from safereport.accounts.roles import Role
from safereport.casework import actions
from safereport.casework.errors import (
    AlreadyDoneError,
    CaseworkError,
    NotFoundError,
    NotPermittedError,
)
from safereport.casework.models import Case, ConsentRecord, Party
from safereport.policy.vocabulary import Category, CrimeType, Purpose
from safereport.references import looks_like_reference
from tests import builders
from tests.integration.casework import builders as cw


@pytest.mark.django_db
def test_recording_a_report_stores_case_person_and_party() -> None:
    police = cw.force()
    officer = cw.officer(police)

    party = cw.report(officer, crime_type=CrimeType.MODERN_SLAVERY, support="offered")

    case = Case.objects.get(pk=party.case.pk)
    assert case.force == police
    assert case.officer_in_charge == officer
    assert (case.crime_type, case.stage, case.reporting_route) == (
        "modern_slavery",
        "investigation",
        "direct",
    )
    assert looks_like_reference("case", case.reference)
    assert looks_like_reference("pty", party.reference)
    assert party.person is not None
    assert looks_like_reference("per", party.person.reference)
    assert (party.role, party.immigration_status, party.support) == (
        "victim",
        "uncertain",
        "offered",
    )
    [event] = cw.events("casework:case:recorded")
    assert event["subjects"] == [
        case.reference,
        party.reference,
        party.person.reference,
        f"org:{police.code}",
    ]
    assert event["details"] == {
        "crime_type": "modern_slavery",
        "reporting_route": "direct",
        "role": "victim",
        "anonymous": False,
    }
    assert event["actor"]["id"] == officer.pseudonym
    assert "Ana" not in str(event)


@pytest.mark.django_db
def test_a_third_party_report_can_be_anonymous_but_a_direct_one_cannot() -> None:
    officer = cw.officer(cw.force())

    party = cw.report(officer, anonymous=True)

    assert party.person is None
    assert party.case.reporting_route == "third_party"
    with pytest.raises(CaseworkError) as refused:
        actions.record_report(
            actor=officer,
            crime_type="other",
            reporting_route="direct",
            reported_on=timezone.localdate(),
            party=cw.facts(),
        )
    assert "person" in refused.value.fields


@pytest.mark.django_db
def test_every_problem_of_a_report_is_named_at_once() -> None:
    officer = cw.officer(cw.force())
    tomorrow = timezone.localdate() + timedelta(days=1)

    with pytest.raises(CaseworkError) as refused:
        actions.record_report(
            actor=officer,
            crime_type="burglary",
            reporting_route="by pigeon",
            reported_on=tomorrow,
            occurred_on=tomorrow + timedelta(days=1),
            person=cw.person(email="not an address", preferred_language="Spanish"),
            party=cw.facts(role="bystander", nrm="maybe"),
        )

    assert set(refused.value.fields) == {
        "crime_type",
        "reporting_route",
        "reported_on",
        "occurred_on",
        "person.email",
        "person.preferred_language",
        "party.role",
        "party.nrm",
    }
    assert refused.value.as_json()["error"]["code"] == "invalid_request"
    assert Case.objects.count() == 0
    assert cw.events("casework:case:recorded") == []


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.IE_CASEWORKER, Role.SUPPORT_WORKER, Role.INSPECTOR])
def test_only_police_record_reports(role: str) -> None:
    outsider = builders.user(role)

    with pytest.raises(NotPermittedError):
        cw.report(outsider)


@pytest.mark.django_db
def test_the_officer_in_charge_must_belong_to_the_force() -> None:
    officer = cw.officer(cw.force())
    elsewhere = cw.officer(cw.force())

    with pytest.raises(CaseworkError) as refused:
        actions.record_report(
            actor=officer,
            crime_type="other",
            reporting_route="direct",
            reported_on=date(2026, 1, 1),
            person=cw.person(),
            party=cw.facts(),
            officer_in_charge=elsewhere,
        )
    assert "officer_in_charge" in refused.value.fields


@pytest.mark.django_db
def test_adding_a_witness_to_a_case() -> None:
    police = cw.force()
    officer = cw.officer(police)
    victim = cw.report(officer)

    witness = actions.add_party(
        actor=officer,
        case=victim.case,
        party=cw.facts(role="witness", immigration_status="not_in_question"),
        person=cw.person(given_name="Luis"),
    )

    assert Party.objects.filter(case=victim.case).count() == 2
    assert witness.role == "witness"
    [event] = cw.events("casework:party:added")
    assert event["subjects"][:2] == [victim.case.reference, witness.reference]
    with pytest.raises(NotFoundError):
        actions.add_party(
            actor=cw.officer(cw.force()), case=victim.case, party=cw.facts(), person=None
        )


@pytest.mark.django_db
def test_consent_is_recorded_and_withdrawn_without_losing_the_record() -> None:
    w = cw.world(regime=None)
    officer, party, ie = w.officer, w.party, w.ie

    consent = actions.record_consent(
        actor=officer,
        party=party,
        purpose=Purpose.VICTIM_REQUEST,
        categories=[Category.IDENTITY, "contact"],
        answer="given",
        method="interpreter",
    )
    withdrawn = actions.withdraw_consent(actor=officer, consent=consent)

    stored = ConsentRecord.objects.get(pk=consent.pk)
    assert stored.recipient == ie
    assert stored.categories == ["identity", "contact"]
    assert (stored.answer, stored.method) == ("given", "interpreter")
    assert stored.withdrawn_at == withdrawn.withdrawn_at is not None
    assert stored.withdrawn_by == officer
    [recorded] = cw.events("casework:consent:recorded")
    assert recorded["details"] == {
        "purpose": "victim_request",
        "categories": ["identity", "contact"],
        "answer": "given",
        "method": "interpreter",
    }
    assert cw.events("casework:consent:withdrawn")[0]["subjects"] == [
        consent.reference,
        party.reference,
    ]
    with pytest.raises(AlreadyDoneError, match="already withdrawn"):
        actions.withdraw_consent(actor=officer, consent=consent)


@pytest.mark.django_db
def test_consent_needs_known_words_and_at_least_one_category() -> None:
    officer = cw.officer(cw.force())
    party = cw.report(officer)
    cw.immigration_enforcement()

    with pytest.raises(CaseworkError) as refused:
        actions.record_consent(
            actor=officer,
            party=party,
            purpose="curiosity",
            categories=["identity", "identity", "shoe_size"],
            answer="perhaps",
            method="telepathy",
        )

    assert set(refused.value.fields) == {
        "purpose",
        "categories[1]",
        "categories[2]",
        "answer",
        "method",
    }


@pytest.mark.django_db
def test_another_forces_officer_cannot_record_or_withdraw_consent() -> None:
    officer = cw.officer(cw.force())
    party = cw.report(officer)
    cw.immigration_enforcement()
    consent = actions.record_consent(
        actor=officer,
        party=party,
        purpose="victim_request",
        categories=["identity"],
        answer="given",
        method="written",
    )
    stranger = cw.officer(cw.force())

    with pytest.raises(NotFoundError):
        actions.record_consent(
            actor=stranger,
            party=party,
            purpose="victim_request",
            categories=["identity"],
            answer="given",
            method="written",
        )
    with pytest.raises(NotFoundError):
        actions.withdraw_consent(actor=stranger, consent=consent)
