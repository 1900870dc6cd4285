"""The engine: `decide()` for sharing requests and `gate()` for protocol checks, through Cedar.

Each call asks Cedar every question of one situation (a request per category, a request per
candidate duty) in a single `is_authorized_batch` call against the regime's pre-parsed set.
A situation's questions do not all carry the same context: each action's context holds exactly the
facts its policies may read (the schema declares the same), so that a category's request carries
that category's consent and only the duties' requests carry the NRM consent.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache
from typing import Any, Protocol

import cedarpy

from safereport.policy.decisions import Basis, CategoryVerdict, Decision, GateResult
from safereport.policy.regimes import Regime, Rule, load
from safereport.policy.situations import (
    CaseState,
    Crime,
    GateSituation,
    Person,
    SharingSituation,
)
from safereport.policy.vocabulary import (
    Category,
    Consent,
    Duty,
    GateOutcome,
    Nrm,
    Outcome,
    Purpose,
    Stage,
    Support,
    Verdict,
)

_POLICE = {"type": "Police", "id": "police"}
_IE = {"type": "ImmigrationEnforcement", "id": "immigration-enforcement"}
_NO_ENTITIES = cedarpy.Entities.from_json_str("[]")


class PolicyEvaluationError(RuntimeError):
    """Cedar could not evaluate a policy. Cedar skips a policy that errors, which for a forbid
    would silently permit; so any error fails the whole decision instead (fail closed)."""


@dataclass(frozen=True, slots=True)
class Question:
    """One Cedar request of a situation, less its context: `context` is the position, in the
    situation's list of contexts, of the one this request carries (several requests share one)."""

    action: str
    resource_type: str
    resource_id: str
    context: int = 0


@dataclass(frozen=True, slots=True)
class Answer:
    allowed: bool
    policy_ids: tuple[str, ...]  # Cedar's ids of the policies that determined the answer


class Evaluator(Protocol):
    def answer(
        self,
        regime: Regime,
        contexts: Sequence[dict[str, Any]],
        questions: Sequence[Question],
    ) -> list[Answer]: ...


def cedar_requests(
    questions: Iterable[Question], contexts: Sequence[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The requests as cedarpy takes them, each context serialised once for all that carry it."""
    serialised = [json.dumps(context) for context in contexts]
    return [
        {
            "principal": _POLICE if q.action.startswith("share") else _IE,
            "action": {"type": "Action", "id": q.action},
            "resource": {"type": q.resource_type, "id": q.resource_id},
            "context": serialised[q.context],
        }
        for q in questions
    ]


class CedarEvaluator:
    """Asks Cedar directly: one batch call per situation."""

    def answer(
        self,
        regime: Regime,
        contexts: Sequence[dict[str, Any]],
        questions: Sequence[Question],
    ) -> list[Answer]:
        requests = cedar_requests(questions, contexts)
        results = cedarpy.is_authorized_batch(requests, regime.policy_set, _NO_ENTITIES)
        return [_answer(result) for result in results]


def _answer(result: cedarpy.AuthzResult) -> Answer:
    if result.diagnostics.errors:
        raise PolicyEvaluationError("; ".join(result.diagnostics.errors))
    return Answer(result.allowed, tuple(result.diagnostics.reasons))


DIRECT = CedarEvaluator()


# A context is assembled from parts built once per value of the vocabulary and shared between
# contexts, never changed once built: the vocabulary bounds them, so remembering them all costs
# little, and a decision no longer rebuilds the same dictionaries (the exhaustive check makes
# hundreds of thousands of decisions).
@cache
def _entity(kind: str, value: StrEnum) -> dict[str, Any]:
    return {"__entity": {"type": kind, "id": value.value}}


@cache
def _person(person: Person) -> dict[str, Any]:
    return {
        "role": _entity("Role", person.role),
        "age_group": _entity("AgeGroup", person.age_group),
        "immigration_status": _entity("ImmigrationStatus", person.immigration_status),
        "suspected_offending": person.suspected_offending,
    }


@cache
def _crime(crime: Crime) -> dict[str, Any]:
    return {"type": _entity("CrimeType", crime.type)}


@cache
def _case(stage: Stage, support: Support, nrm: Nrm) -> dict[str, Any]:
    return {
        "stage": _entity("Stage", stage),
        "support": _entity("Support", support),
        "nrm": _entity("Nrm", nrm),
    }


@cache
def _case_for_duties(case: CaseState) -> dict[str, Any]:
    # The NRM consent, which only the NRM duties read (schema: `CaseForDuties`).
    return {
        **_case(case.stage, case.support, case.nrm),
        "nrm_consent": _entity("Consent", case.nrm_consent),
    }


@cache
def _request(purpose: Purpose) -> dict[str, Any]:
    return {"purpose": _entity("Purpose", purpose)}


def _share_context(situation: SharingSituation, consent: Consent) -> dict[str, Any]:
    """What a category's request carries (schema: `Sharing`): consent is asked category by
    category (C3), so each request carries its own category's consent."""
    case = situation.case
    return {
        "person": _person(situation.person),
        "crime": _crime(situation.crime),
        "case": _case(case.stage, case.support, case.nrm),
        "request": _request(situation.request.purpose),
        "consent": _entity("Consent", consent),
    }


def _duty_context(situation: SharingSituation) -> dict[str, Any]:
    """What a duty's request carries (schema: `SharingDuties`): no consent to share, and the NRM
    consent."""
    return {
        "person": _person(situation.person),
        "crime": _crime(situation.crime),
        "case": _case_for_duties(situation.case),
        "request": _request(situation.request.purpose),
    }


@cache
def _duty_questions(regime: Regime, action: str, context: int) -> tuple[Question, ...]:
    """A question for each duty that the regime has a policy for under this action."""
    duties = sorted({r.duty for r in regime.rules if r.action == action and r.duty is not None})
    return tuple(Question(action, "Duty", duty.value, context) for duty in duties)


@cache
def _category_question(category: Category, context: int) -> Question:
    return Question("share", "Category", category.value, context)


# The duties' context comes first; then one per distinct consent of the requested categories.
_DUTIES_CONTEXT = 0


def _category_requests(situation: SharingSituation) -> tuple[list[dict[str, Any]], list[Question]]:
    contexts = [_duty_context(situation)]
    positions: dict[Consent, int] = {}
    questions = []
    for category, consent in situation.consent:
        position = positions.get(consent)
        if position is None:
            position = positions[consent] = len(contexts)
            contexts.append(_share_context(situation, consent))
        questions.append(_category_question(category, position))
    return contexts, questions


def sharing_requests(
    regime: Regime, situation: SharingSituation
) -> tuple[list[dict[str, Any]], list[Question]]:
    """A situation's contexts, and its questions: one per requested category, carrying the
    context of that category's consent, then one per duty, carrying the duties' context."""
    contexts, questions = _category_requests(situation)
    questions.extend(_duty_questions(regime, "share_duty", _DUTIES_CONTEXT))
    return contexts, questions


def sharing_contexts(situation: SharingSituation) -> list[dict[str, Any]]:
    """The contexts a situation's requests carry, as `sharing_questions` refers to them."""
    return _category_requests(situation)[0]


def sharing_questions(regime: Regime, situation: SharingSituation) -> list[Question]:
    return sharing_requests(regime, situation)[1]


def gate_contexts(situation: GateSituation) -> list[dict[str, Any]]:
    case = situation.case
    return [
        {
            "person": _person(situation.person),
            "crime": _crime(situation.crime),
            "case": _case(case.stage, case.support, case.nrm),
            "referred_by_police": situation.referred_by_police,
        }
    ]


def gate_questions(regime: Regime, situation: GateSituation) -> list[Question]:
    act = Question("act", "EnforcementAction", situation.action.value)
    return [act, *_duty_questions(regime, "act_duty", 0)]


def _regime(situation: SharingSituation | GateSituation, regime: Regime | None) -> Regime:
    if regime is None:
        return load(situation.regime)
    if regime.id is not situation.regime:
        raise ValueError(f"situation is for {situation.regime}, regime given is {regime.id}")
    return regime


def decide(
    situation: SharingSituation, *, regime: Regime | None = None, evaluator: Evaluator = DIRECT
) -> Decision:
    """Decide which requested categories may be shared with IE, and which duties follow.

    `regime` defaults to the shipped policies of `situation.regime`, and then the answer is
    remembered: see `SHIPPED_ANSWERS_REMEMBERED`.
    """
    if regime is None and evaluator is DIRECT:
        return _decide_shipped(situation)
    return _decide(situation, _regime(situation, regime), evaluator)


def _decide(situation: SharingSituation, regime: Regime, evaluator: Evaluator) -> Decision:
    contexts, questions = sharing_requests(regime, situation)
    answers = evaluator.answer(regime, contexts, questions)
    outcome, verdicts, duties, rules = _decided(
        regime, situation.request.categories, tuple(answers)
    )
    return Decision(
        situation=situation,
        regime=regime.id,
        regime_version=regime.version,
        outcome=outcome,
        categories=verdicts,
        duties=duties,
        rules=rules,
    )


# What a decision says is a function of the regime, the categories asked and Cedar's answers
# (the duties' questions follow from the regime): few distinct answers recur across many
# situations, so it is worked out once for each (the exhaustive check decides hundreds of
# thousands of situations); bounded for regimes built by tests.
@lru_cache(maxsize=4096)
def _decided(
    regime: Regime, categories: tuple[Category, ...], answers: tuple[Answer, ...]
) -> tuple[Outcome, tuple[CategoryVerdict, ...], tuple[Duty, ...], tuple[Rule, ...]]:
    count = len(categories)
    verdicts = tuple(
        _verdict(regime, category, answer)
        for category, answer in zip(categories, answers[:count], strict=True)
    )
    # A prohibited category's rules are the forbid policies that prohibited it, whatever its basis.
    forbidding = {
        rule_id for v in verdicts if v.verdict is Verdict.PROHIBITED for rule_id in v.rule_ids
    }
    outcomes = {"permitted"} if any(v.verdict is Verdict.PERMITTED for v in verdicts) else set()
    outcomes |= {f"forbid:{rule_id}" for rule_id in forbidding}
    duty_questions = _duty_questions(regime, "share_duty", _DUTIES_CONTEXT)
    duties, duty_rules = _duties(regime, duty_questions, answers[count:], outcomes)
    category_rules = [regime.rules_by_policy_id[p] for a in answers[:count] for p in a.policy_ids]
    permitted = sum(v.verdict is Verdict.PERMITTED for v in verdicts)
    if permitted == count:
        outcome = Outcome.PERMITTED
    elif permitted:
        outcome = Outcome.PARTLY_PERMITTED
    else:
        outcome = Outcome.PROHIBITED
    return outcome, verdicts, duties, _ordered(category_rules + duty_rules)


def gate(
    situation: GateSituation, *, regime: Regime | None = None, evaluator: Evaluator = DIRECT
) -> GateResult:
    """The protocol check: may Immigration Enforcement take this action about this person?

    As with `decide`, the shipped regimes' answers are remembered.
    """
    if regime is None and evaluator is DIRECT:
        return _gate_shipped(situation)
    return _gate(situation, _regime(situation, regime), evaluator)


def _gate(situation: GateSituation, regime: Regime, evaluator: Evaluator) -> GateResult:
    questions = gate_questions(regime, situation)
    answers = evaluator.answer(regime, gate_contexts(situation), questions)
    act = answers[0]
    outcome = GateOutcome.ALLOWED if act.allowed else GateOutcome.BLOCKED
    follows = {"allowed"} if act.allowed else set()
    duties, duty_rules = _duties(regime, questions[1:], answers[1:], follows)
    act_rules = [regime.rules_by_policy_id[p] for p in act.policy_ids]
    return GateResult(
        situation=situation,
        regime=regime.id,
        regime_version=regime.version,
        outcome=outcome,
        duties=duties,
        rules=_ordered(act_rules + duty_rules),
    )


# A decision is a pure function of its situation: the shipped regimes are loaded once per process
# and never change while it runs (their version is the hash of their text), and the situation is
# immutable and holds every fact the rules read. So the service remembers recent answers instead
# of asking Cedar again: about 2 ms saved on every request for a situation seen before. Bounded,
# because the situations are many (97,200 sharing and 64,800 gate situations a regime).
SHIPPED_ANSWERS_REMEMBERED = 4096


@lru_cache(maxsize=SHIPPED_ANSWERS_REMEMBERED)
def _decide_shipped(situation: SharingSituation) -> Decision:
    return _decide(situation, load(situation.regime), DIRECT)


@lru_cache(maxsize=SHIPPED_ANSWERS_REMEMBERED)
def _gate_shipped(situation: GateSituation) -> GateResult:
    return _gate(situation, load(situation.regime), DIRECT)


# Remembered because a regime gives few distinct answers and the exhaustive check asks for the
# same verdicts hundreds of thousands of times; bounded for regimes built by tests.
@lru_cache(maxsize=4096)
def _verdict(regime: Regime, category: Category, answer: Answer) -> CategoryVerdict:
    rules = [regime.rules_by_policy_id[p] for p in answer.policy_ids]
    rule_ids = tuple(sorted(rule.id for rule in rules))
    if answer.allowed:
        return CategoryVerdict(category, Verdict.PERMITTED, Basis.PERMITTED_BY_RULE, rule_ids)
    if not rule_ids:
        return CategoryVerdict(category, Verdict.PROHIBITED, Basis.NOT_PERMITTED_BY_ANY_RULE, ())
    # A forbid policy annotated @basis("not_consented") (C3) says the category lacked consent; the
    # category is reported so even where another rule forbids it too, and all of them are cited.
    basis = Basis.FORBIDDEN_BY_RULE
    if any(rule.basis == Basis.NOT_CONSENTED for rule in rules):
        basis = Basis.NOT_CONSENTED
    return CategoryVerdict(category, Verdict.PROHIBITED, basis, rule_ids)


def _duties(
    regime: Regime,
    questions: Sequence[Question],
    answers: Sequence[Answer],
    outcomes: set[str],
) -> tuple[tuple[Duty, ...], list[Rule]]:
    """The duties whose policies allow them and whose @follows condition the outcome meets."""
    duties: list[Duty] = []
    rules: list[Rule] = []
    for question, answer in zip(questions, answers, strict=True):
        if not answer.allowed:
            continue
        holding = [
            rule
            for rule in (regime.rules_by_policy_id[p] for p in answer.policy_ids)
            if rule.follows is None or rule.follows in outcomes
        ]
        if holding:
            duties.append(Duty(question.resource_id))
            rules.extend(holding)
    return tuple(duties), rules  # in order already: `_duty_questions` asks in the duties' order


_KIND_ORDER = {"prohibition": 0, "permission": 1, "duty": 2}


def _ordered(rules: Iterable[Rule]) -> tuple[Rule, ...]:
    """Each rule once: prohibitions, then permissions, then duties, each by id."""
    unique = {rule.id: rule for rule in rules}
    return tuple(sorted(unique.values(), key=lambda r: (_KIND_ORDER[r.kind], r.id)))
