"""Disclosure: exactly the permitted fields reach IE, read from the records at that moment, only
while the decision still holds; a protocol protection is registered when the duty says so."""

from __future__ import annotations

import pytest
from django.db import connection

from safereport.accounts.models import User
from safereport.casework import actions
from safereport.casework.errors import CaseworkError, NotFoundError, StaleDecisionError
from safereport.casework.models import DisclosureRecord, DutyTask, Party
from safereport.casework.vocabulary import LawfulBasis
from safereport.enforcement.models import Disclosure, Protection
from safereport.policy.vocabulary import Category, RegimeId
from tests.integration.casework import builders as cw

ALL = ["identity", "contact", "location", "immigration", "offence", "support"]


def protocol_case() -> tuple[Party, User]:
    """A victim receiving support, in a force under the 2021 protocol, and their officer."""
    w = cw.world(regime=RegimeId.MIGRANT_VICTIMS_PROTOCOL, support="receiving")
    return w.party, w.officer


@pytest.mark.django_db
def test_an_enforcement_referral_discloses_exactly_the_permitted_fields() -> None:
    party, officer = protocol_case()
    decision = actions.request_sharing_decision(
        actor=officer, party=party, purpose="enforcement_referral", categories=ALL
    )

    record = cw.share(officer, decision)

    disclosure = Disclosure.objects.get(reference=record.enforcement_reference)
    assert record.categories == ["identity", "immigration", "offence"]
    assert disclosure.categories == ["identity", "immigration", "offence"]
    assert disclosure.content == {
        "identity": {
            "given_name": "Ana",
            "family_name": "Quispe Mamani",
            "date_of_birth": "1990-04-12",
            "nationality": "Bolivian",
        },
        "immigration": {"immigration_status": "uncertain"},
        "offence": {
            "case_reference": party.case.reference,
            "crime_type": "domestic_abuse",
            "summary": "Assaulted at home by her partner on 3 January.",
        },
    }
    everything = str(disclosure.content)
    for never in ("07700", "example.org", "Example Street", "receiving", "Text only"):
        assert never not in everything  # contact, location, support, safe contact: not sent
    assert disclosure.sent_by == officer.pseudonym
    assert disclosure.force == party.case.force
    # At rest, IE's copy is encrypted too.
    with connection.cursor() as cursor:
        cursor.execute("SELECT content FROM enforcement_disclosure WHERE id = %s", [disclosure.pk])
        stored = cursor.fetchone()[0]
    assert stored.startswith("v1:")
    assert "Quispe" not in stored


@pytest.mark.django_db
def test_a_protocol_protection_is_registered_and_its_task_done() -> None:
    party, officer = protocol_case()
    decision = actions.request_sharing_decision(
        actor=officer, party=party, purpose="enforcement_referral", categories=["identity"]
    )
    assert "register_protocol_protection" in decision.decision["duties"]

    record = cw.share(officer, decision)

    assert record.protocol_reference is not None
    protection = Protection.objects.get(protocol_reference=record.protocol_reference)
    assert (protection.regime, protection.role, protection.crime_type) == (
        "migrant-victims-protocol",
        "victim",
        "domestic_abuse",
    )
    assert (protection.stage, protection.support, protection.nrm) == (
        "investigation",
        "receiving",
        "none",
    )
    assert protection.referred_by_police is True
    task = DutyTask.objects.get(party=party, duty="register_protocol_protection")
    assert (task.status, task.done_by) == ("done", officer)
    [event] = cw.events("casework:disclosure:made")
    assert record.protocol_reference in event["subjects"]
    assert record.enforcement_reference in event["subjects"]
    assert event["details"] == {
        "purpose": "enforcement_referral",
        "categories": ["identity"],
        "lawful_basis": "dpa_2018_part_3_s35",
    }
    assert cw.events("enforcement:protection:registered")[0]["subjects"][0] == (
        record.protocol_reference
    )


@pytest.mark.django_db
def test_no_protection_outside_the_protocol_regimes() -> None:
    # Insecure status: H1 does not apply.
    w = cw.world(regime=RegimeId.HMICFRS_INTERIM, immigration_status="insecure")
    officer, party = w.officer, w.party
    decision = actions.request_sharing_decision(
        actor=officer, party=party, purpose="investigation", categories=["identity", "offence"]
    )

    record = cw.share(officer, decision)

    assert record.protocol_reference is None
    assert not Protection.objects.exists()


@pytest.mark.django_db
def test_a_chosen_subset_is_sent_and_nothing_prohibited_can_be_chosen() -> None:
    party, officer = protocol_case()
    decision = actions.request_sharing_decision(
        actor=officer, party=party, purpose="enforcement_referral", categories=ALL
    )

    with pytest.raises(CaseworkError) as refused:
        cw.share(officer, decision, ["identity", "contact"])
    assert refused.value.fields == {
        "categories.contact": (
            "contact is not permitted by this decision; it permits identity, immigration, offence"
        )
    }
    record = cw.share(officer, decision, ["offence"])

    assert record.categories == ["offence"]
    assert list(Disclosure.objects.get().content) == ["offence"]
    with pytest.raises(CaseworkError, match="cannot be made") as again:
        cw.share(officer, decision, ["identity"])
    assert again.value.fields == {"decision": "has already been disclosed"}


@pytest.mark.django_db
def test_a_prohibited_decision_discloses_nothing() -> None:
    w = cw.world(regime=RegimeId.COMPLETE_FIREWALL)
    officer, party = w.officer, w.party
    decision = actions.request_sharing_decision(
        actor=officer, party=party, purpose="enforcement_referral", categories=ALL
    )

    with pytest.raises(CaseworkError, match="permits nothing"):
        cw.share(officer, decision)

    assert not Disclosure.objects.exists()
    assert not DisclosureRecord.objects.exists()


@pytest.mark.django_db
def test_the_values_are_read_when_disclosing_not_when_deciding() -> None:
    party, officer = protocol_case()
    decision = actions.request_sharing_decision(
        actor=officer, party=party, purpose="enforcement_referral", categories=["offence"]
    )
    case = party.case
    case.summary = "Corrected summary."
    case.save(update_fields=["summary"])

    cw.share(officer, decision)

    assert Disclosure.objects.get().content["offence"]["summary"] == "Corrected summary."


@pytest.mark.django_db
@pytest.mark.parametrize("change", ["support", "consent", "regime"])
def test_a_decision_whose_facts_changed_is_refused(change: str) -> None:
    party, officer = protocol_case()
    decision = actions.request_sharing_decision(
        actor=officer, party=party, purpose="enforcement_referral", categories=["identity"]
    )
    if change == "support":
        actions.change_party_support(actor=officer, party=party, support="none")
    elif change == "consent":
        actions.record_consent(
            actor=officer,
            party=party,
            purpose="enforcement_referral",
            categories=["identity"],
            answer="refused",
            method="spoken",
        )
    else:
        cw.regime(party.case.force, RegimeId.COMPLETE_FIREWALL)

    with pytest.raises(StaleDecisionError, match="ask for a new decision"):
        cw.share(officer, decision)
    assert not Disclosure.objects.exists()


@pytest.mark.django_db
def test_an_anonymous_party_has_no_identity_to_disclose() -> None:
    w = cw.world(regime=RegimeId.MIGRANT_VICTIMS_PROTOCOL, anonymous=True)
    officer, party = w.officer, w.party

    with pytest.raises(CaseworkError) as refused:
        actions.request_sharing_decision(
            actor=officer, party=party, purpose="safeguarding", categories=["identity", "offence"]
        )
    assert refused.value.fields == {
        "categories.identity": "the person is anonymous: no identity is held to share"
    }
    decision = actions.request_sharing_decision(
        actor=officer, party=party, purpose="safeguarding", categories=["offence"]
    )
    record = cw.share(officer, decision, ["offence"])

    assert record.categories == ["offence"]


@pytest.mark.django_db
def test_another_forces_officer_cannot_disclose() -> None:
    party, officer = protocol_case()
    decision = actions.request_sharing_decision(
        actor=officer, party=party, purpose="enforcement_referral", categories=["identity"]
    )

    for outsider in (cw.officer(cw.force()), cw.ie_caseworker()):
        with pytest.raises(NotFoundError):
            cw.share(outsider, decision)
    assert not Disclosure.objects.exists()


# A disclosure is a deliberate act -----------------------------------------------------------------


@pytest.mark.django_db
def test_nothing_is_shared_unless_the_officer_chooses_what() -> None:
    party, officer = protocol_case()
    decision = actions.request_sharing_decision(
        actor=officer, party=party, purpose="enforcement_referral", categories=ALL
    )

    with pytest.raises(CaseworkError) as refused:
        actions.disclose(
            actor=officer,
            decision=decision,
            categories=[],
            lawful_basis=LawfulBasis.LAW_ENFORCEMENT,
            justification="Needed for the referral.",
        )

    assert refused.value.fields == {"categories": "Select what you will share"}
    assert not Disclosure.objects.exists()


@pytest.mark.django_db
def test_the_lawful_basis_and_a_justification_are_required_and_recorded() -> None:
    party, officer = protocol_case()
    decision = actions.request_sharing_decision(
        actor=officer, party=party, purpose="enforcement_referral", categories=["identity"]
    )
    [task] = DutyTask.objects.filter(party=party, duty="record_lawful_basis")
    assert task.status == "open"

    with pytest.raises(CaseworkError) as refused:
        actions.disclose(
            actor=officer,
            decision=decision,
            categories=["identity"],
            lawful_basis="because",
            justification="   ",
        )
    with pytest.raises(CaseworkError) as consent:
        actions.disclose(
            actor=officer,
            decision=decision,
            categories=["identity"],
            lawful_basis=LawfulBasis.CONSENT,
            justification="She agreed.",
        )
    record = actions.disclose(
        actor=officer,
        decision=decision,
        categories=["identity"],
        lawful_basis=LawfulBasis.LAW_ENFORCEMENT,
        justification="The suspect is wanted; IE holds his address history.",
    )

    assert set(refused.value.fields) == {"lawful_basis", "justification"}
    assert refused.value.fields["justification"] == (
        "Enter why this share is needed, in your own words"
    )
    assert (
        "consent is the basis only of a share the person asked for"
        in (consent.value.fields["lawful_basis"])
    )
    stored = DisclosureRecord.objects.get(pk=record.pk)
    assert stored.lawful_basis == "dpa_2018_part_3_s35"
    assert stored.justification == "The suspect is wanted; IE holds his address history."
    task.refresh_from_db()
    assert (task.status, task.done_by) == ("done", officer)
    assert task.done_at is not None
    [event] = cw.events("casework:disclosure:made")
    assert task.reference in event["subjects"]
    assert "IE holds" not in str(event)  # the justification is never in the log
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT justification FROM casework_disclosurerecord WHERE id = %s", [record.pk]
        )
        assert "suspect" not in str(cursor.fetchone()[0])  # encrypted at rest


@pytest.mark.django_db
def test_a_preview_shows_exactly_what_would_be_sent_and_changes_nothing() -> None:
    party, officer = protocol_case()
    decision = actions.request_sharing_decision(
        actor=officer, party=party, purpose="enforcement_referral", categories=ALL
    )
    before = len(cw.events())

    preview = actions.preview_disclosure(
        actor=officer, decision=decision, categories=["offence", "identity"]
    )

    assert preview.categories == [Category.IDENTITY, Category.OFFENCE]
    assert preview.fields[Category.IDENTITY] == {
        "given_name": "Ana",
        "family_name": "Quispe Mamani",
        "date_of_birth": "1990-04-12",
        "nationality": "Bolivian",
    }
    assert set(preview.fields) == {Category.IDENTITY, Category.OFFENCE}
    assert not Disclosure.objects.exists()
    assert len(cw.events()) == before
    actions.change_party_support(actor=officer, party=party, support="none")
    with pytest.raises(StaleDecisionError):
        actions.preview_disclosure(actor=officer, decision=decision, categories=["identity"])
