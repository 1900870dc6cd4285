"""Recorded sharing decisions decided again (issue 12, item 6): each from the situation stored
with it, under the regime *version* it was made under (the shipped text if current, else the text
kept for that version, `RegimeText`), where it must come out as recorded (its outcome, each
category's verdict, its duties), and under each regime as shipped now: the outcomes, the
disclosures actually made that would have been prohibited (a disclosed category not permitted),
and, for the disclosures that registered a protocol protection, whether a protection would have
held (IE's check on an arrest blocked, as if referred by police) from the facts recorded at the
decision. A decision whose version's text was never kept is counted as not replayable, never
guessed.

The database groups the decisions by what a replay reads (the situation, the version, what was
recorded, what was disclosed), so each distinct situation is decided once per regime however
many decisions share it; `decide()` and `gate()` also remember recent answers. Oversight
publishes this for inspectors (`oversight.comparison`); the regime change page shows it for the
force's open cases.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet

from safereport.casework.models import SharingDecision
from safereport.casework.regimes import regime_of_version
from safereport.policy import GateSituation, decide, gate, regimes
from safereport.policy.situations import parse_sharing
from safereport.policy.vocabulary import (
    EnforcementAction,
    GateOutcome,
    Outcome,
    RegimeId,
    Verdict,
)


@dataclass
class Comparison:
    decisions: int = 0
    replayed: int = 0  # replayed under their own version (its text kept)
    replayed_as_recorded: int = 0
    not_replayable: int = 0  # recorded under a version whose text was never kept
    by_regime: dict[RegimeId, Counter[Outcome]] = field(
        default_factory=lambda: {regime: Counter() for regime in RegimeId}
    )
    disclosures: int = 0
    disclosures_prohibited_under: Counter[RegimeId] = field(default_factory=Counter)
    protections: int = 0
    protections_held_under: Counter[RegimeId] = field(default_factory=Counter)

    @property
    def replayed_differently(self) -> int:
        return self.replayed - self.replayed_as_recorded

    def as_json(self) -> dict[str, Any]:
        return {
            "decisions": self.decisions,
            "replayed": self.replayed,
            "replayed_as_recorded": self.replayed_as_recorded,
            "not_replayable": self.not_replayable,
            "by_regime": {
                regime.value: {
                    outcome.value: self.by_regime[regime][outcome] for outcome in Outcome
                }
                for regime in RegimeId
            },
            "disclosures": self.disclosures,
            "disclosures_prohibited_under": {
                regime.value: self.disclosures_prohibited_under[regime] for regime in RegimeId
            },
            "protections": self.protections,
            "protections_held_under": {
                regime.value: self.protections_held_under[regime] for regime in RegimeId
            },
        }


def replay(decisions: QuerySet[SharingDecision]) -> Comparison:
    """Every one of `decisions` replayed under its own version and under every regime."""
    groups = (
        decisions.order_by()
        .annotate(
            protected=ExpressionWrapper(
                Q(disclosure__protocol_reference__isnull=False), output_field=BooleanField()
            )
        )
        .values(
            "situation",
            "regime",
            "regime_version",
            "outcome",
            "decision__categories",
            "decision__duties",
            "disclosure__categories",
            "protected",
        )
        .annotate(n=Count("pk"))
    )
    found = Comparison()
    for group in groups:
        _replay(found, group)
    return found


def _replay(found: Comparison, group: Mapping[str, Any]) -> None:
    n = group["n"]
    found.decisions += n
    situation = parse_sharing(group["situation"])
    recorded_under = RegimeId(group["regime"])
    own = regime_of_version(recorded_under, group["regime_version"])
    if own is None:
        found.not_replayable += n
    else:
        # The shipped version's answers are remembered; an earlier version's are asked afresh.
        shipped = own is regimes.load(recorded_under)
        again = decide(situation) if shipped else decide(situation, regime=own)
        found.replayed += n
        if _as_recorded(again.as_json(), group):
            found.replayed_as_recorded += n
    disclosed = group["disclosure__categories"]
    if disclosed is not None:
        found.disclosures += n
    if group["protected"]:
        found.protections += n
    for regime in RegimeId:
        answer = decide(replace(situation, regime=regime))
        found.by_regime[regime][answer.outcome] += n
        if disclosed is not None:
            verdicts = {c.category.value: c.verdict for c in answer.categories}
            if any(verdicts.get(category) is not Verdict.PERMITTED for category in disclosed):
                found.disclosures_prohibited_under[regime] += n
        if group["protected"]:
            check = gate(
                GateSituation(
                    regime=regime,
                    person=situation.person,
                    crime=situation.crime,
                    case=situation.case,
                    action=EnforcementAction.ARREST,
                    referred_by_police=True,
                )
            )
            if check.outcome is GateOutcome.BLOCKED:
                found.protections_held_under[regime] += n


def _as_recorded(replayed: Mapping[str, Any], recorded: Mapping[str, Any]) -> bool:
    """Whether a replay says what the decision said: outcome, each category's verdict, duties."""
    return bool(
        replayed["outcome"] == recorded["outcome"]
        and replayed["categories"] == recorded["decision__categories"]
        and replayed["duties"] == recorded["decision__duties"]
    )
