"""Consent through the API: the police record and withdraw a person's answer about sharing with
Immigration Enforcement; a support worker withdraws a pathways consent their organisation holds.
Bad input is named field by field; another force's or organisation's record is "not found"; a
second withdrawal is refused in the error shape. Every response is checked against the
published document (`Api`)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from safereport.api.errors import NOT_FOUND_MESSAGE
from safereport.casework import actions
from safereport.casework.models import ConsentRecord, Party
from safereport.pathways.models import PathwayConsent, Referral
from safereport.policy.vocabulary import RegimeId
from tests.integration.api import world
from tests.integration.casework import builders as cw
from tests.integration.pathways import builders as pw

NOT_FOUND = {"error": {"code": "not_found", "message": NOT_FOUND_MESSAGE, "fields": {}}}
ALREADY = {
    "error": {
        "code": "already_done",
        "message": "This consent was already withdrawn.",
        "fields": {"consent": "withdrawn"},
    }
}
ANSWER = {
    "purpose": "victim_request",
    "categories": ["identity"],
    "answer": "given",
    "method": "interpreter",
}


def body(response: Any) -> Any:
    return json.loads(response.content)


def firewalled() -> tuple[Party, Any]:
    """A victim in a force under the complete firewall, where only consent permits sharing."""
    w = cw.world(regime=RegimeId.COMPLETE_FIREWALL)
    return w.party, w.officer


def outcome(police: Any, party: Party) -> str:
    decided = police.post(
        "/parties/{reference}/decisions",
        {"purpose": "victim_request", "categories": ["identity"]},
        reference=party.reference,
    )
    assert decided.status_code == 201, decided.content
    found: str = body(decided)["outcome"]
    return found


# Police: consent to share with Immigration Enforcement ------------------------------------------


@pytest.mark.django_db
def test_an_officer_records_then_withdraws_consent_and_decisions_follow(client: Client) -> None:
    party, officer = firewalled()
    police = world.api_as(client, officer)

    recorded = police.post("/parties/{reference}/consents", ANSWER, reference=party.reference)

    assert recorded.status_code == 201, recorded.content
    given = body(recorded)
    consent = ConsentRecord.objects.get(reference=given["reference"])
    assert given == {
        **ANSWER,
        "reference": consent.reference,
        "party": party.reference,
        "recipient": cw.immigration_enforcement().code,
        "recorded_at": given["recorded_at"],
        "recorded_by": officer.pseudonym,
        "withdrawn_at": None,
        "withdrawn_by": None,
    }
    [event] = cw.events("casework:consent:recorded")
    assert event["subjects"][:2] == [consent.reference, party.reference]
    assert outcome(police, party) == "permitted"

    withdrawn = police.post("/consents/{reference}/withdrawal", reference=consent.reference)

    assert withdrawn.status_code == 200, withdrawn.content
    assert body(withdrawn)["withdrawn_at"] is not None
    assert body(withdrawn)["withdrawn_by"] == officer.pseudonym
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert consent.withdrawn_by == officer
    [event] = cw.events("casework:consent:withdrawn")
    assert event["subjects"] == [consent.reference, party.reference]
    assert outcome(police, party) == "prohibited"


@pytest.mark.django_db
def test_consent_input_is_named_field_by_field(client: Client) -> None:
    party, officer = firewalled()
    police = world.api_as(client, officer)

    wrong = police.post(
        "/parties/{reference}/consents",
        {"purpose": "gossip", "categories": ["identity", "regime"], "answer": "maybe"},
        reference=party.reference,
    )
    empty = police.post(
        "/parties/{reference}/consents",
        {**ANSWER, "categories": [], "recipient": "someone"},
        reference=party.reference,
    )

    assert wrong.status_code == 422
    problems = body(wrong)["error"]["fields"]
    assert problems["purpose"].startswith("must be one of")
    assert problems["categories[1]"].startswith("must be one of identity")
    assert problems["answer"] == "must be one of given, refused"
    assert problems["method"] == "is required"
    assert empty.status_code == 422
    assert set(body(empty)["error"]["fields"]) == {"categories", "recipient"}
    assert not ConsentRecord.objects.exists()


@pytest.mark.django_db
def test_a_consent_of_another_force_is_not_found(client: Client) -> None:
    party, officer = firewalled()
    consent = actions.record_consent(actor=officer, party=party, **ANSWER)
    stranger = world.api_as(client, cw.officer(cw.force()))

    for response in (
        stranger.post("/parties/{reference}/consents", ANSWER, reference=party.reference),
        stranger.post("/consents/{reference}/withdrawal", reference=consent.reference),
        stranger.post("/consents/{reference}/withdrawal", reference="csn_no-such-reference"),
    ):
        assert response.status_code == 404, response.content
        assert body(response) == NOT_FOUND
    consent.refresh_from_db()
    assert consent.withdrawn_at is None
    assert ConsentRecord.objects.count() == 1


@pytest.mark.django_db
def test_a_second_withdrawal_is_refused(client: Client) -> None:
    party, officer = firewalled()
    consent = actions.record_consent(actor=officer, party=party, **ANSWER)
    police = world.api_as(client, officer)

    first = police.post("/consents/{reference}/withdrawal", reference=consent.reference)
    second = police.post("/consents/{reference}/withdrawal", reference=consent.reference)

    assert first.status_code == 200
    assert second.status_code == 409
    assert body(second) == ALREADY
    assert len(cw.events("casework:consent:withdrawn")) == 1


# Support workers: pathways consent --------------------------------------------------------------


@pytest.mark.django_db
def test_a_support_worker_withdraws_a_referral_consent(client: Client) -> None:
    party, officer = pw.police_party()
    entry = pw.entry()
    referral = pw.sent(party, officer, entry)
    consent = referral.consent
    assert consent is not None
    worker = world.api_as(client, pw.support_worker(entry))

    withdrawn = worker.post("/pathway-consents/{reference}/withdrawal", reference=consent.reference)
    again = worker.post("/pathway-consents/{reference}/withdrawal", reference=consent.reference)

    assert withdrawn.status_code == 200, withdrawn.content
    shown = body(withdrawn)
    assert shown["reference"] == consent.reference
    assert shown["party"] == party.reference
    assert shown["purpose"] == "support_referral"
    assert shown["withdrawn_at"] is not None
    assert PathwayConsent.objects.get(pk=consent.pk).withdrawn_at is not None
    stopped = Referral.objects.get(pk=referral.pk)
    assert stopped.status == "withdrawn"
    assert stopped.content == {}
    [event] = cw.events("pathways:consent:withdrawn")
    assert consent.reference in event["subjects"]
    assert again.status_code == 409
    assert body(again) == ALREADY


@pytest.mark.django_db
def test_another_organisations_pathway_consent_is_not_found(client: Client) -> None:
    party, officer = pw.police_party()
    referral = pw.sent(party, officer, pw.entry())
    consent = referral.consent
    assert consent is not None
    other = world.api_as(client, pw.support_worker(pw.entry()))

    for reference in (consent.reference, "pcn_no-such-reference"):
        response = other.post("/pathway-consents/{reference}/withdrawal", reference=reference)
        assert response.status_code == 404, response.content
        assert body(response) == NOT_FOUND
    assert PathwayConsent.objects.get(pk=consent.pk).withdrawn_at is None
    assert Referral.objects.get(pk=referral.pk).status == "sent"
