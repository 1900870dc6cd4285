"""The audit log's event browser and background verification in the browser (issue 12, item
7): an inspector filters the events by action, opens one's inclusion proof, starts a
verification, and sees it finish by itself once the worker has run. Every page is scanned with
axe-core."""

from __future__ import annotations

from django.core.management import call_command
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from safereport.accounts.roles import Role
from safereport.policy.vocabulary import RegimeId
from tests.e2e.helpers import page_title, sign_in
from tests.integration.casework import builders as cw


def test_an_inspector_browses_events_and_verifies_the_log(
    page: Page, live_server: LiveServer
) -> None:
    cw.world(regime=RegimeId.MIGRANT_VICTIMS_PROTOCOL, support="receiving")
    sign_in(page, live_server, Role.INSPECTOR)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Audit log").click()
    page.get_by_role("link", name="Browse the events").click()

    expect(page).to_have_title(page_title("Audit events"))
    page.get_by_label("Action").select_option("casework:case:recorded")
    page.get_by_role("button", name="Show the events").click()
    rows = page.get_by_role("table", name="Events").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("casework:case:recorded")
    rows.first.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Inclusion proof for event")).to_be_visible()

    page.get_by_role("button", name="Verify the log now").click()
    expect(page).to_have_title(page_title("Verifying the audit log"))
    expect(page.get_by_role("status")).to_contain_text("Waiting to start.")
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    # The page's script sees the work is over and shows the result by itself.
    expect(page.get_by_role("heading", name="The log verified")).to_be_visible()
