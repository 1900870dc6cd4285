"""The recommendation tracker in the browser (issue 12, item 4): a force's DPO records evidence
on Recommendation 1 (refused first without a status), opens the progress update and signs it
off; an inspector then reads every force's statuses. Every page is scanned with axe-core."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from safereport.accounts.roles import Role
from safereport.policy.vocabulary import RegimeId
from tests import builders
from tests.e2e.helpers import allow_console_error, another_context, page_title, sign_in_as
from tests.integration.casework import builders as cw


def test_a_dpo_records_evidence_and_signs_off_then_an_inspector_reads_it(
    page: Page, browser: Browser, live_server: LiveServer
) -> None:
    w = cw.world(regime=RegimeId.MIGRANT_VICTIMS_PROTOCOL, support="receiving")
    assert w.dpo is not None
    sign_in_as(page, live_server, w.dpo)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Recommendations").click()
    expect(page).to_have_title(page_title("Recommendations"))

    rec_1 = page.locator("section", has=page.locator("#rec-1"))
    rec_1.get_by_label("Evidence").fill(
        "Force bulletin 18/03/21: stop sharing with immediate effect."
    )
    allow_console_error(page, r"status of 400")  # the form answers its refusal with 400
    rec_1.get_by_role("button", name="Record the evidence").click()
    expect(page).to_have_title(page_title("Recommendations", error=True))
    page.locator(".govuk-error-summary").get_by_role(
        "link", name="Select the recommendation's status"
    ).click()
    rec_1 = page.locator("section", has=page.locator("#rec-1"))
    rec_1.get_by_label("In progress").check()
    rec_1.get_by_label("Evidence").fill(
        "Force bulletin 18/03/21: stop sharing with immediate effect."
    )
    rec_1.get_by_role("button", name="Record the evidence").click()

    expect(page.locator("#rec-1")).to_contain_text("In progress")
    page.get_by_role("link", name="The six-monthly progress update").click()
    expect(page).to_have_title(page_title("Progress update"))
    page.get_by_role("button", name="Sign off this update").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("signed off")

    with another_context(browser, live_server, "inspector") as inspector:
        sign_in_as(inspector, live_server, builders.user(Role.INSPECTOR))
        inspector.goto("/statistics/recommendations/")
        row = inspector.get_by_role("row", name=w.force.name)
        expect(row).to_contain_text("In progress")
        row.get_by_role("link", name=w.force.name).click()
        expect(inspector.locator("#rec-1")).to_contain_text("In progress")
