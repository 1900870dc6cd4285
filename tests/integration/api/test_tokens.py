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
