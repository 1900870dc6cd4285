"""Watches a browser test's context: every document any of its pages loads is scanned with axe,
and every console error and uncaught script error is noted; the test fails on any of them.

The scan runs inside each document (axe.AUTOMATIC_SCAN) and reports back through a binding. Here,
every navigation of a page's main frame is held until each document the page was sent before it
has announced itself and reported its scan, so a test cannot move on faster than the scans: a
document that a quick `goto` would replace still loads, and is scanned, first."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Response, Route, WebError

from tests.e2e import width
from tests.e2e.axe import (
    AUTOMATIC_SCAN,
    REPORT_BINDING,
    STYLED_WAIT_MS,
    describe,
    violations_from,
)

# Seconds to wait for a page's documents to report, before giving up: longer than a document's
# wait for its stylesheets (axe.STYLED_WAIT_MS), axe's run and the wait for its copy at a phone's
# width (width.MEASURE_WAIT_MS) together.
SCAN_TIMEOUT = 30.0
# Milliseconds for any one browser action, navigation or assertion: each must outlast the hold
# of a navigation behind a scan, since on a busy machine a step such as "click a link, expect
# the next page's title" (or click on the next page) can wait SCAN_TIMEOUT before the request
# leaves, and a correct page would fail for a slow scan; then 10 s for the step itself.
# tests/e2e/conftest.py gives `expect` this timeout (Playwright's own default is 5 s).
HELD_TIMEOUT = int(SCAN_TIMEOUT * 1000) + 10_000
POLL = 20  # milliseconds between looks at whether they have
NO_DOCUMENT = (204, 205)  # navigation responses that leave the current document in place


@dataclass
class PageScans:
    expected: int = 0  # documents the page was sent (main-frame navigation responses)
    announced: int = 0  # documents that started and announced themselves
    pending: dict[str, str] = field(default_factory=dict)  # announced, not reported: id: address
    scanned: list[str] = field(default_factory=list)  # addresses of the documents scanned

    def settled(self) -> bool:
        return self.announced >= self.expected and not self.pending


class ContextWatch:
    def __init__(self, context: BrowserContext, name: str, screenshots: Path | None) -> None:
        self.context = context
        self.name = name
        self.screenshots = screenshots  # a folder for a picture of each page the test ends on
        self.pages: dict[Page, PageScans] = {}
        self.problems: list[str] = []
        self.allowed_console: list[re.Pattern[str]] = []
        context.expose_binding(REPORT_BINDING, self._on_report)
        context.add_init_script(script=AUTOMATIC_SCAN)
        context.route("**/*", self._on_request)
        context.on("response", self._on_response)
        context.on("console", self._on_console)
        context.on("weberror", self._on_web_error)

    def scans(self, page: Page) -> PageScans:
        return self.pages.setdefault(page, PageScans())

    def wait_for_scans(self, page: Page) -> None:
        """Until every document the page was sent has reported its scan."""
        scans = self.scans(page)
        if page.is_closed():
            return
        # One round trip to Playwright's server first: a report it has already received reaches
        # us before the answer does.
        page.wait_for_timeout(1)
        deadline = time.monotonic() + SCAN_TIMEOUT
        while not scans.settled() and not page.is_closed():
            if time.monotonic() > deadline:
                waiting = list(scans.pending.values()) or [page.url]
                self.problems.append(
                    f"axe did not finish scanning {', '.join(waiting)} in {SCAN_TIMEOUT:.0f} s"
                )
                scans.announced = scans.expected
                scans.pending.clear()
                return
            page.wait_for_timeout(POLL)

    def finish(self) -> list[str]:
        """Wait for the scans of the pages the test ended on; everything found, if anything."""
        for number, (page, scans) in enumerate(self.pages.items(), start=1):
            if page.is_closed():
                self.problems.extend(
                    f"A page was closed before axe finished scanning {url}"
                    for url in scans.pending.values()
                )
                continue
            self.wait_for_scans(page)
            if self.screenshots is not None:
                suffix = "" if number == 1 else f"-page{number}"
                page.screenshot(path=self.screenshots / f"{self.name}{suffix}.png", full_page=True)
        return self.problems

    def _on_report(self, source: dict[str, Any], report: dict[str, Any]) -> None:
        scans = self.scans(source["page"])
        url = report["url"]
        if report["kind"] == "start":
            # Documents follow one another: one still waiting now was left without its report.
            self.problems.extend(
                f"The test left {earlier} before axe had scanned it"
                for earlier in scans.pending.values()
            )
            scans.pending = {report["id"]: url}
            scans.announced += 1
            scans.expected = max(scans.expected, scans.announced)
            return
        scans.pending.pop(report["id"], None)
        if report["kind"] == "unstyled":
            self.problems.append(
                f"axe could not scan {url}: its stylesheets were not in "
                f"{STYLED_WAIT_MS / 1000:.0f} s after it began"
            )
            return
        scans.scanned.append(url)
        too_wide = width.describe(url, report.get("narrow") or {})
        if too_wide:
            self.problems.append(too_wide)
        if "error" in report:
            self.problems.append(f"axe could not scan {url}: {report['error']}")
        elif report["violations"]:
            self.problems.append(describe(url, violations_from(report["violations"])))

    def _on_response(self, response: Response) -> None:
        """Count the documents each page is sent: they will announce themselves."""
        request = response.request
        if not request.is_navigation_request() or request.frame.parent_frame is not None:
            return
        if not response.url.startswith(("http://", "https://")):
            return
        if response.status in NO_DOCUMENT or 300 <= response.status < 400:
            return
        if response.headers.get("content-disposition", "").startswith("attachment"):
            return
        self.scans(request.frame.page).expected += 1

    def _on_request(self, route: Route) -> None:
        request = route.request
        try:
            if request.is_navigation_request() and request.frame.parent_frame is None:
                self.wait_for_scans(request.frame.page)
        finally:
            route.fallback()

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        if any(pattern.search(message.text) for pattern in self.allowed_console):
            return
        where = message.page.url if message.page else "a page"
        source = message.location.get("url") or where
        self.problems.append(f"Console error on {where}: {message.text} (from {source})")

    def _on_web_error(self, error: WebError) -> None:
        where = error.page.url if error.page else "a page"
        self.problems.append(f"Uncaught script error on {where}: {error.error.message}")


_watches: dict[BrowserContext, ContextWatch] = {}


def watch(context: BrowserContext, name: str, screenshots: Path | None) -> ContextWatch:
    context.set_default_timeout(HELD_TIMEOUT)
    _watches[context] = ContextWatch(context, name, screenshots)
    return _watches[context]


def watch_of(page: Page) -> ContextWatch:
    try:
        return _watches[page.context]
    except KeyError:
        raise LookupError(
            "this page is not watched: use the `page` fixture, or a page of its context"
        ) from None


def forget(context: BrowserContext) -> None:
    _watches.pop(context, None)
