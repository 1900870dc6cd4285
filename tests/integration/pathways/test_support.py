"""Support status: the organisation a victim was referred or reported to records the support it
gives; the party's support changes at once, and so does the protocol check of any protection."""

from __future__ import annotations

import pytest

from safereport.casework import actions as casework
from safereport.casework.models import Party
from safereport.enforcement.actions import check_protocol
from safereport.enforcement.models import Protection
from safereport.pathways import actions
from safereport.pathways.errors import AlreadyDoneError, NotFoundError, PathwaysError
from safereport.policy.vocabulary import RegimeId
from tests.integration.casework import builders as cw
from tests.integration.pathways import builders as pw


def protected_party(**facts: str) -> tuple[Party, str]:
    """A victim of domestic abuse referred to IE by a force under the Migrant Victims Protocol,
    with the protocol reference of the protection registered with the disclosure."""
    w = cw.world(regime=RegimeId.MIGRANT_VICTIMS_PROTOCOL, **facts)
    officer, party = w.officer, w.party
    decision = casework.request_sharing_decision(
        actor=officer, party=party, purpose="enforcement_referral", categories=["identity"]
    )
    record = cw.share(officer, decision)
    assert record.protocol_reference is not None
    return party, record.protocol_reference


@pytest.mark.django_db
def test_recording_support_flips_the_protocol_check_at_once_both_ways() -> None:
    party, reference = protected_party()
    to = pw.entry()
    worker = pw.support_worker(to)
    pw.sent(party, cw.officer(party.case.force), to)
    ie = cw.ie_caseworker()
    before = check_protocol(actor=ie, protocol_reference=reference, action="arrest")

    status = actions.record_support_status(
        actor=worker, party=party, support="receiving", advice_on_stay_given=True
    )
    during = check_protocol(actor=ie, protocol_reference=reference, action="arrest")
    actions.record_support_status(actor=worker, party=party, support="none")
    after = check_protocol(actor=ie, protocol_reference=reference, action="arrest")

    assert (before.outcome, during.outcome, after.outcome) == ("allowed", "blocked", "allowed")
    assert status.advice_on_stay_given is True
    party.refresh_from_db()
    assert party.support == "none"
    assert Protection.objects.get(protocol_reference=reference).support == "none"
    changed = cw.events("casework:case_state:changed")
    assert [(e["details"]["from"], e["details"]["to"]) for e in changed[-2:]] == [
        ("none", "receiving"),
        ("receiving", "none"),
    ]
    assert all(e["details"]["protections_updated"] == 1 for e in changed[-2:])
    assert all(e["actor"]["id"] == worker.pseudonym for e in changed[-2:])
    recorded = cw.events("pathways:support_status:recorded")[-2]
    assert recorded["details"] == {
        "support": "receiving",
        "advice_on_stay_given": True,
    }


@pytest.mark.django_db
def test_the_2023_wording_blocks_while_support_is_offered() -> None:
    w = cw.world(regime=RegimeId.MIGRANT_VICTIMS_PROTOCOL_2023)
    officer, party = w.officer, w.party
    casework.change_case_stage(actor=officer, case=party.case, stage="concluded")
    decision = casework.request_sharing_decision(
        actor=officer, party=party, purpose="enforcement_referral", categories=["identity"]
    )
    reference = cw.share(officer, decision).protocol_reference
    assert reference is not None
    to = pw.entry()
    pw.sent(party, officer, to)
    ie = cw.ie_caseworker()
    before = check_protocol(actor=ie, protocol_reference=reference, action="removal")

    actions.record_support_status(actor=pw.support_worker(to), party=party, support="offered")

    after = check_protocol(actor=ie, protocol_reference=reference, action="removal")
    assert (before.outcome, after.outcome) == ("allowed", "blocked")


@pytest.mark.django_db
def test_the_organisation_that_reported_records_support_for_its_reports_party() -> None:
    to = pw.entry()
    worker = pw.support_worker(to)
    force = cw.force()
    report = pw.report(worker, force, support="offered")
    party = actions.record_third_party_report(actor=cw.officer(force), report=report)

    actions.record_support_status(actor=worker, party=party.reference, support="receiving")

    party.refresh_from_db()
    assert party.support == "receiving"


@pytest.mark.django_db
def test_only_an_organisation_linked_to_the_party_records_its_support() -> None:
    party, officer = pw.police_party()
    to = pw.entry()
    offered_only = pw.entry()
    actions.offer_referral(actor=officer, party=party, organisation=offered_only)
    pw.sent(party, officer, to)

    for stranger in (pw.support_worker(pw.entry()), pw.support_worker(offered_only), officer):
        with pytest.raises(NotFoundError):
            actions.record_support_status(actor=stranger, party=party, support="receiving")


@pytest.mark.django_db
def test_a_support_status_is_checked_and_not_recorded_twice() -> None:
    party, officer = pw.police_party()
    to = pw.entry()
    worker = pw.support_worker(to)
    pw.sent(party, officer, to)
    actions.record_support_status(actor=worker, party=party, support="offered")

    with pytest.raises(PathwaysError) as unknown:
        actions.record_support_status(actor=worker, party=party, support="lots")
    with pytest.raises(PathwaysError) as advice:
        actions.record_support_status(
            actor=worker, party=party, support="none", advice_on_stay_given=True
        )
    with pytest.raises(AlreadyDoneError) as same:
        actions.record_support_status(actor=worker, party=party, support="offered")

    assert unknown.value.fields == {"support": "must be one of none, offered, receiving"}
    assert advice.value.fields == {"advice_on_stay_given": "cannot be recorded with no support"}
    assert same.value.fields == {"support": "unchanged"}


@pytest.mark.django_db
def test_an_organisation_that_declined_the_referral_no_longer_records_support() -> None:
    party, officer = pw.police_party()
    to = pw.entry()
    worker = pw.support_worker(to)
    actions.decline_referral(
        actor=worker, referral=pw.sent(party, officer, to), reason="no_capacity"
    )

    with pytest.raises(NotFoundError):
        actions.record_support_status(actor=worker, party=party, support="receiving")
