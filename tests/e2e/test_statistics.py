"""The statistics page in the browser (issue 12, item 1): an inspector opens it from the menu,
reads England and Wales once the worker has counted it, then one force's with `[c]` for small
counts, then the force's decisions replayed under every regime; on a phone's 375-pixel screen
the wide tables scroll inside their boxes, never the page. Every page is scanned with axe-core."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from safereport.accounts.roles import Role
from safereport.policy.vocabulary import RegimeId
from tests.e2e.helpers import fits_a_phone, page_title, sign_in
from tests.integration.casework import builders as cw
from tests.integration.oversight.counting import count_queued


def test_an_inspector_reads_national_then_one_forces_statistics(
    page: Page, live_server: LiveServer
) -> None:
    w = cw.world(regime=RegimeId.MIGRANT_VICTIMS_PROTOCOL, support="receiving")
    sign_in(page, live_server, Role.INSPECTOR)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Statistics").click()

    expect(page).to_have_title(page_title("Statistics"))
    # The first view asks the background worker for the count; once made, it is shown.
    expect(page.locator("#counting")).to_contain_text("These figures are being counted")
    assert count_queued() == 1
    page.get_by_role("button", name="Check again").click()
    expect(page.locator("#counted")).to_contain_text("Counted at")
    expect(
        page.get_by_role("img", name="Chart: Reports recorded, by crime type and route")
    ).to_be_visible()
    reports = page.get_by_role("table", name="Reports recorded, by crime type and route")
    domestic = reports.get_by_role("row", name="Domestic abuse")
    expect(domestic.get_by_role("cell").first).to_have_text("1")

    page.get_by_label("Police force").select_option(label=w.force.name)
    page.get_by_role("button", name="Show the statistics").click()
    assert count_queued() == 1
    page.get_by_role("button", name="Check again").click()

    expect(page.locator(".govuk-caption-l")).to_have_text(w.force.name)
    expect(page.locator("#disclosure-control")).to_contain_text("[c] means a count from 1 to 7")
    expect(domestic.get_by_role("cell").first).to_have_text("[c]")

    fits_a_phone(page)

    # The same force's decisions replayed under every regime (none recorded yet: all 0).
    page.get_by_role("link", name="See every recorded sharing decision replayed").click()
    expect(page).to_have_title(page_title("Regimes compared"))
    assert count_queued() == 1
    page.get_by_role("button", name="Check again").click()
    expect(page.locator(".govuk-caption-l")).to_have_text(w.force.name)
    replay = page.get_by_role("table", name="Decisions replayed under the regime version")
    expect(replay.get_by_role("row", name="Decisions").get_by_role("cell").first).to_have_text("0")
    fits_a_phone(page)
