"""The administrator's pages: who may open them, forms that name every problem at once with the
GOV.UK error summary, lists in pages, no username or email address in any address, the one-time
link's page, and the lock-out page saying who can help."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from safereport.accounts import users_views
from safereport.accounts.models import User
from safereport.accounts.roles import OrganisationKind, Role
from tests import builders

PAGES = (
    "/administration/users/",
    "/administration/users/new/",
    "/administration/users/{pseudonym}/",
    "/administration/users/{pseudonym}/deactivate/",
    "/administration/organisations/",
    "/administration/organisations/new/",
    "/administration/organisations/{code}/",
)
HREF = re.compile(r'href="([^"]+)"')


def signed_in(role: str) -> tuple[Client, User]:
    client = Client()
    user = builders.user(role)
    client.force_login(user)
    return client, user


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_only_an_administrator_opens_the_administration_pages(role: str) -> None:
    someone = builders.user(Role.POLICE_OFFICER)
    client, _ = signed_in(role)

    for page in PAGES:
        url = page.format(pseudonym=someone.pseudonym, code=someone.organisation.code)
        response = client.get(url)
        assert response.status_code == (200 if role == Role.ADMIN else 404), (role, url)
    for action in ("unlock", "password-link", "revoke-token", "reactivate", "deactivate"):
        response = client.post(f"/administration/users/{someone.pseudonym}/{action}/")
        assert response.status_code in ((302, 400) if role == Role.ADMIN else (404,)), action


@pytest.mark.django_db
def test_the_administrators_home_and_menu_lead_to_users_and_organisations() -> None:
    client, _ = signed_in(Role.ADMIN)

    html = client.get("/").content.decode()

    assert 'href="/administration/users/"' in html
    assert 'href="/administration/organisations/"' in html


@pytest.mark.django_db
def test_an_empty_new_user_form_names_every_field_at_once() -> None:
    client, _ = signed_in(Role.ADMIN)

    response = client.post("/administration/users/new/", {})

    assert response.status_code == 400
    summary = response.content.decode().split("govuk-error-summary__list")[1].split("</ul>")[0]
    for problem in (
        "Enter the first name",
        "Enter the last name",
        "Enter the username",
        "Enter their email address",
        "Select their role",
        "Select their organisation",
    ):
        assert problem in summary


@pytest.mark.django_db
def test_a_taken_username_and_an_organisation_of_the_wrong_kind_are_named_together() -> None:
    client, _ = signed_in(Role.ADMIN)
    taken = builders.user(Role.SUPPORT_WORKER)
    force = builders.organisation(OrganisationKind.POLICE_FORCE)

    response = client.post(
        "/administration/users/new/",
        {
            "first_name": "Sam",
            "last_name": "Worker",
            "username": taken.username,
            "email": "not an address",
            "role": Role.SUPPORT_WORKER,
            "organisation": force.code,
        },
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "Username must be given and not already in use" in html
    assert "A support worker must belong to a support organisation" in html
    assert "Enter an email address in the right format" in html
    assert mail.outbox == []


@pytest.mark.django_db
def test_adding_a_user_says_where_the_link_went_and_never_shows_it() -> None:
    client, _ = signed_in(Role.ADMIN)
    force = builders.organisation(OrganisationKind.POLICE_FORCE)

    response = client.post(
        "/administration/users/new/",
        {
            "first_name": "Ada",
            "last_name": "Constable",
            "username": "ada.constable",
            "email": "ada.constable@example.org",
            "role": Role.POLICE_OFFICER,
            "organisation": force.code,
        },
        follow=True,
    )

    user = User.objects.get(username="ada.constable")
    assert response.redirect_chain == [(f"/administration/users/{user.pseudonym}/", 302)]
    html = response.content.decode()
    assert "A link to set a password was sent to ada.constable@example.org" in html
    assert "Waiting for a password" in html
    assert "/set-password/" not in html
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_users_are_listed_in_pages_and_addressed_by_pseudonym_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(users_views, "USERS_PER_PAGE", 2)
    client, admin = signed_in(Role.ADMIN)
    others = [builders.user(Role.INSPECTOR) for _ in range(2)]
    for user in others:
        user.email = f"{user.username}@example.org"
        user.save()

    first = client.get("/administration/users/").content.decode()
    second = client.get("/administration/users/?page=2").content.decode()

    assert "3 users" in first
    assert 'href="?page=2" rel="next"' in first
    assert 'rel="prev"' in second
    listed = first + second
    for user in [admin, *others]:
        assert f'href="/administration/users/{user.pseudonym}/"' in listed
        for href in HREF.findall(listed):
            assert user.username not in href
            assert user.email not in href or not user.email


@pytest.mark.django_db
def test_the_list_shows_only_the_locked_out_accounts_when_asked() -> None:
    client, _ = signed_in(Role.ADMIN)
    locked = builders.user(Role.POLICE_OFFICER)
    other = builders.user(Role.POLICE_OFFICER)
    for _ in range(5):
        Client().post("/sign-in/", {"username": locked.username, "password": "wrong"})

    html = client.get("/administration/users/?status=locked").content.decode()
    home = client.get("/").content.decode()

    assert locked.username in html
    assert other.username not in html
    assert "Accounts locked out</a>: <strong>1</strong>" in home


@pytest.mark.django_db
def test_unlocking_an_account_that_is_not_locked_shows_the_refusal_in_an_error_summary() -> None:
    client, _ = signed_in(Role.ADMIN)
    user = builders.user(Role.POLICE_OFFICER)

    response = client.post(f"/administration/users/{user.pseudonym}/unlock/")

    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "This account is not locked out" in html


@pytest.mark.django_db
def test_deactivating_from_the_page_asks_first_then_closes_the_account() -> None:
    client, _ = signed_in(Role.ADMIN)
    user = builders.user(Role.SUPPORT_WORKER)
    url = f"/administration/users/{user.pseudonym}/deactivate/"

    asked = client.get(url)
    done = client.post(url, follow=True)

    assert "They will be signed out at once" in asked.content.decode()
    assert f"{user.username}&#x27;s account was deactivated" in done.content.decode()
    assert not User.objects.get(pk=user.pk).is_active


@pytest.mark.django_db
def test_an_organisation_form_names_every_problem_and_closing_one_is_saved() -> None:
    client, _ = signed_in(Role.ADMIN)
    force = builders.organisation(OrganisationKind.POLICE_FORCE)

    added = client.post("/administration/organisations/new/", {"code": "Bad Code"})
    emptied = client.post(f"/administration/organisations/{force.code}/", {"name": ""})
    closed = client.post(
        f"/administration/organisations/{force.code}/", {"name": force.name, "active": "no"}
    )

    html = added.content.decode()
    assert added.status_code == 400
    assert "Enter the organisation&#x27;s name" in html
    assert "Code must be lowercase letters and numbers" in html
    assert "Select what kind it is" in html
    assert emptied.status_code == 400
    assert "Select yes if the organisation is active" in emptied.content.decode()
    assert closed.status_code == 302
    force.refresh_from_db()
    assert not force.active


@pytest.mark.django_db
def test_the_set_password_page_names_every_problem_then_leads_to_sign_in() -> None:
    client, _ = signed_in(Role.ADMIN)
    force = builders.organisation(OrganisationKind.POLICE_FORCE)
    client.post(
        "/administration/users/new/",
        {
            "first_name": "Ada",
            "last_name": "Constable",
            "username": "ada.constable",
            "email": "ada.constable@example.org",
            "role": Role.POLICE_OFFICER,
            "organisation": force.code,
        },
    )
    link = re.search(r"http://testserver(\S+)", str(mail.outbox[0].body))
    assert link
    person = Client()
    form = person.get(link.group(1), follow=True)
    assert "Choose your password" in form.content.decode()
    assert "/set-password/" in form.redirect_chain[0][0]
    assert form.redirect_chain[0][0].endswith("/set-password/")

    wrong = person.post(
        form.redirect_chain[0][0], {"new_password1": "short", "new_password2": "other"}
    )
    right = person.post(
        form.redirect_chain[0][0],
        {
            "new_password1": "a long enough new passphrase",
            "new_password2": "a long enough new passphrase",
        },
        follow=True,
    )

    html = wrong.content.decode()
    assert "This password is too short" in html
    assert "The passwords do not match" in html
    assert html.count("govuk-error-message") == 2
    assert right.redirect_chain == [("/sign-in/", 302)]
    assert "Your password is set: sign in with it" in right.content.decode()


@pytest.mark.django_db
def test_the_lock_out_page_says_when_it_lifts_who_can_help_and_leads_to_sign_in() -> None:
    user = builders.user(Role.POLICE_OFFICER)
    client = Client()
    for _ in range(5):
        client.post("/sign-in/", {"username": user.username, "password": "wrong"})

    response = client.post("/sign-in/", {"username": user.username, "password": "wrong"})

    html = response.content.decode()
    assert response.status_code == 429
    assert re.search(r"30 minutes after the last failed attempt, at \d{1,2}:\d\d [ap]\.m\.", html)
    assert "ask your organisation's Safe Reporting administrator" in html
    assert "unlock your account" in html
    assert 'href="/sign-in/">Go to the sign-in page' in html
