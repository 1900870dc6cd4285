"""Bad input never reaches a 500 (issue 14, item 1): every endpoint, signed in with a role that
may use it, is sent each kind of bad input, and answers it in the one error shape with the
status that says what is wrong, on SQLite and PostgreSQL alike.

The endpoints come from the API's own URL list (`test_access.endpoints`) and what they take from
the published document, so that a new endpoint or field is in the corpus without a word here:

- a NUL character in a path's reference: the 404 of anything that does not exist (PostgreSQL
  refuses NUL in text, so looking it up failed there);
- a NUL character or an unpaired surrogate in any string of a body, at any depth, or in a query
  parameter: 422 naming the field (the surrogate reached the key ring, which cannot encode it);
- an integer of 5,001 digits anywhere in a body: 422 naming the field (past Python's limit of
  4,300 digits, `json.loads` raises a bare ValueError);
- a body over `DATA_UPLOAD_MAX_MEMORY_SIZE`: 413; a body not sent as `application/json`: 415;
- a date that is a number, a string of one, not YYYY-MM-DD, or before 1900: 422 naming it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import Client

from safereport import storable
from safereport.api.auth import BearerToken
from safereport.api.body import TOO_LONG
from safereport.api.errors import WORDS
from tests.integration.api import world
from tests.integration.api.contract import PREFIX, Api, document, resolve
from tests.integration.api.test_access import ENDPOINTS, NOT_FOUND, sample

NUL_TEXT = "prot_\x00"
SURROGATE_TEXT = "\ud800x"
LONG_INTEGER = "9" * 5_001
DATE_WORDS = WORDS["date_parsing"]
NOT_DATES = [
    0,
    "0",
    20260101,
    "2026-1-1",
    "1 March 2026",
    "2026-02-30",
    "\uff12\uff10\uff12\uff16-01-01",
]  # fullwidth digits
TOO_EARLY = ["1899-12-31", "0001-01-01"]


def operation(route: str, method: str) -> dict[str, Any]:
    found: dict[str, Any] = document()["paths"][PREFIX + route][method.lower()]
    return found


def request_schema(route: str, method: str) -> dict[str, Any] | None:
    body = operation(route, method).get("requestBody")
    if body is None:
        return None
    return dict(body["content"]["application/json"]["schema"])


def leaves(schema: dict[str, Any], path: tuple[str | int, ...] = ()) -> Iterator[Any]:
    """(path, schema) for every value the request schema names, at any depth: its properties,
    the first item of its lists, each branch of a nullable value."""
    if "$ref" in schema:
        schema = {**resolve(schema["$ref"]), **{k: v for k, v in schema.items() if k != "$ref"}}
    if "properties" in schema:
        for name, inner in schema["properties"].items():
            yield from leaves(inner, (*path, name))
        return
    if schema.get("type") == "array" and "items" in schema:
        yield from leaves(schema["items"], (*path, 0))
        return
    branches = schema.get("anyOf", []) + schema.get("oneOf", [])
    if branches:
        for branch in branches:
            if branch.get("type") != "null":
                yield from leaves(branch, path)
        return
    yield path, schema


def dotted(path: tuple[str | int, ...]) -> str:
    """A path as the API names it in its errors: `parties[0].person.email`."""
    name = ""
    for part in path:
        name += f"[{part}]" if isinstance(part, int) else f".{part}" if name else part
    return name


def placed(path: tuple[str | int, ...], value: Any) -> Any:
    """A body holding `value` at `path` and nothing else."""
    for part in reversed(path):
        value = [value] if isinstance(part, int) else {part: value}
    return value


def string_paths(route: str, method: str) -> list[tuple[str | int, ...]]:
    """Every place a body may hold a string (text, a choice, a date, a map's values)."""
    schema = request_schema(route, method)
    if schema is None:
        return []
    return sorted(
        {path for path, inner in leaves(schema) if path and _takes_text(inner)}, key=dotted
    )


def _takes_text(schema: dict[str, Any]) -> bool:
    return schema.get("type") in ("string", None) or "enum" in schema or "const" in schema


def date_paths(route: str, method: str) -> list[tuple[str | int, ...]]:
    schema = request_schema(route, method)
    if schema is None:
        return []
    return [path for path, inner in leaves(schema) if inner.get("format") == "date"]


BODIES = [(r, m, a) for r, m, a in ENDPOINTS if request_schema(r, m) is not None]
BODY_IDS = [f"{m} {r}" for r, m, _ in BODIES]
REFERENCED = [(r, m, a) for r, m, a in ENDPOINTS if "{reference}" in r]
DATED = [(r, m, a, p) for r, m, a in BODIES for p in date_paths(r, m)]


Shared = tuple[world.ProtocolCase, world.Pathways]


def caller_for(
    client: Client, auth: BearerToken, shared: Shared
) -> tuple[Api, world.ProtocolCase, world.Pathways]:
    """The API as a user of a role the endpoint serves, near a real case and its pathways (made
    once for this module's tests: `shared_case`)."""
    case, links = shared
    role = sorted(auth.roles)[0]
    return world.api_as(client, world.user_near(role, case, links)), case, links


def refused(response: HttpResponse, status: int) -> dict[str, Any]:
    assert response.status_code == status, (response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/json")
    error: dict[str, Any] = json.loads(response.content)["error"]
    assert set(error) == {"code", "message", "fields"}
    return error


def send(caller: Api, method: str, route: str, raw: str, **params: str) -> HttpResponse:
    return caller.call(method, route, raw=raw, **params)


# The corpus ------------------------------------------------------------------------------------


def test_the_corpus_reaches_the_endpoints_and_fields_that_take_input() -> None:
    """A corpus that found no body, no date and no reference would pass by testing nothing."""
    assert len(BODIES) >= 15
    assert ("/cases", "POST") in {(r, m) for r, m, _ in BODIES}
    assert ("parties", 0, "person", "given_name") in string_paths("/cases", "POST")
    assert ("parties", 0, "person", "date_of_birth") in date_paths("/cases", "POST")
    assert ("protocol_reference",) in string_paths("/protocol-checks", "POST")
    assert len(DATED) >= 5
    assert len(REFERENCED) >= 20


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("route", "method", "auth"), REFERENCED, ids=[f"{m} {r}" for r, m, _ in REFERENCED]
)
def test_a_nul_in_a_reference_is_the_404_of_anything_that_does_not_exist(
    client: Client, route: str, method: str, auth: BearerToken, shared_case: Shared
) -> None:
    caller, _, _ = caller_for(client, auth, shared_case)
    body = None if method == "GET" else {}

    for reference in ("case_\x00abc", "\x00", "prot_\x00"):
        response = caller.call(method, route, body, reference=quote(reference, safe=""))
        assert refused(response, 404) == NOT_FOUND["error"], reference


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "method", "auth"), BODIES, ids=BODY_IDS)
def test_text_that_cannot_be_stored_is_422_naming_its_field(
    client: Client, route: str, method: str, auth: BearerToken, shared_case: Shared
) -> None:
    caller, case, links = caller_for(client, auth, shared_case)
    params = sample(route, case, links)
    paths = string_paths(route, method)
    assert paths, f"{method} {route} takes a body with no text in it?"

    for path in paths:
        for text, why in ((NUL_TEXT, storable.HAS_NUL), (SURROGATE_TEXT, storable.HAS_SURROGATE)):
            raw = json.dumps(placed(path, text))  # ASCII: the surrogate is sent as \ud800
            error = refused(send(caller, method, route, raw, **params), 422)
            assert error["fields"] == {dotted(path): why}, (path, error)
    # In a field's name, too: named by the object that holds it.
    error = refused(send(caller, method, route, '{"a\\u0000b": "x"}', **params), 422)
    assert list(error["fields"]) == ["(body)"]


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "method", "auth"), BODIES, ids=BODY_IDS)
def test_an_integer_of_5001_digits_is_422_naming_its_field(
    client: Client, route: str, method: str, auth: BearerToken, shared_case: Shared
) -> None:
    caller, case, links = caller_for(client, auth, shared_case)
    params = sample(route, case, links)

    for path in string_paths(route, method)[:3] or [("number",)]:
        raw = json.dumps(placed(path, "HERE")).replace('"HERE"', LONG_INTEGER)
        error = refused(send(caller, method, route, raw, **params), 422)
        assert error["fields"] == {dotted(path): TOO_LONG}
    error = refused(send(caller, method, route, LONG_INTEGER, **params), 422)
    assert error["fields"] == {"(body)": TOO_LONG}


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "method", "auth"), BODIES, ids=BODY_IDS)
def test_a_body_over_the_limit_is_413(
    client: Client, route: str, method: str, auth: BearerToken, shared_case: Shared
) -> None:
    caller, case, links = caller_for(client, auth, shared_case)
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    assert limit is not None
    raw = json.dumps({"summary": "x" * 5_000_000})
    assert len(raw) > limit

    error = refused(send(caller, method, route, raw, **sample(route, case, links)), 413)
    assert error["code"] == "request_too_large"


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "method", "auth"), BODIES, ids=BODY_IDS)
def test_a_body_not_sent_as_json_is_415(
    client: Client, route: str, method: str, auth: BearerToken, shared_case: Shared
) -> None:
    caller, case, links = caller_for(client, auth, shared_case)
    url = PREFIX + route.format(**sample(route, case, links))
    headers = {"HTTP_AUTHORIZATION": f"Bearer {caller.token}"}

    for media_type in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data"):
        response = client.generic(method, url, "{}", content_type=media_type, **headers)
        error = refused(response, 415)
        assert error["code"] == "unsupported_media_type"
    # The type's parameters are the body's own business.
    response = client.generic(
        method, url, "{}", content_type="application/json; charset=utf-8", **headers
    )
    assert response.status_code not in (415, 500)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("route", "method", "auth", "path"),
    DATED,
    ids=[f"{m} {r} {dotted(p)}" for r, m, _, p in DATED],
)
def test_a_date_is_yyyy_mm_dd_from_1900_on(
    client: Client,
    route: str,
    method: str,
    auth: BearerToken,
    path: tuple[str | int, ...],
    *,
    shared_case: Shared,
) -> None:
    caller, case, links = caller_for(client, auth, shared_case)
    params = sample(route, case, links)

    for value in NOT_DATES:
        error = refused(send(caller, method, route, json.dumps(placed(path, value)), **params), 422)
        assert error["fields"][dotted(path)] == DATE_WORDS, value
    for value in TOO_EARLY:
        error = refused(send(caller, method, route, json.dumps(placed(path, value)), **params), 422)
        assert error["fields"][dotted(path)] == WORDS["date_too_early"], value
    # The first day taken: refused, if at all, for the other fields the body leaves out.
    response = send(caller, method, route, json.dumps(placed(path, "1900-01-01")), **params)
    assert response.status_code < 500
    if response.status_code == 422:
        assert dotted(path) not in json.loads(response.content)["error"]["fields"]


def query_parameters(route: str, method: str) -> list[str]:
    return [p["name"] for p in operation(route, method).get("parameters", []) if p["in"] == "query"]


QUERIED = [(r, m, a, q) for r, m, a in ENDPOINTS for q in query_parameters(r, m)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("route", "method", "auth", "name"), QUERIED, ids=[f"{m} {r} {q}" for r, m, _, q in QUERIED]
)
def test_a_nul_in_a_query_parameter_is_422_naming_it(
    client: Client, route: str, method: str, auth: BearerToken, name: str, *, shared_case: Shared
) -> None:
    caller, case, links = caller_for(client, auth, shared_case)
    body = None if method == "GET" else {}

    for text in (NUL_TEXT, "\x00"):
        response = caller.call(
            method, route, body, query={name: text}, **sample(route, case, links)
        )
        assert name in refused(response, 422)["fields"]
