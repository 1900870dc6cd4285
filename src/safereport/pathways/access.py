"""Who may do what in the pathways: a few small functions, each condition on its own line.

They answer yes or no; the actions and queries turn a no into `NotFoundError` wherever a yes
would reveal that a referral or report exists (STYLE.md 4). A support worker sees only what was
sent to their own organisation; the police see what concerns their own force's cases.
"""

from __future__ import annotations

from safereport.accounts.models import User
from safereport.accounts.roles import OrganisationKind, Role
from safereport.casework import access as casework_access
from safereport.casework.models import Party
from safereport.pathways.lifecycle import ReferralStatus
from safereport.pathways.models import PathwayConsent, Referral, ThirdPartyReport
from safereport.pathways.vocabulary import ConsentPurpose


def is_support_worker(user: User) -> bool:
    """An active support worker of a support organisation."""
    if not user.is_active:
        return False
    if user.role != Role.SUPPORT_WORKER:
        return False
    return user.organisation.kind == OrganisationKind.SUPPORT_ORGANISATION


def is_admin(user: User) -> bool:
    """An active administrator of the service (manages the directory)."""
    if not user.is_active:
        return False
    if user.role != Role.ADMIN:
        return False
    return user.organisation.kind == OrganisationKind.ADMINISTRATION


def may_receive_referral(user: User, referral: Referral) -> bool:
    """The receiving organisation's support workers, once the referral has been sent: before
    that the victim has not agreed to it reaching them."""
    if not is_support_worker(user):
        return False
    if referral.sent_at is None:
        return False
    return referral.entry.organisation_id == user.organisation_id


def may_refer(user: User, party: Party) -> bool:
    """Police of the force holding the party's case: they offer and send referrals."""
    return casework_access.may_work_on_case(user, party.case)


def may_see_referral(user: User, referral: Referral) -> bool:
    """The police of the case's force, or the organisation it was sent to."""
    return may_refer(user, referral.party) or may_receive_referral(user, referral)


def may_hold_report(user: User, report: ThirdPartyReport) -> bool:
    """The support workers of the organisation that made the report (they hold the identity)."""
    if not is_support_worker(user):
        return False
    return report.organisation_id == user.organisation_id


def may_record_report(user: User, report: ThirdPartyReport) -> bool:
    """Police of the force the report was sent to (they never see the identity through it)."""
    if not casework_access.is_police(user):
        return False
    return report.force_id == user.organisation_id


def supports_party(user: User, party: Party) -> bool:
    """The support workers of an organisation linked to the party: a referral sent to it that it
    has not declined and the victim has not withdrawn from, or a third-party report it made that
    the police have recorded as this party."""
    if not is_support_worker(user):
        return False
    referred = (
        Referral.objects.filter(
            party=party, entry__organisation_id=user.organisation_id, sent_at__isnull=False
        )
        .exclude(status__in=[ReferralStatus.DECLINED_BY_ORGANISATION, ReferralStatus.WITHDRAWN])
        .exists()
    )
    if referred:
        return True
    return ThirdPartyReport.objects.filter(
        party=party, organisation_id=user.organisation_id
    ).exists()


def may_withdraw_consent(user: User, consent: PathwayConsent) -> bool:
    """Whoever the victim may tell: the police of the case, or the organisation the consent
    concerns (the one referred to, or the one that reported for them)."""
    if may_refer(user, consent.party):
        return True
    if not is_support_worker(user):
        return False
    if consent.purpose == ConsentPurpose.SUPPORT_REFERRAL:
        return Referral.objects.filter(
            consent=consent, entry__organisation_id=user.organisation_id, sent_at__isnull=False
        ).exists()
    return ThirdPartyReport.objects.filter(
        party_id=consent.party_id, organisation_id=user.organisation_id
    ).exists()
