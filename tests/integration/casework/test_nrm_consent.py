"""Consent to a National Referral Mechanism referral is its own question (DOMAIN.md section 3):
recorded, withdrawn and dated like other consent, read only by the NRM duties. Answering the
offer does the duty to ask, and the duty the answer leads to becomes a task."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from safereport.casework import actions
from safereport.casework.errors import AlreadyDoneError, CaseworkError
from safereport.casework.facts import nrm_consent
from safereport.casework.models import DutyTask, SharingDecision
from safereport.policy import decide, parse_sharing
from safereport.policy.vocabulary import Consent, CrimeType, RegimeId
from tests.integration.api import world as api_world
from tests.integration.casework import builders as cw


def modern_slavery_victim() -> cw.World:
    """An adult victim of modern slavery not in the NRM, with a decision that owes the offer."""
    w = cw.world(regime=RegimeId.HMICFRS_INTERIM, crime_type=CrimeType.MODERN_SLAVERY)
    actions.request_sharing_decision(
        actor=w.officer, party=w.party, purpose="investigation", categories=["offence"]
    )
    return w


def open_duties(w: cw.World) -> set[str]:
    return set(DutyTask.objects.filter(party=w.party, status="open").values_list("duty", flat=True))


@pytest.mark.django_db
def test_asking_is_owed_until_the_person_answers() -> None:
    w = modern_slavery_victim()

    assert nrm_consent(w.party) is Consent.NONE
    assert "offer_nrm_referral" in open_duties(w)
    assert "refer_to_nrm" not in open_duties(w)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("answer", "follows"),
    [("given", "refer_to_nrm"), ("refused", "notify_home_office_anonymously")],
)
def test_the_answer_does_the_offer_and_owes_what_follows(answer: str, follows: str) -> None:
    w = modern_slavery_victim()

    consent = actions.record_nrm_consent(
        actor=w.officer, party=w.party, answer=answer, method="interpreter"
    )

    offer = DutyTask.objects.get(party=w.party, duty="offer_nrm_referral")
    assert (offer.status, offer.done_by) == ("done", w.officer)
    assert follows in open_duties(w)
    assert nrm_consent(w.party) is Consent(answer)
    [event] = cw.events("casework:nrm_consent:recorded")
    assert event["subjects"][:2] == [consent.reference, w.party.reference]
    assert offer.reference in event["subjects"]
    assert event["details"] == {"answer": answer, "method": "interpreter"}
    # A decision made now reads the answer, and only its NRM duties change.
    later = actions.request_sharing_decision(
        actor=w.officer, party=w.party, purpose="investigation", categories=["offence"]
    )
    assert later.situation["case"]["nrm_consent"] == answer
    assert follows in later.decision["duties"]
    assert "offer_nrm_referral" not in later.decision["duties"]
    assert decide(parse_sharing(later.situation)).as_json() == later.decision


@pytest.mark.django_db
def test_a_withdrawn_consent_reads_as_refused_and_cannot_be_withdrawn_twice() -> None:
    w = modern_slavery_victim()
    consent = actions.record_nrm_consent(
        actor=w.officer, party=w.party, answer="given", method="spoken"
    )

    actions.withdraw_nrm_consent(actor=w.officer, consent=consent)

    assert nrm_consent(w.party) is Consent.REFUSED
    consent.refresh_from_db()
    assert consent.withdrawn_by == w.officer
    assert len(cw.events("casework:nrm_consent:withdrawn")) == 1
    with pytest.raises(AlreadyDoneError):
        actions.withdraw_nrm_consent(actor=w.officer, consent=consent)


@pytest.mark.django_db
def test_an_nrm_answer_says_nothing_about_sharing_with_immigration_enforcement() -> None:
    w = modern_slavery_victim()
    actions.record_nrm_consent(actor=w.officer, party=w.party, answer="given", method="spoken")

    decision = actions.request_sharing_decision(
        actor=w.officer, party=w.party, purpose="victim_request", categories=["identity"]
    )

    assert decision.consent == "none"
    assert decision.outcome == "prohibited"


@pytest.mark.django_db
def test_bad_answers_are_named() -> None:
    w = modern_slavery_victim()

    with pytest.raises(CaseworkError) as refused:
        actions.record_nrm_consent(actor=w.officer, party=w.party, answer="maybe", method="owl")

    assert set(refused.value.fields) == {"answer", "method"}


@pytest.mark.django_db
def test_the_case_page_asks_for_the_answer_while_the_offer_is_owed(client: Client) -> None:
    w = modern_slavery_victim()
    client.force_login(w.officer)
    url = f"/parties/{w.party.reference}/nrm-consent/"

    case_page = client.get(f"/cases/{w.party.case.reference}/").content.decode()
    assert url in case_page
    assert "Not asked" in case_page
    empty = client.post(url, {})
    answered = client.post(url, {"answer": "refused", "method": "spoken"})

    assert "Select whether the person agrees to be referred" in empty.content.decode()
    assert answered.status_code == 302
    after = client.get(f"/cases/{w.party.case.reference}/").content.decode()
    assert "Refused on" in after
    assert "Notify the Home Office anonymously (duty to notify)" in after
    assert "notify_home_office_anonymously" in open_duties(w)


@pytest.mark.django_db
def test_the_api_records_and_withdraws_nrm_consent(client: Client) -> None:
    w = modern_slavery_victim()
    police = api_world.api_as(client, w.officer)

    recorded = police.post(
        "/parties/{reference}/nrm-consents",
        {"answer": "given", "method": "written"},
        reference=w.party.reference,
    )
    bad = police.post(
        "/parties/{reference}/nrm-consents", {"answer": "yes"}, reference=w.party.reference
    )
    body = json.loads(recorded.content)
    withdrawn = police.post("/nrm-consents/{reference}/withdrawal", reference=body["reference"])
    again = police.post("/nrm-consents/{reference}/withdrawal", reference=body["reference"])

    assert recorded.status_code == 201
    assert (body["answer"], body["method"], body["party"]) == (
        "given",
        "written",
        w.party.reference,
    )
    assert bad.status_code == 422
    assert set(json.loads(bad.content)["error"]["fields"]) == {"answer", "method"}
    assert withdrawn.status_code == 200
    assert json.loads(withdrawn.content)["withdrawn_at"] is not None
    assert again.status_code == 409
    assert SharingDecision.objects.filter(party=w.party).count() == 1
