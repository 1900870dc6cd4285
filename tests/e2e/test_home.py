"""Each role signs in through the form and lands on a home page naming its role and
organisation, with the service navigation marking where it is."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from safereport.accounts.roles import Role
from tests import builders
from tests.e2e.helpers import page_title, sign_in_through_the_form


@pytest.mark.parametrize("role", Role.values)
def test_each_role_lands_on_its_home_page(page: Page, live_server: LiveServer, role: str) -> None:
    person = builders.user(role)
    sign_in_through_the_form(page, live_server, person)

    expect(page).to_have_title(page_title("Home"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Safe Reporting")
    label = re.escape(Role(role).label.lower())
    organisation = re.escape(person.organisation.name)
    expect(
        page.get_by_text(re.compile(f"signed in to {organisation}, with the role: {label}"))
    ).to_be_visible()
    menu = page.get_by_role("navigation", name="Menu")
    expect(menu.get_by_role("link", name="Home")).to_have_attribute("aria-current", "page")
    expect(menu.get_by_role("button", name="Sign out")).to_be_visible()


def test_the_footer_statements_open_for_anyone(page: Page, live_server: LiveServer) -> None:
    page.goto(f"{live_server.url}/sign-in/")
    for link, title in (
        ("Accessibility statement", "Accessibility statement"),
        ("Privacy notice", "Privacy notice"),
        ("Cookies", "Cookies"),
    ):
        page.get_by_role("contentinfo").get_by_role("link", name=link).click()
        expect(page).to_have_title(page_title(title))
