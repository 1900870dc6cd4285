"""The frozen API contract's comparison (tests/integration/api/public_contract.py): a document
that drops or renames an operation, a role, a parameter, a response, a field or an enumeration
value fails, naming what it dropped; one that only adds passes."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from tests.integration.api.public_contract import compare, promises

CASE = "#/components/schemas/CaseOut"


def frozen() -> dict[str, Any]:
    """A small document in the shape django-ninja writes: references, nullable parameters."""
    error = {"$ref": "#/components/schemas/ErrorOut"}
    return {
        "openapi": "3.1.0",
        "paths": {
            "/api/v1/cases": {
                "post": {
                    "operationId": "safereport_api_casework_record_case",
                    "x-roles": ["police_officer"],
                    "parameters": [],
                    "requestBody": {
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/CaseIn"}}
                        }
                    },
                    "responses": {
                        "201": {"content": {"application/json": {"schema": {"$ref": CASE}}}},
                        "422": {"content": {"application/json": {"schema": error}}},
                    },
                }
            },
            "/api/v1/cases/{reference}": {
                "get": {
                    "x-roles": ["police_officer", "police_dpo"],
                    "parameters": [
                        {"in": "path", "name": "reference", "schema": {"type": "string"}},
                        {
                            "in": "query",
                            "name": "reason",
                            "schema": {
                                "anyOf": [
                                    {"$ref": "#/components/schemas/OpenReason"},
                                    {"type": "null"},
                                ]
                            },
                        },
                    ],
                    "responses": {
                        "200": {"content": {"application/json": {"schema": {"$ref": CASE}}}}
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "CaseIn": {
                    "type": "object",
                    "properties": {
                        "crime_type": {"$ref": "#/components/schemas/CrimeType"},
                        "parties": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/PartyIn"},
                        },
                    },
                },
                "PartyIn": {
                    "type": "object",
                    "properties": {
                        "role": {"enum": ["victim", "witness"], "type": "string"},
                        "given_name": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                    },
                },
                "CaseOut": {
                    "type": "object",
                    "properties": {
                        "reference": {"type": "string"},
                        "categories": {
                            "type": "object",
                            "propertyNames": {"enum": ["identity", "contact"]},
                            "additionalProperties": {"enum": ["permitted", "prohibited"]},
                        },
                        "related": {"type": "array", "items": {"$ref": CASE}},  # recursive
                    },
                },
                "CrimeType": {"enum": ["domestic_abuse", "other"], "type": "string"},
                "OpenReason": {"enum": ["complaint", "data_breach"], "type": "string"},
                "ErrorOut": {
                    "type": "object",
                    "properties": {"error": {"type": "object", "properties": {"code": {}}}},
                },
            }
        },
    }


def changed(change: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
    live = copy.deepcopy(frozen())
    change(live)
    return live


def schemas(document: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = document["components"]["schemas"]
    return found


def get_case(document: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = document["paths"]["/api/v1/cases/{reference}"]["get"]
    return found


def test_a_document_keeps_its_own_promises() -> None:
    assert compare(frozen(), frozen()).dropped == []


def test_references_and_combinations_are_followed_to_what_travels() -> None:
    promised = promises(frozen())

    assert 'POST /api/v1/cases request field parties[].role = "witness"' in promised
    assert "POST /api/v1/cases request field parties[].given_name" in promised
    assert 'POST /api/v1/cases request field crime_type = "other"' in promised
    assert 'GET /api/v1/cases/{reference} parameter query reason = "complaint"' in promised
    assert 'GET /api/v1/cases/{reference} response 200 field categories{key} = "contact"' in (
        promised
    )
    assert 'POST /api/v1/cases response 201 field categories.* = "prohibited"' in promised
    assert "POST /api/v1/cases response 422 field error.code" in promised
    assert "GET /api/v1/cases/{reference} serves police_dpo" in promised


@pytest.mark.parametrize(
    ("change", "dropped"),
    [
        pytest.param(
            lambda d: d["paths"]["/api/v1/cases"].pop("post"),
            "POST /api/v1/cases",
            id="an operation",
        ),
        pytest.param(
            lambda d: d["paths"].update(
                {"/api/v1/case/{reference}": d["paths"].pop("/api/v1/cases/{reference}")}
            ),
            "GET /api/v1/cases/{reference}",
            id="an operation's path renamed",
        ),
        pytest.param(
            lambda d: get_case(d)["x-roles"].remove("police_dpo"),
            "GET /api/v1/cases/{reference} serves police_dpo",
            id="a role",
        ),
        pytest.param(
            lambda d: get_case(d)["parameters"].pop(1),
            "GET /api/v1/cases/{reference} parameter query reason",
            id="a parameter",
        ),
        pytest.param(
            lambda d: d["paths"]["/api/v1/cases"]["post"]["responses"].pop("422"),
            "POST /api/v1/cases response 422",
            id="a response status",
        ),
        pytest.param(
            lambda d: schemas(d)["PartyIn"]["properties"].pop("given_name"),
            "POST /api/v1/cases request field parties[].given_name",
            id="a request field",
        ),
        pytest.param(
            lambda d: schemas(d)["CaseOut"]["properties"].pop("reference"),
            "GET /api/v1/cases/{reference} response 200 field reference",
            id="a response field",
        ),
        pytest.param(
            lambda d: schemas(d)["CrimeType"]["enum"].remove("other"),
            'POST /api/v1/cases request field crime_type = "other"',
            id="an enumeration value",
        ),
        pytest.param(
            lambda d: schemas(d)["OpenReason"]["enum"].remove("data_breach"),
            'GET /api/v1/cases/{reference} parameter query reason = "data_breach"',
            id="a parameter's enumeration value",
        ),
        pytest.param(
            lambda d: schemas(d)["CaseOut"]["properties"]["categories"]["propertyNames"][
                "enum"
            ].remove("contact"),
            'GET /api/v1/cases/{reference} response 200 field categories{key} = "contact"',
            id="a map's key",
        ),
    ],
)
def test_a_dropped_promise_fails_and_is_named(
    change: Callable[[dict[str, Any]], object], dropped: str
) -> None:
    comparison = compare(frozen(), changed(change))

    assert dropped in comparison.dropped
    assert f"- {dropped}" in comparison.explain()
    assert "make api-contract" in comparison.explain()


def test_a_renamed_field_fails_naming_the_old_name_and_the_new() -> None:
    def rename(document: dict[str, Any]) -> None:
        fields = schemas(document)["PartyIn"]["properties"]
        fields["first_name"] = fields.pop("given_name")

    comparison = compare(frozen(), changed(rename))

    assert comparison.dropped == ["POST /api/v1/cases request field parties[].given_name"]
    assert (
        "- POST /api/v1/cases request field parties[].given_name (the live document has "
        "instead: POST /api/v1/cases request field parties[].first_name)"
    ) in comparison.explain()


def test_a_renamed_enumeration_value_fails_naming_both() -> None:
    def rename(document: dict[str, Any]) -> None:
        schemas(document)["PartyIn"]["properties"]["role"]["enum"] = ["victim", "onlooker"]

    comparison = compare(frozen(), changed(rename))

    assert comparison.dropped == [
        'POST /api/v1/cases request field parties[].role = "witness"',
    ]
    assert 'instead: POST /api/v1/cases request field parties[].role = "onlooker"' in (
        comparison.explain()
    )


def test_additions_pass() -> None:
    def add(document: dict[str, Any]) -> None:
        document["paths"]["/api/v1/inbox"] = {"get": {"x-roles": ["ie_caseworker"]}}
        get_case(document)["x-roles"].append("inspector")
        schemas(document)["PartyIn"]["properties"]["nationality"] = {"type": "string"}
        schemas(document)["CrimeType"]["enum"].append("modern_slavery")
        document["paths"]["/api/v1/cases"]["post"]["responses"]["409"] = {}

    comparison = compare(frozen(), changed(add))

    assert comparison.dropped == []
    assert "GET /api/v1/inbox" in comparison.added
    assert "POST /api/v1/cases request field parties[].nationality" in comparison.added
    assert 'POST /api/v1/cases request field crime_type = "modern_slavery"' in comparison.added


def test_what_the_contract_leaves_out_may_change() -> None:
    """Descriptions, titles and operation ids are not what a client sends or reads."""

    def reword(document: dict[str, Any]) -> None:
        operation = document["paths"]["/api/v1/cases"]["post"]
        operation["operationId"] = "safereport_api_cases_record"
        operation["description"] = "Record a report."
        schemas(document)["CaseOut"]["title"] = "Case"

    assert compare(frozen(), changed(reword)).dropped == []
