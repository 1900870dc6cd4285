"""`policy check`: every situation of the vocabulary under every regime, against the invariants
that no regime may break. The first counterexample found is reported whole."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from safereport.policy.decisions import Basis, CategoryVerdict, Decision, GateResult
from safereport.policy.engine import gate
from safereport.policy.regimes import Regime, Rule, build, regime_text
from safereport.policy.situations import gate_as_json, sharing_as_json
from safereport.policy.space import (
    MemoEvaluator,
    gate_situations,
    in_processes,
    sharing_decisions,
)
from safereport.policy.vocabulary import (
    PROTECTED_ACTIONS,
    PROTOCOL_REGIMES,
    AgeGroup,
    Category,
    Consent,
    CrimeType,
    Duty,
    EnforcementAction,
    GateOutcome,
    Nrm,
    Outcome,
    Purpose,
    RegimeId,
    Role,
    Stage,
    Support,
    Verdict,
)

FIREWALL_RULES = {"F1", "H1"}  # the rules whose prohibition brings refer_to_third_party
NRM_DUTIES = {Duty.REFER_TO_NRM, Duty.OFFER_NRM_REFERRAL, Duty.NOTIFY_HOME_OFFICE_ANONYMOUSLY}


# Invariants about one category read only that category's consent, and invariants about the whole
# decision read no consent to share: what lets the space decide per-category consent without
# every combination (`space.py`).
@dataclass(frozen=True)
class CategoryInvariant:
    """An invariant of each category of the decisions it `applies` to (it holds trivially for
    any other decision): `holds` for every category of those. Asking once a decision whether it
    applies, rather than once a category, saves millions of calls in the check."""

    applies: Callable[[Decision], bool]
    holds: Callable[[Decision, CategoryVerdict], bool]


def _always(_: Decision) -> bool:
    return True


def _about_a_victim_or_witness(d: Decision) -> bool:
    return d.situation.person.is_victim_or_witness


def _consented(d: Decision, v: CategoryVerdict) -> bool:
    """This category is asked for in the person's own request, with their consent to it."""
    s = d.situation
    own_request = s.request.purpose is Purpose.VICTIM_REQUEST
    return own_request and s.consent_for(v.category) is Consent.GIVEN


def _under_the_firewall_about_a_victim_or_witness(d: Decision) -> bool:
    return d.regime is RegimeId.COMPLETE_FIREWALL and d.situation.person.is_victim_or_witness


def _prohibited_unless_consented(d: Decision, v: CategoryVerdict) -> bool:
    return v.verdict is Verdict.PROHIBITED or _consented(d, v)


def _contact_and_location_stay(d: Decision, v: CategoryVerdict) -> bool:
    if v.category not in (Category.CONTACT, Category.LOCATION):
        return True
    return _prohibited_unless_consented(d, v)


def _in_their_own_request(d: Decision) -> bool:
    return d.situation.request.purpose is Purpose.VICTIM_REQUEST


def _own_request_needs_consent(d: Decision, v: CategoryVerdict) -> bool:
    if _consented(d, v):
        return True
    return v.verdict is Verdict.PROHIBITED and v.basis == Basis.NOT_CONSENTED


def _prohibition_explained(d: Decision, v: CategoryVerdict) -> bool:
    return (v.verdict is Verdict.PROHIBITED) == (v.basis != Basis.PERMITTED_BY_RULE) and (
        v.basis == Basis.NOT_PERMITTED_BY_ANY_RULE
    ) == (not v.rule_ids)


CATEGORY_INVARIANTS: dict[str, CategoryInvariant] = {
    "complete-firewall: no victim or witness category is permitted except in their own request "
    "with their consent to that category": CategoryInvariant(
        _under_the_firewall_about_a_victim_or_witness, _prohibited_unless_consented
    ),
    "a victim's or witness's contact and location are never permitted except in their own "
    "request with their consent to that category": CategoryInvariant(
        _about_a_victim_or_witness, _contact_and_location_stay
    ),
    "C3: in a person's own request, a category without their consent to it is prohibited as "
    "not_consented": CategoryInvariant(_in_their_own_request, _own_request_needs_consent),
    "every prohibited category says whether a rule forbade it, consent lacked or none "
    "permitted it": CategoryInvariant(_always, _prohibition_explained),
}


def _every_category(invariant: CategoryInvariant) -> Callable[[Decision], bool]:
    return lambda d: not invariant.applies(d) or all(invariant.holds(d, v) for v in d.categories)


def _rules_complete(rules: Iterable[Rule]) -> bool:
    return all(rule.id and rule.source and rule.statement for rule in rules)


def _notice_given(d: Decision) -> bool:
    return not d.situation.person.is_victim_or_witness or Duty.GIVE_NOTICE in d.duties


def _lawful_basis_iff_permitted(d: Decision) -> bool:
    return (Duty.RECORD_LAWFUL_BASIS in d.duties) == bool(d.permitted)


def _third_party_iff_firewall(d: Decision) -> bool:
    forbidding = {r.rule for r in d.rules if r.effect == "forbid" and r.rule in FIREWALL_RULES}
    return (Duty.REFER_TO_THIRD_PARTY in d.duties) == bool(forbidding)


def _outcome_follows_the_categories(d: Decision) -> bool:
    permitted = len(d.permitted)
    if permitted == len(d.categories):
        return d.outcome is Outcome.PERMITTED
    return d.outcome is (Outcome.PARTLY_PERMITTED if permitted else Outcome.PROHIBITED)


def _nrm_duty_follows_nrm_consent(d: Decision) -> bool:
    s = d.situation
    owed = set(d.duties) & NRM_DUTIES
    if not (
        s.person.role is Role.VICTIM
        and s.crime.type is CrimeType.MODERN_SLAVERY
        and s.case.nrm is Nrm.NONE
    ):
        return not owed
    if s.person.age_group is AgeGroup.CHILD or s.case.nrm_consent is Consent.GIVEN:
        return owed == {Duty.REFER_TO_NRM}
    if s.case.nrm_consent is Consent.NONE:
        return owed == {Duty.OFFER_NRM_REFERRAL}
    return owed == {Duty.NOTIFY_HOME_OFFICE_ANONYMOUSLY}


DECISION_INVARIANTS: dict[str, Callable[[Decision], bool]] = {
    "every decision about a victim or witness carries give_notice": _notice_given,
    "every determining rule has an id, a source and a statement": lambda d: _rules_complete(
        d.rules
    ),
    "record_lawful_basis is a duty exactly when some category is permitted": (
        _lawful_basis_iff_permitted
    ),
    "refer_to_third_party is a duty exactly when F1 or H1 prohibited the share": (
        _third_party_iff_firewall
    ),
    "the outcome is permitted when every category is, prohibited when none is, and partly "
    "permitted otherwise": _outcome_follows_the_categories,
    "a victim of modern slavery not yet in the NRM is owed one NRM duty, by their NRM consent "
    "alone (a child is referred; an adult is referred, asked or the Home Office notified "
    "anonymously as their NRM consent is given, none or refused); nobody else is owed one": (
        _nrm_duty_follows_nrm_consent
    ),
}

# Every invariant of a sharing decision, those about one category holding for each.
SHARING_INVARIANTS: dict[str, Callable[[Decision], bool]] = {
    **{name: _every_category(invariant) for name, invariant in CATEGORY_INVARIANTS.items()},
    **DECISION_INVARIANTS,
}


def _protocol_holds(g: GateResult) -> bool:
    s = g.situation
    # The 2023 wording (G1-2023) protects victims of domestic abuse only; the check found that
    # it leaves other victims unprotected where the 2021 protocol (G1) holds, so the invariant
    # is stated for the victims each wording covers.
    covered = g.regime is not RegimeId.MIGRANT_VICTIMS_PROTOCOL_2023 or (
        s.crime.type is CrimeType.DOMESTIC_ABUSE
    )
    protected = (
        g.regime in PROTOCOL_REGIMES
        and covered
        and s.person.role is Role.VICTIM
        and s.referred_by_police
        and s.case.stage in (Stage.INVESTIGATION, Stage.PROSECUTION)
        and s.case.support is Support.RECEIVING
        and s.action in PROTECTED_ACTIONS
    )
    return not protected or g.outcome is GateOutcome.BLOCKED


def _gate_firewall_holds(g: GateResult) -> bool:
    s = g.situation
    protected = (
        g.regime is RegimeId.COMPLETE_FIREWALL
        and s.person.is_victim_or_witness
        and s.referred_by_police
    )
    return not protected or g.outcome is GateOutcome.BLOCKED


def _recovery_period_holds(g: GateResult) -> bool:
    s = g.situation
    protected = (
        s.case.nrm is Nrm.POSITIVE_REASONABLE_GROUNDS and s.action is EnforcementAction.REMOVAL
    )
    return not protected or g.outcome is GateOutcome.BLOCKED


GATE_INVARIANTS: dict[str, Callable[[GateResult], bool]] = {
    "protocol regimes: a victim referred by police with proceedings ongoing and support "
    "received (under the 2023 wording, a victim of domestic abuse) is never allowed arrest, "
    "detention, removal or reporting conditions": (_protocol_holds),
    "complete-firewall: no action is allowed against a victim or witness referred by police": (
        _gate_firewall_holds
    ),
    "no removal during the NRM recovery period (positive reasonable grounds)": (
        _recovery_period_holds
    ),
    "every determining rule has an id, a source and a statement": lambda g: _rules_complete(
        g.rules
    ),
    "a blocked action names the rule that blocks it": lambda g: (
        (g.outcome is GateOutcome.BLOCKED) == bool(g.blocking_rules)
    ),
}


@dataclass
class Counterexample:
    regime: RegimeId
    invariant: str
    scenario: dict[str, Any]
    result: dict[str, Any]


@dataclass
class RegimeCounts:
    regime: RegimeId
    version: str
    sharing_situations: int = 0
    category_verdicts: int = 0
    gate_situations: int = 0
    cedar_requests: int = 0


@dataclass
class CheckReport:
    counts: list[RegimeCounts] = field(default_factory=list)
    invariants: list[str] = field(default_factory=list)
    counterexample: Counterexample | None = None
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return self.counterexample is None


def check(texts: Mapping[RegimeId, str] | None = None, workers: int | None = None) -> CheckReport:
    """Decide every situation under each regime and test every invariant on every answer.

    `texts` gives the policy text per regime (default: every shipped regime). Regimes are
    checked in parallel processes, one per core; the first counterexample in regime order is
    reported.
    """
    started = time.perf_counter()
    chosen = dict(texts) if texts is not None else {r: regime_text(r) for r in RegimeId}
    report = CheckReport(invariants=[*SHARING_INVARIANTS, *GATE_INVARIANTS])
    for counts, counterexample in in_processes(_check_regime, chosen, workers):
        report.counts.append(counts)
        if counterexample is not None and report.counterexample is None:
            report.counterexample = counterexample
    report.seconds = time.perf_counter() - started
    return report


def _check_regime(regime_id: RegimeId, text: str) -> tuple[RegimeCounts, Counterexample | None]:
    regime = build(regime_id, text)
    counts = RegimeCounts(regime.id, regime.version)
    return counts, _first_counterexample(regime, counts)


def _broken_sharing_invariant(decision: Decision) -> str | None:
    """The first of SHARING_INVARIANTS the decision breaks (looping here, not through
    `_every_category`, saves a call per category and invariant: the check makes millions)."""
    for name, invariant in CATEGORY_INVARIANTS.items():
        if not invariant.applies(decision):
            continue
        holds = invariant.holds
        for verdict in decision.categories:
            if not holds(decision, verdict):
                return name
    for name, holds_for_decision in DECISION_INVARIANTS.items():
        if not holds_for_decision(decision):
            return name
    return None


def _first_counterexample(regime: Regime, counts: RegimeCounts) -> Counterexample | None:
    evaluator = MemoEvaluator()
    try:
        for decision in sharing_decisions(regime, evaluator):
            counts.sharing_situations += 1
            counts.category_verdicts += len(decision.categories)
            broken = _broken_sharing_invariant(decision)
            if broken is not None:
                return Counterexample(
                    regime.id, broken, sharing_as_json(decision.situation), decision.as_json()
                )
        for gate_situation in gate_situations(regime.id):
            result = gate(gate_situation, regime=regime, evaluator=evaluator)
            counts.gate_situations += 1
            for name, holds_for_gate in GATE_INVARIANTS.items():
                if not holds_for_gate(result):
                    return Counterexample(
                        regime.id, name, gate_as_json(gate_situation), result.as_json()
                    )
    finally:
        counts.cedar_requests = evaluator.cedar_requests
    return None
