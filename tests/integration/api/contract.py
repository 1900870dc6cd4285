"""The contract: every API response the tests see is checked against the schema the published
OpenAPI document (`/api/v1/openapi.json`) declares for that path, method and status.

`jsonschema` is not among the project's dependencies, so `problems` validates the subset of JSON
Schema that pydantic writes. A keyword it does not know fails the check: a schema it cannot read
never passes by being ignored.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from functools import cache
from typing import Any
from urllib.parse import urlencode

from django.http import HttpResponse
from django.test import Client

PREFIX = "/api/v1"

# Keywords that say nothing about validity.
ANNOTATIONS = frozenset({"title", "description", "default", "examples"})
TYPES: Mapping[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "object": (dict,),
    "array": (list,),
    "null": (type(None),),
}
FORMATS = {"date": date.fromisoformat, "date-time": datetime.fromisoformat}
KEYWORDS = frozenset(
    {
        "$ref",
        "type",
        "enum",
        "const",
        "anyOf",
        "oneOf",
        "allOf",
        "properties",
        "required",
        "additionalProperties",
        "propertyNames",
        "items",
        "minItems",
        "maxItems",
        "minLength",
        "maxLength",
        "format",
    }
)


@cache
def document() -> dict[str, Any]:
    """The OpenAPI document as the service publishes it (it depends on no data)."""
    response = Client().get(f"{PREFIX}/openapi.json")
    assert response.status_code == 200, response.content
    published: dict[str, Any] = json.loads(response.content)
    return published


def resolve(reference: str) -> dict[str, Any]:
    """The schema a local `$ref` (`#/components/schemas/Name`) points to."""
    assert reference.startswith("#/"), f"only local references are used, got {reference}"
    found: Any = document()
    for part in reference[2:].split("/"):
        found = found[part]
    return dict(found)


def problems(value: Any, schema: Mapping[str, Any], where: str = "$") -> list[str]:
    """Everything about `value` that the schema does not allow; empty if it conforms."""
    unknown = set(schema) - KEYWORDS - ANNOTATIONS
    if unknown:
        return [f"{where}: schema keyword(s) {sorted(unknown)} not understood by this check"]
    found: list[str] = []
    if "$ref" in schema:
        found += problems(value, resolve(schema["$ref"]), where)
    found += _type(value, schema, where)
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{where}: {value!r} is not one of {schema['enum']}")
    if "const" in schema and value != schema["const"]:
        found.append(f"{where}: {value!r} is not {schema['const']!r}")
    found += _combinations(value, schema, where)
    if isinstance(value, dict):
        found += _object(value, schema, where)
    if isinstance(value, list):
        found += _array(value, schema, where)
    if isinstance(value, str):
        found += _string(value, schema, where)
    return found


def _type(value: Any, schema: Mapping[str, Any], where: str) -> list[str]:
    if "type" not in schema:
        return []
    names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    for name in names:
        is_bool = isinstance(value, bool)
        if isinstance(value, TYPES[name]) and (name == "boolean" or not is_bool):
            return []
    return [f"{where}: {value!r} is not of type {names}"]


def _combinations(value: Any, schema: Mapping[str, Any], where: str) -> list[str]:
    found: list[str] = []
    for branch in schema.get("allOf", []):
        found += problems(value, branch, where)
    if "anyOf" in schema and all(problems(value, b, where) for b in schema["anyOf"]):
        found.append(f"{where}: {value!r} matches none of anyOf")
    if "oneOf" in schema:
        matching = [b for b in schema["oneOf"] if not problems(value, b, where)]
        if len(matching) != 1:
            found.append(f"{where}: {value!r} matches {len(matching)} of oneOf, not exactly 1")
    return found


def _object(value: dict[str, Any], schema: Mapping[str, Any], where: str) -> list[str]:
    found: list[str] = []
    properties = schema.get("properties", {})
    for name in schema.get("required", []):
        if name not in value:
            found.append(f"{where}: {name} is required")
    for name, inner in value.items():
        if "propertyNames" in schema:
            found += problems(name, schema["propertyNames"], f"{where}.{name} (name)")
        if name in properties:
            found += problems(inner, properties[name], f"{where}.{name}")
            continue
        extra = schema.get("additionalProperties", True)
        if extra is False:
            found.append(f"{where}: {name} is not a declared property")
        elif isinstance(extra, dict):
            found += problems(inner, extra, f"{where}.{name}")
    return found


def _array(value: list[Any], schema: Mapping[str, Any], where: str) -> list[str]:
    found: list[str] = []
    if len(value) < schema.get("minItems", 0):
        found.append(f"{where}: fewer than {schema['minItems']} items")
    if "maxItems" in schema and len(value) > schema["maxItems"]:
        found.append(f"{where}: more than {schema['maxItems']} items")
    for position, item in enumerate(value):
        if "items" in schema:
            found += problems(item, schema["items"], f"{where}[{position}]")
    return found


def _string(value: str, schema: Mapping[str, Any], where: str) -> list[str]:
    found: list[str] = []
    if len(value) < schema.get("minLength", 0):
        found.append(f"{where}: shorter than {schema['minLength']}")
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        found.append(f"{where}: longer than {schema['maxLength']}")
    if "format" in schema:
        check = FORMATS.get(schema["format"])
        if check is None:
            found.append(f"{where}: format {schema['format']} not understood by this check")
        else:
            try:
                check(value)
            except ValueError:
                found.append(f"{where}: {value!r} is not a {schema['format']}")
    return found


# Calling the API -------------------------------------------------------------------------------


class Api:
    """The API as one caller (a token, or none) sees it; every response is checked against the
    schema the published document declares for it."""

    def __init__(self, client: Client, token: str | None = None) -> None:
        self.client = client
        self.token = token

    def call(
        self,
        method: str,
        template: str,
        body: Any = None,
        *,
        raw: str | None = None,
        query: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        **params: str,
    ) -> HttpResponse:
        """`template` is the path as the document names it (`/cases/{reference}`); `headers`
        are sent as well as the token's."""
        url = PREFIX + template.format(**params) + (f"?{urlencode(query)}" if query else "")
        data = raw if raw is not None else "" if body is None else json.dumps(body)
        sent = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        response: HttpResponse = self.client.generic(
            method, url, data, content_type="application/json", headers={**(headers or {}), **sent}
        )
        conforms(response, template, method)
        return response

    def get(self, template: str, **params: Any) -> HttpResponse:
        return self.call("GET", template, **params)

    def post(self, template: str, body: Any = None, **params: Any) -> HttpResponse:
        return self.call("POST", template, body, **params)

    def patch(self, template: str, body: Any = None, **params: Any) -> HttpResponse:
        return self.call("PATCH", template, body, **params)


def conforms(response: HttpResponse, template: str, method: str) -> None:
    """The response is JSON and matches what the document declares for it."""
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    operation = document()["paths"].get(PREFIX + template, {}).get(method.lower())
    if operation is None:
        # No such operation: the path's 405, or the 404 of anything that is not an endpoint.
        assert response.status_code in (404, 405), response.status_code
        is_error(response, response.status_code)
        return
    declared = operation["responses"]
    status = str(response.status_code)
    assert status in declared, (
        f"{method} {template} answered {status}, which it does not declare: {response.content!r}"
    )
    schema = declared[status]["content"]["application/json"]["schema"]
    found = problems(json.loads(response.content), schema)
    assert not found, f"{method} {template} {status} breaks its schema: {found}"


def is_error(response: HttpResponse, status: int) -> dict[str, Any]:
    """The response is the one error shape with this status (for paths with no operation, such
    as 405 and unknown paths); returns the error."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body: dict[str, Any] = json.loads(response.content)
    found = problems(body, {"$ref": "#/components/schemas/ErrorOut"})
    assert not found, found
    error: dict[str, Any] = body["error"]
    return error
