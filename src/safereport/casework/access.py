"""Who may do what on the police side: a few small functions, each condition on its own line.

They answer yes or no; the actions turn a no into `NotFoundError` wherever a yes would reveal
that a case exists (STYLE.md 4).
"""

from __future__ import annotations

from safereport.accounts.models import Organisation, User
from safereport.accounts.roles import POLICE_ROLES, OrganisationKind, Role
from safereport.casework.models import Case


def is_police(user: User) -> bool:
    """An active officer or data protection officer of a police force."""
    if not user.is_active:
        return False
    if user.role not in POLICE_ROLES:
        return False
    return user.organisation.kind == OrganisationKind.POLICE_FORCE


def may_work_on_case(user: User, case: Case) -> bool:
    """Police of the force that holds the case, and nobody else (DOMAIN.md section 2)."""
    if not is_police(user):
        return False
    return user.organisation_id == case.force_id


def needs_reason_to_open(user: User, case: Case) -> bool:
    """A data protection officer opening a case that is not theirs must say why."""
    if user.role != Role.POLICE_DPO:
        return False
    return case.officer_in_charge_id != user.pk


def may_set_regime(user: User, force: Organisation) -> bool:
    """Only the force's own data protection officer sets its regime."""
    if not is_police(user):
        return False
    if user.role != Role.POLICE_DPO:
        return False
    return user.organisation_id == force.pk


def may_review(user: User, force: Organisation) -> bool:
    """The force's data protection officer works its review queue."""
    return may_set_regime(user, force)


def may_erase(user: User, force: Organisation) -> bool:
    """Only the force's data protection officer erases a person's data on a request."""
    return may_set_regime(user, force)


def may_take_charge(user: User, force: Organisation) -> bool:
    """Who can be a case's officer in charge: police of the case's force."""
    if not is_police(user):
        return False
    return user.organisation_id == force.pk
