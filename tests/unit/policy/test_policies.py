"""The policy files themselves: they validate, they match the vocabulary, they are annotated,
and the engine treats Cedar's three kinds of answer, and its errors, as it should."""

from __future__ import annotations

import hashlib
import re

import cedarpy
import pytest

from safereport.policy import PolicyEvaluationError, decide, gate, load
from safereport.policy import vocabulary as v
from safereport.policy.decisions import Basis
from safereport.policy.regimes import (
    FORBID_BASES,
    PolicyDefinitionError,
    build,
    regime_text,
    schema_text,
)
from safereport.policy.space import MemoEvaluator
from tests.unit.policy.builders import gating, sharing

REGIMES = list(v.RegimeId)


@pytest.mark.parametrize("regime", REGIMES)
def test_each_regime_validates_against_the_schema(regime: v.RegimeId) -> None:
    result = cedarpy.validate_policies(regime_text(regime), schema_text())

    assert result.validation_passed, [str(e) for e in result.errors]


def test_the_validator_would_catch_a_misspelt_value() -> None:
    broken = regime_text(v.RegimeId.HMICFRS_INTERIM).replace('Role::"victim"', 'Role::"vitcim"', 1)

    assert not cedarpy.validate_policies(broken, schema_text()).validation_passed


ENUMS = {
    "Role": v.Role,
    "AgeGroup": v.AgeGroup,
    "ImmigrationStatus": v.ImmigrationStatus,
    "CrimeType": v.CrimeType,
    "Stage": v.Stage,
    "Support": v.Support,
    "Nrm": v.Nrm,
    "Purpose": v.Purpose,
    "Category": v.Category,
    "Consent": v.Consent,
    "EnforcementAction": v.EnforcementAction,
    "Duty": v.Duty,
}


@pytest.mark.parametrize(("name", "kind"), ENUMS.items())
def test_python_vocabulary_matches_the_cedar_schema(name: str, kind: type[v.StrEnum]) -> None:
    declared = re.search(rf"entity {name} enum \[(.*?)\];", schema_text(), re.S)

    assert declared is not None
    assert re.findall(r'"([a-z_]+)"', declared.group(1)) == [item.value for item in kind]


@pytest.mark.parametrize("regime", REGIMES)
def test_every_policy_is_annotated(regime: v.RegimeId) -> None:
    rules = load(regime).rules

    assert rules
    for rule in rules:
        assert rule.id
        assert rule.rule
        assert len(rule.statement) > 20
        assert rule.statement.endswith(".")
        assert rule.source


@pytest.mark.parametrize("regime", REGIMES)
def test_prohibitions_are_forbid_policies(regime: v.RegimeId) -> None:
    rules = {rule.rule: rule for rule in load(regime).rules}

    for name in ("C1", "F1", "H1", "G1", "G1-2023", "GF", "GN"):
        if name in rules:
            assert rules[name].effect == "forbid"


def test_every_domain_rule_exists_in_the_regimes_it_belongs_to() -> None:
    names = {r: {rule.rule for rule in load(r).rules} for r in REGIMES}
    common = {"C1", "C2", "C3", "C4", "GN"} | {f"duty:{d.value}" for d in v.Duty} - {
        "duty:refer_to_third_party",
        "duty:register_protocol_protection",
        "duty:engage_before_decision",
    }

    for regime in REGIMES:
        assert common <= names[regime]
    assert {"F1", "GF", "duty:refer_to_third_party"} <= names[v.RegimeId.COMPLETE_FIREWALL]
    assert {"H1", "duty:refer_to_third_party"} <= names[v.RegimeId.HMICFRS_INTERIM]
    assert {"G1", "G2", "duty:register_protocol_protection"} <= names[
        v.RegimeId.MIGRANT_VICTIMS_PROTOCOL
    ]
    assert {"G1-2023", "G2", "duty:register_protocol_protection"} <= names[
        v.RegimeId.MIGRANT_VICTIMS_PROTOCOL_2023
    ]
    assert "G1" not in names[v.RegimeId.MIGRANT_VICTIMS_PROTOCOL_2023]
    assert not {"F1", "H1", "G1", "GF"} & names[v.RegimeId.MIGRANT_VICTIMS_PROTOCOL_2023]


def test_sources_cite_seed_files_by_name() -> None:
    seeds = {rule.source for r in REGIMES for rule in load(r).rules if ".txt" in rule.source}

    assert any("002_5d3773e54a66fdb4.txt" in s for s in seeds)
    assert any("003_10dcae4fb6beeab4.txt" in s for s in seeds)
    assert any("000_9cc3747c4ea37c01.txt" in s for s in seeds)


def test_a_decision_records_the_regime_and_the_sha256_of_its_text() -> None:
    decision = decide(sharing("hmicfrs-interim"))

    assert decision.regime is v.RegimeId.HMICFRS_INTERIM
    expected = hashlib.sha256(regime_text(v.RegimeId.HMICFRS_INTERIM).encode()).hexdigest()
    assert decision.regime_version == expected


def test_versions_differ_between_regimes() -> None:
    assert len({load(r).version for r in REGIMES}) == len(REGIMES)


def test_not_permitted_by_any_rule_is_told_apart_from_forbidden() -> None:
    text = regime_text(v.RegimeId.MIGRANT_VICTIMS_PROTOCOL)
    without_suspect_permit = re.sub(
        r'@id\("suspect-common-rules-only"\).*?;\n', "", text, count=1, flags=re.S
    )
    regime = build(v.RegimeId.MIGRANT_VICTIMS_PROTOCOL, without_suspect_permit)

    decision = decide(
        sharing(role="suspect", purpose="investigation", categories=("identity", "contact")),
        regime=regime,
    )

    basis = {c.category.value: c for c in decision.categories}
    assert basis["identity"].basis == "not_permitted_by_any_rule"
    assert basis["identity"].rule_ids == ()
    assert basis["contact"].basis == "forbidden_by_rule"
    assert "no rule permits it" in decision.explanation


def test_an_evaluation_error_fails_the_decision_rather_than_skipping_a_forbid() -> None:
    text = regime_text(v.RegimeId.MIGRANT_VICTIMS_PROTOCOL) + (
        '\n@id("broken") @rule("X") @source("test") @statement("A broken rule.")\n'
        'forbid (principal, action == Action::"share", resource)\n'
        "when { context.person.no_such_attribute };\n"
    )
    regime = build(v.RegimeId.MIGRANT_VICTIMS_PROTOCOL, text)

    with pytest.raises(PolicyEvaluationError):
        decide(sharing(), regime=regime)


def test_an_unannotated_policy_is_refused() -> None:
    text = regime_text(v.RegimeId.HMICFRS_INTERIM) + (
        '\nforbid (principal, action == Action::"share", resource);\n'
    )

    with pytest.raises(PolicyDefinitionError, match="lacks @id"):
        build(v.RegimeId.HMICFRS_INTERIM, text)


def test_a_regime_given_must_match_the_situation() -> None:
    with pytest.raises(ValueError, match="situation is for"):
        decide(sharing("hmicfrs-interim"), regime=load(v.RegimeId.COMPLETE_FIREWALL))


def test_context_paths_name_what_each_action_reads() -> None:
    paths = load(v.RegimeId.MIGRANT_VICTIMS_PROTOCOL).context_paths

    assert ("request", "purpose") in (paths["share"] or ())
    assert ("case", "stage") not in (paths["share"] or ())
    assert ("case", "stage") in (paths["act"] or ())
    assert ("referred_by_police",) in (paths["act"] or ())


def test_a_question_reads_only_what_the_policies_for_its_resource_read() -> None:
    regime = load(v.RegimeId.MIGRANT_VICTIMS_PROTOCOL)

    # The notice duty's policies read the role and nothing of the NRM, which other duties read.
    assert regime.paths_for("share_duty", "Duty", "give_notice") == (("person", "role"),)
    assert ("case", "nrm_consent") in (regime.context_paths["share_duty"] or ())
    assert ("case", "nrm_consent") in (regime.paths_for("share_duty", "Duty", "refer_to_nrm") or ())
    # A resource no policy names is read by the action's policies scoped to any resource only;
    # one that a policy names, by those and its own.
    assert regime.paths_for("share_duty", "Duty", "no_such_duty") == ()
    assert regime.paths_for("share", "Category", "identity") == regime.context_paths["share"]
    arrest = set(regime.paths_for("act", "EnforcementAction", "arrest") or ())
    removal = set(regime.paths_for("act", "EnforcementAction", "removal") or ())
    assert ("case", "nrm") in removal - arrest


ARREST_READS_THE_CRIME = (
    '\n@id("no-arrest-for-slavery") @rule("X") @source("test") @statement("A test rule.")\n'
    'forbid (principal, action == Action::"act", resource == EnforcementAction::"arrest")\n'
    'when { context.crime.type == CrimeType::"modern_slavery" };\n'
)


def test_remembered_answers_follow_what_each_resources_policies_read() -> None:
    """The evaluator that asks each question once answers as Cedar does when one action's
    policy reads what the others do not: arrest depends on the crime under this altered text,
    and detention does not, so detention's answer is asked once for both crimes."""
    text = regime_text(v.RegimeId.MIGRANT_VICTIMS_PROTOCOL) + ARREST_READS_THE_CRIME
    regime = build(v.RegimeId.MIGRANT_VICTIMS_PROTOCOL, text)
    memo = MemoEvaluator()
    outcomes = {}

    for action in ("arrest", "detention"):
        for crime in ("domestic_abuse", "modern_slavery"):
            situation = gating(action=action, crime=crime, support="none")
            remembered = gate(situation, regime=regime, evaluator=memo)
            assert remembered.as_json() == gate(situation, regime=regime).as_json()
            outcomes[action, crime] = remembered.outcome.value

    assert outcomes == {
        ("arrest", "domestic_abuse"): "allowed",
        ("arrest", "modern_slavery"): "blocked",
        ("detention", "domestic_abuse"): "allowed",
        ("detention", "modern_slavery"): "allowed",
    }
    assert memo.cedar_requests == 3 + 1  # arrest for each crime, detention once, the duty once


def test_a_duty_policy_must_name_its_duty() -> None:
    text = regime_text(v.RegimeId.MIGRANT_VICTIMS_PROTOCOL) + (
        '\n@id("any-duty") @rule("X") @source("test") @statement("A test rule.")\n'
        'permit (principal, action == Action::"share_duty", resource);\n'
    )

    with pytest.raises(PolicyDefinitionError, match="any-duty must name one duty"):
        build(v.RegimeId.MIGRANT_VICTIMS_PROTOCOL, text)


# Each action's context holds only what its policies may read (DOMAIN.md section 3): the NRM
# consent is the duties' alone, and consent to share is each category's, never a duty's.
NRM_CONSENT_GIVEN = 'context.case.nrm_consent == Consent::"given"'
CONSENT_GIVEN = 'context.consent == Consent::"given"'


@pytest.mark.parametrize(
    ("action", "condition", "valid"),
    [
        ("share", NRM_CONSENT_GIVEN, False),
        ("act", NRM_CONSENT_GIVEN, False),
        ("act_duty", NRM_CONSENT_GIVEN, False),
        ("share_duty", CONSENT_GIVEN, False),
        # The same policies reading what their action does hold pass, so the refusals above are
        # about what is read, not about how the test writes a policy.
        ("share_duty", NRM_CONSENT_GIVEN, True),
        ("share", CONSENT_GIVEN, True),
    ],
)
def test_the_validator_refuses_a_policy_reading_what_its_action_does_not_hold(
    action: str, condition: str, valid: bool
) -> None:
    text = regime_text(v.RegimeId.MIGRANT_VICTIMS_PROTOCOL) + (
        '\n@id("reads-too-much") @rule("X") @source("test") @statement("A test rule.")\n'
        f'permit (principal, action == Action::"{action}", resource)\nwhen {{ {condition} }};\n'
    )

    result = cedarpy.validate_policies(text, schema_text())

    assert result.validation_passed is valid, [str(e) for e in result.errors]


def test_the_nrm_duties_read_the_nrm_consent_and_nothing_reads_it_for_sharing() -> None:
    paths = load(v.RegimeId.HMICFRS_INTERIM).context_paths

    assert ("case", "nrm_consent") in (paths["share_duty"] or ())
    assert ("consent",) not in (paths["share_duty"] or ())
    assert ("case", "nrm_consent") not in (paths["share"] or ())
    assert ("case", "nrm_consent") not in (paths["act"] or ())


def test_the_consent_rule_says_its_prohibitions_lack_consent() -> None:
    rules = {rule.id: rule for rule in load(v.RegimeId.COMPLETE_FIREWALL).rules}

    assert rules["consent-for-own-request"].basis == "not_consented"
    assert {rule.id for rule in rules.values() if rule.basis} == {"consent-for-own-request"}
    # Every @basis a policy may carry is a basis that decisions report.
    assert set(FORBID_BASES) == {Basis.NOT_CONSENTED}


@pytest.mark.parametrize(
    "policy",
    [
        '@basis("unclear") forbid (principal, action == Action::"share", resource);',
        '@basis("not_consented") permit (principal, action == Action::"share", resource);',
        '@basis("not_consented") forbid (principal, action == Action::"act", resource);',
    ],
)
def test_a_basis_is_refused_unless_known_and_on_a_forbid_of_share(policy: str) -> None:
    text = regime_text(v.RegimeId.HMICFRS_INTERIM) + (
        f'\n@id("odd-basis") @rule("X") @source("test") @statement("A test rule.")\n{policy}\n'
    )

    with pytest.raises(PolicyDefinitionError, match="@basis must be one of not_consented"):
        build(v.RegimeId.HMICFRS_INTERIM, text)
