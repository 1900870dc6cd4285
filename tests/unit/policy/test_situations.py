"""Parsing scenarios: every problem is named by its field, with what is allowed."""

from __future__ import annotations

from typing import Any

import pytest

from safereport.policy import ScenarioError, parse_gate, parse_sharing
from safereport.policy.situations import sharing_as_json
from safereport.policy.vocabulary import Consent, RegimeId
from tests.unit.policy.builders import scenario


def problems(data: Any, default: RegimeId | None = None) -> dict[str, str]:
    with pytest.raises(ScenarioError) as raised:
        parse_sharing(data, default)
    return raised.value.fields


def test_a_valid_scenario_parses() -> None:
    situation = parse_sharing(scenario())

    assert situation.regime is RegimeId.HMICFRS_INTERIM
    assert [c.value for c in situation.request.categories] == ["identity", "offence"]


def test_unknown_value_names_the_field_and_the_allowed_values() -> None:
    found = problems(scenario(person={**scenario()["person"], "role": "vicitm"}))

    assert found == {"person.role": "must be one of victim, witness, suspect (got 'vicitm')"}


def test_missing_field_is_named() -> None:
    person = {k: v for k, v in scenario()["person"].items() if k != "suspected_offending"}

    assert problems(scenario(person=person)) == {
        "person.suspected_offending": "is required: true or false"
    }


def test_wrong_type_is_named() -> None:
    found = problems(scenario(person={**scenario()["person"], "suspected_offending": "no"}))

    assert found == {"person.suspected_offending": "must be true or false (got 'no')"}


def test_every_problem_is_reported_at_once() -> None:
    found = problems(scenario(crime="x", consent="maybe", colour="red"))

    assert set(found) == {"crime", "consent", "colour"}
    assert "is not a known field" in found["colour"]


def test_empty_section_names_each_missing_field() -> None:
    found = problems(scenario(case={}))

    assert set(found) == {"case.stage", "case.support", "case.nrm"}


def test_categories_must_be_a_non_empty_list_of_known_values_each_once() -> None:
    assert (
        "non-empty list"
        in problems(scenario(request={"purpose": "safeguarding", "categories": []}))[
            "request.categories"
        ]
    )
    found = problems(
        scenario(
            request={"purpose": "safeguarding", "categories": ["identity", "name", "identity"]}
        )
    )
    assert found == {
        "request.categories[1]": (
            "must be one of identity, contact, location, immigration, offence, support (got 'name')"
        ),
        "request.categories[2]": "repeats identity; list each once",
    }


def test_regime_comes_from_the_scenario_or_the_default() -> None:
    data = {k: v for k, v in scenario().items() if k != "regime"}

    assert "with --regime" in problems(data)["regime"]
    assert parse_sharing(data, RegimeId.COMPLETE_FIREWALL).regime is RegimeId.COMPLETE_FIREWALL
    assert parse_sharing(scenario(), RegimeId.COMPLETE_FIREWALL).regime is RegimeId.HMICFRS_INTERIM


@pytest.mark.parametrize("data", [[], "text", 3, None])
def test_a_scenario_must_be_an_object(data: Any) -> None:
    assert problems(data) == {"(scenario)": "must be a JSON object"}


def test_gate_scenario_problems() -> None:
    with pytest.raises(ScenarioError) as raised:
        parse_gate({**scenario(), "action": "deport", "referred_by_police": 1})

    fields = raised.value.fields
    assert fields["action"].startswith("must be one of arrest, detention, removal")
    assert fields["referred_by_police"] == "must be true or false (got 1)"
    assert "is not a known field" in fields["request"]
    assert raised.value.as_json()["error"]["code"] == "invalid_scenario"


def test_nrm_consent_is_optional_and_absent_means_none() -> None:
    assert parse_sharing(scenario()).case.nrm_consent is Consent.NONE

    given = parse_sharing(scenario(case={**scenario()["case"], "nrm_consent": "given"}))

    assert given.case.nrm_consent is Consent.GIVEN


def test_a_bad_nrm_consent_is_named() -> None:
    found = problems(scenario(case={**scenario()["case"], "nrm_consent": "yes"}))

    assert found == {"case.nrm_consent": "must be one of none, given, refused (got 'yes')"}


def test_nrm_consent_is_written_only_when_recorded() -> None:
    # So a situation without one reads exactly as those stored before it existed.
    assert "nrm_consent" not in sharing_as_json(parse_sharing(scenario()))["case"]

    refused = scenario(case={**scenario()["case"], "nrm_consent": "refused"})

    assert sharing_as_json(parse_sharing(refused))["case"]["nrm_consent"] == "refused"


def test_a_gate_scenario_may_carry_nrm_consent() -> None:
    data = {k: v for k, v in scenario().items() if k not in ("request", "consent")}
    data |= {"action": "arrest", "referred_by_police": True}
    data["case"] = {**data["case"], "nrm_consent": "given"}

    assert parse_gate(data).case.nrm_consent is Consent.GIVEN
