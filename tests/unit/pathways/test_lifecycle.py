"""The life of a referral: exactly the moves of the issue, and nothing after an ending."""

from __future__ import annotations

import pytest

from safereport.pathways.lifecycle import (
    ONLY_AFTER_ACCEPTANCE,
    TRANSITIONS,
    is_final,
    may_move,
    reachable,
)
from safereport.pathways.vocabulary import ReferralStatus as S

ALLOWED = {
    (S.OFFERED, S.ACCEPTED),
    (S.OFFERED, S.DECLINED_BY_VICTIM),
    (S.OFFERED, S.WITHDRAWN),
    (S.ACCEPTED, S.SENT),
    (S.ACCEPTED, S.WITHDRAWN),
    (S.SENT, S.ACKNOWLEDGED),
    (S.SENT, S.DECLINED_BY_ORGANISATION),
    (S.SENT, S.WITHDRAWN),
    (S.ACKNOWLEDGED, S.FIRST_CONTACT_MADE),
    (S.ACKNOWLEDGED, S.UNABLE_TO_CONTACT),
    (S.ACKNOWLEDGED, S.DECLINED_BY_ORGANISATION),
    (S.ACKNOWLEDGED, S.WITHDRAWN),
}
PAIRS = [(a, b) for a in S for b in S]


@pytest.mark.parametrize(("current", "to"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_only_the_moves_of_the_life_are_allowed(current: S, to: S) -> None:
    assert may_move(current, to) == ((current, to) in ALLOWED)


def test_every_status_has_a_row() -> None:
    assert set(TRANSITIONS) == set(S)


def test_the_endings_are_final_and_every_other_status_can_move() -> None:
    endings = {
        S.DECLINED_BY_VICTIM,
        S.FIRST_CONTACT_MADE,
        S.UNABLE_TO_CONTACT,
        S.DECLINED_BY_ORGANISATION,
        S.WITHDRAWN,
    }
    assert {status for status in S if is_final(status)} == endings


def test_every_status_is_reachable_from_the_offer() -> None:
    reached, frontier = {S.OFFERED}, [S.OFFERED]
    while frontier:
        for following in TRANSITIONS[frontier.pop()]:
            if following not in reached:
                reached.add(following)
                frontier.append(following)
    assert reached == set(S)


def test_the_statuses_held_only_after_acceptance_are_those_the_statistics_read_as_accepted() -> (
    None
):
    """A withdrawn referral may or may not have been accepted first; a declined one never was;
    every status from `accepted` on, but withdrawn, says it was."""
    assert {
        S.ACCEPTED,
        S.SENT,
        S.ACKNOWLEDGED,
        S.FIRST_CONTACT_MADE,
        S.UNABLE_TO_CONTACT,
        S.DECLINED_BY_ORGANISATION,
    } == ONLY_AFTER_ACCEPTANCE
    assert S.WITHDRAWN in reachable(S.OFFERED, avoiding=S.ACCEPTED)
    assert S.DECLINED_BY_VICTIM not in reachable(S.ACCEPTED)
