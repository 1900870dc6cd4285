"""Support status (issue 5, item 6): a support organisation records the support it gives a
victim it was referred or reported for; the party's support changes with it, and with it any
protocol protection, so protection starts and ends as support does."""

from __future__ import annotations

from django.db import transaction

from safereport.accounts.models import User
from safereport.audit.events import Actor, record
from safereport.audit.names import AuditAction
from safereport.casework.actions import change_party_support
from safereport.casework.models import Party
from safereport.errors import vouched
from safereport.pathways import access
from safereport.pathways.actions.common import party_for_update
from safereport.pathways.errors import AlreadyDoneError, Problems
from safereport.pathways.models import SupportStatus
from safereport.policy.vocabulary import Support


@transaction.atomic
def record_support_status(
    *,
    actor: User,
    party: Party | str,
    support: Support | str,
    advice_on_stay_given: bool = False,
) -> SupportStatus:
    """Record that the actor's organisation offers (`offered`) or gives (`receiving`) the person
    support and advice, or no longer does (`none`), and whether advice on regularising their stay
    has been given. The case's party and its protections change at once."""
    party = party_for_update(actor, party, access.supports_party)
    problems = Problems()
    word = problems.word(Support, support, "support")
    if not isinstance(advice_on_stay_given, bool):
        problems.add("advice_on_stay_given", "must be true or false")
    if advice_on_stay_given and word == Support.NONE:
        problems.add("advice_on_stay_given", "cannot be recorded with no support")
    problems.raise_if_any()
    chosen = vouched(word)
    latest = SupportStatus.objects.filter(party=party, organisation=actor.organisation).first()
    if (
        latest is not None
        and latest.support == chosen.value
        and latest.advice_on_stay_given == advice_on_stay_given
    ):
        raise AlreadyDoneError("This support status is already recorded.", {"support": "unchanged"})
    status = SupportStatus.objects.create(
        party=party,
        organisation=actor.organisation,
        support=chosen.value,
        advice_on_stay_given=advice_on_stay_given,
        recorded_by=actor,
    )
    change_party_support(actor=actor, party=party, support=chosen, allowed=access.supports_party)
    record(
        Actor.for_user(actor),
        AuditAction.PATHWAYS_SUPPORT_STATUS_RECORDED,
        subjects=[status.reference, party.reference, f"org:{actor.organisation.code}"],
        details={
            "support": status.support,
            "advice_on_stay_given": advice_on_stay_given,
        },
    )
    return status
