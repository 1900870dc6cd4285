"""The administrator's journey in the browser: a new user is added and emailed a one-time link,
sets their password through it and signs in; the link does not work a second time; wrong
passwords lock the account; the administrator unlocks it and the user signs in."""

from __future__ import annotations

import re

from django.core import mail
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from safereport.accounts.roles import OrganisationKind, Role
from tests import builders
from tests.e2e.helpers import allow_console_error, another_context, page_title, sign_in

NEW_PASSWORD = "a long enough new passphrase"  # noqa: S105 - fictional


def test_an_administrator_adds_a_user_who_sets_a_password_is_locked_out_and_unlocked(
    page: Page, live_server: LiveServer, browser: Browser
) -> None:
    force = builders.organisation(OrganisationKind.POLICE_FORCE, name="Exampleshire Police")
    sign_in(page, live_server, Role.ADMIN)

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Users").click()
    page.get_by_role("link", name="Add a user").click()
    expect(page).to_have_title(page_title("Add a user"))
    page.get_by_label("First name").fill("Ada")
    page.get_by_label("Last name").fill("Constable")
    page.get_by_label("Username", exact=True).fill("ada.constable")
    page.get_by_label("Email address").fill("ada.constable@example.org")
    page.get_by_label("Police officer", exact=True).check()
    page.get_by_label("Organisation").select_option(force.code)
    page.get_by_role("button", name="Add the user and send the link").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("ada.constable")
    expect(page.get_by_role("alert")).to_contain_text(
        "A link to set a password was sent to ada.constable@example.org"
    )
    expect(page.locator("main")).not_to_contain_text("/set-password/")
    assert [message.to for message in mail.outbox] == [["ada.constable@example.org"]]
    found = re.search(r"https?://\S+/set-password/\S+/", str(mail.outbox[0].body))
    assert found, mail.outbox[0].body
    link = found.group(0)

    with another_context(browser, live_server, "new-user") as person:
        allow_console_error(person, r"status of 429")  # axes answers a locked-out sign-in so

        person.goto(link)
        expect(person).to_have_url(re.compile(r"/set-password/usr_[0-9a-f]+/set-password/$"))
        expect(person.get_by_role("heading", level=1)).to_have_text("Choose your password")
        person.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
        person.get_by_label("Type the new password again").fill(NEW_PASSWORD)
        person.get_by_role("button", name="Set my password").click()

        expect(person).to_have_url(f"{live_server.url}/sign-in/")
        expect(person.get_by_role("alert")).to_contain_text("Your password is set")
        sign_in_with(person, "ada.constable", NEW_PASSWORD)
        expect(person).to_have_url(f"{live_server.url}/")
        expect(person.locator("main")).to_contain_text("Exampleshire Police")

        person.goto(link)
        expect(person.get_by_role("heading", level=1)).to_have_text("This link does not work")

        person.get_by_role("navigation", name="Menu").get_by_role("button", name="Sign out").click()
        for _ in range(5):
            sign_in_with(person, "ada.constable", "not the password")
        expect(person.get_by_role("heading", level=1)).to_have_text(
            "Too many failed attempts to sign in"
        )
        expect(person.locator("main")).to_contain_text("Safe Reporting administrator")

        page.get_by_role("navigation", name="Menu").get_by_role("link", name="Home").click()
        page.get_by_role("link", name="Accounts locked out").click()
        page.get_by_role("link", name="ada.constable").click()
        page.get_by_role("button", name="Unlock the account").click()
        expect(page.get_by_role("alert")).to_contain_text("ada.constable can sign in again now")

        person.get_by_role("link", name="Go to the sign-in page").click()
        sign_in_with(person, "ada.constable", NEW_PASSWORD)
        expect(person).to_have_url(f"{live_server.url}/")


def sign_in_with(page: Page, username: str, password: str) -> None:
    page.get_by_label("Username", exact=True).fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
