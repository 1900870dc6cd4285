"""One error shape everywhere, mapped in one place: wrong methods, unknown paths, unexpected
failures (which say nothing about the code and change nothing); no CSRF for bearer tokens; the
service's security headers on every answer."""

from __future__ import annotations

import json
import logging

import pytest
from django.test import Client
from django.urls import URLPattern

from safereport.accounts.roles import Role
from safereport.api.api import Endpoint, api
from safereport.api.errors import NOT_FOUND_MESSAGE
from safereport.casework.models import SharingDecision
from tests import builders
from tests.integration.api import world
from tests.integration.api.contract import PREFIX, Api, is_error
from tests.integration.casework import builders as cw

SCENARIO = {
    "regime": "complete-firewall",
    "person": {
        "role": "victim",
        "age_group": "adult",
        "immigration_status": "insecure",
        "suspected_offending": False,
    },
    "crime": {"type": "other"},
    "case": {"stage": "investigation", "support": "none", "nrm": "none"},
    "request": {"purpose": "status_check", "categories": ["identity"]},
    "consent": "none",
}
PATHS = [p for p in api.urls[0] if isinstance(p, URLPattern) and isinstance(p.callback, Endpoint)]


@pytest.mark.django_db
@pytest.mark.parametrize("pattern", PATHS, ids=[str(p.pattern) for p in PATHS])
def test_a_method_a_path_does_not_take_is_405_naming_those_it_does(
    client: Client, pattern: URLPattern
) -> None:
    assert isinstance(pattern.callback, Endpoint)
    url = PREFIX + "/" + str(pattern.pattern).replace("<reference>", "case_sample")

    response = client.delete(url)

    error = is_error(response, 405)
    assert error["code"] == "method_not_allowed"
    assert response["Allow"] == ", ".join(sorted(pattern.callback.methods))


@pytest.mark.django_db
def test_the_document_takes_get_only(client: Client) -> None:
    is_error(client.post(f"{PREFIX}/openapi.json"), 405)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/docs", "/cases/case_x/secret", "/people?name=Ana"])
def test_anything_that_is_not_an_endpoint_is_the_one_404(client: Client, path: str) -> None:
    signed_in = world.api_as(client, builders.user(Role.POLICE_OFFICER))

    for caller in (Api(client), signed_in):
        response = caller.client.get(
            PREFIX + path,
            **({"HTTP_AUTHORIZATION": f"Bearer {caller.token}"} if caller.token else {}),
        )
        error = is_error(response, 404)
        assert error == {"code": "not_found", "message": NOT_FOUND_MESSAGE, "fields": {}}


@pytest.mark.django_db
def test_an_unexpected_failure_is_a_500_that_says_nothing_about_the_code(
    client: Client, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("decide() broke on Ana Quispe at engine.py line 42")

    monkeypatch.setattr("safereport.api.policy.decide", broken)
    caller = world.api_as(client, builders.user(Role.INSPECTOR))

    with caplog.at_level(logging.ERROR, logger="safereport.api.errors"):
        response = caller.post("/decide", SCENARIO)

    error = is_error(response, 500)
    assert error["code"] == "internal_error"
    for leak in ("Ana", "engine.py", "RuntimeError", "Traceback", "decide"):
        assert leak not in response.content.decode()
    assert "API POST /api/v1/decide failed" in caplog.text  # for the operators, in the log
    assert "RuntimeError" in caplog.text


@pytest.mark.django_db
def test_a_failure_inside_an_action_changes_nothing(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = world.protocol_case()
    police = world.api_as(client, case.officer)
    before = SharingDecision.objects.count()
    events = len(cw.events())

    def broken(*args: object) -> None:
        raise RuntimeError("the engine failed")

    monkeypatch.setattr("safereport.casework.actions.sharing.decide", broken)
    response = police.post(
        "/parties/{reference}/decisions",
        {"purpose": "safeguarding", "categories": ["identity"]},
        reference=case.party.reference,
    )

    assert response.status_code == 500
    assert SharingDecision.objects.count() == before
    assert len(cw.events()) == events


@pytest.mark.django_db
def test_csrf_does_not_apply_to_bearer_token_requests() -> None:
    strict = Client(enforce_csrf_checks=True)
    caller = world.api_as(strict, builders.user(Role.SUPPORT_WORKER))

    response = caller.post("/decide", SCENARIO)

    assert response.status_code == 200
    assert json.loads(response.content)["outcome"] == "prohibited"


@pytest.mark.django_db
def test_api_answers_carry_the_services_security_headers(client: Client) -> None:
    caller = world.api_as(client, builders.user(Role.INSPECTOR))

    for response in (
        caller.post("/decide", SCENARIO),
        caller.get("/inbox"),  # a 404
        client.get(f"{PREFIX}/openapi.json"),
    ):
        assert response["Cache-Control"] == "no-store"
        assert "default-src 'self'" in response["Content-Security-Policy"]
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
