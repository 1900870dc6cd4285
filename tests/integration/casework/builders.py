"""Builders for case-work records, called visibly in each test. Every person is fictional."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from safereport.accounts.models import Organisation, User
from safereport.accounts.roles import OrganisationKind, Role
from safereport.audit.models import Leaf
from safereport.casework import actions
from safereport.casework.actions import PartyFacts, PersonDetails
from safereport.casework.models import DisclosureRecord, ForceRegime, Party, SharingDecision
from safereport.casework.regimes import regime_on
from safereport.casework.vocabulary import LawfulBasis, ReportingRoute
from safereport.policy.diff import RegimeDiff, SpaceDiff
from safereport.policy.vocabulary import (
    AgeGroup,
    CrimeType,
    ImmigrationStatus,
    Nrm,
    RegimeId,
    Support,
)
from safereport.policy.vocabulary import (
    Role as PartyRole,
)
from tests import builders

IE_CODE = "immigration-enforcement"


def force() -> Organisation:
    """A new police force."""
    return builders.organisation(OrganisationKind.POLICE_FORCE)


def immigration_enforcement() -> Organisation:
    """The one Immigration Enforcement organisation (created on first use)."""
    found = Organisation.objects.filter(code=IE_CODE).first()
    return found or builders.organisation(
        OrganisationKind.IMMIGRATION_ENFORCEMENT, code=IE_CODE, name="Immigration Enforcement"
    )


def officer(of: Organisation) -> User:
    return builders.user(Role.POLICE_OFFICER, of.code)


def dpo(of: Organisation) -> User:
    return builders.user(Role.POLICE_DPO, of.code)


def ie_caseworker() -> User:
    return builders.user(Role.IE_CASEWORKER, immigration_enforcement().code)


def shown_diff(before: RegimeId, after: RegimeId) -> RegimeDiff:
    """A stand-in for `policy diff` (the real one takes about 10 s): counts only."""
    return RegimeDiff(before, after, SpaceDiff(97_200, 1_234), SpaceDiff(64_800, 567), seconds=0.0)


def regime(of: Organisation, regime_id: RegimeId, by: User | None = None) -> ForceRegime:
    """Put the force under `regime_id` from today, through the DPO's action."""
    by = by or dpo(of)
    previous = regime_on(of)
    shown = shown_diff(RegimeId(previous.regime), regime_id) if previous else None
    return actions.set_force_regime(actor=by, regime=regime_id, shown_diff=shown)


def person(**overrides: Any) -> PersonDetails:
    """Fictional details; override any field."""
    values: dict[str, Any] = {
        "given_name": "Ana",
        "family_name": "Quispe Mamani",
        "date_of_birth": date(1990, 4, 12),
        "nationality": "Bolivian",
        "phone": "07700 900123",
        "email": "ana.quispe@example.org",
        "address": "12 Example Street, London E1 6AN",
        "preferred_language": "es",
        "interpreter_needed": True,
        "safe_contact_instructions": "Text only, weekday mornings",
    }
    values.update(overrides)
    return PersonDetails(**values)


def facts(**overrides: Any) -> PartyFacts:
    """A victim of domestic abuse whose status is uncertain (override any fact)."""
    values: dict[str, Any] = {
        "role": PartyRole.VICTIM,
        "age_group": AgeGroup.ADULT,
        "immigration_status": ImmigrationStatus.UNCERTAIN,
        "suspected_offending": False,
        "support": Support.NONE,
        "nrm": Nrm.NONE,
    }
    values.update(overrides)
    return PartyFacts(**values)


def report(
    by: User,
    *,
    crime_type: CrimeType = CrimeType.DOMESTIC_ABUSE,
    anonymous: bool = False,
    details: PersonDetails | None = None,
    **fact_overrides: Any,
) -> Party:
    """Record a report through the action: a case with one party."""
    return actions.record_report(
        actor=by,
        crime_type=crime_type,
        reporting_route=ReportingRoute.THIRD_PARTY if anonymous else ReportingRoute.DIRECT,
        reported_on=timezone.localdate(),
        occurred_on=date(2026, 1, 3),
        summary="Assaulted at home by her partner on 3 January.",
        person=None if anonymous else (details or person()),
        party=facts(**fact_overrides),
    )


@dataclass(frozen=True)
class World:
    """A police force, its DPO and one of its officers, a report the officer recorded (its one
    party), and Immigration Enforcement, ready to receive disclosures."""

    force: Organisation
    dpo: User | None  # the DPO who set the regime; None when the force has none yet
    officer: User
    party: Party
    ie: Organisation


def world(*, regime: RegimeId | None, **report_options: Any) -> World:
    """The usual start of a case-work test: a force under `regime` (None: no regime yet), an
    officer, a report (`report_options` as for `report`) and Immigration Enforcement."""
    police = force()
    setter = None
    if regime is not None:
        setter = dpo(police)
        actions.set_force_regime(actor=setter, regime=regime)  # a new force: nothing to compare
    recorder = officer(police)
    ie = immigration_enforcement()
    return World(police, setter, recorder, report(recorder, **report_options), ie)


def share(
    by: User, decision: SharingDecision, categories: Sequence[str] | None = None
) -> DisclosureRecord:
    """Share `categories` of a decision (all it permits when not given) on the law enforcement
    basis, through the action, as an officer confirming on the check page does."""
    return actions.disclose(
        actor=by,
        decision=decision,
        categories=decision.permitted if categories is None else categories,
        lawful_basis=LawfulBasis.LAW_ENFORCEMENT,
        justification="Needed for the purpose of the decision (a test).",
    )


def events(action: str | None = None) -> list[dict[str, Any]]:
    """The audit log's events in order, optionally only those of one action."""
    found = [json.loads(bytes(leaf.data)) for leaf in Leaf.objects.order_by("index")]
    return [e for e in found if action is None or e["action"] == action]
