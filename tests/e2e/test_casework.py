"""The police side in the browser: an officer records a domestic abuse report through the form,
asks for a sharing decision about the victim, shares what is permitted with Immigration
Enforcement (or, where the decision prohibits, is told what to do instead), and marks a duty done;
and the report form's GOV.UK errors, which take focus, lead to the field and keep what was typed."""

from __future__ import annotations

import re

from django.utils import timezone
from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from safereport.accounts.roles import Role
from safereport.casework import actions
from safereport.casework.models import DisclosureRecord, DutyTask, SharingDecision
from safereport.policy.vocabulary import CrimeType, RegimeId
from tests.e2e.helpers import page_title, row, sign_in, sign_in_as
from tests.integration.casework import builders as cw

NAME = "Ana Quispe Mamani"  # the fictional victim the officer types in
PHONE = "07700 900123"


def group(page: Page, legend: str) -> Locator:
    """A fieldset (radios, checkboxes, a date), found by its legend."""
    return page.get_by_role("group", name=legend, exact=True)


def fill_date(page: Page, legend: str, day: str, month: str, year: str) -> None:
    dates = group(page, legend)
    dates.get_by_label("Day").fill(day)
    dates.get_by_label("Month").fill(month)
    dates.get_by_label("Year").fill(year)


def record_the_report(page: Page) -> None:
    """From the home page: the menu's "Record a report", every question answered as an officer
    would for a domestic abuse victim whose immigration status is uncertain, then saved."""
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Record a report").click()
    expect(page).to_have_title(page_title("Record a report"))

    group(page, "Type of crime").get_by_label("Domestic abuse").check()
    page.get_by_label("Summary of the report").fill("Assaulted at home by her partner.")
    fill_date(page, "Date of the offence", "3", "1", "2026")
    today = timezone.localdate()
    reported = group(page, "Date reported")  # today, already filled in
    expect(reported.get_by_label("Day")).to_have_value(str(today.day))
    expect(reported.get_by_label("Month")).to_have_value(str(today.month))
    expect(reported.get_by_label("Year")).to_have_value(str(today.year))
    group(page, "How was the crime reported?").get_by_label(
        "Reported directly to the police"
    ).check()
    expect(group(page, "Stage of the case").get_by_label("Investigation")).to_be_checked()

    page.get_by_label("Given name").fill("Ana")
    page.get_by_label("Family name").fill("Quispe Mamani")
    fill_date(page, "Date of birth", "12", "4", "1990")
    page.get_by_label("Nationality").fill("Bolivian")
    page.get_by_label("Phone number").fill(PHONE)
    page.get_by_label("Email address").fill("ana.quispe@example.org")
    page.get_by_label("Address", exact=True).fill("12 Example Street, London E1 6AN")
    page.get_by_label("Preferred language").fill("es")
    group(page, "Does the person need an interpreter?").get_by_label("Yes").check()
    contact = group(page, "How may they be contacted safely?")
    contact.get_by_label("In person").uncheck()
    contact.get_by_label("Text message").check()
    group(page, "When may they be contacted?").get_by_label(
        "Weekday mornings, 9am to midday"
    ).check()
    page.get_by_label("Anything else about contacting them safely").fill("Her sister's phone")

    group(page, "The person's role in the case").get_by_label("Victim").check()
    group(page, "Age group").get_by_label("Adult").check()
    group(page, "Immigration status").get_by_label("Uncertain").check()
    group(page, "Is there evidence that the person has committed an offence?").get_by_label(
        "No"
    ).check()
    group(page, "Support").get_by_label("Support offered").check()
    expect(group(page, "National Referral Mechanism").get_by_label("Not referred")).to_be_checked()

    page.get_by_role("button", name="Record the report").click()

    expect(page).to_have_title(
        re.compile(rf"^Case case_[0-9a-f]{{32}}{re.escape(page_title(''))}$")
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Domestic abuse case")
    expect(page.get_by_role("alert")).to_contain_text("Report recorded")
    person = page.locator(".govuk-summary-card", has_text=f"{NAME} (victim)")
    expect(row(person, "Phone")).to_have_text(PHONE)
    expect(row(person, "Immigration status")).to_have_text("Uncertain")
    expect(row(person, "Safe contact")).to_have_text(
        "Text message; weekdays, 9am to midday. Her sister's phone"
    )


def ask_for_a_decision(page: Page, purpose: str, categories: list[str]) -> None:
    """From the case page: the victim's sharing panel, a purpose and categories, and the ask."""
    page.get_by_role("link", name=f"Ask for a sharing decision about {NAME}").click()
    expect(page).to_have_title(page_title("Ask for a sharing decision"))
    group(page, "What is the purpose of the share?").get_by_label(purpose, exact=True).check()
    chosen = group(page, "Which data would be shared?")
    for category in categories:
        chosen.get_by_label(category, exact=True).check()
    page.get_by_role("button", name="Get the decision").click()


def task(page: Page, text: str) -> Locator:
    """One duty on the case page's task list."""
    return page.locator(".govuk-task-list__item").filter(
        has=page.locator(".govuk-task-list__name-and-hint > div:first-child", has_text=text)
    )


def test_an_officer_records_a_report_and_shares_what_the_decision_permits(
    page: Page, live_server: LiveServer
) -> None:
    officer = sign_in(page, live_server, Role.POLICE_OFFICER)
    cw.regime(officer.organisation, RegimeId.MIGRANT_VICTIMS_PROTOCOL)
    cw.immigration_enforcement()

    record_the_report(page)
    expect(row(page, "Regime")).to_have_text(
        re.compile(r"^\s*Immigration Enforcement Migrant Victims Protocol\s*$")
    )
    ask_for_a_decision(page, "Enforcement referral", ["Identity", "Immigration", "Offence"])

    expect(page).to_have_title(page_title("Sharing decision: permitted"))
    decision = SharingDecision.objects.get()
    expect(page.locator("main p .govuk-tag")).to_have_text("Permitted")
    expect(page.locator("#explanation")).to_have_text(decision.decision["explanation"])
    verdicts = page.get_by_role("table", name="Each category asked for")
    for category in ("Identity", "Immigration", "Offence"):
        verdict = verdicts.get_by_role("row").filter(
            has=page.get_by_role("rowheader", name=re.compile(rf"^{category}"))
        )
        expect(verdict.get_by_role("cell").first).to_have_text("Permitted")
    expect(page.get_by_role("heading", name="C2 (necessary-for-purpose)")).to_be_visible()
    expect(page.get_by_role("heading", name="Duties that follow")).to_be_visible()
    expect(page.locator("#duties ~ ul").first).to_contain_text(
        "Register the victim for protocol protection"
    )

    # Nothing starts chosen, and choosing nothing is refused.
    share = group(page, "What will you share?")
    for category in ("Identity", "Immigration", "Offence"):
        expect(share.get_by_label(category, exact=True)).not_to_be_checked()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary").get_by_role("link")).to_have_text(
        ["Select what you will share"]
    )
    assert not DisclosureRecord.objects.exists()

    group(page, "What will you share?").get_by_label("Identity", exact=True).check()
    page.get_by_role("button", name="Continue").click()

    # The check page: exactly what IE will receive, with the values, before anything is sent.
    expect(page).to_have_title(page_title("Check what Immigration Enforcement will receive"))
    expect(row(page, "Given name")).to_have_text("Ana")
    expect(row(page, "Family name")).to_have_text("Quispe Mamani")
    expect(row(page, "Date of birth")).to_have_text("12 April 1990")
    expect(row(page, "Nationality")).to_have_text("Bolivian")
    expect(row(page, "Purpose")).to_have_text("Enforcement referral")
    expect(page.locator("main")).not_to_contain_text(PHONE)
    assert not DisclosureRecord.objects.exists()
    page.get_by_role("button", name="Confirm and share").click()
    expect(page.locator(".govuk-error-summary").get_by_role("link")).to_have_text(
        [
            "Select the lawful basis for this share",
            "Enter why this share is needed, in your own words",
        ]
    )
    group(page, "What is the lawful basis for this share?").get_by_label(
        re.compile(r"^Data Protection Act 2018, Part 3, section 35")
    ).check()
    page.get_by_label("Why is this share needed?").fill("Referral of the suspect's victim.")
    page.get_by_role("button", name="Confirm and share").click()

    expect(page.get_by_role("heading", name="Shared with Immigration Enforcement")).to_be_visible()
    expect(page.get_by_role("button", name="Continue")).to_have_count(0)
    record = DisclosureRecord.objects.get()
    assert record.categories == ["identity"]
    assert record.lawful_basis == "dpa_2018_part_3_s35"
    assert record.protocol_reference is not None  # register_protocol_protection applied
    shown = row(page, "Protocol reference").inner_text().strip()
    assert shown == record.protocol_reference
    expect(page.get_by_role("alert")).to_contain_text(f"Protocol reference {shown}.")
    page.get_by_role("link", name="Back to the case").click()

    shared = page.get_by_role("table", name="Disclosures to Immigration Enforcement, newest first")
    expect(shared.get_by_role("row").nth(1)).to_contain_text(NAME)
    expect(shared.get_by_role("row").nth(1)).to_contain_text("identity")
    expect(shared.get_by_role("row").nth(1)).to_contain_text(shown)
    notice = task(page, "Tell the person what will and will not be shared, when and why")
    specialist = task(page, "Offer a referral to a specialist domestic abuse service")
    protection = task(page, "Register the victim for protocol protection")
    expect(notice.locator(".govuk-task-list__status")).to_have_text("To do")
    expect(specialist.locator(".govuk-task-list__status")).to_have_text("To do")
    expect(protection.locator(".govuk-task-list__status")).to_have_text("Done")  # by the share

    specialist.get_by_role("button", name=re.compile(r"^Mark as done")).click()

    expect(page).to_have_url(re.compile(r"#duties$"))
    expect(page.get_by_role("alert")).to_contain_text(
        "Marked as done: offer a referral to a specialist domestic abuse service"
    )
    expect(specialist.locator(".govuk-task-list__status")).to_have_text("Done")
    expect(specialist.locator(".govuk-task-list__hint")).to_contain_text(
        re.compile(rf"Done by {re.escape(officer.username)} on \d{{1,2}} \w+ \d{{4}} at \d\d:\d\d")
    )
    expect(specialist.get_by_role("button")).to_have_count(0)
    expect(notice.locator(".govuk-task-list__status")).to_have_text("To do")
    done = DutyTask.objects.get(duty="offer_specialist_support")
    assert done.done_by == officer

    # Immigration Enforcement then sees exactly that field, and nothing else.
    page.context.clear_cookies()
    sign_in_as(page, live_server, cw.ie_caseworker())
    page.goto(f"{live_server.url}/ie/disclosures/{record.enforcement_reference}/")
    expect(row(page, "Given name")).to_have_text("Ana")
    expect(row(page, "Family name")).to_have_text("Quispe Mamani")
    main = page.locator("main")
    for never in (PHONE, "Assaulted", "Example Street", "uncertain", "Uncertain"):
        expect(main).not_to_contain_text(never)


def test_a_prohibited_decision_offers_no_share_and_says_what_to_do_instead(
    page: Page, live_server: LiveServer
) -> None:
    officer = sign_in(page, live_server, Role.POLICE_OFFICER)
    cw.regime(officer.organisation, RegimeId.HMICFRS_INTERIM)
    cw.immigration_enforcement()

    record_the_report(page)
    ask_for_a_decision(page, "Enforcement referral", ["Identity", "Immigration"])

    expect(page).to_have_title(page_title("Sharing decision: prohibited"))
    expect(page.locator("main p .govuk-tag")).to_have_text("Prohibited")
    expect(page.locator("#explanation")).to_have_text(
        SharingDecision.objects.get().decision["explanation"]
    )
    expect(page.get_by_role("heading", name="H1 (hmicfrs-rec1)")).to_be_visible()
    expect(page.get_by_role("button", name="Continue")).to_have_count(0)
    expect(page.get_by_role("heading", name="What to do instead")).to_be_visible()
    expect(page.locator(".govuk-warning-text")).to_contain_text(
        "Nothing can be shared with Immigration Enforcement on this decision."
    )
    instead = page.locator("#instead ~ ul").first
    expect(instead).to_contain_text("Link the person to a third party")
    expect(instead).to_contain_text("Offer a referral to a specialist domestic abuse service.")

    page.get_by_role("link", name="list of duties").click()

    expect(page).to_have_url(re.compile(r"#duties$"))
    third_party = task(page, "Link the person to a third party for advice and assistance")
    expect(third_party.locator(".govuk-task-list__status")).to_have_text("To do")
    expect(page.locator("#disclosures ~ p").first).to_have_text(
        "Nothing from this case has been shared with Immigration Enforcement."
    )
    assert not DisclosureRecord.objects.exists()


def test_the_report_form_names_each_problem_leads_to_the_field_and_keeps_what_was_typed(
    page: Page, live_server: LiveServer
) -> None:
    officer = sign_in(page, live_server, Role.POLICE_OFFICER)
    cw.regime(officer.organisation, RegimeId.MIGRANT_VICTIMS_PROTOCOL)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Record a report").click()

    page.get_by_role("button", name="Record the report").click()

    expect(page).to_have_title(page_title("Record a report", error=True))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("alert")).to_contain_text("There is a problem")
    expect(summary.get_by_role("link")).to_have_text(
        [
            "Select the type of crime",
            "Select how the crime was reported",
            "Select the person's role in the case",
            "Select the person's age group",
            "Select what is known of the person's immigration status",
            "Select whether there is evidence that the person committed an offence",
        ]
    )
    summary.get_by_role("link", name="Select the person's role in the case").click()
    expect(group(page, "The person's role in the case").get_by_label("Victim")).to_be_focused()
    expect(group(page, "The person's role in the case")).to_have_accessible_description(
        "Error: Select the person's role in the case"
    )

    # Answer some questions, one of them wrongly (a date without its year), and leave two out.
    group(page, "Type of crime").get_by_label("Domestic abuse").check()
    page.get_by_label("Summary of the report").fill("Assaulted at home by her partner.")
    fill_date(page, "Date of the offence", "3", "1", "")
    page.get_by_label("Given name").fill("Ana")
    page.get_by_label("Family name").fill("Quispe Mamani")
    fill_date(page, "Date of birth", "12", "4", "1990")
    page.get_by_label("Phone number").fill(PHONE)
    page.get_by_label("Address", exact=True).fill("12 Example Street,\nLondon E1 6AN")
    group(page, "Does the person need an interpreter?").get_by_label("Yes").check()
    group(page, "The person's role in the case").get_by_label("Victim").check()
    group(page, "Age group").get_by_label("Adult").check()
    group(page, "Immigration status").get_by_label("Uncertain").check()
    group(page, "Support").get_by_label("Receiving support and advice").check()
    page.get_by_role("button", name="Record the report").click()

    expect(page).to_have_title(page_title("Record a report", error=True))
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(
        [
            "Date of the offence must include a year",
            "Select how the crime was reported",
            "Select whether there is evidence that the person committed an offence",
        ]
    )
    # Nothing typed or chosen is lost.
    expect(group(page, "Type of crime").get_by_label("Domestic abuse")).to_be_checked()
    expect(page.get_by_label("Summary of the report")).to_have_value(
        "Assaulted at home by her partner."
    )
    offence = group(page, "Date of the offence")
    expect(offence.get_by_label("Day")).to_have_value("3")
    expect(offence.get_by_label("Month")).to_have_value("1")
    expect(page.get_by_label("Given name")).to_have_value("Ana")
    expect(page.get_by_label("Family name")).to_have_value("Quispe Mamani")
    birth = group(page, "Date of birth")
    expect(birth.get_by_label("Day")).to_have_value("12")
    expect(birth.get_by_label("Month")).to_have_value("4")
    expect(birth.get_by_label("Year")).to_have_value("1990")
    expect(page.get_by_label("Phone number")).to_have_value(PHONE)
    expect(page.get_by_label("Address", exact=True)).to_have_value(
        "12 Example Street,\nLondon E1 6AN"
    )
    expect(group(page, "Does the person need an interpreter?").get_by_label("Yes")).to_be_checked()
    expect(group(page, "The person's role in the case").get_by_label("Victim")).to_be_checked()
    expect(group(page, "Age group").get_by_label("Adult")).to_be_checked()
    expect(group(page, "Immigration status").get_by_label("Uncertain")).to_be_checked()
    expect(group(page, "Support").get_by_label("Receiving support and advice")).to_be_checked()

    summary.get_by_role("link", name="Date of the offence must include a year").click()
    expect(offence.get_by_label("Year")).to_be_focused()  # the part that is missing

    offence.get_by_label("Year").fill("2026")
    group(page, "How was the crime reported?").get_by_label(
        "Reported directly to the police"
    ).check()
    group(page, "Is there evidence that the person has committed an offence?").get_by_label(
        "No"
    ).check()
    page.get_by_role("button", name="Record the report").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Domestic abuse case")
    expect(row(page, "Date of the offence")).to_have_text("3 January 2026")
    person = page.locator(".govuk-summary-card", has_text=f"{NAME} (victim)")
    expect(row(person, "Phone")).to_have_text(PHONE)
    expect(row(person, "Date of birth")).to_have_text("12 April 1990")
    expect(row(person, "Support")).to_have_text("Receiving support and advice")


def test_the_case_page_asks_for_consent_to_an_nrm_referral_while_it_is_owed(
    page: Page, live_server: LiveServer
) -> None:
    officer = sign_in(page, live_server, Role.POLICE_OFFICER)
    cw.regime(officer.organisation, RegimeId.HMICFRS_INTERIM)
    party = cw.report(officer, crime_type=CrimeType.MODERN_SLAVERY)
    actions.request_sharing_decision(
        actor=officer, party=party, purpose="investigation", categories=["offence"]
    )
    page.goto(f"{live_server.url}/cases/{party.case.reference}/")

    offer = task(page, "Ask the person's consent to a National Referral Mechanism referral")
    expect(offer.locator(".govuk-task-list__status")).to_have_text("To do")
    offer.get_by_role("link", name=re.compile(r"^Record their answer")).click()

    expect(page).to_have_title(page_title("Referral to the National Referral Mechanism"))
    page.get_by_role("button", name="Record the answer").click()
    expect(page.locator(".govuk-error-summary").get_by_role("link")).to_have_text(
        ["Select whether the person agrees to be referred", "Select how the answer was given"]
    )
    page.get_by_label("Yes, they agree to be referred").check()
    page.get_by_label("Through an interpreter").check()
    page.get_by_role("button", name="Record the answer").click()

    expect(page.get_by_role("alert")).to_contain_text("NRM referral answer recorded")
    expect(offer.locator(".govuk-task-list__status")).to_have_text("Done")
    refer = task(page, "Refer the person to the National Referral Mechanism")
    expect(refer.locator(".govuk-task-list__status")).to_have_text("To do")
