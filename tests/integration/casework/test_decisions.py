"""Sharing decisions: made on the records' facts under the force's regime, stored whole with the
regime and its version, duties turned into tasks once, and reversals queued for review."""

from __future__ import annotations

import pytest

from safereport.casework import actions
from safereport.casework.errors import CaseworkError, NoRegimeError, NotFoundError
from safereport.casework.models import DutyTask, ReviewItem, SharingDecision
from safereport.policy import decide, parse_sharing
from safereport.policy.regimes import load
from safereport.policy.vocabulary import Category, RegimeId
from tests.integration.casework import builders as cw

ALL = ["identity", "contact", "location", "immigration", "offence", "support"]


@pytest.mark.django_db
def test_a_decision_records_the_regime_its_version_and_the_engines_answer_whole() -> None:
    w = cw.world(regime=RegimeId.HMICFRS_INTERIM, support="receiving")
    police, officer, party = w.force, w.officer, w.party

    decision = actions.request_sharing_decision(
        actor=officer, party=party, purpose="enforcement_referral", categories=ALL
    )

    assert decision.regime == "hmicfrs-interim"
    assert decision.regime_version == load(RegimeId.HMICFRS_INTERIM).version
    assert decision.outcome == "prohibited"
    assert decision.consent == "none"
    assert decision.consent_record is None
    assert decision.requested_by == officer
    stored = SharingDecision.objects.get(pk=decision.pk)
    # The stored situation decides again to exactly the stored answer.
    assert decide(parse_sharing(stored.situation)).as_json() == stored.decision
    assert stored.situation["person"] == {
        "role": "victim",
        "age_group": "adult",
        "immigration_status": "uncertain",
        "suspected_offending": False,
    }
    assert stored.situation["case"] == {
        "stage": "investigation",
        "support": "receiving",
        "nrm": "none",
    }
    assert "hmicfrs-rec1" in stored.decision["category_basis"]["identity"]["rules"]
    [event] = cw.events("casework:sharing_decision:made")
    assert event["subjects"][:4] == [
        decision.reference,
        party.reference,
        party.case.reference,
        f"org:{police.code}",
    ]
    assert event["details"]["regime"] == "hmicfrs-interim"
    assert event["details"]["regime_version"] == decision.regime_version
    assert event["details"]["outcome"] == "prohibited"
    assert event["details"]["permitted"] == []
    assert "hmicfrs-rec1" in event["details"]["rules"]


@pytest.mark.django_db
def test_each_duty_becomes_one_open_task_for_the_party() -> None:
    w = cw.world(regime=RegimeId.HMICFRS_INTERIM)
    officer, party = w.officer, w.party

    first = actions.request_sharing_decision(
        actor=officer, party=party, purpose="enforcement_referral", categories=["identity"]
    )
    actions.request_sharing_decision(
        actor=officer, party=party, purpose="safeguarding", categories=["identity"]
    )

    tasks = DutyTask.objects.filter(party=party)
    assert sorted(t.duty for t in tasks) == [
        "give_notice",
        "offer_specialist_support",
        "refer_to_third_party",
    ]
    # The second decision found them already open; the notice was owed from the report itself.
    assert {t.duty: t.decision_id for t in tasks} == {
        "give_notice": None,
        "offer_specialist_support": first.pk,
        "refer_to_third_party": first.pk,
    }
    assert {t.status for t in tasks} == {"open"}


@pytest.mark.django_db
def test_a_done_duty_is_opened_again_by_a_later_decision() -> None:
    w = cw.world(regime=RegimeId.HMICFRS_INTERIM)
    officer, party = w.officer, w.party
    actions.request_sharing_decision(
        actor=officer, party=party, purpose="enforcement_referral", categories=["identity"]
    )
    offer = DutyTask.objects.get(party=party, duty="offer_specialist_support")
    actions.mark_duty_done(actor=officer, task=offer)

    later = actions.request_sharing_decision(
        actor=officer, party=party, purpose="enforcement_referral", categories=["identity"]
    )

    reopened = DutyTask.objects.get(party=party, duty="offer_specialist_support", status="open")
    assert reopened.decision == later


@pytest.mark.django_db
def test_consent_given_for_the_requested_categories_is_used_and_reversal_is_reviewed() -> None:
    w = cw.world(regime=RegimeId.COMPLETE_FIREWALL)
    police, officer, party = w.force, w.officer, w.party
    refused = actions.request_sharing_decision(
        actor=officer, party=party, purpose="victim_request", categories=["identity", "contact"]
    )
    consent = actions.record_consent(
        actor=officer,
        party=party,
        purpose="victim_request",
        categories=["identity", "contact", "location"],
        answer="given",
        method="written",
    )

    permitted = actions.request_sharing_decision(
        actor=officer, party=party, purpose="victim_request", categories=["identity", "contact"]
    )

    assert (refused.outcome, refused.consent) == ("prohibited", "none")
    assert (permitted.outcome, permitted.consent) == ("permitted", "given")
    assert permitted.consent_record == consent
    [item] = ReviewItem.objects.all()
    assert (item.force, item.prohibited_decision, item.permitting_decision) == (
        police,
        refused,
        permitted,
    )
    assert item.status == "open"
    event = cw.events("casework:sharing_decision:made")[-1]
    assert event["details"]["review"] is True
    assert item.reference in event["subjects"]


@pytest.mark.django_db
def test_consent_is_read_category_by_category() -> None:
    w = cw.world(regime=RegimeId.COMPLETE_FIREWALL)
    officer, party = w.officer, w.party
    actions.record_consent(
        actor=officer,
        party=party,
        purpose="victim_request",
        categories=["identity"],
        answer="given",
        method="spoken",
    )

    decision = actions.request_sharing_decision(
        actor=officer, party=party, purpose="victim_request", categories=["identity", "location"]
    )

    # Consent to share her identity is not consent to share where she lives (DOMAIN.md C3).
    assert (decision.consent, decision.outcome) == ("mixed", "partly_permitted")
    assert decision.consent_by_category == {"identity": "given", "location": "none"}
    assert decision.decision["categories"] == {"identity": "permitted", "location": "prohibited"}
    assert decision.decision["category_basis"]["location"]["basis"] == "not_consented"
    assert "location" in decision.decision["explanation"]
    stored = SharingDecision.objects.get(pk=decision.pk)
    assert stored.situation["consent"] == {"identity": "given", "location": "none"}


@pytest.mark.django_db
def test_a_later_answer_speaks_only_for_the_categories_it_covers() -> None:
    w = cw.world(regime=RegimeId.HMICFRS_INTERIM)
    officer, party = w.officer, w.party
    for categories, answer in ((["identity", "contact"], "given"), (["contact"], "refused")):
        actions.record_consent(
            actor=officer,
            party=party,
            purpose="victim_request",
            categories=categories,
            answer=answer,
            method="spoken",
        )

    decision = actions.request_sharing_decision(
        actor=officer,
        party=party,
        purpose="victim_request",
        categories=["identity", "contact", "location"],
    )

    assert decision.consent_by_category == {
        "identity": "given",
        "contact": "refused",
        "location": "none",
    }
    assert decision.permitted == [Category.IDENTITY]


@pytest.mark.django_db
def test_withdrawn_consent_counts_as_refused() -> None:
    w = cw.world(regime=RegimeId.COMPLETE_FIREWALL)
    officer, party = w.officer, w.party
    consent = actions.record_consent(
        actor=officer,
        party=party,
        purpose="victim_request",
        categories=["identity"],
        answer="given",
        method="spoken",
    )
    actions.withdraw_consent(actor=officer, consent=consent)

    decision = actions.request_sharing_decision(
        actor=officer, party=party, purpose="victim_request", categories=["identity"]
    )

    assert (decision.consent, decision.outcome) == ("refused", "prohibited")


@pytest.mark.django_db
def test_a_regime_change_that_permits_a_prohibited_share_queues_the_pair() -> None:
    w = cw.world(regime=RegimeId.HMICFRS_INTERIM)
    police, dpo, officer, party = w.force, w.dpo, w.officer, w.party
    before = actions.request_sharing_decision(
        actor=officer, party=party, purpose="enforcement_referral", categories=ALL
    )
    cw.regime(police, RegimeId.MIGRANT_VICTIMS_PROTOCOL, by=dpo)

    after = actions.request_sharing_decision(
        actor=officer, party=party, purpose="enforcement_referral", categories=ALL
    )

    assert before.outcome == "prohibited"
    assert after.outcome == "partly_permitted"
    assert after.permitted == ["identity", "immigration", "offence"]
    assert after.regime == "migrant-victims-protocol"
    [item] = ReviewItem.objects.filter(force=police)
    assert (item.prohibited_decision, item.permitting_decision) == (before, after)


@pytest.mark.django_db
def test_no_review_when_the_earlier_prohibited_decision_was_for_another_purpose() -> None:
    w = cw.world(regime=RegimeId.HMICFRS_INTERIM)
    police, dpo, officer, party = w.force, w.dpo, w.officer, w.party
    actions.request_sharing_decision(
        actor=officer, party=party, purpose="safeguarding", categories=["identity"]
    )
    cw.regime(police, RegimeId.MIGRANT_VICTIMS_PROTOCOL, by=dpo)

    actions.request_sharing_decision(
        actor=officer, party=party, purpose="enforcement_referral", categories=["identity"]
    )

    assert not ReviewItem.objects.exists()


@pytest.mark.django_db
def test_a_decision_needs_a_regime_known_words_and_access() -> None:
    w = cw.world(regime=None)
    police, officer, party = w.force, w.officer, w.party

    with pytest.raises(NoRegimeError):
        actions.request_sharing_decision(
            actor=officer, party=party, purpose="investigation", categories=["identity"]
        )
    cw.regime(police, RegimeId.HMICFRS_INTERIM)
    with pytest.raises(CaseworkError) as refused:
        actions.request_sharing_decision(
            actor=officer, party=party, purpose="gossip", categories=[]
        )
    assert set(refused.value.fields) == {"purpose", "categories"}
    for outsider in (cw.officer(cw.force()), cw.ie_caseworker()):
        for given in (party, party.reference):
            with pytest.raises(NotFoundError):
                actions.request_sharing_decision(
                    actor=outsider, party=given, purpose="investigation", categories=["identity"]
                )
    with pytest.raises(NotFoundError):
        actions.request_sharing_decision(
            actor=officer, party="pty_unknown", purpose="investigation", categories=["identity"]
        )
    assert not SharingDecision.objects.exists()


@pytest.mark.django_db
def test_a_decision_can_name_the_party_by_reference() -> None:
    w = cw.world(regime=RegimeId.HMICFRS_INTERIM)
    officer, party = w.officer, w.party

    decision = actions.request_sharing_decision(
        actor=officer, party=party.reference, purpose="investigation", categories=["identity"]
    )

    assert decision.party == party
    assert (
        decision.situation
        == actions.request_sharing_decision(
            actor=officer, party=party, purpose="investigation", categories=["identity"]
        ).situation
    )
