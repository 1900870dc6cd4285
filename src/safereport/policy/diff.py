"""`policy diff A B`: which situations change outcome between two regimes, in readable groups.

Both regimes decide the same whole space (`space.py`); each change is grouped by its outcomes
and by the prohibiting or blocking rules that stop or start applying, and each group is
described by the values its situations take, dimension by dimension. This is what a data
protection officer reads before switching a force's regime.

The sharing space gives each consent to every category alike, with no NRM consent, and that
misses no change in what the diff compares. A category's verdict reads only that category's
consent, so a category whose verdict changes under some per-category consent changes under the
same consent given to every category, and the outcome (with the categories it lets through)
changes with it. And nothing compared can read the NRM consent: the schema gives it to the duties
alone, and the diff compares what may be shared and what is blocked, not the duties.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from safereport.policy.engine import decide, gate
from safereport.policy.regimes import REGIME_INFO, build, regime_text
from safereport.policy.situations import GateSituation, SharingSituation
from safereport.policy.space import (
    MemoEvaluator,
    gate_situations,
    in_processes,
    sharing_situations,
)
from safereport.policy.vocabulary import (
    AgeGroup,
    Consent,
    CrimeType,
    EnforcementAction,
    ImmigrationStatus,
    Nrm,
    Outcome,
    Purpose,
    RegimeId,
    Role,
    Stage,
    Support,
)

# (outcome, ids of the forbid rules that determined it) for each situation, in space order. A
# partly permitted outcome names its categories, so a change in what flows counts as a change.
Summary = tuple[str, frozenset[str]]

_PERSON_DIMENSIONS: dict[str, tuple[Any, ...]] = {
    "role": tuple(Role),
    "age group": tuple(AgeGroup),
    "immigration status": tuple(ImmigrationStatus),
    "suspected offending": (False, True),
    "crime": tuple(CrimeType),
    "stage": tuple(Stage),
    "support": tuple(Support),
    "NRM": tuple(Nrm),
}
SHARING_DIMENSIONS = {
    **_PERSON_DIMENSIONS,
    "purpose": tuple(Purpose),
    "consent to each category": tuple(Consent),
}
GATE_DIMENSIONS = {
    **_PERSON_DIMENSIONS,
    "action": tuple(EnforcementAction),
    "referred by police": (False, True),
}


def _sharing_values(s: SharingSituation) -> tuple[Any, ...]:
    p, c = s.person, s.case
    return (
        p.role, p.age_group, p.immigration_status, p.suspected_offending, s.crime.type,
        c.stage, c.support, c.nrm, s.request.purpose, s.uniform_consent,
    )  # fmt: skip


def _gate_values(s: GateSituation) -> tuple[Any, ...]:
    p, c = s.person, s.case
    return (
        p.role, p.age_group, p.immigration_status, p.suspected_offending, s.crime.type,
        c.stage, c.support, c.nrm, s.action, s.referred_by_police,
    )  # fmt: skip


def _summaries(regime_id: RegimeId, text: str) -> tuple[list[Summary], list[Summary]]:
    """Every situation's outcome under one regime (run in a worker process)."""
    regime = build(regime_id, text)
    evaluator = MemoEvaluator()
    sharing = []
    for situation in sharing_situations(regime_id):
        d = decide(situation, regime=regime, evaluator=evaluator)
        forbids = frozenset(r.id for r in d.rules if r.effect == "forbid")
        label = d.outcome.value
        if d.outcome is Outcome.PARTLY_PERMITTED:
            label += ": " + ", ".join(c.value for c in d.permitted)
        sharing.append((label, forbids))
    gates = []
    for gate_situation in gate_situations(regime_id):
        g = gate(gate_situation, regime=regime, evaluator=evaluator)
        gates.append((g.outcome.value, frozenset(r.id for r in g.blocking_rules)))
    return sharing, gates


@dataclass
class ChangeGroup:
    before: str
    after: str
    rules_stop: tuple[str, ...]
    rules_start: tuple[str, ...]
    count: int
    where: dict[str, list[str]]
    exact: bool  # the group is every situation with these values, not only some of them

    @property
    def statement(self) -> str:
        noun = "situation goes" if self.count == 1 else "situations go"
        text = f"{self.count:,} {noun} from {_words(self.before)} to {_words(self.after)}"
        reasons = [f"{', '.join(self.rules_stop)} no longer applies"] if self.rules_stop else []
        reasons += [f"{', '.join(self.rules_start)} now applies"] if self.rules_start else []
        if reasons:
            text += f" ({'; '.join(reasons)})"
        conditions = [f"{name} is {_either(values)}" for name, values in self.where.items()]
        scope = "all situations where" if self.exact else "some situations where"
        if conditions:
            text += f": {scope} " + "; ".join(conditions)
        return text + "."

    def as_json(self) -> dict[str, Any]:
        return {
            "from": self.before,
            "to": self.after,
            "count": self.count,
            "rules_stop": list(self.rules_stop),
            "rules_start": list(self.rules_start),
            "where": self.where,
            "exact": self.exact,
            "statement": self.statement,
        }


def _words(outcome: str) -> str:
    """Show "partly_permitted: identity, offence" as "partly permitted (identity, offence)"."""
    name, _, categories = outcome.partition(": ")
    return name.replace("_", " ") + (f" ({categories})" if categories else "")


def _either(values: list[str]) -> str:
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + " or " + values[-1]


@dataclass
class SpaceDiff:
    compared: int = 0
    changed: int = 0
    groups: list[ChangeGroup] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        groups = [g.as_json() for g in self.groups]
        return {"compared": self.compared, "changed": self.changed, "groups": groups}


@dataclass
class RegimeDiff:
    before: RegimeId
    after: RegimeId
    sharing: SpaceDiff
    gate: SpaceDiff
    seconds: float

    def as_json(self) -> dict[str, Any]:
        return {
            "from": self.before.value,
            "to": self.after.value,
            "sharing": self.sharing.as_json(),
            "gate": self.gate.as_json(),
        }

    def as_text(self) -> str:
        lines = [
            f"From {self.before.value} ({REGIME_INFO[self.before].title}) "
            f"to {self.after.value} ({REGIME_INFO[self.after].title}).",
        ]
        for title, part in (("Sharing decisions", self.sharing), ("Protocol checks", self.gate)):
            lines.append("")
            lines.append(
                f"{title}: {part.compared:,} situations compared, {part.changed:,} change outcome."
            )
            lines.extend(f"- {group.statement}" for group in part.groups)
        return "\n".join(lines)


def diff(before: RegimeId, after: RegimeId, workers: int | None = None) -> RegimeDiff:
    started = time.perf_counter()
    before, after = RegimeId(before), RegimeId(after)
    texts = {before: regime_text(before), after: regime_text(after)}
    if before == after:
        texts = {before: texts[before]}
    results = in_processes(_summaries, texts, workers)
    old, new = results[0], results[-1]
    sharing = _compare(
        old[0], new[0], (_sharing_values(s) for s in sharing_situations(before)), SHARING_DIMENSIONS
    )
    gates = _compare(
        old[1], new[1], (_gate_values(s) for s in gate_situations(before)), GATE_DIMENSIONS
    )
    return RegimeDiff(before, after, sharing, gates, time.perf_counter() - started)


def _compare(
    old: list[Summary],
    new: list[Summary],
    values: Iterator[tuple[Any, ...]],
    dimensions: dict[str, tuple[Any, ...]],
) -> SpaceDiff:
    result = SpaceDiff()
    grouped: dict[tuple[str, str, tuple[str, ...], tuple[str, ...]], list[set[Any]]] = {}
    counts: dict[tuple[str, str, tuple[str, ...], tuple[str, ...]], int] = defaultdict(int)
    for (was, was_rules), (now, now_rules), situation in zip(old, new, values, strict=True):
        result.compared += 1
        if was == now:
            continue
        result.changed += 1
        key = (was, now, tuple(sorted(was_rules - now_rules)), tuple(sorted(now_rules - was_rules)))
        seen = grouped.setdefault(key, [set() for _ in dimensions])
        for found, value in zip(seen, situation, strict=True):
            found.add(value)
        counts[key] += 1
    for key, seen in grouped.items():
        where: dict[str, list[str]] = {}
        for (name, domain), found in zip(dimensions.items(), seen, strict=True):
            if len(found) < len(domain):
                where[name] = [_shown(v) for v in domain if v in found]
        exact = math.prod(len(found) for found in seen) == counts[key]
        result.groups.append(ChangeGroup(*key, counts[key], where, exact))
    result.groups.sort(key=lambda g: (-g.count, g.before, g.after))
    return result


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value.value)
