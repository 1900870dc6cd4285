"""Property tests: the Cedar policies agree with an independent reading of DOMAIN.md
(`oracle.py`), the invariants hold on random situations, and memoised evaluation equals
direct evaluation."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from safereport.policy import decide, gate, load, parse_gate, parse_sharing
from safereport.policy import vocabulary as v
from safereport.policy.check import GATE_INVARIANTS, SHARING_INVARIANTS
from safereport.policy.situations import (
    CaseState,
    Crime,
    GateSituation,
    Person,
    ShareRequest,
    SharingSituation,
    gate_as_json,
    sharing_as_json,
)
from safereport.policy.space import MemoEvaluator
from tests.unit.policy import builders, oracle

people = st.builds(
    Person,
    st.sampled_from(v.Role),
    st.sampled_from(v.AgeGroup),
    st.sampled_from(v.ImmigrationStatus),
    st.booleans(),
)
crimes = st.builds(Crime, st.sampled_from(v.CrimeType))
cases = st.builds(
    CaseState,
    st.sampled_from(v.Stage),
    st.sampled_from(v.Support),
    st.sampled_from(v.Nrm),
    st.sampled_from(v.Consent),
)
requests = st.builds(
    ShareRequest,
    st.sampled_from(v.Purpose),
    st.lists(st.sampled_from(v.Category), min_size=1, max_size=6, unique=True).map(tuple),
)
# Consent as a scenario may give it: one value for every category, or a mapping that may leave
# requested categories out (they are none) and name some that are not requested.
consents = st.one_of(
    st.sampled_from(v.Consent),
    st.dictionaries(st.sampled_from(v.Category), st.sampled_from(v.Consent)),
)
sharings = st.builds(
    SharingSituation,
    st.sampled_from(v.RegimeId),
    people,
    crimes,
    cases,
    requests,
    consents,
)
gates = st.builds(
    GateSituation,
    st.sampled_from(v.RegimeId),
    people,
    crimes,
    cases,
    st.sampled_from(v.EnforcementAction),
    st.booleans(),
)


@settings(max_examples=600)
@given(sharings)
def test_decisions_agree_with_the_oracle(situation: SharingSituation) -> None:
    decision = decide(situation)

    for verdict in decision.categories:
        assert (verdict.verdict is v.Verdict.PERMITTED) == oracle.permitted(
            situation, verdict.category.value
        ), verdict
        assert (verdict.basis == "not_consented") == oracle.not_consented(
            situation, verdict.category.value
        ), verdict
    assert decision.outcome.value == oracle.outcome(situation)
    assert {d.value for d in decision.duties} == oracle.duties(situation)


@settings(max_examples=600)
@given(gates)
def test_protocol_checks_agree_with_the_oracle(situation: GateSituation) -> None:
    result = gate(situation)

    assert (result.outcome is v.GateOutcome.BLOCKED) == oracle.blocked(situation)
    assert {d.value for d in result.duties} == oracle.gate_duties(situation)


@given(sharings)
def test_sharing_invariants_hold(situation: SharingSituation) -> None:
    decision = decide(situation)

    for name, holds in SHARING_INVARIANTS.items():
        assert holds(decision), name


@given(gates)
def test_gate_invariants_hold(situation: GateSituation) -> None:
    result = gate(situation)

    for name, holds in GATE_INVARIANTS.items():
        assert holds(result), name


@settings(max_examples=300)
@given(st.lists(sharings, min_size=1, max_size=8), st.lists(gates, min_size=1, max_size=8))
def test_memoised_evaluation_equals_direct_evaluation(
    shares: list[SharingSituation], checks: list[GateSituation]
) -> None:
    memo = MemoEvaluator()  # shared across the list, as the exhaustive check shares it

    for situation in shares:
        assert decide(situation, evaluator=memo).as_json() == decide(situation).as_json()
    for gate_situation in checks:
        assert gate(gate_situation, evaluator=memo).as_json() == gate(gate_situation).as_json()


@given(sharings)
def test_sharing_scenarios_round_trip(situation: SharingSituation) -> None:
    assert parse_sharing(sharing_as_json(situation)) == situation


@given(gates)
def test_gate_scenarios_round_trip(situation: GateSituation) -> None:
    assert parse_gate(gate_as_json(situation)) == situation


@settings(max_examples=300)
@given(st.lists(sharings, min_size=1, max_size=4), st.lists(gates, min_size=1, max_size=4))
def test_remembered_answers_equal_answers_asked_afresh(
    shares: list[SharingSituation], checks: list[GateSituation]
) -> None:
    # Given the regime, the engine asks Cedar every time; without it, it may answer from memory.
    for situation in shares:
        afresh = decide(situation, regime=load(situation.regime))
        assert decide(situation) == afresh
        assert decide(situation) == afresh  # the second time, from memory
    for gate_situation in checks:
        afresh_gate = gate(gate_situation, regime=load(gate_situation.regime))
        assert gate(gate_situation) == afresh_gate
        assert gate(gate_situation) == afresh_gate


def test_the_shipped_regimes_answers_are_remembered_and_others_are_not() -> None:
    situation = builders.sharing()
    assert decide(situation) is decide(situation)
    regime = load(situation.regime)
    assert decide(situation, regime=regime) is not decide(situation, regime=regime)
    assert decide(situation, evaluator=MemoEvaluator()) is not decide(situation)


@given(gates, st.sampled_from(v.Consent))
def test_the_protocol_check_never_depends_on_nrm_consent(
    situation: GateSituation, nrm_consent: v.Consent
) -> None:
    other = replace(situation, case=replace(situation.case, nrm_consent=nrm_consent))

    assert gate(other).as_json() == gate(situation).as_json()


# Up to seven decisions an example, each asking Cedar afresh: on a shared two-core machine that
# can pass hypothesis's 200 ms deadline without anything being wrong.
@settings(deadline=None)
@given(sharings)
def test_a_categorys_verdict_depends_on_its_own_consent_alone(situation: SharingSituation) -> None:
    # What lets the exhaustive check decide per-category consent without every combination: a
    # category decided among others with other consents is decided as if its consent were
    # everyone's.
    decision = decide(situation)

    for verdict in decision.categories:
        alone = replace(situation, consent=situation.consent_for(verdict.category))
        assert verdict in decide(alone).categories


@given(sharings, st.sampled_from(v.Consent))
def test_sharing_never_depends_on_nrm_consent_and_only_nrm_duties_do(
    situation: SharingSituation, nrm_consent: v.Consent
) -> None:
    other = replace(situation, case=replace(situation.case, nrm_consent=nrm_consent))
    nrm_duties = {
        v.Duty.REFER_TO_NRM,
        v.Duty.OFFER_NRM_REFERRAL,
        v.Duty.NOTIFY_HOME_OFFICE_ANONYMOUSLY,
    }

    before, after = decide(situation), decide(other)

    assert after.categories == before.categories
    assert after.outcome is before.outcome
    assert set(after.duties) - nrm_duties == set(before.duties) - nrm_duties
