"""The published OpenAPI document: served to anyone as JSON, complete (every endpoint, its roles,
its errors), self-consistent (every reference resolves), and true to the CLI's scenarios. That
every response matches it is checked on every call the other tests make (`contract.py`)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from ninja import NinjaAPI
from pytest_django import Settings

from safereport.api.api import api
from tests.integration.api.contract import PREFIX, document, problems, resolve

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
METHODS = ("get", "post", "patch", "put", "delete")


def operations() -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in document()["paths"].items():
        for method, operation in item.items():
            assert method in METHODS, f"{path}: {method}"
            yield path, method, operation


def references(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "$ref":
                yield inner
            else:
                yield from references(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from references(inner)


@pytest.mark.django_db
def test_the_document_is_served_to_anyone_as_json(client: Client) -> None:
    response = client.get(f"{PREFIX}/openapi.json")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    published = json.loads(response.content)
    assert published["openapi"] == "3.1.0"
    assert published["info"]["title"] == "Safe Reporting API"
    assert published["components"]["securitySchemes"] == {
        "BearerToken": {"type": "http", "scheme": "bearer"},
        # GOV.UK Notify's callbacks carry Notify's own token, not a user's.
        "NotifyToken": {"type": "http", "scheme": "bearer"},
    }


@pytest.mark.django_db
def test_there_is_no_documentation_page_that_would_load_scripts_from_a_cdn(
    client: Client,
) -> None:
    assert client.get(f"{PREFIX}/docs").status_code == 404


@pytest.mark.django_db
def test_every_reference_resolves() -> None:
    found = set(references(document()))

    assert found
    for reference in found:
        assert resolve(reference), reference


@pytest.mark.django_db
def test_every_operation_declares_its_roles_security_and_errors() -> None:
    seen = 0
    for path, method, operation in operations():
        seen += 1
        assert operation["x-roles"], (path, method)
        scheme = "NotifyToken" if path.endswith("/notify/delivery-receipts") else "BearerToken"
        assert operation["security"] == [{scheme: []}], (path, method)
        for status in ("401", "404", "500"):
            schema = operation["responses"][status]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/ErrorOut"}, (path, method, status)
    assert seen >= 10


@pytest.mark.django_db
def test_no_personal_data_can_travel_in_a_url() -> None:
    """Path parameters are references (random); the only query parameter is a fixed list; the
    only header parameter is a POST's Idempotency-Key, which travels outside the URL."""
    for path, method, operation in operations():
        for parameter in operation["parameters"]:
            where, name = parameter["in"], parameter["name"]
            if where == "path":
                assert name == "reference", (path, method)
            elif where == "header":
                assert (method, name) == ("post", "Idempotency-Key"), (path, method)
            else:
                assert (where, name) == ("query", "reason"), (path, method)
                assert "enum" in resolve(parameter["schema"]["anyOf"][0]["$ref"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "schema", "example"),
    [
        ("/decide", "SharingScenario", "domestic-abuse-status-check.json"),
        ("/gate", "GateScenario", "protocol-arrest.json"),
    ],
)
def test_the_scenario_endpoints_document_the_clis_scenarios(
    path: str, schema: str, example: str
) -> None:
    body = document()["paths"][PREFIX + path]["post"]["requestBody"]
    reference = {"$ref": f"#/components/schemas/{schema}"}

    assert body["content"]["application/json"]["schema"] == reference
    scenario = json.loads((EXAMPLES / example).read_text())
    assert problems(scenario, reference) == []
    assert problems({**scenario, "colour": "blue"}, reference)  # unknown fields are refused


def test_the_document_is_made_once_and_each_caller_gets_its_own_copy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made = []
    making = NinjaAPI.get_openapi_schema

    def counted(self: NinjaAPI, **kwargs: Any) -> Any:
        made.append(kwargs)
        return making(self, **kwargs)

    monkeypatch.setattr(NinjaAPI, "get_openapi_schema", counted)
    monkeypatch.setattr(api, "_documents", {})

    first = api.get_openapi_schema()
    first["paths"].clear()  # a caller's change reaches nobody else
    second = api.get_openapi_schema()

    assert len(made) == 1
    assert second["paths"]
    assert second == api.get_openapi_schema()


def test_the_document_is_made_again_when_the_setting_it_quotes_changes(settings: Settings) -> None:
    def quoted() -> str:
        post = api.get_openapi_schema()["paths"][f"{PREFIX}/cases"]["post"]
        [key] = [p for p in post["parameters"] if p["name"] == "Idempotency-Key"]
        return str(key["description"])

    settings.IDEMPOTENCY_KEY_HOURS = 24
    assert "kept for 24 hours" in quoted()
    settings.IDEMPOTENCY_KEY_HOURS = 6
    assert "kept for 6 hours" in quoted()
