"""Finding things and correcting a person, in the browser (issue 13, items 2, 3 and 10): an
officer filters the cases to those with overdue tasks, the referrals by status, and corrects a
victim's details (every error shown at once, then saved); Immigration Enforcement filters its
inbox by day and protection. Every page is scanned with axe-core by the watch."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from safereport.casework import actions
from safereport.casework.models import DutyTask
from safereport.enforcement.models import Disclosure
from safereport.policy.vocabulary import RegimeId
from tests.e2e.helpers import allow_console_error, page_title, row, sign_in_as
from tests.integration.casework import builders as cw
from tests.integration.pathways import builders as pw


def test_an_officer_filters_the_lists_and_corrects_a_persons_details(
    page: Page, live_server: LiveServer
) -> None:
    w = cw.world(regime=RegimeId.HMICFRS_INTERIM)
    actions.request_sharing_decision(
        actor=w.officer, party=w.party, purpose="investigation", categories=["identity"]
    )
    DutyTask.objects.filter(party=w.party).update(created_at=timezone.now() - timedelta(days=7))
    on_time = cw.report(w.officer)
    referral = pw.sent(on_time, w.officer, pw.entry())
    sign_in_as(page, live_server, w.officer)
    allow_console_error(page, r"status of 400")  # a form answers its refusals with 400

    page.goto(f"{live_server.url}/cases/")
    page.get_by_label("Only cases with overdue tasks").check()
    page.get_by_role("button", name="Filter the cases").click()
    expect(page.get_by_role("table")).to_contain_text(w.party.case.reference)
    expect(page.get_by_role("table")).not_to_contain_text(on_time.case.reference)
    page.get_by_label("Stage").select_option("concluded")
    page.get_by_role("button", name="Filter the cases").click()
    expect(page.get_by_text("No case matches.")).to_be_visible()

    page.goto(f"{live_server.url}/pathways/referrals/")
    page.get_by_label("Status").select_option("sent")
    page.get_by_role("button", name="Filter the referrals").click()
    expect(page.get_by_role("table")).to_contain_text(referral.reference)
    page.get_by_label("Status").select_option("first_contact_made")
    page.get_by_role("button", name="Filter the referrals").click()
    expect(page.get_by_text("No referral matches.")).to_be_visible()

    page.goto(f"{live_server.url}/cases/{w.party.case.reference}/")
    page.locator(".govuk-summary-card").first.locator(
        ".govuk-summary-list__row", has_text="Phone"
    ).get_by_role("link", name="Change").click()
    expect(page).to_have_title(page_title("Correct the person's details"))
    expect(page.get_by_label("Phone number")).to_have_value("07700 900123")
    page.get_by_label("Phone number").fill("12")
    page.get_by_label("Email address").fill("not an address")
    page.get_by_role("button", name="Save the details").click()
    expect(page).to_have_title(page_title("Correct the person's details", error=True))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Phone number must be a phone number")
    expect(summary).to_contain_text("Email address must be an e-mail address")
    page.get_by_label("Phone number").fill("+447700900456")
    page.get_by_label("Email address").fill("ana.q@example.org")
    page.get_by_label("Preferred language").fill("pt")
    page.get_by_role("button", name="Save the details").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Details of")
    victim = page.locator(".govuk-summary-card").first
    expect(row(victim, "Phone")).to_have_text("07700 900456")
    expect(row(victim, "Email")).to_have_text("ana.q@example.org")
    expect(row(victim, "Preferred language")).to_contain_text("(pt)")


def test_immigration_enforcement_filters_its_inbox(page: Page, live_server: LiveServer) -> None:
    w = cw.world(regime=RegimeId.MIGRANT_VICTIMS_PROTOCOL, support="receiving")
    protected = actions.request_sharing_decision(
        actor=w.officer, party=w.party, purpose="enforcement_referral", categories=["offence"]
    )
    with_protection = cw.share(w.officer, protected)
    other = cw.report(w.officer, support="receiving")
    plain = actions.request_sharing_decision(
        actor=w.officer, party=other, purpose="investigation", categories=["offence"]
    )
    without = cw.share(w.officer, plain)
    Disclosure.objects.filter(reference=without.enforcement_reference).update(
        received_at=timezone.now() - timedelta(days=30)
    )
    sign_in_as(page, live_server, cw.ie_caseworker())
    allow_console_error(page, r"status of 400")  # the filters answer a wrong value with 400

    page.goto(f"{live_server.url}/ie/inbox/")
    expect(page.get_by_role("heading", name="2 disclosures")).to_be_visible()
    page.get_by_text("Filter the inbox", exact=True).click()
    page.get_by_label("Protection registered", exact=True).check()
    page.get_by_role("button", name="Filter the disclosures").click()
    expect(page.get_by_role("heading", name="1 disclosure matches")).to_be_visible()
    expect(page.locator("main")).to_contain_text(str(with_protection.protocol_reference))

    page.get_by_label("Either").check()
    group = page.get_by_role("group", name="Received from")
    group.get_by_label("Day").fill("31")
    group.get_by_label("Month").fill("2")
    group.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Filter the disclosures").click()
    expect(page).to_have_title(page_title("Inbox", error=True))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Received from must be a real date"
    )

    today = timezone.localdate() - timedelta(days=31)
    group = page.get_by_role("group", name="Received from")
    group.get_by_label("Day").fill(str(today.day))
    group.get_by_label("Month").fill(str(today.month))
    group.get_by_label("Year").fill(str(today.year))
    ending = timezone.localdate() - timedelta(days=29)
    group = page.get_by_role("group", name="Received to")
    group.get_by_label("Day").fill(str(ending.day))
    group.get_by_label("Month").fill(str(ending.month))
    group.get_by_label("Year").fill(str(ending.year))
    page.get_by_role("button", name="Filter the disclosures").click()
    expect(page.get_by_role("heading", name="1 disclosure matches")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(str(with_protection.protocol_reference))
