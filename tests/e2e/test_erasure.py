"""Erasing a person on their request, in the browser (issue 14, item 8): the force's DPO opens
the case to answer the request, is refused while it is open, erases once it is concluded, and
the case page shows the person erased. Every page is scanned with axe-core by the watch."""

from __future__ import annotations

from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from safereport.casework import actions
from safereport.policy.vocabulary import Stage
from tests.e2e.helpers import allow_console_error, page_title, sign_in_as
from tests.integration.casework import erasure_builders as eb


def test_the_dpo_is_refused_while_the_case_is_open_then_erases_the_person(
    page: Page, live_server: LiveServer
) -> None:
    h = eb.held(conclude=False)
    assert h.world.dpo is not None
    sign_in_as(page, live_server, h.world.dpo)
    allow_console_error(page, r"status of 400")  # a form answers its refusals with 400
    today = timezone.localdate()

    page.goto(f"{live_server.url}/cases/{h.party.case.reference}/")
    page.get_by_label("Answering a request to erase a person's data").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("link", name="Erase on request").first.click()
    expect(page).to_have_title(page_title("Erase the person's data"))

    def answer() -> None:
        page.get_by_label("Request reference").fill("DPA/2026/0042")
        page.get_by_label("Day").fill(str(today.day))
        page.get_by_label("Month").fill(str(today.month))
        page.get_by_label("Year").fill(str(today.year))
        page.get_by_label("I have checked the request is valid").check()
        page.get_by_role("button", name="Erase the person's data").click()

    answer()
    expect(page).to_have_title(page_title("Erase the person's data", error=True))
    expect(page.locator(".govuk-error-summary")).to_contain_text("while a case of theirs is open")

    actions.change_case_stage(actor=h.world.officer, case=h.party.case, stage=Stage.CONCLUDED)
    answer()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has been erased")
    victim = page.locator(".govuk-summary-card").first
    expect(victim).to_contain_text("Erased victim")
    expect(victim).to_contain_text("Erased on")
    expect(page.locator("main")).not_to_contain_text("Quispe")
