"""Builders for pathways records, called visibly in each test. Every person is fictional and
every organisation made here is invented (`support-organisation-N`)."""

from __future__ import annotations

import itertools
from dataclasses import replace
from typing import Any

from safereport.accounts.models import Organisation, User
from safereport.accounts.roles import Role
from safereport.audit.events import Actor
from safereport.casework.models import Party
from safereport.pathways import actions
from safereport.pathways.directory import EntryDetails
from safereport.pathways.models import DirectoryEntry, Referral, ThirdPartyReport
from tests import builders
from tests.integration.casework import builders as cw

_numbers = itertools.count(1)
TEST_ACTOR = Actor.system("tests")


def details(**overrides: Any) -> EntryDetails:
    """An invented domestic abuse service working nationally in English and Spanish."""
    number = next(_numbers)
    values: dict[str, Any] = {
        "code": f"support-organisation-{number}",
        "name": f"Support Organisation {number}",
        "services": ["domestic_abuse"],
        "national": True,
        "languages": ["en", "es"],
        "communities": ["Latin American women"],
        "by_and_for": True,
    }
    values.update(overrides)
    return EntryDetails(**values)


def entry(**overrides: Any) -> DirectoryEntry:
    """A directory entry (and its support organisation), stored as the service itself."""
    return actions.store_directory_entries(actor=TEST_ACTOR, entries=[details(**overrides)])[0]


def support_worker(of: DirectoryEntry | Organisation) -> User:
    organisation = of.organisation if isinstance(of, DirectoryEntry) else of
    return builders.user(Role.SUPPORT_WORKER, organisation.code)


def admin() -> User:
    return builders.user(Role.ADMIN)


def police_party(**facts: Any) -> tuple[Party, User]:
    """A domestic abuse victim reported to a new force (which has no regime: referrals need
    none), with the officer who recorded it."""
    force = cw.force()
    officer = cw.officer(force)
    return cw.report(officer, **facts), officer


def accepted(
    party: Party, officer: User, to: DirectoryEntry, categories: tuple[str, ...] = ("identity",)
) -> Referral:
    """A referral offered and accepted with consent to `categories`."""
    referral = actions.offer_referral(actor=officer, party=party, organisation=to)
    return actions.record_referral_answer(
        actor=officer, referral=referral, answer="given", method="spoken", categories=categories
    )


def sent(
    party: Party, officer: User, to: DirectoryEntry, categories: tuple[str, ...] = ("identity",)
) -> Referral:
    """A referral offered, accepted and sent."""
    return actions.send_referral(actor=officer, referral=accepted(party, officer, to, categories))


def report(by: User, force: Organisation, **overrides: Any) -> ThirdPartyReport:
    """A third-party report of domestic abuse, with a fictional identity held by `by`'s
    organisation."""
    values: dict[str, Any] = {
        "force": force,
        "crime_type": "domestic_abuse",
        "pseudonym": "Client A",
        "role": "victim",
        "age_group": "adult",
        "immigration_status": "uncertain",
        "identity": cw.person(given_name="Rosa", family_name="Fictitious-Example"),
        "summary": "Controlling behaviour and threats by her partner.",
    }
    values.update(overrides)
    return actions.submit_third_party_report(actor=by, **values)


def variant(base: EntryDetails, **changes: Any) -> EntryDetails:
    return replace(base, **changes)
