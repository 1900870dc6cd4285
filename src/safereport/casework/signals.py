"""What case work tells the rest of the service when a person's position may have changed: a
party recorded, its facts, consent or disclosures changed, or its force's regime. The notices
(`safereport.notices`, which sit above case work and so cannot be called from it) listen, and
issue a new version of the person's notice where the rules now say something different.

Sent inside the action's transaction, so a listener's records and audit events commit or roll
back with the change; `parties` are the parties concerned, `actor` the user who acted and
`reason` a word for why (`recorded`, `stage`, `support`, `nrm`, `status`, `details`, `consent`,
`nrm_consent`, `disclosure`, `regime`).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.dispatch import Signal

from safereport.accounts.models import User
from safereport.audit.events import Actor
from safereport.casework.models import Case, Party
from safereport.policy.vocabulary import Role

position_may_have_changed = Signal()


def tell(actor: User, reason: str, parties: Iterable[Party]) -> None:
    """Tell the listeners that these parties' position may have changed, and why."""
    concerned = [party for party in parties if party.role in NOTIFIED_ROLES]
    if concerned:
        position_may_have_changed.send(Party, parties=concerned, actor=actor, reason=reason)


def tell_case(actor: User, reason: str, case: Case) -> None:
    """As `tell`, for every party of the case."""
    tell(actor, reason, case.parties.select_related("case__force", "person"))


# Notices are for victims and witnesses (DOMAIN.md section 4, `give_notice`).
NOTIFIED_ROLES = frozenset({Role.VICTIM.value, Role.WITNESS.value})


# What case work tells the rest of the service when it erases what is held about parties (a
# person's valid request, or their case past its retention period): the pathways erase the
# referrals' contents and third-party reports, the notices their texts, in the same
# transaction. `actor` is the audit log's `Actor` (the service itself, for retention) and
# `basis` a word for why (`request`, `retention`).
parties_erased = Signal()


def tell_erased(actor: Actor, basis: str, parties: Iterable[Party]) -> None:
    """Tell the listeners that these parties' data has been erased, and why."""
    erased = list(parties)
    if erased:
        parties_erased.send(Party, parties=erased, actor=actor, basis=basis)
