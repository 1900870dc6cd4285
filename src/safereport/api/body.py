"""Every JSON body the API reads, checked once before any schema or scenario parser sees it:
sent as `application/json` (else 415), and holding only what can be stored (else 422 naming the
field): no NUL character and no unpaired surrogate in any string or name (`safereport.storable`),
and no integer longer than Python will convert (4,300 digits, which `json.loads` refuses with a
bare ValueError). A body over `DATA_UPLOAD_MAX_MEMORY_SIZE` is refused by Django itself when it
is read (`RequestDataTooBig`, answered 413 in `errors.py`).

The check runs where ninja reads a body (`JsonParser`) and where `decide` and `gate` read
theirs, so after authentication: a caller who may not use an endpoint gets its 404, never a
hint from its body's check.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest
from ninja.parser import Parser

from safereport import storable

MEDIA_TYPE = "application/json"
# Python's own limit on the digits of an integer read from text (sys.int_info): past it,
# int() raises ValueError, which would otherwise surface as a failure.
MAX_DIGITS = sys.int_info.default_max_str_digits
TOO_LONG = f"must be a number of at most {MAX_DIGITS:,} digits"


class BodyRefused(Exception):  # noqa: N818 - a refusal, answered by errors.py like the domain's
    """A body that no endpoint should read: its status and the fields to fix."""

    def __init__(self, status: int, code: str, message: str, fields: Mapping[str, str]) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.fields = dict(fields)


class _LongNumber:
    """An integer too long to convert, kept in place so that its field can be named."""


def read(request: HttpRequest) -> Any:
    """The body as JSON, refused (`BodyRefused`) when it is not sent as JSON or holds what
    cannot be stored. A body that is not UTF-8 or not JSON raises as decoding and `json.loads`
    do (UnicodeDecodeError, JSONDecodeError, RecursionError), for the caller to word."""
    # An empty body has no type to declare: it is refused as the JSON it is not.
    if request.body and request.content_type != MEDIA_TYPE:
        raise BodyRefused(
            415,
            "unsupported_media_type",
            f"Send the body as {MEDIA_TYPE}.",
            {"(body)": f"must be sent with 'Content-Type: {MEDIA_TYPE}'"},
        )
    # UTF-8 only, strictly: `json.loads` of bytes would also guess UTF-16 and let encoded
    # surrogates through.
    value = json.loads(request.body.decode("utf-8"), parse_int=_integer)
    fields = problems(value)
    if fields:
        raise BodyRefused(422, "invalid_request", "Some details need correcting.", fields)
    return value


def _integer(digits: str) -> int | _LongNumber:
    # A sign counts as a character of the text int() reads, but not against its limit.
    if len(digits.lstrip("-")) > MAX_DIGITS:
        return _LongNumber()
    return int(digits)


def problems(value: Any) -> dict[str, str]:
    """Each value that cannot be stored, by its dotted path (`parties[0].person.given_name`).

    Walked with a stack, not by recursion: a body nested as deeply as `json.loads` allows would
    otherwise overflow Python's stack here.
    """
    found: dict[str, str] = {}
    stack: list[tuple[str, Any]] = [("", value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, str):
            why = storable.problem(item)
            if why:
                found.setdefault(where or "(body)", why)
        elif isinstance(item, _LongNumber):
            found.setdefault(where or "(body)", TOO_LONG)
        elif isinstance(item, list):
            stack.extend((f"{where}[{n}]", inner) for n, inner in enumerate(item))
        elif isinstance(item, dict):
            for name, inner in item.items():
                why = storable.problem(name)
                if why:
                    # The name itself cannot be shown, so the object holding it is named.
                    found.setdefault(where or "(body)", f"has a field whose name {why}")
                    continue
                stack.append((f"{where}.{name}" if where else name, inner))
    return dict(sorted(found.items()))


class JsonParser(Parser):
    """ninja's parser, with the check. ninja turns any exception here into its 400 for an
    unreadable body, keeping this one as the cause, from which `errors.py` answers."""

    def parse_body(self, request: HttpRequest) -> Any:
        return read(request)
