"""Builders for the API tests, called visibly in each test: users with tokens, and a police
force's case taken as far as a disclosure to Immigration Enforcement. Every person is fictional."""

from __future__ import annotations

from dataclasses import dataclass

from django.test import Client

from safereport.accounts.models import Organisation, User
from safereport.accounts.roles import Role
from safereport.api.tokens import create_token
from safereport.casework import actions
from safereport.casework.models import Party, SharingDecision
from safereport.policy.vocabulary import RegimeId
from tests import builders
from tests.integration.api.contract import Api
from tests.integration.casework import builders as cw

POLICE_ROLES = (Role.POLICE_OFFICER, Role.POLICE_DPO)


def token(user: User) -> str:
    return create_token(actor=builders.TEST_ACTOR, user=user)


def api_as(client: Client, user: User) -> Api:
    """The API as this user, with a new token."""
    return Api(client, token(user))


@dataclass(frozen=True)
class ProtocolCase:
    """A victim of domestic abuse receiving support, in a force under the 2021 protocol: one
    decision disclosed (with a protocol protection), one not yet."""

    force: Organisation
    officer: User
    party: Party
    disclosed: SharingDecision
    protocol_reference: str
    pending: SharingDecision

    @property
    def case_reference(self) -> str:
        return self.party.case.reference


def protocol_case(regime: RegimeId = RegimeId.MIGRANT_VICTIMS_PROTOCOL) -> ProtocolCase:
    force = cw.force()
    cw.regime(force, regime)
    officer = cw.officer(force)
    cw.immigration_enforcement()
    party = cw.report(officer, support="receiving")
    disclosed = actions.request_sharing_decision(
        actor=officer, party=party, purpose="safeguarding", categories=["identity"]
    )
    record = actions.disclose(actor=officer, decision=disclosed)
    assert record.protocol_reference is not None
    pending = actions.request_sharing_decision(
        actor=officer, party=party, purpose="investigation", categories=["offence"]
    )
    return ProtocolCase(force, officer, party, disclosed, record.protocol_reference, pending)


def user_near(role: str, case: ProtocolCase) -> User:
    """A user of `role` as close to the case as the role can be: police of its force,
    Immigration Enforcement's caseworker, anyone else in their own organisation."""
    if role in POLICE_ROLES:
        return builders.user(role, case.force.code)
    if role == Role.IE_CASEWORKER:
        return builders.user(role, cw.immigration_enforcement().code)
    return builders.user(role)
