"""The API's public contract: what a frozen OpenAPI document promises that the live one must
still offer. Framework-free, so that tests/unit can test the comparison itself.

A document is read as a set of promises, each one line a person can read: an operation (method
and path), each role it serves (`x-roles`), each parameter, each response status, each field of a
request or response body (dotted, `[]` for the items of a list, `.*` for the values of a map and
`{key}` for its keys) and each enumeration value that a field or parameter takes. References are
followed, so a promise names what travels on the wire, not a schema's name in the document.

The live document may add promises; every frozen one must still be there, and renaming is
dropping the old name. Not compared: descriptions, titles, examples, `operationId` (django-ninja
derives it from the Python module and function; clients address an operation by method and
path), types, and which fields are required. `contract.py` checks every response the tests see
against the live document's schemas.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
JSON = "application/json"
FROZEN_PATH = "tests/integration/api/frozen/openapi-v1.json"

# A promise is one readable line, and its parent: what a renamed promise shares with the one it
# replaces (a field's object, a value's field, an operation's roles, and so on).
Promise = tuple[str, str]


def promises(document: Mapping[str, Any]) -> dict[str, str]:
    """Every promise the document makes, each with its parent."""
    found: dict[str, str] = {}
    for path, item in document.get("paths", {}).items():
        for method, operation in item.items():
            if method in METHODS:
                found.update(_operation(document, f"{method.upper()} {path}", operation))
    return found


@dataclass(frozen=True)
class Comparison:
    dropped: list[str]  # promised by the frozen document, missing from the live one
    added: list[str]  # in the live document only, which is allowed
    parents: Mapping[str, str]

    def explain(self) -> str:
        """Each promise dropped, with what the live document added in its place (a rename shows
        as the old name dropped and the new one there instead), and how to accept the change."""
        lines = ["The live API document no longer offers what the frozen contract promises:"]
        for promise in self.dropped:
            beside = [a for a in self.added if self.parents[a] == self.parents[promise]]
            instead = f" (the live document has instead: {'; '.join(beside)})" if beside else ""
            lines.append(f"- {promise}{instead}")
        lines.append(
            "Clients of /api/v1 may rely on each of these. If the change is intended, run "
            f"`make api-contract` and commit {FROZEN_PATH} with it (README, 'The JSON API')."
        )
        return "\n".join(lines)


def compare(frozen: Mapping[str, Any], live: Mapping[str, Any]) -> Comparison:
    before, after = promises(frozen), promises(live)
    return Comparison(
        dropped=sorted(before.keys() - after.keys()),
        added=sorted(after.keys() - before.keys()),
        parents={**before, **after},
    )


def dumps(document: Mapping[str, Any]) -> str:
    """The document as it is checked in: sorted and indented, so that a change reads as a small
    diff."""
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _operation(
    document: Mapping[str, Any], name: str, operation: Mapping[str, Any]
) -> Iterator[Promise]:
    yield name, "operations"
    for role in operation.get("x-roles", []):
        yield f"{name} serves {role}", f"{name} serves"
    for parameter in operation.get("parameters", []):
        where = f"{name} parameter {parameter['in']} {parameter['name']}"
        yield where, f"{name} parameters"
        yield from _schema(document, where, "", parameter.get("schema", {}), ())
    for media, content in operation.get("requestBody", {}).get("content", {}).items():
        where = f"{name} request" + ("" if media == JSON else f" {media}")
        yield from _schema(document, where, "", content.get("schema", {}), ())
    for status, response in operation.get("responses", {}).items():
        where = f"{name} response {status}"
        yield where, f"{name} responses"
        for media, content in response.get("content", {}).items():
            at = where + ("" if media == JSON else f" {media}")
            yield from _schema(document, at, "", content.get("schema", {}), ())


def _schema(
    document: Mapping[str, Any],
    where: str,
    path: str,
    schema: Mapping[str, Any],
    seen: tuple[str, ...],
) -> Iterator[Promise]:
    """What the schema at `path` within `where` (a body, or a parameter) promises. `seen` holds
    the references followed to get here, so that a recursive schema ends."""
    at = f"{where} field {path}" if path else where
    reference = schema.get("$ref")
    if reference is not None and reference not in seen:
        inner = _resolve(document, reference)
        yield from _schema(document, where, path, inner, (*seen, reference))
    for keyword in ("allOf", "anyOf", "oneOf"):
        for branch in schema.get(keyword, []):
            yield from _schema(document, where, path, branch, seen)
    values = [*schema.get("enum", []), *([schema["const"]] if "const" in schema else [])]
    for value in values:
        yield f"{at} = {json.dumps(value, ensure_ascii=False)}", at
    for field, inner in schema.get("properties", {}).items():
        named = f"{path}.{field}" if path else field
        yield f"{where} field {named}", f"{at} (fields)"
        yield from _schema(document, where, named, inner, seen)
    for keyword, suffix in (("items", "[]"), ("additionalProperties", ".*")):
        if isinstance(schema.get(keyword), Mapping):
            yield from _schema(document, where, path + suffix, schema[keyword], seen)
    if isinstance(schema.get("propertyNames"), Mapping):
        yield from _schema(document, where, path + "{key}", schema["propertyNames"], seen)


def _resolve(document: Mapping[str, Any], reference: str) -> Mapping[str, Any]:
    """The schema a local reference (`#/components/schemas/Name`) points to."""
    if not reference.startswith("#/"):
        raise ValueError(f"only local references are used, got {reference}")
    found: Any = document
    for part in reference[2:].split("/"):
        found = found[part]
    resolved: Mapping[str, Any] = found
    return resolved
