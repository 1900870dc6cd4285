"""Worked cases for the protocol check, DOMAIN.md section 5 (G1, G1-2023, G2, GF, GN)."""

from __future__ import annotations

import pytest

from safereport.policy import gate
from safereport.policy.situations import GateSituation
from tests.unit.policy.builders import gating

P, P23 = "migrant-victims-protocol", "migrant-victims-protocol-2023"
CASES: list[tuple[str, GateSituation, str, set[str], set[str]]] = [
    # (name, situation, outcome, rules that must be cited, duties)
    ("G1 arrest", gating(P, action="arrest"), "blocked", {"protocol-no-enforcement"}, set()),
    ("G1 detention", gating(P, action="detention"), "blocked", {"protocol-no-enforcement"}, set()),
    ("G1 removal", gating(P, action="removal"), "blocked", {"protocol-no-enforcement"}, set()),
    (
        "G1 reporting conditions",
        gating(P, action="reporting_conditions"),
        "blocked",
        {"protocol-no-enforcement"},
        set(),
    ),
    (
        "G1 in prosecution",
        gating(P, stage="prosecution", crime="modern_slavery"),
        "blocked",
        {"protocol-no-enforcement"},
        set(),
    ),
    (
        "G1 not a casework decision; G2 engage first",
        gating(P, action="casework_decision"),
        "allowed",
        {"no-protection-applies", "protocol-engage-first"},
        {"engage_before_decision"},
    ),
    (
        "G1 lifts when proceedings conclude; G2",
        gating(P, stage="concluded"),
        "allowed",
        {"protocol-engage-first"},
        {"engage_before_decision"},
    ),
    (
        "G1 needs support received, not only offered",
        gating(P, support="offered"),
        "allowed",
        {"protocol-engage-first"},
        {"engage_before_decision"},
    ),
    (
        "G1 only for victims referred by police; no G2 either",
        gating(P, referred_by_police=False),
        "allowed",
        {"no-protection-applies"},
        set(),
    ),
    ("G1 victims only", gating(P, role="witness"), "allowed", {"no-protection-applies"}, set()),
    (
        "G1-2023 support offered after proceedings concluded",
        gating(P23, stage="concluded", support="offered"),
        "blocked",
        {"protocol-2023-no-enforcement"},
        set(),
    ),
    (
        "G1-2023 proceedings ongoing without support",
        gating(P23, stage="prosecution", support="none"),
        "blocked",
        {"protocol-2023-no-enforcement"},
        set(),
    ),
    (
        "G1-2023 lifts when both end; G2",
        gating(P23, stage="concluded", support="none"),
        "allowed",
        {"protocol-engage-first"},
        {"engage_before_decision"},
    ),
    (
        "G1-2023 covers domestic abuse victims only",
        gating(P23, crime="sexual_violence"),
        "allowed",
        {"protocol-engage-first"},
        {"engage_before_decision"},
    ),
    (
        "GF any action against a referred victim",
        gating("complete-firewall", action="casework_decision", stage="concluded"),
        "blocked",
        {"firewall-no-enforcement"},
        set(),
    ),
    (
        "GF referred witness",
        gating("complete-firewall", role="witness", support="none"),
        "blocked",
        {"firewall-no-enforcement"},
        set(),
    ),
    (
        "GF not for data IE did not get from the police",
        gating("complete-firewall", referred_by_police=False),
        "allowed",
        {"no-protection-applies"},
        set(),
    ),
    (
        "GF not for a suspect",
        gating("complete-firewall", role="suspect"),
        "allowed",
        {"no-protection-applies"},
        set(),
    ),
    (
        "GN removal in the recovery period, even for a suspect",
        gating(
            "hmicfrs-interim", role="suspect", nrm="positive_reasonable_grounds", action="removal"
        ),
        "blocked",
        {"nrm-recovery-period"},
        set(),
    ),
    (
        "GN under the protocol, G2 not owed when blocked",
        gating(P, nrm="positive_reasonable_grounds", action="removal", stage="concluded"),
        "blocked",
        {"nrm-recovery-period"},
        set(),
    ),
    (
        "GN covers removal only",
        gating("hmicfrs-interim", nrm="positive_reasonable_grounds", action="detention"),
        "allowed",
        {"no-protection-applies"},
        set(),
    ),
    (
        "GN ends with the conclusive grounds decision",
        gating("hmicfrs-interim", nrm="positive_conclusive_grounds", action="removal"),
        "allowed",
        {"no-protection-applies"},
        set(),
    ),
    (
        "the interim measure has no protocol",
        gating("hmicfrs-interim"),
        "allowed",
        {"no-protection-applies"},
        set(),
    ),
]


@pytest.mark.parametrize(
    ("situation", "outcome", "cited", "duties"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_worked_case(
    situation: GateSituation, outcome: str, cited: set[str], duties: set[str]
) -> None:
    result = gate(situation)

    assert result.outcome.value == outcome
    assert cited <= {rule.id for rule in result.rules}
    assert {d.value for d in result.duties} == duties
    assert bool(result.blocking_rules) == (outcome == "blocked")


def test_explanation_names_the_blocking_rule_and_what_the_person_is_told() -> None:
    result = gate(gating(P))

    assert "blocked" in result.explanation
    assert "G1 (protocol-no-enforcement)" in result.explanation
    assert result.blocking_rules[0].statement in result.explanation
