"""Case work that was missing, in the browser (issue 13, items 2 and 3): an officer opens a case
by typing its reference, adds a witness known only anonymously, and corrects the victim's
recorded status; every page scanned with axe-core and no wider than a 375-pixel screen."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from safereport.policy.vocabulary import RegimeId
from tests.e2e.helpers import fits_a_phone, page_title, row, sign_in_as
from tests.integration.casework import builders as cw


def test_an_officer_adds_a_witness_and_corrects_a_status(
    page: Page, live_server: LiveServer
) -> None:
    w = cw.world(regime=RegimeId.HMICFRS_INTERIM)
    sign_in_as(page, live_server, w.officer)
    page.goto(f"{live_server.url}/cases/")
    page.get_by_label("Case reference").fill(w.party.case.reference)
    page.get_by_role("button", name="Open the case").click()
    expect(page).to_have_url(f"{live_server.url}/cases/{w.party.case.reference}/")

    page.get_by_role("link", name="Add a victim, witness or suspect").click()
    expect(page).to_have_title(page_title("Add a person to the case"))
    fits_a_phone(page)
    page.get_by_role("group", name="The person's role in the case").get_by_label("Witness").check()
    page.get_by_role("group", name="Age group").get_by_label("Adult").check()
    page.get_by_role("group", name="Immigration status").get_by_label("Not in question").check()
    page.get_by_role(
        "group", name="Is there evidence that the person has committed an offence?"
    ).get_by_label("No").check()
    page.get_by_role("button", name="Add the person").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Anonymous witness added")

    victim = page.locator(".govuk-summary-card").first
    victim.locator(".govuk-summary-list__row", has_text="Immigration status").get_by_role(
        "link", name="Change"
    ).click()
    expect(page).to_have_title(page_title("Correct the person's status"))
    fits_a_phone(page)
    page.get_by_label("Insecure").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Status of")
    expect(row(page.locator(".govuk-summary-card").first, "Immigration status")).to_contain_text(
        "Insecure"
    )
