"""The browser tests' own guard, tested: every page a test visits is scanned, even one it leaves
at once; a violation on any of them, a console error or a Content Security Policy violation is
caught. (Each test here takes what the guard found and clears it, so that it can pass.)"""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, Route, expect
from pytest_django.live_server_helper import LiveServer

from safereport.accounts.roles import Role
from tests import builders
from tests.e2e.helpers import allow_console_error, sign_in_through_the_form
from tests.e2e.watch import watch_of

INACCESSIBLE = (
    "<!DOCTYPE html><html><head><title>Self-test</title></head>"
    '<body><main><img src="/static/govuk/assets/images/favicon.svg"></main></body></html>'
)

INLINE_SCRIPT = """() => {
  const script = document.createElement("script");
  script.textContent = "window.x = 1";
  document.head.append(script);
}"""


def found(page: Page) -> list[str]:
    """What the guard has found so far, taken away from it."""
    watch = watch_of(page)
    watch.wait_for_scans(page)
    problems = list(watch.problems)
    watch.problems.clear()
    return problems


def test_every_page_is_scanned_even_one_left_at_once(page: Page, live_server: LiveServer) -> None:
    # The sign-in page, then home: a click that navigates, straight after another.
    sign_in_through_the_form(page, live_server, builders.user(Role.INSPECTOR))
    page.goto("/audit/")  # straight after the click that led home
    page.get_by_role("button", name="Show the inclusion proof").click()
    page.goto("/")  # straight after the click that submitted the form
    page.get_by_role("link", name="Audit log").first.click()
    page.get_by_label("Event index").fill("0")
    page.get_by_role("button", name="Show the inclusion proof").click()
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Home").click()

    watch_of(page).wait_for_scans(page)
    scanned = [url.removeprefix(live_server.url) for url in watch_of(page).pages[page].scanned]
    assert scanned == [
        "/sign-in/",
        "/",
        "/audit/",
        "/audit/?index=#inclusion-result",
        "/",
        "/audit/",
        "/audit/?index=0#inclusion-result",
        "/",
    ]


def test_a_violation_on_a_page_left_behind_is_caught(page: Page, live_server: LiveServer) -> None:
    def inaccessible(route: Route) -> None:
        route.fulfill(status=200, content_type="text/html", body=INACCESSIBLE)

    page.route("**/self-test/", inaccessible)
    page.goto("/self-test/")
    page.goto("/sign-in/")

    [problem] = found(page)
    assert f"violation(s) on {live_server.url}/self-test/" in problem
    assert "- html-has-lang (serious)" in problem
    assert "- image-alt (critical)" in problem
    assert '<img src="/static/govuk/assets/images/favicon.svg">' in problem


def test_console_errors_and_policy_violations_are_caught(
    page: Page, live_server: LiveServer
) -> None:
    page.goto("/sign-in/")
    page.evaluate(INLINE_SCRIPT)
    page.evaluate("() => console.error('Something broke')")
    allow_console_error(page, r"^Expected by the test$")
    page.evaluate("() => console.error('Expected by the test')")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")

    problems = found(page)
    assert len(problems) == 2
    assert "violates the following Content Security Policy directive" in problems[0]
    assert problems[1].startswith(f"Console error on {live_server.url}/sign-in/: Something broke")


TOO_WIDE = (
    '<!DOCTYPE html><html lang="en"><head><title>Self-test</title>'
    '<link rel="stylesheet" href="/static/safereport/service.css"></head>'
    '<body><main><h1>Self-test</h1><table id="wide"><tr><td>{cell}</td></tr></table>'
    "</main></body></html>"
)


def test_a_page_wider_than_a_phone_screen_is_caught(page: Page, live_server: LiveServer) -> None:
    """At the test's own (desktop) window size, a page 600 pixels wide fits; on a 375-pixel
    screen it does not, and the guard says which element sticks out. The same table in a box
    of its own that scrolls passes."""

    def serve(body: str) -> Callable[[Route], None]:
        return lambda route: route.fulfill(status=200, content_type="text/html", body=body)

    sized = TOO_WIDE.format(cell='<img alt="" width="600" height="10" src="data:,">')
    page.route("**/self-test/wide/", serve(sized))
    scrolled = sized.replace(
        '<table id="wide">',
        '<div class="app-table-scroll" tabindex="0" role="region" aria-label="Wide">'
        '<table id="wide">',
    ).replace("</table>", "</table></div>")
    page.route("**/self-test/scrolled/", serve(scrolled))

    # Served by the page's own routes, which the guard's hold on navigations does not see: each
    # page's scan is waited for here.
    page.goto("/self-test/wide/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    [problem] = found(page)
    page.goto("/self-test/scrolled/")
    assert found(page) == []
    assert problem.startswith(f"{live_server.url}/self-test/wide/ is ")
    assert "pixels wide on a 375-pixel screen" in problem
    assert "img (its right edge at " in problem
