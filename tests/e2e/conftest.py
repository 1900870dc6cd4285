"""Fixtures for the browser tests: the service on a live server, Debian's Chromium driven by
Playwright, and a page per test whose every document is scanned with axe-core (WCAG 2.2 AA) and
whose console must stay free of errors. See tests/e2e/README.md.

The database: tests/conftest.py's fixtures give the file-based SQLite test database that the live
server's threads share, and empty the append-only audit log before each test's flush."""

from __future__ import annotations

import os
import re
from collections.abc import Generator, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

from tests.e2e.watch import HELD_TIMEOUT, ContextWatch, forget, watch

CHROMIUM = os.environ.get("SAFEREPORT_CHROMIUM", "/usr/bin/chromium-headless-shell")
# Debian's Chromium in its headless shell (scripts/install-browser.sh says why); the full browser
# is /usr/bin/chromium. Never a browser Playwright downloads. Without the background-networking
# switches Chromium reaches out to Google's services, which a closed network refuses. Playwright
# gives each launch a fresh, temporary user-data-dir.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# An assertion waits as long as a navigation held behind an axe scan may (tests/e2e/watch.py).
expect.set_options(timeout=HELD_TIMEOUT)
SCREENSHOTS = os.environ.get("SAFEREPORT_E2E_SCREENSHOTS")  # a folder: each test's last page


WATCH = pytest.StashKey[ContextWatch]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    """After a browser test's own steps pass: wait for the scan of the page it ended on, and fail
    the test with every axe violation, console error and script error from any page it visited."""
    result = yield
    watched = item.stash.get(WATCH, None)
    if watched is not None:
        problems = watched.finish()
        if problems:
            pytest.fail("\n\n".join(problems), pytrace=False)
    return result


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """One Chromium for all the browser tests. Scoped to this package rather than the session:
    while Playwright's synchronous API is running, this thread has a running asyncio loop, which
    would break asyncio in the tests that follow."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"The browser tests need Debian's Chromium at {CHROMIUM}, and it is not installed. "
            "Run scripts/install-browser.sh (`make test` does), or `apt-get install "
            "chromium-headless-shell`; or set SAFEREPORT_CHROMIUM to another Chromium's path "
            "(/usr/bin/chromium for the full browser).",
            pytrace=False,
        )
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        # The ORM refuses to run beside a running loop; here the loop is Playwright's own, which
        # only ever waits on the browser, so the tests' own database calls are safe.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture(autouse=True)
def _audit_signing_key(settings: Settings, tmp_path: Path) -> None:
    """Each browser test's audit checkpoints are signed with its own key."""
    settings.AUDIT_SIGNING_KEY_FILE = tmp_path / "keys" / "audit-signing.key"
    settings.AUDIT_ORIGIN = "safereport.test/safereport/audit"


@pytest.fixture
def context(
    browser: Browser, live_server: LiveServer, request: pytest.FixtureRequest
) -> Iterator[BrowserContext]:
    """A fresh browser profile (no cookies) for one test; every page opened in it is watched."""
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", timezone_id="Europe/London"
    )
    screenshots = Path(SCREENSHOTS) if SCREENSHOTS else None
    if screenshots is not None:
        screenshots.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name).strip("-")
    request.node.stash[WATCH] = watch(context, name, screenshots)
    yield context
    context.close()
    forget(context)


@pytest.fixture
def page(context: BrowserContext) -> Page:
    """The test's page, watched: axe scans each document it loads, and console errors fail."""
    return context.new_page()
