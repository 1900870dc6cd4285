"""The browser tests' own guard, tested: every page a test visits is scanned, even one it leaves
at once; a violation on any of them, a console error or a Content Security Policy violation is
caught. (Each test here takes what the guard found and clears it, so that it can pass.)"""

from __future__ import annotations

from playwright.sync_api import Page, Route, expect
from pytest_django.live_server_helper import LiveServer

from safereport.accounts.roles import Role
from tests.e2e.helpers import allow_console_error, sign_in
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
    sign_in(page, live_server, Role.INSPECTOR)  # the sign-in page, then home
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
