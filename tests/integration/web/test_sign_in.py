"""Sign-in, sign-out, lock-out after repeated failures, and their audit events."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from safereport.accounts.roles import Role
from safereport.audit.models import Leaf
from tests import builders


def actions() -> list[str]:
    return [json.loads(bytes(leaf.data))["action"] for leaf in Leaf.objects.order_by("index")]


@pytest.mark.django_db
def test_sign_in_and_out_are_recorded(client: Client) -> None:
    person = builders.user(Role.POLICE_OFFICER)

    response = client.post(
        "/sign-in/", {"username": person.username, "password": builders.PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    response = client.post("/sign-out/")
    assert response.status_code == 302

    recorded = actions()
    assert recorded[-2:] == ["accounts:session:signed_in", "accounts:session:signed_out"]


@pytest.mark.django_db
def test_a_wrong_password_shows_a_gov_uk_error_and_is_recorded(client: Client) -> None:
    person = builders.user(Role.POLICE_OFFICER)

    response = client.post("/sign-in/", {"username": person.username, "password": "wrong"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "Enter a correct username and password" in html
    assert actions()[-1] == "accounts:session:sign_in_failed"
    assert person.username.encode() not in b"".join(bytes(leaf.data) for leaf in Leaf.objects.all())


@pytest.mark.django_db
def test_repeated_failures_lock_the_account_even_against_the_right_password(client: Client) -> None:
    person = builders.user(Role.SUPPORT_WORKER)

    for _ in range(5):
        client.post("/sign-in/", {"username": person.username, "password": "wrong"})
    response = client.post(
        "/sign-in/", {"username": person.username, "password": builders.PASSWORD}
    )

    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many failed attempts" in html
    assert "The pause lifts 30 minutes after the last failed attempt" in html
    assert 'href="/sign-in/">Go to the sign-in page' in html
    assert "_auth_user_id" not in client.session
    assert "accounts:session:locked_out" in actions()


@pytest.mark.django_db
def test_axes_keeps_no_username_as_typed(client: Client) -> None:
    """What the lock-out counts by is a keyed hash of the username (the audit log's `attempt_`
    reference), and the form's fields are masked: a name typed into the username box, or a
    password typed into it by mistake, is nowhere in axes' tables."""
    typed = "maria.lopez.garcia"
    for _ in range(2):
        client.post("/sign-in/", {"username": typed, "password": "a secret typed wrongly"})

    rows = [
        json.dumps(row, default=str)
        for model in (AccessAttempt, AccessLog, AccessFailureLog)
        for row in model.objects.values()
    ]
    assert rows
    assert all(typed not in row and "a secret typed" not in row for row in rows)
    assert AccessAttempt.objects.get().username.startswith("attempt_")


@pytest.mark.django_db
def test_empty_fields_are_named(client: Client) -> None:
    response = client.post("/sign-in/", {"username": "", "password": ""})

    html = response.content.decode()
    assert "Enter your username" in html
    assert "Enter your password" in html


@pytest.mark.django_db
def test_sign_in_returns_to_the_page_asked_for(client: Client) -> None:
    person = builders.user(Role.INSPECTOR)

    response = client.post(
        "/sign-in/?next=/audit/",
        {"username": person.username, "password": builders.PASSWORD, "next": "/audit/"},
    )

    assert response["Location"] == "/audit/"


@pytest.mark.django_db
def test_inputs_in_error_are_marked_and_described(client: Client) -> None:
    html = client.post("/sign-in/", {"username": "", "password": ""}).content.decode()

    assert 'class="govuk-input govuk-input--error"' in html
    assert 'aria-describedby="id_username-error"' in html
    assert 'id="id_username-error"' in html


@pytest.mark.django_db
def test_an_idle_session_expires_and_activity_renews_it(client: Client) -> None:
    person = builders.user(Role.POLICE_OFFICER)
    client.post("/sign-in/", {"username": person.username, "password": builders.PASSWORD})
    key = client.session.session_key

    client.get("/")

    expires = Session.objects.get(session_key=key).expire_date - timezone.now()
    assert timedelta(minutes=29) < expires <= timedelta(minutes=30)  # renewed by the request
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - timedelta(seconds=1)  # as if 30 idle minutes had passed
    )
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


@pytest.mark.django_db
def test_hsts_is_sent_behind_https(client: Client, settings: object) -> None:
    settings.SECURE_HSTS_SECONDS = 31_536_000  # type: ignore[attr-defined]
    person = builders.user(Role.INSPECTOR)
    client.force_login(person)

    secure = client.get("/", secure=True)
    plain = client.get("/")

    assert secure["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "Strict-Transport-Security" not in plain
