"""Signing in and out in the browser: GOV.UK error summaries that take focus and lead to the
field at fault, and a session that ends on sign-out."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from safereport.accounts.roles import Role
from tests import builders
from tests.e2e.helpers import page_title, sign_in


def test_a_wrong_password_gives_an_error_summary_that_takes_focus_and_leads_to_the_field(
    page: Page, live_server: LiveServer
) -> None:
    person = builders.user(Role.POLICE_OFFICER)
    page.goto("/sign-in/")
    expect(page).to_have_title(page_title("Sign in"))

    page.get_by_label("Username", exact=True).fill(person.username)
    page.get_by_label("Password", exact=True).fill("not the password")
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_title(page_title("Sign in", error=True))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("alert")).to_contain_text("There is a problem")
    link = summary.get_by_role("link", name="Enter a correct username and password")
    expect(link).to_have_attribute("href", "#id_username")
    link.click()
    expect(page.get_by_label("Username", exact=True)).to_be_focused()


def test_an_empty_form_names_each_missing_field_and_each_link_reaches_its_field(
    page: Page, live_server: LiveServer
) -> None:
    page.goto("/sign-in/")
    page.get_by_role("button", name="Sign in").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(["Enter your username", "Enter your password"])
    password = page.get_by_label("Password", exact=True)
    expect(password).to_have_accessible_description("Error: Enter your password")
    summary.get_by_role("link", name="Enter your password").click()
    expect(password).to_be_focused()


def test_signing_out_ends_the_session(page: Page, live_server: LiveServer) -> None:
    sign_in(page, live_server, Role.SUPPORT_WORKER)

    page.get_by_role("navigation", name="Menu").get_by_role("button", name="Sign out").click()

    expect(page).to_have_url(f"{live_server.url}/sign-in/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/sign-in/\?next=%2F$"))
