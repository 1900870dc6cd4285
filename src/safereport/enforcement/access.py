"""Who may use the Immigration Enforcement side: small functions, each condition on its own line."""

from __future__ import annotations

from safereport.accounts.models import Organisation, User
from safereport.accounts.roles import OrganisationKind, Role


def is_ie_caseworker(user: User) -> bool:
    """An active Immigration Enforcement caseworker of an Immigration Enforcement organisation."""
    if not user.is_active:
        return False
    if user.role != Role.IE_CASEWORKER:
        return False
    return user.organisation.kind == OrganisationKind.IMMIGRATION_ENFORCEMENT


def may_read_for(user: User, recipient: Organisation) -> bool:
    """Whether the user may read what was addressed to `recipient` (their own organisation)."""
    if not is_ie_caseworker(user):
        return False
    return user.organisation_id == recipient.pk
