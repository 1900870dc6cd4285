"""The layout every page shares, in a real browser: GOV.UK Frontend's styles, fonts and scripts
load under the Content Security Policy, and the skip link is the first thing the keyboard
reaches and moves focus to the main content."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from safereport.accounts.roles import Role
from tests.e2e.helpers import sign_in

FRONTEND_STATE = """
async () => {
  await document.fonts.ready;
  const skipLink = getComputedStyle(document.querySelector(".govuk-skip-link"));
  return {
    headingFont: getComputedStyle(document.querySelector("h1")).fontFamily,
    loadedFonts: [...document.fonts]
      .filter((face) => face.status === "loaded")
      .map((face) => `${face.family.replaceAll('"', "")} ${face.weight}`),
    skipLinkHidden: skipLink.position === "absolute" && skipLink.width === "1px",
    scriptsStarted: document.body.classList.contains("govuk-frontend-supported"),
  };
}
"""


def open_as(page: Page, live_server: LiveServer, role: str | None, path: str) -> None:
    if role is not None:
        sign_in(page, live_server, role)
    page.goto(path)


@pytest.mark.parametrize(
    ("role", "path"), [(None, "/sign-in/"), (Role.INSPECTOR, "/audit/")], ids=["sign-in", "audit"]
)
def test_gov_uk_frontend_styles_fonts_and_scripts_load_under_the_csp(
    page: Page, live_server: LiveServer, role: str | None, path: str
) -> None:
    open_as(page, live_server, role, path)

    state: dict[str, Any] = page.evaluate(FRONTEND_STATE)

    assert state["headingFont"].startswith('"GDS Transport"')
    assert {"GDS Transport 400", "GDS Transport 700"} <= set(state["loadedFonts"])
    assert state["skipLinkHidden"]  # the stylesheet applies
    assert state["scriptsStarted"]  # the module script ran: init.js and GOV.UK Frontend's


@pytest.mark.parametrize(
    ("role", "path"), [(None, "/sign-in/"), (Role.POLICE_OFFICER, "/")], ids=["sign-in", "home"]
)
def test_the_skip_link_comes_first_and_moves_focus_to_the_main_content(
    page: Page, live_server: LiveServer, role: str | None, path: str
) -> None:
    open_as(page, live_server, role, path)

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()  # visible once focused
    page.keyboard.press("Enter")
    expect(page.locator("main#main-content")).to_be_focused()
