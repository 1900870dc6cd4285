"""The life of a referral as a table: which status may follow which, and who moves it on.
Framework-free: the statuses are a plain enumeration, and the models take their choices from it.

    offered ──> accepted ──> sent ──> acknowledged ──> first_contact_made
       │           │           │            ├────────> unable_to_contact
       │           │           │            └────────> declined_by_organisation
       │           │           └──────────────────────> declined_by_organisation
       └─> declined_by_victim
    offered, accepted, sent, acknowledged ──> withdrawn (the victim withdrew consent)
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum


class ReferralStatus(StrEnum):
    """The life of a referral (issue 5, item 3); `TRANSITIONS` says which step may follow which."""

    OFFERED = "offered"
    ACCEPTED = "accepted"
    DECLINED_BY_VICTIM = "declined_by_victim"
    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"
    FIRST_CONTACT_MADE = "first_contact_made"
    UNABLE_TO_CONTACT = "unable_to_contact"
    DECLINED_BY_ORGANISATION = "declined_by_organisation"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        """The status as a page shows it."""
        return LABELS[self]


S = ReferralStatus
LABELS: Mapping[S, str] = {
    S.OFFERED: "Offered to the victim",
    S.ACCEPTED: "Accepted by the victim",
    S.DECLINED_BY_VICTIM: "Declined by the victim",
    S.SENT: "Sent to the organisation",
    S.ACKNOWLEDGED: "Acknowledged by the organisation",
    S.FIRST_CONTACT_MADE: "First contact made",
    S.UNABLE_TO_CONTACT: "Unable to contact",
    S.DECLINED_BY_ORGANISATION: "Declined by the organisation",
    S.WITHDRAWN: "Consent withdrawn",
}

TRANSITIONS: Mapping[S, frozenset[S]] = {
    S.OFFERED: frozenset({S.ACCEPTED, S.DECLINED_BY_VICTIM, S.WITHDRAWN}),
    S.ACCEPTED: frozenset({S.SENT, S.WITHDRAWN}),
    S.SENT: frozenset({S.ACKNOWLEDGED, S.DECLINED_BY_ORGANISATION, S.WITHDRAWN}),
    S.ACKNOWLEDGED: frozenset(
        {S.FIRST_CONTACT_MADE, S.UNABLE_TO_CONTACT, S.DECLINED_BY_ORGANISATION, S.WITHDRAWN}
    ),
    S.DECLINED_BY_VICTIM: frozenset(),
    S.FIRST_CONTACT_MADE: frozenset(),
    S.UNABLE_TO_CONTACT: frozenset(),
    S.DECLINED_BY_ORGANISATION: frozenset(),
    S.WITHDRAWN: frozenset(),
}


def reachable(start: S, avoiding: S | None = None) -> frozenset[S]:
    """The statuses a referral in `start` can come to (itself included), not passing `avoiding`."""
    found, waiting = {start}, [start]
    while waiting:
        for following in TRANSITIONS[waiting.pop()]:
            if following not in found and following != avoiding:
                found.add(following)
                waiting.append(following)
    return frozenset(found)


# The statuses a referral can hold only once the victim has accepted it: the statistics read
# "accepted" from the status, and look at the steps only for a referral withdrawn, which may or
# may not have been accepted first.
ONLY_AFTER_ACCEPTANCE = reachable(S.ACCEPTED) - reachable(S.OFFERED, avoiding=S.ACCEPTED)

# Referrals the organisation has received and must still act on: first contact is owed.
AWAITING_CONTACT = frozenset({S.SENT, S.ACKNOWLEDGED})
# Referrals still under way: a second one to the same organisation would duplicate them.
UNDER_WAY = frozenset({S.OFFERED, S.ACCEPTED, *AWAITING_CONTACT})


def may_move(current: S | str, to: S | str) -> bool:
    """Whether a referral in `current` may move to `to`."""
    return S(to) in TRANSITIONS[S(current)]


def is_final(status: S | str) -> bool:
    """Nothing can follow this status."""
    return not TRANSITIONS[S(status)]
