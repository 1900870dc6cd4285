"""Who may use the Immigration Enforcement side, exhaustively over roles, organisations and the
active flag (unsaved records: the functions compare ids, roles and kinds only)."""

from __future__ import annotations

import itertools

import pytest

from safereport.accounts.models import Organisation, User
from safereport.accounts.roles import ROLE_ORGANISATION_KIND, OrganisationKind, Role
from safereport.enforcement import access

IE = Organisation(pk=1, code="ie", name="IE", kind=OrganisationKind.IMMIGRATION_ENFORCEMENT)
OTHER_IE = Organisation(
    pk=2, code="ie-2", name="IE 2", kind=OrganisationKind.IMMIGRATION_ENFORCEMENT
)


def user(role: str, same_organisation: bool, active: bool) -> User:
    kind = ROLE_ORGANISATION_KIND[role]
    if kind == OrganisationKind.IMMIGRATION_ENFORCEMENT:
        home = IE if same_organisation else OTHER_IE
    else:
        home = Organisation(pk=9, code="other", name="Other", kind=kind)
    return User(pk=10, username="u", role=role, organisation=home, is_active=active)


@pytest.mark.parametrize(
    ("role", "same_organisation", "active"),
    list(itertools.product(Role.values, (True, False), (True, False))),
)
def test_only_active_caseworkers_read_what_was_addressed_to_their_organisation(
    role: str, same_organisation: bool, active: bool
) -> None:
    someone = user(role, same_organisation, active)
    is_caseworker = role == Role.IE_CASEWORKER and active

    assert access.is_ie_caseworker(someone) is is_caseworker
    assert access.may_read_for(someone, IE) is (is_caseworker and same_organisation)


def test_a_caseworker_role_outside_an_ie_organisation_is_not_a_caseworker() -> None:
    police = Organisation(pk=3, code="force", name="Force", kind=OrganisationKind.POLICE_FORCE)
    misfiled = User(pk=10, username="u", role=Role.IE_CASEWORKER, organisation=police)

    assert not access.is_ie_caseworker(misfiled)
