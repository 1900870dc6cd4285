"""Tokens: `safereport createtoken` prints one once; it works; a new one replaces it; only its
SHA-256 digest is stored; making one is an audit event naming the user by pseudonym only."""

from __future__ import annotations

import hashlib
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client

from safereport.accounts.models import ApiToken, User
from safereport.accounts.roles import Role
from tests import builders
from tests.integration.api.contract import Api
from tests.integration.casework import builders as cw


def createtoken(username: str) -> str:
    """Run the command; return what it printed on standard output (the token alone)."""
    out, err = StringIO(), StringIO()
    call_command("createtoken", username, stdout=out, stderr=err)
    assert "shown only now" in err.getvalue()
    return out.getvalue().strip()


@pytest.mark.django_db
def test_the_printed_token_works(client: Client) -> None:
    user = cw.ie_caseworker()

    token = createtoken(user.username)

    assert token.startswith("srt_")
    assert len(token) >= 40
    assert Api(client, token).get("/inbox").status_code == 200


@pytest.mark.django_db
def test_a_new_token_replaces_the_old_one(client: Client) -> None:
    user = cw.ie_caseworker()
    old = createtoken(user.username)

    new = createtoken(user.username)

    assert new != old
    assert Api(client, old).get("/inbox").status_code == 401
    assert Api(client, new).get("/inbox").status_code == 200
    assert ApiToken.objects.filter(user=user).count() == 1


@pytest.mark.django_db
def test_only_the_tokens_digest_is_stored(client: Client) -> None:
    user = builders.user(Role.INSPECTOR)

    token = createtoken(user.username)

    stored = ApiToken.objects.get(user=user)
    assert stored.digest == hashlib.sha256(token.encode()).hexdigest()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {ApiToken._meta.db_table}")  # noqa: S608 - our own table
        rows = cursor.fetchall()
    assert token not in repr(rows)
    assert token.removeprefix("srt_") not in repr(rows)


@pytest.mark.django_db
def test_making_a_token_is_an_audit_event_with_the_pseudonym_only() -> None:
    user = builders.user(Role.POLICE_OFFICER, username="pc-ana-example")

    createtoken(user.username)
    createtoken(user.username)

    first, second = cw.events("accounts:api_token:created")
    assert first["subjects"] == [user.pseudonym]
    assert first["actor"]["id"] == "system:createtoken"
    assert (first["details"], second["details"]) == ({"replaced": False}, {"replaced": True})
    assert "pc-ana-example" not in json.dumps([first, second])


@pytest.mark.django_db
def test_no_token_for_an_unknown_user_or_a_closed_account(client: Client) -> None:
    user = cw.ie_caseworker()
    token = createtoken(user.username)
    User.objects.filter(pk=user.pk).update(is_active=False)

    with pytest.raises(CommandError, match="no user has the username"):
        createtoken("nobody-by-this-name")
    with pytest.raises(CommandError, match="closed"):
        createtoken(user.username)
    assert Api(client, token).get("/inbox").status_code == 401  # a closed account's token


def bearer(client: Client, token: str, address: str = "127.0.0.1") -> object:
    return client.get("/api/v1/inbox", HTTP_AUTHORIZATION=f"Bearer {token}", REMOTE_ADDR=address)


@pytest.mark.django_db
def test_a_token_that_is_not_one_is_audited_under_a_pseudonym(client: Client) -> None:
    wrong = "srt_" + "x" * 40

    answer = bearer(client, wrong, "192.0.2.7")

    assert answer.status_code == 401  # type: ignore[attr-defined]
    [event] = cw.events("accounts:api_token:refused")
    assert event["actor"]["id"] == "anonymous"
    [subject] = event["subjects"]
    assert subject.startswith("attempt_")
    assert wrong not in json.dumps(event)
    assert "192.0.2.7" not in json.dumps(event)


@pytest.mark.django_db
def test_a_client_sending_many_wrong_tokens_is_slowed_even_with_a_good_one(client: Client) -> None:
    good = createtoken(cw.ie_caseworker().username)
    for n in range(11):  # past the share of 10 refused tokens in a window
        assert bearer(client, f"srt_wrong{n:040d}", "192.0.2.8").status_code == 401  # type: ignore[attr-defined]

    slowed = bearer(client, good, "192.0.2.8")
    elsewhere = bearer(client, good, "192.0.2.9")

    assert slowed.status_code == 429  # type: ignore[attr-defined]
    assert slowed["Retry-After"] == "600"  # type: ignore[index]
    assert slowed.json()["error"]["code"] == "too_many_attempts"  # type: ignore[attr-defined]
    assert elsewhere.status_code == 200  # type: ignore[attr-defined]
    assert len(cw.events("accounts:api_token:refused")) == 11
