"""Home pages show what needs doing (issue 13, item 4): the officer's open tasks on their cases
and the force's overdue referrals, the support worker's overdue first contacts, the DPO's review
queue and returns to make, IE's new disclosures; counts and links, nothing about anyone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from safereport.casework.models import DutyTask, ReviewItem
from safereport.pathways.models import Referral
from safereport.policy.vocabulary import RegimeId
from tests.integration.casework import builders as cw
from tests.integration.oversight.test_returns import a_year_ago
from tests.integration.pathways import builders as pw


@pytest.mark.django_db
def test_each_role_sees_what_is_waiting_for_it(client: Client) -> None:
    w = cw.world(regime=RegimeId.MIGRANT_VICTIMS_PROTOCOL, support="receiving")
    decision = cw.actions.request_sharing_decision(
        actor=w.officer, party=w.party, purpose="enforcement_referral", categories=["identity"]
    )
    cw.share(w.officer, decision)
    entry = pw.entry()
    referral = pw.sent(w.party, w.officer, entry)
    Referral.objects.filter(pk=referral.pk).update(
        first_contact_due_on=timezone.localdate() - timedelta(days=1)
    )
    tasks = DutyTask.objects.filter(case__officer_in_charge=w.officer, status="open").count()
    assert tasks > 0
    # One of them owed a week ago (more than 2 working days, whatever the day) and still open.
    late = DutyTask.objects.filter(case__officer_in_charge=w.officer, status="open").first()
    assert late is not None
    DutyTask.objects.filter(pk=late.pk).update(created_at=timezone.now() - timedelta(days=7))
    pages = {}
    for name, user in (
        ("officer", w.officer),
        ("support", pw.support_worker(entry)),
        ("ie", cw.ie_caseworker()),
        ("other officer", cw.officer(cw.force())),
    ):
        client.force_login(user)
        pages[name] = client.get("/").content.decode()

    assert (
        f"Open tasks on the cases assigned to you</a>: <strong>{tasks}</strong>" in pages["officer"]
    )
    assert "Referrals overdue for first contact</a>: <strong>1</strong>" in pages["officer"]
    assert "Cases assigned to you with overdue tasks</a>: <strong>1</strong>" in pages["officer"]
    assert "mine=yes&amp;overdue=yes" in pages["officer"]
    assert "First contacts overdue</a>: <strong>1</strong>" in pages["support"]
    assert "Disclosures received in the last 7 days</a>: <strong>1</strong>" in pages["ie"]
    assert "Nothing is waiting for you." in pages["other officer"]
    for html in pages.values():
        assert "Quispe" not in html


@pytest.mark.django_db
def test_a_dpo_sees_the_review_queue_and_the_returns_to_make(client: Client) -> None:
    w = cw.world(regime=RegimeId.MIGRANT_VICTIMS_PROTOCOL)
    assert w.dpo is not None
    decision = cw.actions.request_sharing_decision(
        actor=w.officer, party=w.party, purpose="status_check", categories=["identity"]
    )
    ReviewItem.objects.create(
        force=w.force, prohibited_decision=decision, permitting_decision=decision
    )
    a_year_ago(w.force)  # the force has used the service since last year: a return is due
    client.force_login(w.dpo)

    html = client.get("/").content.decode()

    assert "Decisions to review</a>: <strong>1</strong>" in html
    assert "Transparency returns to make</a>: <strong>1</strong>" in html
