"""Case progress: stage, support and NRM changes (told to IE's protections at once), duties done,
and the DPO's review queue."""

from __future__ import annotations

import pytest

from safereport.accounts.models import User
from safereport.casework import actions
from safereport.casework.errors import AlreadyDoneError, CaseworkError, NotFoundError
from safereport.casework.models import DutyTask, Party, ReviewItem
from safereport.enforcement.models import Protection
from safereport.policy.vocabulary import RegimeId
from tests.integration.casework import builders as cw


def protected_party() -> tuple[Party, User, Protection]:
    """A victim under the 2021 protocol, disclosed to IE with a protection registered."""
    w = cw.world(regime=RegimeId.MIGRANT_VICTIMS_PROTOCOL, support="receiving")
    officer, party = w.officer, w.party
    decision = actions.request_sharing_decision(
        actor=officer, party=party, purpose="enforcement_referral", categories=["identity"]
    )
    record = cw.share(officer, decision)
    return party, officer, Protection.objects.get(protocol_reference=record.protocol_reference)


@pytest.mark.django_db
def test_a_stage_change_reaches_the_protection_at_once() -> None:
    party, officer, protection = protected_party()

    case = actions.change_case_stage(actor=officer, case=party.case, stage="prosecution")

    assert case.stage == "prosecution"
    protection.refresh_from_db()
    assert protection.stage == "prosecution"
    [event] = cw.events("casework:case_state:changed")
    assert event["subjects"] == [party.case.reference]
    assert event["details"] == {
        "field": "stage",
        "from": "investigation",
        "to": "prosecution",
        "protections_updated": 1,
    }
    assert cw.events("enforcement:protection:updated")[0]["details"] == {"changed": ["stage"]}


@pytest.mark.django_db
def test_support_and_nrm_changes_reach_the_protection() -> None:
    party, officer, protection = protected_party()

    actions.change_party_support(actor=officer, party=party, support="none")
    actions.change_party_nrm(actor=officer, party=party, nrm="referred")

    protection.refresh_from_db()
    assert (protection.support, protection.nrm) == ("none", "referred")
    changes = [e["details"] for e in cw.events("casework:case_state:changed")]
    assert [(c["field"], c["from"], c["to"]) for c in changes] == [
        ("support", "receiving", "none"),
        ("nrm", "none", "referred"),
    ]
    assert all(c["protections_updated"] == 1 for c in changes)


@pytest.mark.django_db
def test_no_change_no_event() -> None:
    party, officer, _ = protected_party()

    actions.change_party_support(actor=officer, party=party, support="receiving")
    actions.change_case_stage(actor=officer, case=party.case, stage="investigation")

    assert cw.events("casework:case_state:changed") == []


@pytest.mark.django_db
def test_state_changes_without_protections_and_with_bad_words() -> None:
    police = cw.force()
    officer = cw.officer(police)
    party = cw.report(officer)

    actions.change_party_support(actor=officer, party=party, support="offered")

    assert cw.events("casework:case_state:changed")[0]["details"]["protections_updated"] == 0
    with pytest.raises(CaseworkError) as refused:
        actions.change_case_stage(actor=officer, case=party.case, stage="appeal")
    assert "stage" in refused.value.fields
    with pytest.raises(CaseworkError):
        actions.change_party_nrm(actor=officer, party=party, nrm="pending")


@pytest.mark.django_db
def test_another_forces_officer_cannot_change_the_state() -> None:
    party, _, _ = protected_party()
    stranger = cw.officer(cw.force())

    with pytest.raises(NotFoundError):
        actions.change_case_stage(actor=stranger, case=party.case, stage="concluded")
    with pytest.raises(NotFoundError):
        actions.change_party_support(actor=stranger, party=party, support="none")
    with pytest.raises(NotFoundError):
        actions.change_party_nrm(actor=cw.ie_caseworker(), party=party, nrm="referred")


@pytest.mark.django_db
def test_marking_a_duty_done() -> None:
    w = cw.world(regime=RegimeId.HMICFRS_INTERIM)
    officer, party = w.officer, w.party
    actions.request_sharing_decision(
        actor=officer, party=party, purpose="enforcement_referral", categories=["identity"]
    )
    task = DutyTask.objects.get(party=party, duty="refer_to_third_party")

    done = actions.mark_duty_done(actor=officer, task=task)

    assert (done.status, done.done_by) == ("done", officer)
    assert done.done_at is not None
    [event] = cw.events("casework:duty:done")
    assert event["subjects"] == [task.reference, party.reference, party.case.reference]
    assert event["details"] == {"duty": "refer_to_third_party"}
    with pytest.raises(AlreadyDoneError, match="already done"):
        actions.mark_duty_done(actor=officer, task=task)
    other = DutyTask.objects.get(party=party, duty="give_notice")
    with pytest.raises(NotFoundError):
        actions.mark_duty_done(actor=cw.officer(cw.force()), task=other)
    with pytest.raises(CaseworkError, match="recording its delivery"):
        actions.mark_duty_done(actor=officer, task=other)  # done only by giving the notice


@pytest.mark.django_db
def test_the_forces_dpo_works_the_review_queue() -> None:
    w = cw.world(regime=RegimeId.HMICFRS_INTERIM)
    police, dpo, officer, party = w.force, w.dpo, w.officer, w.party
    actions.request_sharing_decision(
        actor=officer, party=party, purpose="enforcement_referral", categories=["identity"]
    )
    cw.regime(police, RegimeId.MIGRANT_VICTIMS_PROTOCOL, by=dpo)
    actions.request_sharing_decision(
        actor=officer, party=party, purpose="enforcement_referral", categories=["identity"]
    )
    item = ReviewItem.objects.get()

    for outsider in (officer, cw.dpo(cw.force())):
        with pytest.raises(NotFoundError):
            actions.mark_review_done(actor=outsider, item=item)
    reviewed = actions.mark_review_done(actor=dpo, item=item)

    assert (reviewed.status, reviewed.reviewed_by) == ("reviewed", dpo)
    [event] = cw.events("casework:review_item:reviewed")
    assert event["subjects"] == [
        item.reference,
        item.prohibited_decision.reference,
        item.permitting_decision.reference,
    ]
    with pytest.raises(AlreadyDoneError, match="already done"):
        actions.mark_review_done(actor=dpo, item=item)
