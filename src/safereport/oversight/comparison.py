"""Regimes compared over the same cases (issue 12, item 6; DOMAIN.md section 7): every recorded
sharing decision replayed under every regime from the situation stored with it.

- Under its own regime *version* (the shipped text if current, else the text kept for that
  version, `casework.RegimeText`), every decision must come out as recorded: its outcome, each
  category's verdict and its duties. The count that did is shown beside the count replayed;
  a decision whose version's text was never kept is counted as not replayable, never guessed.
- Under each regime as shipped now: the outcomes; the disclosures actually made that would have
  been prohibited (a disclosed category not permitted); and, for the disclosures that registered
  a protocol protection, whether a protection would have held (IE's check on an arrest blocked,
  as if referred by police) from the facts recorded at the decision.

The database groups the decisions by what a replay reads (the situation, the version, what was
recorded, what was disclosed), so each distinct situation is decided once per regime however
many decisions share it; `decide()` and `gate()` also remember recent answers.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import BooleanField, Count, ExpressionWrapper, Q

from safereport.casework.models import SharingDecision
from safereport.casework.regimes import regime_of_version
from safereport.oversight.disclosure_control import Counts, Table, controlled
from safereport.oversight.statistics import Scope
from safereport.policy import GateSituation, decide, gate, regimes
from safereport.policy.regimes import REGIME_INFO
from safereport.policy.situations import parse_sharing
from safereport.policy.vocabulary import (
    EnforcementAction,
    GateOutcome,
    Outcome,
    RegimeId,
    Verdict,
)
from safereport.web.kit.forms import words


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


AS_RECORDED, DIFFERENTLY, NOT_REPLAYABLE = "As recorded", "Differently", "Not replayable"
PROHIBITED, PERMITTED = "Would have been prohibited", "Would have been permitted"
HELD, NOT_HELD = "Would have held", "Would not have held"


def tables(found: Comparison) -> list[Counts]:
    """The comparison as tables, for the page and the command line (disclosure control is
    applied to them as to every statistic: `published`)."""
    titles = {regime: REGIME_INFO[regime].title for regime in RegimeId}
    return [
        Counts.of(
            "replay",
            "Decisions replayed under the regime version they were made under",
            [AS_RECORDED, DIFFERENTLY, NOT_REPLAYABLE],
            {
                "Decisions": {
                    AS_RECORDED: found.replayed_as_recorded,
                    DIFFERENTLY: found.replayed_differently,
                    NOT_REPLAYABLE: found.not_replayable,
                }
            },
        ),
        Counts.of(
            "by_regime",
            "Every decision decided again under each regime, by outcome (each row counts every "
            "decision once)",
            [words(outcome.value) for outcome in Outcome],
            {
                titles[regime]: {
                    words(outcome.value): found.by_regime[regime][outcome] for outcome in Outcome
                }
                for regime in RegimeId
            },
        ),
        Counts.of(
            "disclosures_under",
            "Disclosures made, and whether each regime would have prohibited them (each row "
            "counts every disclosure once)",
            [PROHIBITED, PERMITTED],
            {
                titles[regime]: {
                    PROHIBITED: found.disclosures_prohibited_under[regime],
                    PERMITTED: found.disclosures - found.disclosures_prohibited_under[regime],
                }
                for regime in RegimeId
            },
        ),
        Counts.of(
            "protections_under",
            "Protocol protections registered, and whether one would have held under each regime "
            "(an arrest blocked, from the facts at the decision)",
            [HELD, NOT_HELD],
            {
                titles[regime]: {
                    HELD: found.protections_held_under[regime],
                    NOT_HELD: found.protections - found.protections_held_under[regime],
                }
                for regime in RegimeId
            },
        ),
    ]


def published(scope: Scope) -> list[Table]:
    """The comparison's tables for the scope, with disclosure control below national level."""
    return [controlled(t, national=scope.national) for t in tables(compare(scope))]


def published_json(scope: Scope) -> dict[str, Any]:
    """`{"decisions", "replayed_as_recorded", "by_regime": {regime: {outcome: count}},
    "disclosures_prohibited_under": {regime: count}, ...}`, each count as published for the
    scope (`[c]` below national level where small)."""
    replay, by_regime, disclosed, protected = published(scope)
    _, (recorded, differently, unreplayable), decisions = replay.rows[0]
    ids = {REGIME_INFO[regime].title: regime.value for regime in RegimeId}
    outcomes = [outcome.value for outcome in Outcome]
    return {
        "scope": scope.force.code if scope.force else "national",
        "decisions": decisions,
        "replayed_as_recorded": recorded,
        "replayed_differently": differently,
        "not_replayable": unreplayable,
        "by_regime": {
            ids[label]: dict(zip(outcomes, cells, strict=True))
            for label, cells, _ in by_regime.rows
        },
        "disclosures": disclosed.rows[0][2],
        "disclosures_prohibited_under": {
            ids[label]: cells[0] for label, cells, _ in disclosed.rows
        },
        "protections": protected.rows[0][2],
        "protections_held_under": {ids[label]: cells[0] for label, cells, _ in protected.rows},
    }


def compare(scope: Scope) -> Comparison:
    """Every decision of the scope replayed under its own version and under every regime."""
    decisions = scope.of(SharingDecision.objects.all(), "party__case__force")
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


def _replay(found: Comparison, group: dict[str, Any]) -> None:
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


def _as_recorded(replayed: dict[str, Any], recorded: dict[str, Any]) -> bool:
    """Whether a replay says what the decision said: outcome, each category's verdict, duties."""
    return bool(
        replayed["outcome"] == recorded["outcome"]
        and replayed["categories"] == recorded["decision__categories"]
        and replayed["duties"] == recorded["decision__duties"]
    )
