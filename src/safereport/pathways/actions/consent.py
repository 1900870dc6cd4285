"""Withdrawing a pathways consent: the record stays, with when and by whom; nothing more is
shared on it from then on."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from safereport.accounts.models import User
from safereport.audit.events import Actor, record
from safereport.audit.names import AuditAction
from safereport.casework.actions.common import withdraw
from safereport.pathways import access
from safereport.pathways.actions.common import move
from safereport.pathways.errors import NotFoundError
from safereport.pathways.lifecycle import TRANSITIONS, ReferralStatus
from safereport.pathways.models import PathwayConsent, Referral
from safereport.pathways.vocabulary import ConsentPurpose


@transaction.atomic
def withdraw_consent(*, actor: User, consent: PathwayConsent | str) -> PathwayConsent:
    """Record that the person withdrew a pathways consent (the record, or its reference).

    For a referral, the organisation's copy of what was sent is erased and a referral still under
    way becomes `withdrawn`: the service shares nothing more on it. For an identity already
    revealed, the police keep what they were told, but nothing further is revealed.
    """
    match = Q(reference=consent) if isinstance(consent, str) else Q(pk=consent.pk)
    found = (
        PathwayConsent.objects.select_for_update(of=("self",))
        .select_related("party__case__force", "recipient")
        .filter(match)
        .first()
    )
    if found is None or not access.may_withdraw_consent(actor, found):
        raise NotFoundError
    withdraw(found, actor)
    affected = []
    if found.purpose == ConsentPurpose.SUPPORT_REFERRAL:
        affected = _stop_referrals(actor, found)
    record(
        Actor.for_user(actor),
        AuditAction.PATHWAYS_CONSENT_WITHDRAWN,
        subjects=[found.reference, found.party.reference, f"org:{found.recipient.code}", *affected],
        details={"purpose": found.purpose},
    )
    return found


def _stop_referrals(actor: User, consent: PathwayConsent) -> list[str]:
    """Erase what the referrals on this consent carry; end those still under way."""
    referrals = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("entry__organisation", "party__case")
        .filter(consent=consent)
    )
    references = []
    for referral in referrals:
        referral.content = {}
        referral.save(update_fields=["content", "updated_at"])
        if ReferralStatus.WITHDRAWN in TRANSITIONS[ReferralStatus(referral.status)]:
            move(referral, ReferralStatus.WITHDRAWN, actor=actor)
        references.append(referral.reference)
    return references
