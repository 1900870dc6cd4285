"""Regimes compared over the same cases (issue 12, item 6; DOMAIN.md section 7), as oversight
publishes it: every recorded sharing decision of a scope replayed (`casework.replay`), as
tables with the disclosure control of every statistic."""

from __future__ import annotations

from typing import Any

from safereport.casework.models import SharingDecision
from safereport.casework.replay import Comparison, replay
from safereport.oversight.disclosure_control import Counts, Table, controlled
from safereport.oversight.statistics import Scope
from safereport.policy.regimes import REGIME_INFO
from safereport.policy.vocabulary import Outcome, RegimeId
from safereport.web.kit.forms import words

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
    return replay(scope.of(SharingDecision.objects.all(), "party__case__force"))
