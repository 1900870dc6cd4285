"""The life of a referral as a table: which status may follow which, and who moves it on.
Framework-free apart from the status words themselves.

    offered ──> accepted ──> sent ──> acknowledged ──> first_contact_made
       │           │           │            ├────────> unable_to_contact
       │           │           │            └────────> declined_by_organisation
       │           │           └──────────────────────> declined_by_organisation
       └─> declined_by_victim
    offered, accepted, sent, acknowledged ──> withdrawn (the victim withdrew consent)
"""

from __future__ import annotations

from collections.abc import Mapping

from safereport.pathways.vocabulary import ReferralStatus as S

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
