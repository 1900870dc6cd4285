"""A person's position (DOMAIN.md section 6): what the rules of the force's regime say about them
now, asked every question a notice answers. For each of the five purposes, which of the six
categories may and may not be shared (`decide()` asked with every category); for each
Immigration Enforcement action, whether it would be blocked if IE held their data from the
police (`gate()` with `referred_by_police`); the disclosures actually made and the protections
registered (given, never read here); the duties owed; and the rules that determined each
answer, with their statements.

A pure function of frozen inputs, so it is testable in microseconds and remembered: the same
situation always has the same position, and its digest says whether a notice must be issued
again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache
from typing import Any

import rfc8785

from safereport.policy.decisions import Decision, GateResult
from safereport.policy.engine import DIRECT, Evaluator, decide, gate
from safereport.policy.regimes import Rule, load
from safereport.policy.situations import (
    CaseState,
    Crime,
    GateSituation,
    Person,
    ShareRequest,
    SharingSituation,
)
from safereport.policy.vocabulary import (
    AgeGroup,
    Category,
    Consent,
    CrimeType,
    Duty,
    EnforcementAction,
    GateOutcome,
    ImmigrationStatus,
    Nrm,
    Purpose,
    RegimeId,
    Role,
    Stage,
    Support,
    Verdict,
)

ALL_CATEGORIES = tuple(Category)

# Consent per purpose, each per category; a purpose or category missing is `none`.
ConsentByPurpose = Mapping[Purpose, Mapping[Category, Consent]]


@dataclass(frozen=True, slots=True)
class Disclosed:
    """A disclosure made to Immigration Enforcement: what for, which categories, when. Never the
    values: a notice says what was shared, not what it said."""

    purpose: Purpose
    categories: tuple[Category, ...]
    on: date


@dataclass(frozen=True, slots=True)
class Protected:
    """A protocol protection registered with Immigration Enforcement, and whether it is lifted
    (IE's protocol check then answers from the facts at that moment)."""

    regime: RegimeId
    registered_on: date
    active: bool


@dataclass(frozen=True, slots=True)
class PersonSituation:
    """Everything the rules read about a person, without a request: the position asks its own."""

    regime: RegimeId
    person: Person
    crime: Crime
    case: CaseState
    # Per purpose, per category, as a tuple so the situation is hashable (and remembered).
    consent: tuple[tuple[Purpose, tuple[tuple[Category, Consent], ...]], ...] = ()

    @staticmethod
    def consent_of(
        consent: ConsentByPurpose,
    ) -> tuple[tuple[Purpose, tuple[tuple[Category, Consent], ...]], ...]:
        """Consent as a `PersonSituation` holds it: every purpose and category, in order."""
        return tuple(
            (
                purpose,
                tuple(
                    (category, consent.get(purpose, {}).get(category, Consent.NONE))
                    for category in Category
                ),
            )
            for purpose in Purpose
        )


def situation_json(
    situation: PersonSituation,
    disclosures: Iterable[Disclosed] = (),
    protections: Iterable[Protected] = (),
) -> dict[str, Any]:
    """Everything a position is computed from, as plain data (no personal data: the rules'
    vocabulary and dates), so that a stored notice can be written again in another language."""
    return {
        "regime": situation.regime.value,
        "person": {
            "role": situation.person.role.value,
            "age_group": situation.person.age_group.value,
            "immigration_status": situation.person.immigration_status.value,
            "suspected_offending": situation.person.suspected_offending,
        },
        "crime": {"type": situation.crime.type.value},
        "case": {
            "stage": situation.case.stage.value,
            "support": situation.case.support.value,
            "nrm": situation.case.nrm.value,
            "nrm_consent": situation.case.nrm_consent.value,
        },
        "consent": {
            purpose.value: {c.value: consent.value for c, consent in by_category}
            for purpose, by_category in situation.consent
        },
        "disclosures": [
            {
                "purpose": d.purpose.value,
                "categories": [c.value for c in d.categories],
                "on": str(d.on),
            }
            for d in disclosures
        ],
        "protections": [
            {"regime": p.regime.value, "registered_on": str(p.registered_on), "active": p.active}
            for p in protections
        ],
    }


def position_from_json(data: Mapping[str, Any]) -> Position:
    """The position of a stored `situation_json` (under the shipped policies as they are now)."""
    person, case = data["person"], data["case"]
    situation = PersonSituation(
        regime=RegimeId(data["regime"]),
        person=Person(
            Role(person["role"]),
            AgeGroup(person["age_group"]),
            ImmigrationStatus(person["immigration_status"]),
            bool(person["suspected_offending"]),
        ),
        crime=Crime(CrimeType(data["crime"]["type"])),
        case=CaseState(
            Stage(case["stage"]),
            Support(case["support"]),
            Nrm(case["nrm"]),
            Consent(case["nrm_consent"]),
        ),
        consent=PersonSituation.consent_of(
            {
                Purpose(purpose): {Category(c): Consent(v) for c, v in by_category.items()}
                for purpose, by_category in data["consent"].items()
            }
        ),
    )
    return position(
        situation,
        [
            Disclosed(
                Purpose(d["purpose"]),
                tuple(Category(c) for c in d["categories"]),
                date.fromisoformat(d["on"]),
            )
            for d in data["disclosures"]
        ],
        [
            Protected(
                RegimeId(p["regime"]), date.fromisoformat(p["registered_on"]), bool(p["active"])
            )
            for p in data["protections"]
        ],
    )


@dataclass(frozen=True)
class Position:
    """The answers for one person, in the vocabulary's order, with the rules that gave them."""

    regime: RegimeId
    regime_version: str
    sharing: Mapping[Purpose, Mapping[Category, Verdict]]
    protection: Mapping[EnforcementAction, GateOutcome]
    disclosures: tuple[Disclosed, ...]
    protections: tuple[Protected, ...]
    duties: tuple[Duty, ...]
    rules: tuple[Rule, ...]
    decisions: Mapping[Purpose, Decision] = field(repr=False, compare=False)
    checks: Mapping[EnforcementAction, GateResult] = field(repr=False, compare=False)

    @property
    def never_shared(self) -> tuple[Category, ...]:
        """The categories no purpose may share (without the person asking and agreeing)."""
        return tuple(
            c
            for c in Category
            if all(
                self.sharing[p][c] is Verdict.PROHIBITED
                for p in Purpose
                if p is not Purpose.VICTIM_REQUEST
            )
        )

    @property
    def blocked(self) -> tuple[EnforcementAction, ...]:
        """The actions Immigration Enforcement may not take."""
        return tuple(a for a, outcome in self.protection.items() if outcome is GateOutcome.BLOCKED)

    def as_json(self) -> dict[str, Any]:
        """The position as plain data: what a notice version stores, and hashes."""
        return {
            "regime": self.regime.value,
            "regime_version": self.regime_version,
            "sharing": {
                p.value: {c.value: v.value for c, v in verdicts.items()}
                for p, verdicts in self.sharing.items()
            },
            "protection": {a.value: o.value for a, o in self.protection.items()},
            "disclosures": [
                {
                    "purpose": d.purpose.value,
                    "categories": [c.value for c in d.categories],
                    "on": d.on.isoformat(),
                }
                for d in self.disclosures
            ],
            "protections": [
                {
                    "regime": p.regime.value,
                    "registered_on": p.registered_on.isoformat(),
                    "active": p.active,
                }
                for p in self.protections
            ],
            "duties": [d.value for d in self.duties],
            "rules": [rule.id for rule in self.rules],
        }

    @cached_property
    def digest(self) -> str:
        """SHA-256 of the position's canonical JSON (RFC 8785): equal positions, equal digests,
        so a change that alters nothing issues no new notice. Worked out once: a position never
        changes, and canonical JSON in Python costs a third of a millisecond."""
        return hashlib.sha256(rfc8785.dumps(self.as_json())).hexdigest()


def position(
    situation: PersonSituation,
    disclosures: Iterable[Disclosed] = (),
    protections: Iterable[Protected] = (),
    *,
    evaluator: Evaluator | None = None,
) -> Position:
    """The person's position under `situation.regime`: see the module's docstring. `evaluator`
    asks Cedar in another way (the exhaustive check's memoising one, in sweeps over many
    situations); by default the shipped regimes' answers, remembered."""
    answers = _answers(situation) if evaluator is None else _asked(situation, evaluator)
    decisions, checks = answers
    disclosed = tuple(sorted(disclosures, key=lambda d: (d.on, d.purpose.value)))
    protected = tuple(sorted(protections, key=lambda p: p.registered_on))
    results: list[Decision | GateResult] = [*decisions.values(), *checks.values()]
    duties = _ordered_duties(duty for result in results for duty in result.duties)
    rules = {rule.id: rule for result in results for rule in result.rules}
    return Position(
        regime=situation.regime,
        regime_version=load(situation.regime).version,
        sharing={
            purpose: {v.category: v.verdict for v in decision.categories}
            for purpose, decision in decisions.items()
        },
        protection={action: check.outcome for action, check in checks.items()},
        disclosures=disclosed,
        protections=protected,
        duties=duties,
        rules=tuple(rules[rule_id] for rule_id in sorted(rules)),
        decisions=decisions,
        checks=checks,
    )


# A position asks Cedar 10 questions of about 11 requests each; a person's facts change rarely,
# and many people share the same facts.
@lru_cache(maxsize=1024)
def _answers(
    situation: PersonSituation,
) -> tuple[dict[Purpose, Decision], dict[EnforcementAction, GateResult]]:
    return _asked(situation, DIRECT)


def _asked(
    situation: PersonSituation, evaluator: Evaluator
) -> tuple[dict[Purpose, Decision], dict[EnforcementAction, GateResult]]:
    # The shipped regime, unless another evaluator is given: then Cedar is asked through it.
    regime = None if evaluator is DIRECT else load(situation.regime)
    consent = {purpose: dict(by_category) for purpose, by_category in situation.consent}
    decisions = {
        purpose: decide(
            SharingSituation(
                situation.regime,
                situation.person,
                situation.crime,
                situation.case,
                ShareRequest(purpose, ALL_CATEGORIES),
                consent.get(purpose, {}),
            ),
            regime=regime,
            evaluator=evaluator,
        )
        for purpose in Purpose
    }
    checks = {
        action: gate(
            GateSituation(
                situation.regime,
                situation.person,
                situation.crime,
                situation.case,
                action,
                referred_by_police=True,
            ),
            regime=regime,
            evaluator=evaluator,
        )
        for action in EnforcementAction
    }
    return decisions, checks


def _ordered_duties(duties: Iterable[Duty]) -> tuple[Duty, ...]:
    found = set(duties)
    return tuple(d for d in Duty if d in found)
