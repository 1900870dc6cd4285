"""Every situation of the vocabulary, and an evaluator that asks Cedar each distinct question once.

The sharing space is every person, crime, case state, purpose and consent with all six
categories requested (each category is its own Cedar request, so its verdict does not depend on
which others are asked for); the gate space is every person, crime, case state, action and
referral. That is 97,200 sharing and 64,800 gate situations per regime.
"""

from __future__ import annotations

import itertools
import json
import multiprocessing
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

from safereport.policy.engine import Answer, CedarEvaluator, Question
from safereport.policy.regimes import Regime
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
    EnforcementAction,
    ImmigrationStatus,
    Nrm,
    Purpose,
    RegimeId,
    Role,
    Stage,
    Support,
)

ALL_CATEGORIES = tuple(Category)
T = TypeVar("T")


def in_processes(
    work: Callable[[RegimeId, str], T], texts: Mapping[RegimeId, str], workers: int | None
) -> list[T]:
    """Run `work(regime, text)` for each regime, in parallel processes, results in order.

    Regimes travel as text because a parsed policy set cannot cross a process boundary.
    `workers=1` runs in this process (for profiling and debugging).
    """
    count = min(workers or os.cpu_count() or 1, len(texts))
    if count <= 1:
        return [work(regime, text) for regime, text in texts.items()]
    # spawn, not fork: a forked child would inherit any threads of the parent in a broken state.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
        return list(pool.map(work, texts.keys(), texts.values()))


def people() -> Iterator[Person]:
    for role, age, status, offending in itertools.product(
        Role, AgeGroup, ImmigrationStatus, (False, True)
    ):
        yield Person(role, age, status, offending)


def case_states() -> Iterator[CaseState]:
    for stage, support, nrm in itertools.product(Stage, Support, Nrm):
        yield CaseState(stage, support, nrm)


def sharing_situations(regime: RegimeId) -> Iterator[SharingSituation]:
    crimes = [Crime(t) for t in CrimeType]
    requests = [ShareRequest(p, ALL_CATEGORIES) for p in Purpose]
    for person, crime, case, request, consent in itertools.product(
        people(), crimes, list(case_states()), requests, Consent
    ):
        yield SharingSituation(regime, person, crime, case, request, consent)


def gate_situations(regime: RegimeId) -> Iterator[GateSituation]:
    crimes = [Crime(t) for t in CrimeType]
    for person, crime, case, action, referred in itertools.product(
        people(), crimes, list(case_states()), EnforcementAction, (False, True)
    ):
        yield GateSituation(regime, person, crime, case, action, referred)


def _read(context: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = context
    for name in path:
        value = value[name]
    if isinstance(value, dict):
        return value["__entity"]["id"] if "__entity" in value else json.dumps(value)
    return value


class MemoEvaluator(CedarEvaluator):
    """Asks Cedar once per distinct question: the action, the resource, and the values of the
    context attributes that the action's policies read (`Regime.context_paths`). Sound because
    a Cedar answer depends on nothing else; `tests/unit/policy/test_space.py` checks it against
    direct evaluation."""

    def __init__(self) -> None:
        # One cache per parsed regime: the same question can have another answer elsewhere.
        self._known_by_regime: dict[Regime, dict[tuple[Any, ...], Answer]] = {}
        self.cedar_requests = 0

    def answer(
        self,
        regime: Regime,
        contexts: Sequence[dict[str, Any]],
        questions: Sequence[Question],
    ) -> list[Answer]:
        known = self._known_by_regime.setdefault(regime, {})
        reads: dict[tuple[str, int], Any] = {}
        keys = []
        for q in questions:
            read = (q.action, q.context)
            if read not in reads:
                reads[read] = self._projection(regime, contexts[q.context], q.action)
            keys.append((q.action, q.resource_id, reads[read]))
        missing = [i for i, key in enumerate(keys) if key not in known]
        if missing:
            fresh = super().answer(regime, contexts, [questions[i] for i in missing])
            self.cedar_requests += len(missing)
            for i, found in zip(missing, fresh, strict=True):
                known[keys[i]] = found
        return [known[key] for key in keys]

    @staticmethod
    def _projection(regime: Regime, context: dict[str, Any], action: str) -> Any:
        paths = regime.context_paths.get(action, ())
        if paths is None:
            return json.dumps(context, sort_keys=True)
        return tuple(_read(context, path) for path in paths)
