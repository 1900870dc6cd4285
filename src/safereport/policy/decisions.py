"""What the engine answers: a sharing Decision and a protocol check's GateResult."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from safereport.policy import explain
from safereport.policy.regimes import Rule
from safereport.policy.situations import GateSituation, SharingSituation
from safereport.policy.vocabulary import (
    Category,
    Duty,
    GateOutcome,
    Outcome,
    RegimeId,
    Verdict,
)


class Basis:
    """Why a category got its verdict: Cedar's three ways of answering, and, among prohibitions,
    those for want of the person's consent to that category (C3: a forbid policy annotated
    `@basis("not_consented")` determined it)."""

    PERMITTED_BY_RULE = "permitted_by_rule"
    FORBIDDEN_BY_RULE = "forbidden_by_rule"
    NOT_PERMITTED_BY_ANY_RULE = "not_permitted_by_any_rule"
    NOT_CONSENTED = "not_consented"


@dataclass(frozen=True, slots=True)
class CategoryVerdict:
    category: Category
    verdict: Verdict
    basis: str  # one of Basis
    rule_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Decision:
    """The answer to a proposed share: a verdict per category, the duties, and the rules why."""

    situation: SharingSituation
    regime: RegimeId
    regime_version: str
    outcome: Outcome
    categories: tuple[CategoryVerdict, ...]
    duties: tuple[Duty, ...]
    rules: tuple[Rule, ...]

    @property
    def explanation(self) -> str:
        return explain.sharing(self)

    @property
    def permitted(self) -> tuple[Category, ...]:
        return tuple(c.category for c in self.categories if c.verdict is Verdict.PERMITTED)

    @property
    def prohibited(self) -> tuple[Category, ...]:
        return tuple(c.category for c in self.categories if c.verdict is Verdict.PROHIBITED)

    @property
    def not_consented(self) -> tuple[Category, ...]:
        """The requested categories prohibited because the person has not consented to them."""
        return tuple(c.category for c in self.categories if c.basis == Basis.NOT_CONSENTED)

    def as_json(self) -> dict[str, Any]:
        return {
            "regime": self.regime.value,
            "regime_version": self.regime_version,
            "outcome": self.outcome.value,
            "categories": {c.category.value: c.verdict.value for c in self.categories},
            "category_basis": {
                c.category.value: {"basis": c.basis, "rules": list(c.rule_ids)}
                for c in self.categories
            },
            "duties": [d.value for d in self.duties],
            "rules": [rule.as_json() for rule in self.rules],
            "explanation": self.explanation,
        }


@dataclass(frozen=True, slots=True)
class GateResult:
    """The answer to a protocol check: may Immigration Enforcement take this action?"""

    situation: GateSituation
    regime: RegimeId
    regime_version: str
    outcome: GateOutcome
    duties: tuple[Duty, ...]
    rules: tuple[Rule, ...]

    @property
    def explanation(self) -> str:
        return explain.gate(self)

    @property
    def blocking_rules(self) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.effect == "forbid")

    def as_json(self) -> dict[str, Any]:
        return {
            "regime": self.regime.value,
            "regime_version": self.regime_version,
            "outcome": self.outcome.value,
            "duties": [d.value for d in self.duties],
            "rules": [rule.as_json() for rule in self.rules],
            "explanation": self.explanation,
        }
