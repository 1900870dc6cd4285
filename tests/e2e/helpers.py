"""What a browser test calls: sign in (through the real form, or as it would), read a summary
list's row, allow a console error the test expects, open a second browser profile, and check a
page fits a phone's screen."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from safereport.accounts.models import User
from tests import builders
from tests.e2e.watch import forget, watch, watch_of


def page_title(name: str, *, error: bool = False) -> str:
    """A page's <title> as the layout writes it ("Error: " first when the page shows errors)."""
    return f"{'Error: ' if error else ''}{name} \N{EN DASH} Safe Reporting"


def sign_in(page: Page, live_server: LiveServer, role: str) -> User:
    """A new user of `role` (tests.builders.user), signed in; the page is left on the home page."""
    person = builders.user(role)
    sign_in_as(page, live_server, person)
    return person


def sign_in_as(page: Page, live_server: LiveServer, person: User) -> None:
    """Sign in as a user the test made (in the organisation it needs: `sign_in` makes a new user
    in a new organisation, and the service has exactly one Immigration Enforcement), and open the
    home page.

    The session is made as the sign-in form makes it (Django's `login`, so the sign-in is audited
    alike) and given to the browser as its cookie, as the form would set it: the form itself, and
    the pages around it, are what test_sign_in.py, test_home.py and test_watch.py go through,
    and the other tests would only scan them again, two pages each time."""
    client = Client()
    client.force_login(person)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
                "httpOnly": settings.SESSION_COOKIE_HTTPONLY,
                "sameSite": "Lax",  # SESSION_COOKIE_SAMESITE, which the settings fix
            }
        ]
    )
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/")


def sign_in_through_the_form(page: Page, live_server: LiveServer, person: User) -> None:
    """Sign in as a person does, through the sign-in page; the page is left on the home page."""
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username", exact=True).fill(person.username)
    page.get_by_label("Password", exact=True).fill(builders.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}/")


def row(within: Page | Locator, key: str) -> Locator:
    """The value of a summary list's row, found by its key."""
    page = within if isinstance(within, Page) else within.page
    named = page.locator(
        ".govuk-summary-list__key", has_text=re.compile(rf"^\s*{re.escape(key)}\s*$")
    )
    return (
        within.locator(".govuk-summary-list__row")
        .filter(has=named)
        .locator(".govuk-summary-list__value")
    )


def allow_console_error(page: Page, pattern: str) -> None:
    """Let console errors matching `pattern` (a regular expression) pass, on every page of this
    test's browser context: such as the browser's "Failed to load resource: ... 404" when a test
    visits a page that must not exist for its user."""
    watch_of(page).allowed_console.append(re.compile(pattern))


@contextmanager
def another_context(browser: Browser, live_server: LiveServer, name: str) -> Iterator[Page]:
    """A page in a second browser profile (its own cookies), watched like the test's own: axe
    scans each page, and violations, console and script errors fail the test."""
    context: BrowserContext = browser.new_context(
        base_url=live_server.url, locale="en-GB", timezone_id="Europe/London"
    )
    watched = watch(context, name, None)
    try:
        yield context.new_page()
        problems = watched.finish()
        assert not problems, "\n\n".join(problems)
    finally:
        context.close()
        forget(context)


# The page's overflow sideways, once its stylesheets and fonts are in: an assertion that the last
# document's text is shown can pass before its styles apply, and an unstyled table is wide.
SIDEWAYS = """
async () => {
  await document.fonts.ready;
  return document.documentElement.scrollWidth - window.innerWidth;
}
"""


def fits_a_phone(page: Page) -> None:
    """The page as it stands, laid out on a 375-pixel screen, does not scroll sideways (its wide
    tables scroll in their own boxes); the window is then given back its size."""
    size = page.viewport_size
    page.wait_for_load_state("load")
    page.set_viewport_size({"width": 375, "height": 800})
    overflow = page.evaluate(SIDEWAYS)
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow} pixels"
    if size is not None:
        page.set_viewport_size(size)
