"""Schemathesis against the live OpenAPI document (issue 14, item 1): for a police officer's and
an Immigration Enforcement caseworker's token, every operation is sent requests generated from
the document, valid and invalid, and every check schemathesis has must pass: no 5xx, every
status, header, content type and body as the document declares, invalid data refused, valid
data not refused for its shape, the methods a path does not take answered 405 with `Allow`.

Bounded so that it runs in seconds with the rest of the suite: a fixed seed, derandomised, a few
examples per operation and phase. The corpus of known bad input is `test_bad_input.py`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import Case
from schemathesis.config import SchemathesisConfig

from safereport.accounts.roles import Role
from safereport.notices import throttle
from tests import builders
from tests.integration.api import world
from tests.integration.casework import builders as cw

SEED = 14  # the number: any fixed seed makes every run send the same requests
CONFIG = SchemathesisConfig.from_dict(
    {
        "seed": SEED,
        # "mode": "all": each example is valid or deliberately not, to check both ways.
        "generation": {"max-examples": 3, "deterministic": True, "no-shrink": True, "mode": "all"},
        # The stateful phase needs links between operations, which the document does not
        # declare. The coverage phase sends each field's boundary values and wrong types, which
        # is what finds a schema's promise broken (a date sent as a number was taken); only its
        # invalid requests, since its valid ones double the time (about 10 s of processor
        # time over the 34 operations) and fuzzing sends valid requests too.
        "phases": {
            "stateful": {"enabled": False},
            "coverage": {"generation": {"mode": "negative"}},
        },
        "checks": {
            # Valid in shape is not valid in meaning: the domain refuses (422, naming the field)
            # what no JSON Schema can say, e.g. a report dated in the future, a force code that
            # is nobody's, text holding NUL. Every other expected status is schemathesis's own.
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "3xx", "401", "403", "404", "409", "422", "429"]
            },
        },
    }
)
# Django's own WSGI application, as gunicorn serves it, in this process: it reads and writes
# the test's database.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler(), config=CONFIG)


@pytest.fixture
def in_the_tests_transaction() -> Iterator[None]:
    """Keep the test's database connection across requests, as Django's test client does:
    outside it, each request's start and end close a connection left in a transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def unthrottled(monkeypatch: pytest.MonkeyPatch) -> None:
    """No limit on bad tokens from a client: the checks send them on purpose (`ignored_auth`),
    and past the limit every answer would be the 429 (the limit has tests of its own)."""
    boundless = throttle.Scope(throttle.BEARER_TOKENS.name, 10**9)
    monkeypatch.setattr(throttle, "BEARER_TOKENS", boundless)


@pytest.fixture
def tokens(db: None, in_the_tests_transaction: None, unthrottled: None) -> dict[str, str]:
    """A police officer's token and an Immigration Enforcement caseworker's. The generated
    references name nothing, so no records are made for them to find: a reference's answers
    are the corpus's and the endpoints' own tests' business."""
    return {
        Role.POLICE_OFFICER: world.token(builders.user(Role.POLICE_OFFICER)),
        Role.IE_CASEWORKER: world.token(cw.ie_caseworker()),
    }


@schema.parametrize()
# The tokens are made once for all of an operation's examples, on purpose: the database is the
# test's, rolled back after the last.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_api_keeps_its_document_for_police_and_immigration_enforcement(
    case: Case, tokens: dict[str, str]
) -> None:
    for token in tokens.values():
        headers: dict[str, Any] = {"Authorization": f"Bearer {token}"}
        case.call_and_validate(headers=headers)
