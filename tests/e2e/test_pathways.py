"""The routine referral pathway end to end (issue 5, item 9): an officer refers a domestic abuse
victim to a matching organisation with the victim's consent; the organisation's support worker
acknowledges it, records first contact and that support is being received; and Immigration
Enforcement's protocol check for that victim turns from allowed to blocked. Every page is scanned
with axe-core (WCAG 2.2 AA), in each of the three browser contexts."""

from __future__ import annotations

import re

from django.urls import reverse
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from safereport.casework import actions as casework
from safereport.casework.models import Party
from safereport.enforcement.forms import ACTION_CHOICES
from safereport.pathways.models import Referral, ThirdPartyReport
from safereport.policy.vocabulary import EnforcementAction, RegimeId
from tests.e2e.helpers import allow_console_error, another_context, page_title, sign_in_as
from tests.integration.casework import builders as cw
from tests.integration.pathways import builders as pw

ARREST = dict(ACTION_CHOICES)[EnforcementAction.ARREST.value]


def protocol_check(page: Page, protocol_reference: str) -> None:
    """Immigration Enforcement asks whether it may arrest the person, on the IE page."""
    page.goto("/ie/protocol-check/")
    expect(page).to_have_title(page_title("Protocol check"))
    page.get_by_label("Protocol reference").fill(protocol_reference)
    page.get_by_label(ARREST, exact=True).check()
    page.get_by_role("button", name=re.compile("check", re.IGNORECASE)).click()


def test_a_referral_and_support_turn_the_protocol_check_to_blocked(
    page: Page, browser: Browser, live_server: LiveServer
) -> None:
    # A force on the migrant victims protocol; a domestic abuse victim with no support yet,
    # whose identity the force disclosed to Immigration Enforcement with a protection.
    w = cw.world(regime=RegimeId.MIGRANT_VICTIMS_PROTOCOL)
    officer, party = w.officer, w.party
    decision = casework.request_sharing_decision(
        actor=officer, party=party, purpose="enforcement_referral", categories=["identity"]
    )
    disclosed = cw.share(officer, decision)
    protocol_reference = disclosed.protocol_reference
    assert protocol_reference is not None
    entry = pw.entry(name="Latin American Women's Aid (test)", languages=["en", "es"])
    worker = pw.support_worker(entry)
    caseworker = cw.ie_caseworker()

    with another_context(browser, live_server, "ie-caseworker") as ie:
        sign_in_as(ie, live_server, caseworker)
        protocol_check(ie, protocol_reference)
        expect(ie.get_by_role("heading", level=1)).to_have_text("Allowed")

        # The officer offers a referral from the case page, to an organisation that matches.
        sign_in_as(page, live_server, officer)
        page.goto(reverse("casework:case", args=[party.case.reference]))
        page.get_by_role("link", name=re.compile("^Offer a referral")).first.click()
        expect(page).to_have_title(page_title("Offer a referral to specialist support"))
        expect(page.get_by_text("Works in Spanish: no interpreter needed")).to_be_visible()
        page.get_by_label(entry.organisation.name, exact=True).check()
        page.get_by_role("button", name="Record the offer").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            f"Referral to {entry.organisation.name}"
        )
        page.get_by_role("button", name="Record the answer to the offer").click()
        expect(page).to_have_title(page_title("Record the answer to the offer"))
        page.get_by_label("They want the referral").check()
        page.get_by_label("Identity", exact=True).check()
        page.get_by_label("Contact", exact=True).check()
        page.get_by_label("Through an interpreter").check()
        page.get_by_role("button", name="Record the answer").click()
        page.get_by_role("button", name="Send the referral").click()
        expect(page.get_by_text("Sent to the organisation").first).to_be_visible()
        referral = Referral.objects.get(party=party)
        assert referral.status == "sent"
        assert sorted(referral.content) == ["contact", "identity"]

        # The organisation's support worker, in their own browser.
        with another_context(browser, live_server, "support-worker") as support:
            sign_in_as(support, live_server, worker)
            support.get_by_role("navigation", name="Menu").get_by_role("link", name="Inbox").click()
            expect(support).to_have_title(page_title("Inbox"))
            support.get_by_role("link", name=referral.reference).click()
            expect(support.get_by_role("heading", level=1)).to_have_text("Referral: domestic abuse")
            support.get_by_role("button", name="Acknowledge the referral").click()
            expect(support.get_by_text("Acknowledged by the organisation").first).to_be_visible()
            support.get_by_role("button", name="Record first contact").click()
            expect(support).to_have_title(page_title("Record first contact"))
            support.get_by_label("By phone").check()
            support.get_by_role("button", name="Record first contact").click()
            expect(support.get_by_text("First contact made").first).to_be_visible()

            # Support offered is not yet support received: IE may still act.
            protocol_check(ie, protocol_reference)
            expect(ie.get_by_role("heading", level=1)).to_have_text("Allowed")

            support.get_by_role("button", name="Record support status").click()
            expect(support).to_have_title(page_title("Record support status"))
            support.get_by_label("Receiving support and advice").check()
            support.get_by_role("button", name="Save").click()
            expect(support.get_by_text("Receiving support and advice").first).to_be_visible()

        assert Party.objects.get(pk=party.pk).support == "receiving"
        protocol_check(ie, protocol_reference)
        expect(ie.get_by_role("heading", level=1)).to_have_text("Blocked: do not take this action")

    assert Referral.objects.get(pk=referral.pk).status == "first_contact_made"


def test_a_third_party_report_that_would_give_the_person_away_is_refused_then_checked(
    page: Page, live_server: LiveServer
) -> None:
    force = cw.force()
    worker = pw.support_worker(pw.entry())
    sign_in_as(page, live_server, worker)
    allow_console_error(page, r"status of 400")  # the form answers its refusals with 400
    page.goto(f"{live_server.url}/pathways/reports/new/")

    page.get_by_label("Which police force is the report for?").select_option(force.code)
    page.get_by_role("group", name="Type of crime").get_by_label("Domestic abuse").check()
    page.get_by_label("What happened").fill("Rosa was threatened by her partner.")
    page.get_by_label("Pseudonym").fill("Client Rosa")
    page.get_by_role("group", name="Is the person a victim or a witness?").get_by_label(
        "Victim"
    ).check()
    page.get_by_role("group", name="Age group").get_by_label("Adult").check()
    page.get_by_role("group", name="Immigration status").get_by_label("Uncertain").check()
    page.get_by_label("Given name").fill("Rosa")
    page.get_by_label("Family name").fill("Fictitious-Example")
    page.get_by_role("button", name="Continue").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_count(2)
    expect(summary).to_contain_text("not the person's name and does not contain it")
    expect(summary).to_contain_text("without naming or identifying the person")
    expect(page.get_by_label("Given name")).to_have_value("Rosa")  # nothing typed is lost

    page.get_by_label("Pseudonym").fill("Client A")
    page.get_by_label("What happened").fill("Threatened by her partner at home.")
    page.get_by_role("button", name="Continue").click()

    expect(page).to_have_title(page_title("Check the report before you send it"))
    police_see = page.locator("#police-see + dl")
    expect(police_see).to_contain_text("Client A")
    expect(police_see).not_to_contain_text("Rosa")
    expect(page.locator("#kept ~ dl")).to_contain_text("Rosa")
    assert not ThirdPartyReport.objects.exists()

    page.get_by_role("button", name="Send the report").click()

    expect(page.get_by_role("alert")).to_contain_text("Report sent to the police")
    report = ThirdPartyReport.objects.get()
    assert report.pseudonym == "Client A"
