"""Transparency returns in the browser (issue 12, item 5): a force's data protection officer
opens last year's return from the menu, tries to make it without confirming (refused), confirms,
and lands on its public page; a visitor who is not signed in reads every force's returns. Every
page is scanned with axe-core."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from safereport.oversight.periods import year_ending_march, year_of
from safereport.policy.vocabulary import RegimeId
from tests.e2e.helpers import allow_console_error, another_context, page_title, sign_in_as
from tests.integration.casework import builders as cw
from tests.integration.oversight.test_returns import a_year_ago


def test_a_dpo_makes_last_years_return_and_the_public_reads_it(
    page: Page, browser: Browser, live_server: LiveServer
) -> None:
    w = cw.world(regime=RegimeId.MIGRANT_VICTIMS_PROTOCOL, support="receiving")
    a_year_ago(w.force)
    last = year_ending_march(year_of(w.party.created_at.date()).start.year - 1)
    assert w.dpo is not None
    sign_in_as(page, live_server, w.dpo)

    menu = page.get_by_role("navigation", name="Menu")
    menu.get_by_role("link", name="Transparency returns").click()
    expect(page).to_have_title(page_title("Transparency returns"))
    page.get_by_role("link", name=last.label).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Transparency return for {last.label}"
    )
    allow_console_error(page, r"status of 400")  # the form answers its refusal with 400
    page.get_by_role("button", name="Certify none").click()

    expect(page).to_have_title(page_title("Transparency return", error=True))
    page.get_by_label(f"I certify that {w.force.name} disclosed no information").check()
    page.get_by_role("button", name="Certify none").click()

    expect(page.get_by_role("heading", name="None", exact=True)).to_be_visible()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("return for")

    with another_context(browser, live_server, "public") as visitor:
        visitor.goto("/transparency/")
        expect(visitor).to_have_title(page_title("Transparency returns"))
        table = visitor.get_by_role("table", name=last.label)
        expect(table.get_by_role("row", name=w.force.name)).to_contain_text("Certified none")
