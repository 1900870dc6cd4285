"""Access: the small functions, exhaustively over roles, forces and active flags; and opening a
case, whose refusals never reveal whether the case exists."""

from __future__ import annotations

import itertools

import pytest

from safereport.accounts.models import Organisation, User
from safereport.accounts.roles import ROLE_ORGANISATION_KIND, OrganisationKind, Role
from safereport.casework import access, actions
from safereport.casework.errors import CaseworkError, NotFoundError, ReasonRequiredError
from safereport.casework.models import Case
from safereport.casework.vocabulary import OpenReason
from tests import builders
from tests.integration.casework import builders as cw

POLICE = {Role.POLICE_OFFICER, Role.POLICE_DPO}


def organisation(pk: int, kind: str) -> Organisation:
    """An unsaved organisation with an id: the access functions only compare ids and kinds."""
    return Organisation(pk=pk, code=f"org-{pk}", name=f"Org {pk}", kind=kind)


def person_of(role: str, organisation: Organisation, *, pk: int, active: bool = True) -> User:
    return User(pk=pk, username=f"u{pk}", role=role, organisation=organisation, is_active=active)


FORCE = organisation(1, OrganisationKind.POLICE_FORCE)
OTHER_FORCE = organisation(2, OrganisationKind.POLICE_FORCE)


def home_of(role: str, same_force: bool) -> Organisation:
    """The organisation a user of this role belongs to: the case's force, another force, or an
    organisation of the role's own kind."""
    kind = ROLE_ORGANISATION_KIND[role]
    if kind != OrganisationKind.POLICE_FORCE:
        return organisation(9, kind)
    return FORCE if same_force else OTHER_FORCE


def case_in(force: Organisation, in_charge: User) -> Case:
    return Case(force=force, officer_in_charge=in_charge, crime_type="other")


CASES = list(itertools.product(Role.values, (True, False), (True, False)))


@pytest.mark.parametrize(("role", "same_force", "active"), CASES)
def test_may_work_on_case(role: str, same_force: bool, active: bool) -> None:
    user = person_of(role, home_of(role, same_force), pk=10, active=active)
    case = case_in(FORCE, person_of(Role.POLICE_OFFICER, FORCE, pk=11))

    expected = role in POLICE and same_force and active
    assert access.may_work_on_case(user, case) is expected


@pytest.mark.parametrize(("role", "same_force", "active"), CASES)
def test_may_set_regime_and_review(role: str, same_force: bool, active: bool) -> None:
    user = person_of(role, home_of(role, same_force), pk=10, active=active)

    expected = role == Role.POLICE_DPO and same_force and active
    assert access.may_set_regime(user, FORCE) is expected
    assert access.may_review(user, FORCE) is expected


@pytest.mark.parametrize(("role", "same_force", "active"), CASES)
def test_may_take_charge(role: str, same_force: bool, active: bool) -> None:
    user = person_of(role, home_of(role, same_force), pk=10, active=active)

    assert access.may_take_charge(user, FORCE) is (role in POLICE and same_force and active)


def test_a_police_role_in_an_organisation_that_is_not_a_force_is_not_police() -> None:
    # The account rules forbid this; access does not rely on them.
    misfiled = person_of(Role.POLICE_OFFICER, organisation(3, "support_organisation"), pk=10)

    assert not access.is_police(misfiled)


@pytest.mark.parametrize(
    ("role", "in_charge", "needs_reason"),
    [
        (Role.POLICE_OFFICER, True, False),
        (Role.POLICE_OFFICER, False, False),
        (Role.POLICE_DPO, True, False),
        (Role.POLICE_DPO, False, True),
    ],
)
def test_needs_reason_to_open(role: str, in_charge: bool, needs_reason: bool) -> None:
    user = person_of(role, FORCE, pk=10)
    someone_else = person_of(Role.POLICE_OFFICER, FORCE, pk=11)
    case = case_in(FORCE, user if in_charge else someone_else)

    assert access.needs_reason_to_open(user, case) is needs_reason


@pytest.mark.django_db
def test_an_officer_opens_their_forces_cases_and_each_opening_is_recorded() -> None:
    police = cw.force()
    recorder = cw.officer(police)
    colleague = cw.officer(police)
    case = cw.report(recorder).case

    assert actions.open_case(actor=recorder, reference=case.reference) == case
    assert actions.open_case(actor=colleague, reference=case.reference) == case

    opened = cw.events("casework:case:opened")
    assert [e["actor"]["id"] for e in opened] == [recorder.pseudonym, colleague.pseudonym]
    assert [e["details"] for e in opened] == [
        {"reason": None, "in_charge": True},
        {"reason": None, "in_charge": False},
    ]
    assert opened[0]["subjects"] == [case.reference, f"org:{police.code}"]


@pytest.mark.django_db
def test_a_dpo_gives_a_reason_to_open_a_case_not_assigned_to_them() -> None:
    police = cw.force()
    dpo = cw.dpo(police)
    case = cw.report(cw.officer(police)).case

    with pytest.raises(ReasonRequiredError) as refused:
        actions.open_case(actor=dpo, reference=case.reference)
    assert refused.value.code == "reason_required"
    with pytest.raises(CaseworkError) as unknown:
        actions.open_case(actor=dpo, reference=case.reference, reason="nosiness")
    assert "reason" in unknown.value.fields
    opened = actions.open_case(actor=dpo, reference=case.reference, reason=OpenReason.COMPLAINT)

    assert opened == case
    [event] = cw.events("casework:case:opened")
    assert event["details"] == {"reason": "complaint", "in_charge": False}


@pytest.mark.django_db
def test_a_dpo_in_charge_of_a_case_needs_no_reason() -> None:
    police = cw.force()
    dpo = cw.dpo(police)
    case = cw.report(dpo).case

    assert actions.open_case(actor=dpo, reference=case.reference) == case


@pytest.mark.django_db
def test_refusals_do_not_reveal_whether_a_case_exists() -> None:
    police = cw.force()
    case = cw.report(cw.officer(police)).case
    missing = "case_" + "0" * 32
    outsiders = [
        cw.officer(cw.force()),
        cw.dpo(cw.force()),
        cw.ie_caseworker(),
        builders.user(Role.SUPPORT_WORKER),
        builders.user(Role.INSPECTOR),
        builders.user(Role.ADMIN),
    ]
    inactive = cw.officer(police)
    inactive.is_active = False
    inactive.save()

    answers = []
    for user in [*outsiders, inactive]:
        for reference in (case.reference, missing):
            with pytest.raises(NotFoundError) as refused:
                actions.open_case(actor=user, reference=reference)
            answers.append(refused.value.as_json())

    assert all(answer == answers[0] for answer in answers)
    assert answers[0]["error"]["code"] == "not_found"
    assert cw.events("casework:case:opened") == []
    refusals = cw.events("casework:case_opening:refused")
    assert len(refusals) == 2 * len([*outsiders, inactive])


@pytest.mark.django_db
def test_a_refused_opening_does_not_echo_what_was_typed_unless_it_is_a_reference() -> None:
    stranger = cw.officer(cw.force())

    with pytest.raises(NotFoundError):
        actions.open_case(actor=stranger, reference="Ana Quispe Mamani")

    [event] = cw.events("casework:case_opening:refused")
    assert event["subjects"] == []
