"""Lookups by reference: found for those who may see them, the same NotFoundError otherwise."""

from __future__ import annotations

import pytest

from safereport.casework import actions, queries
from safereport.casework.errors import NotFoundError
from safereport.casework.models import DutyTask
from safereport.policy.vocabulary import RegimeId
from tests.integration.casework import builders as cw


@pytest.mark.django_db
def test_lookups_find_for_the_force_and_refuse_everyone_else_alike() -> None:
    w = cw.world(regime=RegimeId.HMICFRS_INTERIM)
    officer, party = w.officer, w.party
    decision = actions.request_sharing_decision(
        actor=officer, party=party, purpose="enforcement_referral", categories=["identity"]
    )
    task = DutyTask.objects.filter(party=party).first()
    assert task is not None
    lookups = [
        (queries.party_for, party.reference, party),
        (queries.decision_for, decision.reference, decision),
        (queries.task_for, task.reference, task),
    ]

    for lookup, reference, expected in lookups:
        assert lookup(officer, reference) == expected
        for outsider in (cw.officer(cw.force()), cw.ie_caseworker()):
            with pytest.raises(NotFoundError):
                lookup(outsider, reference)
        with pytest.raises(NotFoundError):
            lookup(officer, reference[:-1] + "x")


@pytest.mark.django_db
def test_the_review_queue_is_the_forces_dpos_alone() -> None:
    w = cw.world(regime=RegimeId.HMICFRS_INTERIM)
    police, dpo, officer, party = w.force, w.dpo, w.officer, w.party
    actions.request_sharing_decision(
        actor=officer, party=party, purpose="enforcement_referral", categories=["identity"]
    )
    cw.regime(police, RegimeId.MIGRANT_VICTIMS_PROTOCOL, by=dpo)
    actions.request_sharing_decision(
        actor=officer, party=party, purpose="enforcement_referral", categories=["identity"]
    )

    [item] = queries.review_queue(dpo)

    assert queries.review_item_for(dpo, item.reference) == item
    assert list(queries.review_queue(officer)) == []
    assert list(queries.review_queue(cw.dpo(cw.force()))) == []
    with pytest.raises(NotFoundError):
        queries.review_item_for(officer, item.reference)
    actions.mark_review_done(actor=dpo, item=item)
    assert list(queries.review_queue(dpo)) == []
