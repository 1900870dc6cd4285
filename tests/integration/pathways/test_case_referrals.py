"""The case page shows each referral's progress, and a referral offered or sent keeps its duty
done (issue 13, item 2): a later decision that owes it again makes no new task."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from safereport.casework import actions as casework
from safereport.casework.models import DutyTask
from safereport.casework.vocabulary import TaskStatus
from safereport.pathways import actions
from safereport.pathways.models import Referral
from safereport.policy.vocabulary import Duty, RegimeId
from tests.integration.casework import builders as cw
from tests.integration.pathways import builders as pw

# Under the interim regime a domestic abuse victim whose status is uncertain is protected (H1):
# a share for an investigation is prohibited, and the victim is owed a link to a third party.
OWED = (Duty.REFER_TO_THIRD_PARTY, Duty.OFFER_SPECIALIST_SUPPORT)


def decide(w: cw.World) -> None:
    casework.request_sharing_decision(
        actor=w.officer, party=w.party, purpose="investigation", categories=["identity"]
    )


def tasks(w: cw.World, duty: Duty, status: str) -> int:
    return DutyTask.objects.filter(party=w.party, duty=duty, status=status).count()


@pytest.mark.django_db
def test_a_referral_sent_keeps_its_duties_done_when_a_decision_owes_them_again() -> None:
    w = cw.world(regime=RegimeId.HMICFRS_INTERIM)
    decide(w)
    assert all(tasks(w, duty, TaskStatus.OPEN) == 1 for duty in OWED)

    pw.sent(w.party, w.officer, pw.entry())
    decide(w)
    decide(w)

    for duty in OWED:
        assert tasks(w, duty, TaskStatus.OPEN) == 0, duty
        assert tasks(w, duty, TaskStatus.DONE) == 1, duty


@pytest.mark.django_db
def test_a_referral_sent_before_any_decision_leaves_nothing_to_do() -> None:
    w = cw.world(regime=RegimeId.HMICFRS_INTERIM)
    pw.sent(w.party, w.officer, pw.entry())

    decide(w)

    assert all(tasks(w, duty, TaskStatus.OPEN) == 0 for duty in OWED)


@pytest.mark.django_db
def test_an_offer_not_yet_sent_is_the_offer_done_but_not_the_referral() -> None:
    w = cw.world(regime=RegimeId.HMICFRS_INTERIM)
    decide(w)
    actions.offer_referral(actor=w.officer, party=w.party, organisation=pw.entry())

    decide(w)

    assert tasks(w, Duty.OFFER_SPECIALIST_SUPPORT, TaskStatus.OPEN) == 0
    assert tasks(w, Duty.REFER_TO_THIRD_PARTY, TaskStatus.OPEN) == 1


@pytest.mark.django_db
def test_the_case_page_shows_each_referrals_progress(client: Client) -> None:
    w = cw.world(regime=RegimeId.HMICFRS_INTERIM)
    witness = casework.add_party(
        actor=w.officer,
        case=w.party.case,
        party=cw.facts(role="witness"),
        person=cw.person(given_name="Lina", family_name="Example-Witness"),
    )
    on_time_to, late_to, offered_to = pw.entry(), pw.entry(), pw.entry()
    on_time = pw.sent(w.party, w.officer, on_time_to)
    late = pw.sent(witness, w.officer, late_to)
    offered = actions.offer_referral(actor=w.officer, party=w.party, organisation=offered_to)
    Referral.objects.filter(pk=late.pk).update(
        first_contact_due_on=timezone.localdate() - timedelta(days=1)
    )
    client.force_login(w.officer)

    before = client.get(f"/cases/{w.party.case.reference}/").content.decode()
    worker = pw.support_worker(on_time_to)
    actions.acknowledge_referral(actor=worker, referral=on_time)
    actions.record_first_contact(actor=worker, referral=on_time, method="phone")
    late_worker = pw.support_worker(late_to)
    actions.acknowledge_referral(actor=late_worker, referral=late)
    actions.record_first_contact(actor=late_worker, referral=late, method="in_person")
    after = client.get(f"/cases/{w.party.case.reference}/").content.decode()

    today = timezone.localdate()
    day = f"{today.day} {today:%B %Y}"
    assert 'id="referrals"' in before
    assert "Overdue: first contact was due by" in before
    assert f"Sent to the organisation on {day}" in before
    assert "First contact due by" in before
    assert "Offered to the victim on" in before
    assert offered.reference in before
    assert f"Acknowledged by the organisation on {day}" in after
    assert f"First contact made on {day}: on time" in after
    assert f"First contact made on {day}: late (due by" in after
    assert "Lina Example-Witness" in after  # the police see who was referred


@pytest.mark.django_db
def test_a_case_without_referrals_says_so(client: Client) -> None:
    w = cw.world(regime=RegimeId.HMICFRS_INTERIM)
    client.force_login(w.officer)

    page = client.get(f"/cases/{w.party.case.reference}/").content.decode()

    assert "No one in this case has been offered a referral." in page
