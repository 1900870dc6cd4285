"""The administrator's actions (issue 13, item 1): each one and its audit event, its refusals,
and no name, username or email address in any event. Real database, real email backend (Django's
test outbox), real django-axes."""

from __future__ import annotations

import io
import json
import re
import sys
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from pytest_django import Settings

from safereport.accounts import actions, lockouts, passwords, tokens
from safereport.accounts.actions import AccountError
from safereport.accounts.forms import UserForm
from safereport.accounts.models import Organisation, User
from safereport.accounts.roles import OrganisationKind, Role
from safereport.audit.models import Leaf
from safereport.errors import NotPermittedError
from safereport.pathways import actions as pathways_actions
from safereport.pathways import queries as pathways_queries
from safereport.pathways.errors import PathwaysError
from tests import builders
from tests.integration.pathways import builders as pw

SITE = "http://testserver/"
LINK = re.compile(r"http://testserver(/set-password/[^/\s]+/[^/\s]+/)")
NEW_PASSWORD = "a long enough new passphrase"  # noqa: S105 - fictional


def events() -> list[dict[str, Any]]:
    return [json.loads(bytes(leaf.data)) for leaf in Leaf.objects.order_by("index")]


def last_event(action: str | None = None) -> dict[str, Any]:
    """The last event, or the last of this action."""
    return [e for e in events() if action is None or e["action"] == action][-1]


def log_bytes() -> bytes:
    return b"".join(bytes(leaf.data) for leaf in Leaf.objects.all())


def admin() -> User:
    return builders.user(Role.ADMIN)


def new_officer(by: User, force: Organisation | None = None) -> User:
    force = force or builders.organisation(OrganisationKind.POLICE_FORCE)
    return passwords.add_user(
        actor=by,
        site=SITE,
        username="ada.constable",
        email="ada.constable@example.org",
        role=Role.POLICE_OFFICER,
        organisation_code=force.code,
        first_name="Ada",
        last_name="Constable",
    )


def link_in(message: mail.EmailMessage) -> str:
    found = LINK.search(str(message.body))
    assert found, message.body
    return found.group(1)


def set_password_through(client: Client, link: str, password: str = NEW_PASSWORD) -> Any:
    opened = client.get(link)
    assert opened.status_code == 302, "a working link moves its token into the session"
    return client.post(opened["Location"], {"new_password1": password, "new_password2": password})


def signs_in(username: str, password: str) -> bool:
    response = Client().post("/sign-in/", {"username": username, "password": password})
    return response.status_code == 302


# Adding a user and the one-time link --------------------------------------------------------


@pytest.mark.django_db
def test_a_new_user_has_no_password_and_is_emailed_a_link_that_names_them_by_pseudonym() -> None:
    by = admin()

    user = new_officer(by)

    assert not user.has_usable_password()
    assert [m.to for m in mail.outbox] == [["ada.constable@example.org"]]
    message = mail.outbox[0]
    assert "Your username is: ada.constable" in message.body
    link = link_in(message)
    assert link.startswith(f"/set-password/{user.pseudonym}/")
    assert "ada" not in link
    created, sent = events()[-2:]
    assert created["action"] == "accounts:user:created"
    assert created["actor"]["id"] == by.pseudonym
    assert created["subjects"] == [user.pseudonym, f"org:{user.organisation.code}"]
    assert sent["action"] == "accounts:password_link:sent"
    assert sent["subjects"] == [user.pseudonym]
    assert sent["details"] == {"purpose": "new_account", "expires_in_hours": 24}
    for personal in (b"ada", b"Ada", b"Constable", b"example.org"):
        assert personal not in log_bytes()


@pytest.mark.django_db
def test_the_link_sets_a_password_once_and_then_no_longer_works(client: Client) -> None:
    user = new_officer(admin())
    link = link_in(mail.outbox[0])

    response = set_password_through(client, link)

    assert response.status_code == 302
    assert response["Location"] == "/sign-in/"
    assert last_event()["action"] == "accounts:password:set"
    assert last_event()["actor"]["id"] == user.pseudonym
    assert signs_in("ada.constable", NEW_PASSWORD)
    again = Client().get(link)
    assert again.status_code == 200
    assert "This link does not work" in again.content.decode()


@pytest.mark.django_db
def test_the_link_expires(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    new_officer(admin())
    link = link_in(mail.outbox[0])
    later = timezone.now().replace(tzinfo=None) + timedelta(hours=24, seconds=1)
    # Django's token generator reads the clock through `_now`: the same link, a day later.
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)

    response = client.get(link)

    assert response.status_code == 200
    assert "This link does not work" in response.content.decode()


@pytest.mark.django_db
def test_a_reset_stops_the_old_password_and_the_earlier_link_and_ends_sessions() -> None:
    by = admin()
    user = builders.user(Role.SUPPORT_WORKER)
    user.email = "sam.support@example.org"
    user.save()
    signed_in = Client()
    signed_in.force_login(user)
    passwords.send_password_link(actor=by, user=user, site=SITE)
    first = link_in(mail.outbox[-1])

    passwords.send_password_link(actor=by, user=user, site=SITE)
    second = link_in(mail.outbox[-1])

    assert not signs_in(user.username, builders.PASSWORD)
    assert signed_in.get("/").status_code == 302, "the session ended"
    assert Client().get(first).status_code == 200, "the earlier link shows it does not work"
    assert Client().get(second).status_code == 302
    assert last_event("accounts:password_link:sent")["details"]["purpose"] == "reset"
    assert b"sam.support" not in log_bytes()


@pytest.mark.django_db
def test_no_link_for_a_deactivated_account_or_one_without_an_email_address() -> None:
    by = admin()
    user = builders.user(Role.INSPECTOR)

    with pytest.raises(AccountError, match="no email address"):
        passwords.send_password_link(actor=by, user=user, site=SITE)
    actions.deactivate_user(actor=by, user=user)
    with pytest.raises(AccountError, match="deactivated"):
        passwords.send_password_link(actor=by, user=user, site=SITE)
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_link_stops_working_when_the_account_is_deactivated(client: Client) -> None:
    by = admin()
    user = new_officer(by)
    link = link_in(mail.outbox[0])

    actions.deactivate_user(actor=by, user=user)

    assert "This link does not work" in client.get(link).content.decode()


@pytest.mark.django_db
def test_when_the_email_cannot_be_sent_no_user_is_made(settings: Settings) -> None:
    by = admin()
    force = builders.organisation(OrganisationKind.POLICE_FORCE)
    before = len(events())
    # A real SMTP backend, pointed at a port nobody listens on.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9

    with pytest.raises(AccountError) as refused:
        new_officer(by, force)

    assert refused.value.field == "email"
    assert "could not be sent" in refused.value.message
    assert not User.objects.filter(username="ada.constable").exists()
    assert len(events()) == before


@pytest.mark.django_db
def test_every_problem_with_a_new_user_is_named_at_once() -> None:
    by = admin()
    taken = builders.user(Role.POLICE_OFFICER)
    support = builders.organisation(OrganisationKind.SUPPORT_ORGANISATION)

    with pytest.raises(AccountError) as refused:
        passwords.add_user(
            actor=by,
            site=SITE,
            username=taken.username.upper(),
            email="someone@example.org",
            role=Role.POLICE_OFFICER,
            organisation_code=support.code,
        )

    assert set(refused.value.fields) == {"username", "organisation"}
    assert "already in use" in refused.value.fields["username"]
    assert "A police officer must belong to a police force" in refused.value.fields["organisation"]
    assert mail.outbox == []


@pytest.mark.django_db
def test_only_an_administrator_manages_accounts() -> None:
    officer = builders.user(Role.POLICE_DPO)
    other = builders.user(Role.POLICE_OFFICER)

    with pytest.raises(NotPermittedError):
        actions.deactivate_user(actor=officer, user=other)
    with pytest.raises(NotPermittedError):
        new_officer(officer)
    with pytest.raises(NotPermittedError):
        actions.create_organisation(actor=officer, code="x", name="X", kind="police_force")
    assert User.objects.get(pk=other.pk).is_active


# Deactivating and reactivating -----------------------------------------------------------------


@pytest.mark.django_db
def test_deactivating_ends_the_sessions_revokes_the_token_and_stops_sign_in() -> None:
    by = admin()
    user = builders.user(Role.IE_CASEWORKER)
    token = tokens.create_token(actor=builders.TEST_ACTOR, user=user)
    signed_in = Client()
    signed_in.force_login(user)
    assert signed_in.get("/").status_code == 200

    actions.deactivate_user(actor=by, user=user)

    assert signed_in.get("/").status_code == 302
    assert tokens.user_for_token(token) == (None, False)
    assert not signs_in(user.username, builders.PASSWORD)
    event = last_event("accounts:user:deactivated")
    assert event["subjects"] == [user.pseudonym]
    assert event["details"] == {"api_token_revoked": True, "sessions_ended": 1}


@pytest.mark.django_db
def test_reactivating_lets_the_user_sign_in_again_with_their_password() -> None:
    by = admin()
    user = builders.user(Role.SUPPORT_WORKER)
    actions.deactivate_user(actor=by, user=user)

    actions.reactivate_user(actor=by, user=user)

    assert signs_in(user.username, builders.PASSWORD)
    assert events()[-2]["action"] == "accounts:user:reactivated"  # then the sign-in


@pytest.mark.django_db
def test_deactivating_refuses_oneself_and_twice_and_reactivating_an_active_account() -> None:
    by = admin()
    user = builders.user(Role.INSPECTOR)

    with pytest.raises(AccountError, match="your own account"):
        actions.deactivate_user(actor=by, user=by)
    with pytest.raises(AccountError, match="already active"):
        actions.reactivate_user(actor=by, user=user)
    actions.deactivate_user(actor=by, user=user)
    with pytest.raises(AccountError, match="already deactivated"):
        actions.deactivate_user(actor=by, user=user)


# Unlocking --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_administrator_unlocks_a_locked_out_account() -> None:
    by = admin()
    user = builders.user(Role.POLICE_OFFICER)
    for _ in range(5):
        Client().post("/sign-in/", {"username": user.username, "password": "wrong"})
    assert not signs_in(user.username, builders.PASSWORD)
    until = lockouts.locked_until(user.username)
    assert until is not None
    assert timezone.now() + timedelta(minutes=29) < until <= timezone.now() + timedelta(minutes=30)

    cleared = lockouts.unlock_user(actor=by, user=user)

    assert cleared == 1
    assert lockouts.locked_until(user.username) is None
    unlocked = last_event()
    assert unlocked["action"] == "accounts:user:unlocked"
    assert unlocked["subjects"] == [user.pseudonym]
    assert signs_in(user.username, builders.PASSWORD)
    with pytest.raises(AccountError, match="not locked out"):
        lockouts.unlock_user(actor=by, user=user)
    assert user.username.encode() not in log_bytes()


# API tokens -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_revoking_a_token_stops_it_at_once() -> None:
    by = admin()
    user = builders.user(Role.POLICE_OFFICER)
    token = tokens.create_token(actor=builders.TEST_ACTOR, user=user)

    tokens.revoke_token(actor=by, user=user)

    assert tokens.user_for_token(token) == (None, False)
    assert last_event()["action"] == "accounts:api_token:revoked"
    assert last_event()["subjects"] == [user.pseudonym]
    with pytest.raises(AccountError, match="no API token"):
        tokens.revoke_token(actor=by, user=user)


# Organisations ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_organisation_is_added_with_a_code_that_names_it_in_events() -> None:
    by = admin()

    force = actions.create_organisation(
        actor=by,
        code="isle-of-man-constabulary",
        name="Isle of Man Constabulary",
        kind=OrganisationKind.POLICE_FORCE,
    )

    assert force.active
    assert last_event()["action"] == "accounts:organisation:created"
    assert last_event()["subjects"] == ["org:isle-of-man-constabulary"]


@pytest.mark.django_db
def test_every_problem_with_a_new_organisation_is_named_at_once() -> None:
    by = admin()
    taken = builders.organisation(OrganisationKind.POLICE_FORCE)

    problems = actions.organisation_problems(code="Not A Code", name=" ", kind="club")
    assert set(problems) == {"code", "name", "kind"}
    with pytest.raises(AccountError, match="Another organisation has that code"):
        actions.create_organisation(actor=by, code=taken.code, name="X", kind=taken.kind)


@pytest.mark.django_db
def test_closing_an_organisation_signs_its_users_out_stops_their_tokens_and_sign_in() -> None:
    by = admin()
    force = builders.organisation(OrganisationKind.POLICE_FORCE)
    user = builders.user(Role.POLICE_OFFICER, force.code)
    token = tokens.create_token(actor=builders.TEST_ACTOR, user=user)
    signed_in = Client()
    signed_in.force_login(user)

    actions.change_organisation(actor=by, organisation=force, name=force.name, active=False)

    assert signed_in.get("/").status_code == 302
    assert not signs_in(user.username, builders.PASSWORD)
    assert tokens.user_for_token(token) == (None, False)
    assert force.code not in dict(UserForm().fields["organisation"].choices)  # type: ignore[attr-defined]
    event = last_event("accounts:organisation:changed")
    assert event["details"] == {"changed": ["active"], "active": False, "sessions_ended": 1}
    with pytest.raises(AccountError, match="inactive"):
        passwords.add_user(
            actor=by,
            site=SITE,
            username="new",
            email="new@example.org",
            role=Role.POLICE_OFFICER,
            organisation_code=force.code,
        )

    actions.change_organisation(actor=by, organisation=force, name="Renamed", active=True)

    assert signs_in(user.username, builders.PASSWORD)
    assert Organisation.objects.get(pk=force.pk).name == "Renamed"


@pytest.mark.django_db
def test_an_administrator_cannot_close_their_own_organisation_or_change_nothing() -> None:
    by = admin()

    with pytest.raises(AccountError, match="your own organisation"):
        actions.change_organisation(
            actor=by, organisation=by.organisation, name=by.organisation.name, active=False
        )
    with pytest.raises(AccountError, match="Nothing was changed"):
        actions.change_organisation(
            actor=by, organisation=by.organisation, name=by.organisation.name, active=True
        )


# The command line -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_createuser_still_makes_a_user_with_a_password(monkeypatch: pytest.MonkeyPatch) -> None:
    force = builders.organisation(OrganisationKind.POLICE_FORCE)
    monkeypatch.setattr(sys, "stdin", io.StringIO(builders.PASSWORD + "\n"))
    out = io.StringIO()

    call_command(
        "createuser",
        "cli.officer",
        "--role",
        Role.POLICE_OFFICER,
        "--organisation",
        force.code,
        "--password-stdin",
        stdout=out,
    )

    assert "Created cli.officer" in out.getvalue()
    assert signs_in("cli.officer", builders.PASSWORD)


@pytest.mark.django_db
def test_an_inactive_support_organisation_is_not_offered_for_referrals() -> None:
    by = admin()
    closed = pw.entry()
    party, officer = pw.police_party()
    assert closed.organisation.code in {c.code for c in pathways_queries.candidates()}

    actions.change_organisation(
        actor=by, organisation=closed.organisation, name=closed.organisation.name, active=False
    )

    assert closed.organisation.code not in {c.code for c in pathways_queries.candidates()}
    with pytest.raises(PathwaysError) as refused:
        pathways_actions.offer_referral(actor=officer, party=party, organisation=closed)
    assert "organisation" in refused.value.fields
