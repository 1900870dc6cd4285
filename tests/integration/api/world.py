"""Builders for the API tests, called visibly in each test: users with tokens, and a police
force's case taken as far as a disclosure to Immigration Enforcement. Every person is fictional."""

from __future__ import annotations

from dataclasses import dataclass

from django.test import Client

from safereport.accounts.models import Organisation, User
from safereport.accounts.roles import Role
from safereport.accounts.tokens import create_token
from safereport.casework import actions
from safereport.casework.models import Party, SharingDecision
from safereport.pathways.models import DirectoryEntry, Referral, ThirdPartyReport
from safereport.policy.vocabulary import RegimeId
from tests import builders
from tests.integration.api.contract import Api
from tests.integration.casework import builders as cw
from tests.integration.pathways import builders as pw

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
    w = cw.world(regime=regime, support="receiving")
    force, officer, party = w.force, w.officer, w.party
    disclosed = actions.request_sharing_decision(
        actor=officer, party=party, purpose="safeguarding", categories=["identity"]
    )
    record = cw.share(officer, disclosed)
    assert record.protocol_reference is not None
    pending = actions.request_sharing_decision(
        actor=officer, party=party, purpose="investigation", categories=["offence"]
    )
    return ProtocolCase(force, officer, party, disclosed, record.protocol_reference, pending)


@dataclass(frozen=True)
class Pathways:
    """A support organisation linked to a case's party: a referral of the party sent to it, and
    a third-party report it made to the case's force (not yet recorded as a case)."""

    entry: DirectoryEntry
    worker: User
    referral: Referral
    report: ThirdPartyReport


def pathways(case: ProtocolCase) -> Pathways:
    entry = pw.entry()
    worker = pw.support_worker(entry)
    referral = pw.sent(case.party, case.officer, entry)
    return Pathways(entry, worker, referral, pw.report(worker, case.force))


def user_near(role: str, case: ProtocolCase, links: Pathways | None = None) -> User:
    """A user of `role` as close to the case as the role can be: police of its force,
    Immigration Enforcement's caseworker, a support worker of the organisation linked to it
    (given `links`), anyone else in their own organisation."""
    if role in POLICE_ROLES:
        return builders.user(role, case.force.code)
    if role == Role.IE_CASEWORKER:
        return builders.user(role, cw.immigration_enforcement().code)
    if role == Role.SUPPORT_WORKER and links is not None:
        return pw.support_worker(links.entry)
    return builders.user(role)
