"""Every situation of the vocabulary, and an evaluator that asks Cedar each distinct question once.

A *frame* is a person, a crime, a case state and a purpose, with all six categories requested
(each category is its own Cedar request, so its verdict does not depend on which others are asked
for): 32,400 frames. Consent is per category and the NRM consent is a fact of its own, and
crossing every frame with every per-category consent (3 ** 6) and every NRM consent would be
70 million decisions a regime. What makes that unnecessary is how the engine asks (`engine.py`),
which holds for any policy text that validates against the schema:

- a category's request carries only that category's consent and no NRM consent, so a category's
  verdict is a function of the frame, the category and its own consent;
- a duty's request carries the NRM consent and no consent to share, so a duty's answer is a
  function of the frame and the NRM consent; and
- the rest of a decision (its outcome, the duties that `@follows` lets through, the rules) reads
  the categories only through the set of their verdicts.

So `sharing_decisions` decides, for each frame, every category under every consent (each consent
given to every category alike, paired with each NRM consent in turn) and then every set of
verdicts the categories can reach together under every NRM consent. That is exhaustive: any
per-category consent and NRM consent gives a decision whose every category verdict, and whose
set of verdicts with its NRM consent, was decided. An invariant about one category may read that
category's consent; an invariant about the whole decision must read no consent to share.

`sharing_situations` is the plainer space `policy diff` compares: every frame under each consent
given to every category alike, the NRM consent none (see `diff.py` for why that suffices). The gate
space is every person, crime, case state, action and referral: 64,800 a regime (a protocol check's
context carries no NRM consent, so it is none there).
"""

from __future__ import annotations

import itertools
import json
import multiprocessing
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from typing import Any, TypeVar, cast

from safereport.policy.decisions import CategoryVerdict, Decision
from safereport.policy.engine import Answer, CedarEvaluator, Evaluator, Question, decide
from safereport.policy.regimes import Paths, Regime
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


SHARING_SPACE = (
    "every person, crime, case state and purpose with all six categories requested: every "
    "category under every consent, and every set of verdicts the categories reach together, "
    "each under every NRM consent"
)
GATE_SPACE = "every person, crime, case state, action and referral"


def frames() -> Iterator[tuple[Person, Crime, CaseState, ShareRequest]]:
    """Every person, crime, case state (NRM consent none) and purpose, all categories asked."""
    crimes = [Crime(t) for t in CrimeType]
    requests = [ShareRequest(p, ALL_CATEGORIES) for p in Purpose]
    yield from itertools.product(people(), crimes, list(case_states()), requests)


def sharing_situations(regime: RegimeId) -> Iterator[SharingSituation]:
    """Every frame under each consent given to every category alike: 97,200 a regime."""
    for (person, crime, case, request), consent in itertools.product(frames(), Consent):
        yield SharingSituation(regime, person, crime, case, request, consent)


def sharing_decisions(regime: Regime, evaluator: Evaluator) -> Iterator[Decision]:
    """The decisions of the exhaustive sharing space (the module's docstring says why it is)."""
    for frame in frames():
        yield from frame_decisions(regime, evaluator, frame)


def frame_decisions(
    regime: Regime, evaluator: Evaluator, frame: tuple[Person, Crime, CaseState, ShareRequest]
) -> Iterator[Decision]:
    """One frame's decisions: under each consent alike, then each other reachable set of the
    categories' verdicts, every one under every NRM consent."""
    person, crime, case, request = frame
    cases = {nrm_consent: replace(case, nrm_consent=nrm_consent) for nrm_consent in Consent}

    def decided(consent: Any, nrm_consent: Consent) -> Decision:
        situation = SharingSituation(regime.id, person, crime, cases[nrm_consent], request, consent)
        return decide(situation, regime=regime, evaluator=evaluator)

    # Every category under every consent, which also brings each NRM consent once.
    alike = [decided(consent, consent) for consent in Consent]
    yield from alike
    decided_pairs = {(_verdict_set(d), d.situation.case.nrm_consent) for d in alike}
    for verdicts, consents in _reachable(alike).items():
        for nrm_consent in Consent:
            if (verdicts, nrm_consent) not in decided_pairs:
                yield decided(dict(zip(ALL_CATEGORIES, consents, strict=True)), nrm_consent)


_VerdictKey = tuple[Any, ...]


def _key(verdict: CategoryVerdict) -> _VerdictKey:
    """A verdict less its category: what the rest of a decision reads of it."""
    return (verdict.verdict, verdict.basis, verdict.rule_ids)


def _verdict_set(decision: Decision) -> frozenset[_VerdictKey]:
    return frozenset(_key(v) for v in decision.categories)


def _reachable(alike: Sequence[Decision]) -> dict[frozenset[_VerdictKey], tuple[Consent, ...]]:
    """Each set of verdicts the categories can reach together, with a consent per category that
    reaches it, from the frame decided under each consent alike (a category's verdict is the
    same under its consent whatever the others')."""
    if all(d.categories == alike[0].categories for d in alike):
        # Most frames: no category's verdict depends on its consent, so there is one set.
        return {_verdict_set(alike[0]): tuple(c for _, c in alike[0].situation.consent)}
    options: list[dict[_VerdictKey, Consent]] = [{} for _ in ALL_CATEGORIES]
    for decision in alike:
        consent = decision.situation.consent_for(ALL_CATEGORIES[0])
        for found, verdict in zip(options, decision.categories, strict=True):
            found.setdefault(_key(verdict), consent)
    reachable: dict[frozenset[_VerdictKey], tuple[Consent, ...]] = {frozenset(): ()}
    for found in options:
        grown: dict[frozenset[_VerdictKey], tuple[Consent, ...]] = {}
        for verdicts, consents in reachable.items():
            for key, consent in found.items():
                grown.setdefault(verdicts | {key}, (*consents, consent))
        reachable = grown
    return reachable


def gate_situations(regime: RegimeId) -> Iterator[GateSituation]:
    crimes = [Crime(t) for t in CrimeType]
    for person, crime, case, action, referred in itertools.product(
        people(), crimes, list(case_states()), EnforcementAction, (False, True)
    ):
        yield GateSituation(regime, person, crime, case, action, referred)


class MemoEvaluator(CedarEvaluator):
    """Asks Cedar once per distinct question: the action, the resource, and the values of the
    context attributes that the policies able to answer it read (`Regime.paths_for`: those of
    its action scoped to that resource or to any). Sound because a Cedar answer depends on
    nothing else; `tests/unit/policy/test_properties.py` checks it against direct evaluation.

    Looked up in two steps, for speed: first by what any of the action's policies read
    (`Regime.context_paths`, one projection for all of a context's questions of an action), and
    only when that misses by what the question's own policies read, before asking Cedar."""

    def __init__(self) -> None:
        # One cache per parsed regime: the same question can have another answer elsewhere.
        # By (action, what its policies read), the answers by resource; and by the question
        # and what its own policies read, each answer.
        self._known_by_regime: dict[Regime, dict[tuple[str, Any], dict[str, Answer]]] = {}
        self._exact_by_regime: dict[Regime, dict[tuple[str, str, str, Any], Answer]] = {}
        self.cedar_requests = 0

    def answer(
        self,
        regime: Regime,
        contexts: Sequence[dict[str, Any]],
        questions: Sequence[Question],
    ) -> list[Answer]:
        known = self._known_by_regime.setdefault(regime, {})
        tables: dict[tuple[str, int], dict[str, Answer]] = {}
        found: list[Answer | None] = []
        unknown = []
        for q in questions:
            read = (q.action, q.context)
            table = tables.get(read)
            if table is None:
                paths = regime.context_paths.get(q.action, ())
                projection = _projection(contexts[q.context], paths)
                table = tables[read] = known.setdefault((q.action, projection), {})
            answer = table.get(q.resource_id)
            if answer is None:
                unknown.append(len(found))
            found.append(answer)
        if unknown:
            for i, answer in zip(
                unknown, self._exactly(regime, contexts, questions, unknown), strict=True
            ):
                q = questions[i]
                tables[(q.action, q.context)][q.resource_id] = found[i] = answer
        return cast(list[Answer], found)  # every None was filled in above

    def _exactly(
        self,
        regime: Regime,
        contexts: Sequence[dict[str, Any]],
        questions: Sequence[Question],
        unknown: list[int],
    ) -> list[Answer]:
        """The answers to `questions[i]` for each i of `unknown`, by what each question's own
        policies read, asking Cedar those not yet known."""
        exact = self._exact_by_regime.setdefault(regime, {})
        # Several questions read the same attributes of one context: each projection is made
        # once a call, keyed by the identity of the regime's paths (`regimes` makes equal paths
        # one object, and they live as long as the regime).
        projections: dict[tuple[int, int], Any] = {}
        keys = []
        answers: list[Answer | None] = []
        missing = []
        for i in unknown:
            q = questions[i]
            paths = regime.paths_for(q.action, q.resource_type, q.resource_id)
            read = (id(paths), q.context)
            projection = projections.get(read, _UNMADE)
            if projection is _UNMADE:
                projection = projections[read] = _projection(contexts[q.context], paths)
            key = (q.action, q.resource_type, q.resource_id, projection)
            answer = exact.get(key)
            if answer is None:
                missing.append(len(answers))
            keys.append(key)
            answers.append(answer)
        if missing:
            asked = [questions[unknown[j]] for j in missing]
            fresh = super().answer(regime, contexts, asked)
            self.cedar_requests += len(missing)
            for j, answer in zip(missing, fresh, strict=True):
                exact[keys[j]] = answers[j] = answer
        return cast(list[Answer], answers)  # every None was filled in above


_UNMADE: Any = object()


def _projection(context: dict[str, Any], paths: Paths) -> Any:
    """The values of the context attributes at `paths`, in their order (None: all of it)."""
    if paths is None:
        return json.dumps(context, sort_keys=True)
    values = []
    for path in paths:
        value: Any = context
        for name in path:
            value = value[name]
        if isinstance(value, dict):
            value = value["__entity"]["id"] if "__entity" in value else json.dumps(value)
        values.append(value)
    return tuple(values)
