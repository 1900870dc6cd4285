"""The Immigration Enforcement side in the browser: a caseworker's inbox shows only the fields a
force disclosed, and the protocol check, run with the disclosure's protocol reference, blocks an
arrest while the victim is supported during the investigation (rule G1) and allows a casework
decision with the duty to engage with the victim first. The victim's support is changed by the
officer in the browser, and the check follows it at once."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from safereport.casework import actions
from safereport.policy.vocabulary import RegimeId
from tests.e2e.helpers import page_title, row, sign_in_as
from tests.integration.casework import builders as cw

NAME = "Ana Quispe Mamani"  # cw.person(): the fictional victim
# What the force did not disclose (contact, location, offence), as cw.person() and cw.report() hold
# it: none of it may reach Immigration Enforcement's pages.
UNDISCLOSED = (
    "07700 900123",
    "ana.quispe@example.org",
    "12 Example Street",
    "Text only, weekday mornings",
    "Assaulted at home",
)


def sign_out(page: Page, live_server: LiveServer) -> None:
    page.get_by_role("navigation", name="Menu").get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(f"{live_server.url}/sign-in/")


def test_ie_sees_only_what_was_disclosed_and_the_protocol_check_blocks_an_arrest(
    page: Page, live_server: LiveServer
) -> None:
    # A force under the Migrant Victims Protocol has referred a domestic abuse victim (support
    # offered, not yet receiving) to Immigration Enforcement: her identity and immigration status.
    w = cw.world(regime=RegimeId.MIGRANT_VICTIMS_PROTOCOL, support="offered")
    force, officer, party = w.force, w.officer, w.party
    decision = actions.request_sharing_decision(
        actor=officer,
        party=party,
        purpose="enforcement_referral",
        categories=["identity", "immigration"],
    )
    record = cw.share(officer, decision)
    assert record.protocol_reference is not None
    caseworker = cw.ie_caseworker()

    # The officer records that the victim is now receiving support and advice.
    sign_in_as(page, live_server, officer)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Cases").click()
    page.get_by_role("link", name=party.case.reference).click()
    expect(row(page, "Stage")).to_have_text("Investigation")
    page.get_by_role("link", name=f"Change support for {NAME}").click()
    expect(page).to_have_title(page_title("Is the person offered or receiving support and advice?"))
    expect(page.get_by_label("Support offered")).to_be_checked()
    page.get_by_label("Receiving support and advice").check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text(
        f"Support for {NAME} changed: receiving support and advice"
    )
    sign_out(page, live_server)

    # The caseworker's inbox: the disclosed fields, and nothing else.
    sign_in_as(page, live_server, caseworker)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Inbox").click()
    expect(page).to_have_title(page_title("Inbox"))
    card = page.locator(".govuk-summary-card", has_text=f"From {force.name}")
    expect(card).to_have_count(1)
    expect(row(card, "Categories")).to_have_text("identity, immigration")
    expect(row(card, "Given name")).to_have_text("Ana")
    expect(row(card, "Family name")).to_have_text("Quispe Mamani")
    expect(row(card, "Date of birth")).to_have_text("12 April 1990")
    expect(row(card, "Immigration status")).to_have_text("Uncertain")
    expect(row(card, "Protocol reference")).to_have_text(record.protocol_reference)
    for key in ("Phone", "Email", "Address", "Summary", "Police case reference", "Support"):
        expect(row(page, key)).to_have_count(0)
    html = page.content()
    for value in (*UNDISCLOSED, party.case.reference, party.reference):
        assert value not in html, value

    card.get_by_role("link", name=re.compile(rf"^View the disclosure from {force.name}")).click()

    expect(page).to_have_title(page_title(f"Disclosure {record.enforcement_reference}"))
    expect(row(page, "Given name")).to_have_text("Ana")
    expect(row(page, "Immigration status")).to_have_text("Uncertain")
    html = page.content()
    for value in (*UNDISCLOSED, party.case.reference, party.reference):
        assert value not in html, value
    shown_reference = row(page, "Protocol reference").inner_text().strip()
    assert shown_reference == record.protocol_reference

    # The protocol check, with the reference that came with the disclosure: an arrest.
    page.get_by_role("button", name="Run a protocol check").click()

    expect(page).to_have_title(page_title("Protocol check"))
    expect(page.get_by_label("Protocol reference")).to_have_value(shown_reference)
    page.get_by_label("Arrest", exact=True).check()
    page.get_by_role("button", name="Check", exact=True).click()

    expect(page).to_have_title(page_title("Protocol check: blocked"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Blocked: do not take this action")
    expect(row(page, "Proposed action")).to_have_text("Arrest")
    expect(row(page, "Protected")).to_have_text("Yes, by rule G1 (protocol-no-enforcement)")
    expect(row(page, "Regime")).to_have_text(
        re.compile(r"^\s*Immigration Enforcement Migrant Victims Protocol\s*$")
    )
    expect(page.get_by_role("heading", name="G1 (protocol-no-enforcement)")).to_be_visible()
    expect(page.locator("#explanation")).not_to_be_empty()
    html = page.content()
    for value in (NAME, "Quispe", party.case.reference, party.reference, *UNDISCLOSED):
        assert value not in html, value  # whether she is protected, and by which rule: no more

    # A casework decision is never blocked, but comes with the duty to engage with her first.
    page.get_by_role("button", name="Run another check").click()
    page.get_by_label("Protocol reference").fill(shown_reference)
    page.get_by_label("A casework decision", exact=True).check()
    page.get_by_role("button", name="Check", exact=True).click()

    expect(page).to_have_title(page_title("Protocol check: allowed"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Allowed")
    expect(row(page, "Proposed action")).to_have_text("A casework decision")
    expect(row(page, "Protected")).to_have_text("No protection applies to this action")
    expect(page.get_by_role("heading", name="Before you act")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text="Engage with the victim")).to_have_text(
        "Engage with the victim, through the police or their support worker, before any "
        "casework or enforcement decision"
    )
    expect(page.get_by_role("heading", name="G2 (protocol-engage-first)")).to_be_visible()
    checks = [e["details"]["outcome"] for e in cw.events("enforcement:protocol_check:made")]
    assert checks == ["blocked", "allowed"]
