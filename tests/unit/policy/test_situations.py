"""Parsing scenarios: every problem is named by its field, with what is allowed."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from safereport.policy import ScenarioError, parse_gate, parse_sharing
from safereport.policy.situations import sharing_as_json
from safereport.policy.vocabulary import Category, Consent, RegimeId
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


def test_consent_may_be_given_per_category_and_a_missing_category_is_none() -> None:
    data = scenario(
        request={"purpose": "victim_request", "categories": ["identity", "contact", "offence"]},
        consent={"identity": "given", "offence": "refused"},
    )

    situation = parse_sharing(data)

    assert situation.consent_by_category == {
        Category.IDENTITY: Consent.GIVEN,
        Category.CONTACT: Consent.NONE,
        Category.OFFENCE: Consent.REFUSED,
    }
    assert situation.uniform_consent is None


def test_one_consent_value_stands_for_every_requested_category() -> None:
    situation = parse_sharing(scenario(consent="given"))

    assert situation.consent_by_category == {
        Category.IDENTITY: Consent.GIVEN,
        Category.OFFENCE: Consent.GIVEN,
    }
    assert situation.uniform_consent is Consent.GIVEN


def test_consent_to_a_category_not_requested_is_accepted_and_plays_no_part() -> None:
    situation = parse_sharing(scenario(consent={"identity": "given", "support": "given"}))

    assert situation.consent_by_category == {
        Category.IDENTITY: Consent.GIVEN,
        Category.OFFENCE: Consent.NONE,
    }


def test_an_unknown_category_in_the_consent_map_is_named() -> None:
    found = problems(scenario(consent={"identity": "given", "phone": "given"}))

    assert found == {
        "consent.phone": (
            "is not a data category; expected one of identity, contact, location, immigration, "
            "offence, support"
        )
    }


def test_a_bad_value_in_the_consent_map_is_named_with_its_category() -> None:
    found = problems(scenario(consent={"identity": "yes", "offence": True, "contact": "given"}))

    assert found == {
        "consent.identity": "must be one of none, given, refused (got 'yes')",
        "consent.offence": "must be one of none, given, refused (got True)",
    }


@pytest.mark.parametrize("value", [3, ["given"], None, True])
def test_consent_of_the_wrong_type_is_named(value: Any) -> None:
    found = problems(scenario(consent=value))

    assert found == {
        "consent": (
            "must be one of none, given, refused, or an object giving one of them per category "
            f"(got {value!r})"
        )
    }


def test_consent_is_required() -> None:
    data = {k: v for k, v in scenario().items() if k != "consent"}

    assert problems(data) == {
        "consent": "is required: one of none, given, refused, or an object giving one of them "
        "per category"
    }


def test_consent_is_written_as_one_value_when_alike_and_per_category_otherwise() -> None:
    alike = scenario(consent={"identity": "refused", "offence": "refused"})
    mixed = scenario(consent={"offence": "given"})

    assert sharing_as_json(parse_sharing(alike))["consent"] == "refused"
    assert sharing_as_json(parse_sharing(mixed))["consent"] == {
        "identity": "none",
        "offence": "given",
    }
    assert parse_sharing(sharing_as_json(parse_sharing(mixed))) == parse_sharing(mixed)


def test_a_situation_refuses_consent_that_is_not_of_the_vocabulary() -> None:
    situation = parse_sharing(scenario())

    with pytest.raises(TypeError, match="consent"):
        replace(situation, consent={"identity": "given"})
    with pytest.raises(TypeError, match="consent"):
        replace(situation, consent="given")
    with pytest.raises(KeyError, match="contact"):
        situation.consent_for(Category.CONTACT)
