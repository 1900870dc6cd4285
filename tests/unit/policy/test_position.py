"""The position (DOMAIN.md section 6): for sampled situations under every regime, its sharing and
protection answers are exactly `decide()`'s and `gate()`'s, its digest changes exactly when an
answer does, and its rules are those the answers cite."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from safereport.policy import decide, gate
from safereport.policy import vocabulary as v
from safereport.policy.position import Disclosed, PersonSituation, Protected, position
from safereport.policy.situations import (
    CaseState,
    Crime,
    GateSituation,
    Person,
    ShareRequest,
    SharingSituation,
)

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
consents = st.dictionaries(
    st.sampled_from(v.Purpose),
    st.dictionaries(st.sampled_from(v.Category), st.sampled_from(v.Consent)),
)
situations = st.builds(
    lambda regime, person, crime, case, consent: PersonSituation(
        regime, person, crime, case, PersonSituation.consent_of(consent)
    ),
    st.sampled_from(v.RegimeId),
    people,
    crimes,
    cases,
    consents,
)


@given(situations)
def test_the_position_is_exactly_what_decide_and_gate_answer(situation: PersonSituation) -> None:
    found = position(situation)

    consent = {purpose: dict(by_category) for purpose, by_category in situation.consent}
    for purpose in v.Purpose:
        decision = decide(
            SharingSituation(
                situation.regime,
                situation.person,
                situation.crime,
                situation.case,
                ShareRequest(purpose, tuple(v.Category)),
                consent[purpose],
            )
        )
        assert found.sharing[purpose] == {c.category: c.verdict for c in decision.categories}
        assert set(decision.duties) <= set(found.duties)
        assert {rule.id for rule in decision.rules} <= {rule.id for rule in found.rules}
    for action in v.EnforcementAction:
        check = gate(
            GateSituation(
                situation.regime,
                situation.person,
                situation.crime,
                situation.case,
                action,
                referred_by_police=True,
            )
        )
        assert found.protection[action] is check.outcome
        assert set(check.duties) <= set(found.duties)
    assert list(found.sharing) == list(v.Purpose)
    assert [list(verdicts) for verdicts in found.sharing.values()] == [list(v.Category)] * 5
    assert list(found.protection) == list(v.EnforcementAction)


@given(situations)
def test_the_same_situation_has_the_same_digest(situation: PersonSituation) -> None:
    assert position(situation).digest == position(situation).digest


def test_a_change_of_stage_that_changes_an_answer_changes_the_digest() -> None:
    victim = Person(v.Role.VICTIM, v.AgeGroup.ADULT, v.ImmigrationStatus.INSECURE, False)
    crime = Crime(v.CrimeType.DOMESTIC_ABUSE)
    ongoing = CaseState(v.Stage.INVESTIGATION, v.Support.RECEIVING, v.Nrm.NONE)
    concluded = CaseState(v.Stage.CONCLUDED, v.Support.RECEIVING, v.Nrm.NONE)
    regime = v.RegimeId.MIGRANT_VICTIMS_PROTOCOL

    protected = position(PersonSituation(regime, victim, crime, ongoing))
    unprotected = position(PersonSituation(regime, victim, crime, concluded))

    assert protected.protection[v.EnforcementAction.ARREST] is v.GateOutcome.BLOCKED
    assert unprotected.protection[v.EnforcementAction.ARREST] is v.GateOutcome.ALLOWED
    assert protected.digest != unprotected.digest


def test_a_change_that_alters_no_answer_keeps_the_digest() -> None:
    # Under the complete firewall nothing about a victim's status changes any answer.
    crime = Crime(v.CrimeType.OTHER)
    case = CaseState(v.Stage.INVESTIGATION, v.Support.NONE, v.Nrm.NONE)
    regime = v.RegimeId.COMPLETE_FIREWALL
    doubts = Person(v.Role.VICTIM, v.AgeGroup.ADULT, v.ImmigrationStatus.UNCERTAIN, False)
    known = Person(v.Role.VICTIM, v.AgeGroup.ADULT, v.ImmigrationStatus.INSECURE, False)

    assert (
        position(PersonSituation(regime, doubts, crime, case)).digest
        == position(PersonSituation(regime, known, crime, case)).digest
    )


def test_disclosures_and_protections_are_part_of_the_position() -> None:
    victim = Person(v.Role.VICTIM, v.AgeGroup.ADULT, v.ImmigrationStatus.INSECURE, False)
    situation = PersonSituation(
        v.RegimeId.MIGRANT_VICTIMS_PROTOCOL,
        victim,
        Crime(v.CrimeType.DOMESTIC_ABUSE),
        CaseState(v.Stage.INVESTIGATION, v.Support.RECEIVING, v.Nrm.NONE),
    )
    shared = Disclosed(v.Purpose.SAFEGUARDING, (v.Category.IDENTITY,), date(2026, 11, 3))
    registered = Protected(v.RegimeId.MIGRANT_VICTIMS_PROTOCOL, date(2026, 11, 3), active=True)

    before = position(situation)
    after = position(situation, [shared], [registered])

    assert before.disclosures == ()
    assert after.disclosures == (shared,)
    assert after.protections == (registered,)
    assert after.as_json()["disclosures"] == [
        {"purpose": "safeguarding", "categories": ["identity"], "on": "2026-11-03"}
    ]
    assert before.digest != after.digest
    assert before.sharing == after.sharing


def test_a_victims_consent_per_category_shows_in_what_they_asked_for() -> None:
    victim = Person(v.Role.VICTIM, v.AgeGroup.ADULT, v.ImmigrationStatus.UNCERTAIN, False)
    consent = PersonSituation.consent_of(
        {v.Purpose.VICTIM_REQUEST: {v.Category.IDENTITY: v.Consent.GIVEN}}
    )
    situation = PersonSituation(
        v.RegimeId.HMICFRS_INTERIM,
        victim,
        Crime(v.CrimeType.DOMESTIC_ABUSE),
        CaseState(v.Stage.INVESTIGATION, v.Support.NONE, v.Nrm.NONE),
        consent,
    )

    asked = position(situation).sharing[v.Purpose.VICTIM_REQUEST]

    assert asked[v.Category.IDENTITY] is v.Verdict.PERMITTED
    assert asked[v.Category.CONTACT] is v.Verdict.PROHIBITED
    assert position(situation).sharing[v.Purpose.ENFORCEMENT_REFERRAL][v.Category.IDENTITY] is (
        v.Verdict.PROHIBITED  # H1: doubts only
    )
