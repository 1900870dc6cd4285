"""The police side's pages: recording a report, the case page, the sharing panel, decisions and
sharing, duties, case progress, a DPO's reason to open a case, GOV.UK errors that name the
field and keep what was typed, and no personal data in any URL."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape
from typing import Any
from urllib.parse import unquote

import pytest
from django.test import Client
from django.utils import timezone

from safereport.casework import actions
from safereport.casework.models import (
    Case,
    DisclosureRecord,
    DutyTask,
    Party,
    SharingDecision,
)
from safereport.enforcement.models import Protection
from safereport.policy.regimes import load
from safereport.policy.vocabulary import RegimeId
from tests.integration.casework import builders as cw

# What identifies the fictional person of `report_form`: none of it may appear in a URL.
PERSONAL = ("Ana", "Quispe", "Mamani", "07700", "ana.quispe", "Example Street", "Bolivian")


def report_form(**overrides: str) -> dict[str, str]:
    """A complete, valid report as the browser posts it."""
    today = timezone.localdate()
    occurred = today - timedelta(days=2)
    data = {
        "crime_type": "domestic_abuse",
        "summary": "Assaulted at home by her partner.",
        "occurred_on_day": str(occurred.day),
        "occurred_on_month": str(occurred.month),
        "occurred_on_year": str(occurred.year),
        "reported_on_day": str(today.day),
        "reported_on_month": str(today.month),
        "reported_on_year": str(today.year),
        "reporting_route": "direct",
        "stage": "investigation",
        "given_name": "Ana",
        "family_name": "Quispe Mamani",
        "date_of_birth_day": "12",
        "date_of_birth_month": "4",
        "date_of_birth_year": "1990",
        "nationality": "Bolivian",
        "phone": "07700 900123",
        "email": "ana.quispe@example.org",
        "address": "12 Example Street, London",
        "preferred_language": "es",
        "interpreter_needed": "yes",
        "safe_contact_instructions": "Text only, weekday mornings",
        "role": "victim",
        "age_group": "adult",
        "immigration_status": "uncertain",
        "suspected_offending": "no",
        "support": "offered",
        "nrm": "none",
    }
    data.update(overrides)
    return data


def assert_no_personal_data_in_urls(response: Any) -> None:
    """Neither the redirect nor any link or form target carries anything that identifies."""
    urls = [response.get("Location", "")]
    if response.get("Content-Type", "").startswith("text/html"):
        urls += re.findall(r'(?:href|action)="([^"]*)"', response.content.decode())
    for url in urls:
        for value in PERSONAL:
            assert value.lower() not in unquote(url).lower(), url


def errors_of(html: str) -> list[str]:
    """The error summary's messages, with where each links to."""
    summary = re.search(r'<ul class="govuk-list govuk-error-summary__list">(.*?)</ul>', html, re.S)
    assert summary is not None, "no error summary"
    return re.findall(r'<a href="(#[^"]+)">([^<]+)</a>', summary.group(1))


def police(regime: RegimeId | None = RegimeId.HMICFRS_INTERIM) -> tuple[Any, Any]:
    """A force (under `regime`) and one of its officers; IE exists to be shared with."""
    force = cw.force()
    if regime is not None:
        cw.regime(force, regime)
    cw.immigration_enforcement()
    return force, cw.officer(force)


# Pages render for their roles -----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["officer", "dpo"])
def test_the_police_pages_render_for_officers_and_dpos(client: Client, who: str) -> None:
    force, officer = police()
    user = officer if who == "officer" else cw.dpo(force)
    party = cw.report(user)
    decision = actions.request_sharing_decision(
        actor=user, party=party, purpose="investigation", categories=["identity"]
    )
    client.force_login(user)

    pages = [
        "/cases/",
        "/cases/new/",
        f"/cases/{party.case.reference}/",
        f"/cases/{party.case.reference}/stage/",
        f"/parties/{party.reference}/support/",
        f"/parties/{party.reference}/nrm/",
        f"/parties/{party.reference}/share/",
        f"/parties/{party.reference}/consent/",
        f"/decisions/{decision.reference}/",
    ]
    for url in pages:
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200, url
        assert html.count("<h1") == 1, url
        assert "<script>" not in html, url
        assert "style=" not in html, url
        assert_no_personal_data_in_urls(response)


@pytest.mark.django_db
def test_the_case_list_shows_the_forces_cases_and_no_names(client: Client) -> None:
    force, officer = police()
    mine = cw.report(officer)
    theirs = cw.report(cw.officer(force))
    elsewhere = cw.report(cw.officer(cw.force()))
    client.force_login(officer)

    html = client.get("/cases/").content.decode()

    assert mine.case.reference in html
    assert theirs.case.reference in html
    assert elsewhere.case.reference not in html
    assert "Quispe" not in html  # the list names no one: a case is opened by its reference
    assert html.count('<strong class="govuk-tag govuk-tag--blue">You</strong>') == 1


@pytest.mark.django_db
def test_another_forces_case_and_unknown_references_are_not_found(client: Client) -> None:
    _, officer = police()
    other = cw.report(cw.officer(cw.force()))
    client.force_login(officer)

    for url in (
        f"/cases/{other.case.reference}/",
        f"/cases/{other.case.reference}/stage/",
        f"/parties/{other.reference}/share/",
        "/cases/case_00000000000000000000000000000000/",
        "/decisions/Ana%20Quispe/",
    ):
        assert client.get(url).status_code == 404, url


# Recording a report ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_recording_a_report_creates_the_case_and_shows_it(client: Client) -> None:
    _, officer = police()
    client.force_login(officer)

    response = client.post("/cases/new/", report_form(stage="prosecution"))

    assert response.status_code == 302
    assert_no_personal_data_in_urls(response)
    case = Case.objects.get()
    assert response["Location"] == f"/cases/{case.reference}/"
    party = Party.objects.select_related("person").get(case=case)
    assert (case.crime_type, case.stage, case.officer_in_charge) == (
        "domestic_abuse",
        "prosecution",
        officer,
    )
    assert (party.role, party.immigration_status, party.support) == (
        "victim",
        "uncertain",
        "offered",
    )
    assert party.person is not None
    assert party.person.email == "ana.quispe@example.org"
    assert party.person.interpreter_needed is True
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "Report recorded" in html
    assert "Ana Quispe Mamani" in html
    assert "Assaulted at home by her partner." in html
    assert_no_personal_data_in_urls(page)


@pytest.mark.django_db
def test_a_third_party_report_without_details_is_anonymous(client: Client) -> None:
    _, officer = police()
    client.force_login(officer)
    blank = {name: "" for name in report_form() if name.startswith(("given", "family", "date_of"))}
    blank.update(nationality="", phone="", email="", address="", preferred_language="")
    blank.update(safe_contact_instructions="")

    response = client.post("/cases/new/", report_form(reporting_route="third_party", **blank))

    assert response.status_code == 302
    party = Party.objects.get()
    assert party.person is None
    assert "Anonymous victim" in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_a_direct_report_without_details_names_the_problem(client: Client) -> None:
    _, officer = police()
    client.force_login(officer)
    blank = {name: "" for name in report_form() if name.startswith(("given", "family", "date_of"))}
    blank.update(nationality="", phone="", email="", address="", preferred_language="")
    blank.update(safe_contact_instructions="")

    response = client.post("/cases/new/", report_form(**blank))

    assert response.status_code == 200
    [(href, message)] = errors_of(response.content.decode())
    assert href == "#id_given_name"
    assert "a direct report needs the person" in message
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_a_report_with_missing_choices_and_a_bad_date_names_each_field_and_keeps_the_rest(
    client: Client,
) -> None:
    _, officer = police()
    client.force_login(officer)
    data = report_form(date_of_birth_day="31", date_of_birth_month="2", reported_on_year="")
    del data["crime_type"], data["role"]

    response = client.post("/cases/new/", data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Record a report" in html
    assert errors_of(html) == [
        ("#id_crime_type", "Select the type of crime"),
        ("#id_reported_on_year", "Date reported must include a year"),
        ("#id_date_of_birth_day", "Date of birth must be a real date"),
        ("#id_role", "Select the person&#x27;s role in the case"),
    ]
    assert 'id="id_crime_type-error"' in html
    assert html.count("govuk-form-group--error") == 4
    assert 'aria-describedby="id_reported_on-hint id_reported_on-error"' in html
    # Only the year of the reported date is missing, so only it is marked.
    assert re.search(r'govuk-input--error" id="id_reported_on_year"', html)
    assert not re.search(r'govuk-input--error" id="id_reported_on_day"', html)
    # Nothing typed is lost.
    for kept in (
        'value="Ana"',
        'value="Quispe Mamani"',
        'value="31"',
        'value="ana.quispe@example.org"',
        "Assaulted at home by her partner.</textarea>",
        'value="uncertain" checked',
        'value="direct" checked',
    ):
        assert kept in html, kept
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_the_actions_own_checks_are_named_by_field_with_what_is_allowed(client: Client) -> None:
    _, officer = police()
    client.force_login(officer)
    next_year = str(timezone.localdate().year + 1)

    response = client.post(
        "/cases/new/",
        report_form(email="not an address", preferred_language="e1", date_of_birth_year=next_year),
    )

    html = response.content.decode()
    assert response.status_code == 200
    found = dict(errors_of(html))
    assert found["#id_date_of_birth_day"] == "Date of birth must be in the past"
    assert found["#id_email"] == "Email address must be an e-mail address, like name@example.com"
    assert found["#id_preferred_language"] == (
        "Preferred language must be a two-letter ISO 639-1 code, like es or pt"
    )
    assert 'class="govuk-input govuk-input--error" id="id_email"' in html
    assert 'value="not an address"' in html


@pytest.mark.django_db
def test_every_problem_of_the_form_is_named_in_one_answer_not_in_rounds(client: Client) -> None:
    """Questions left unanswered and details the action would refuse, in the same answer."""
    _, officer = police()
    client.force_login(officer)
    typed = report_form(phone="12", preferred_language="qq")
    del typed["crime_type"], typed["role"]

    response = client.post("/cases/new/", typed)

    found = {at: unescape(said) for at, said in errors_of(response.content.decode())}
    assert found == {
        "#id_crime_type": "Select the type of crime",
        "#id_role": "Select the person's role in the case",
        "#id_phone": "Phone number must be a phone number, like 07700 900123 or +33 1 23 45 67 89",
        "#id_preferred_language": (
            "Preferred language must be a two-letter ISO 639-1 code, like es or pt"
        ),
    }
    assert not Case.objects.exists()


# The case page -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_case_page_shows_the_case_the_regime_parties_duties_and_decisions(
    client: Client,
) -> None:
    _, officer = police(RegimeId.HMICFRS_INTERIM)
    party = cw.report(officer)
    actions.request_sharing_decision(
        actor=officer, party=party, purpose="enforcement_referral", categories=["identity"]
    )
    client.force_login(officer)

    html = client.get(f"/cases/{party.case.reference}/").content.decode()

    assert '<dl class="govuk-summary-list">' in html
    assert "HMICFRS interim Recommendation 1" in html
    assert load(RegimeId.HMICFRS_INTERIM).version in html
    assert "Ana Quispe Mamani (victim)" in html
    assert '<ul class="govuk-task-list">' in html
    assert "Link the person to a third party for advice and assistance" in html
    # Three duties: two to tick off, and the notice, given through its own page.
    assert html.count("Mark as done<span") == 2
    assert html.count("Give the notice<span") == 1
    assert '<strong class="govuk-tag govuk-tag--red">Prohibited</strong>' in html


@pytest.mark.django_db
def test_without_a_regime_the_page_says_so_and_the_panel_offers_no_form(client: Client) -> None:
    _, officer = police(regime=None)
    party = cw.report(officer)
    client.force_login(officer)

    case_html = client.get(f"/cases/{party.case.reference}/").content.decode()
    panel_html = client.get(f"/parties/{party.reference}/share/").content.decode()

    assert "no regime in force" in case_html
    assert "no regime in force" in panel_html
    assert 'name="purpose"' not in panel_html


@pytest.mark.django_db
def test_marking_a_duty_done_shows_who_and_when(client: Client) -> None:
    _, officer = police()
    party = cw.report(officer)
    actions.request_sharing_decision(
        actor=officer, party=party, purpose="enforcement_referral", categories=["identity"]
    )
    task = DutyTask.objects.get(party=party, duty="offer_specialist_support")
    client.force_login(officer)

    response = client.post(f"/tasks/{task.reference}/done/")

    assert response.status_code == 302
    assert response["Location"] == f"/cases/{party.case.reference}/#duties"
    task.refresh_from_db()
    assert (task.status, task.done_by) == ("done", officer)
    html = client.get(f"/cases/{party.case.reference}/").content.decode()
    assert f"Done by {officer.username} on" in html
    # Left to do: linking to a third party; giving the notice is done by giving it.
    assert html.count("Mark as done<span") == 1
    assert f"/parties/{party.reference}/notice/" in html
    # A second click changes nothing.
    assert client.post(f"/tasks/{task.reference}/done/").status_code == 302
    assert client.get(f"/tasks/{task.reference}/done/").status_code == 405


# Sharing -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_asking_for_a_decision_then_sharing_the_permitted_categories(client: Client) -> None:
    _, officer = police(RegimeId.MIGRANT_VICTIMS_PROTOCOL)
    party = cw.report(officer, support="receiving")
    client.force_login(officer)

    asked = client.post(
        f"/parties/{party.reference}/share/",
        {"purpose": "enforcement_referral", "categories": ["identity", "contact", "immigration"]},
    )

    decision = SharingDecision.objects.get()
    assert asked.status_code == 302
    assert asked["Location"] == f"/decisions/{decision.reference}/"
    assert decision.outcome == "partly_permitted"
    page = client.get(asked["Location"])
    html = page.content.decode()
    assert '<strong class="govuk-tag govuk-tag--yellow">Partly permitted</strong>' in html
    assert decision.decision["explanation"].replace("'", "&#x27;") in html
    assert "necessary-for-purpose" in html  # the rule cited, with its source and statement
    assert "ICO data sharing code of practice" in html
    # Only the permitted categories can be chosen, and none starts chosen: a share is a choice.
    share_form = html.split('id="share"')[1]
    assert 'value="identity"' in share_form
    assert 'value="immigration"' in share_form
    assert 'value="contact"' not in share_form
    assert "checked" not in share_form
    assert "Continue</button>" in share_form
    assert_no_personal_data_in_urls(page)

    nothing = client.post(f"/decisions/{decision.reference}/share/", {})
    assert errors_of(nothing.content.decode()) == [("#id_categories", "Select what you will share")]

    chosen = client.post(f"/decisions/{decision.reference}/share/", {"categories": ["identity"]})

    check_url = f"/decisions/{decision.reference}/share/check/"
    assert chosen.status_code == 302
    assert chosen["Location"] == check_url
    assert not DisclosureRecord.objects.exists()  # nothing is sent before "Confirm and share"
    check = client.get(check_url).content.decode()
    # Exactly what IE will receive, field by field, with the values, the purpose and the regime.
    for shown in ("Ana", "Quispe Mamani", "12 April 1990", "Bolivian", "Enforcement referral"):
        assert shown in check
    for not_sent in ("07700", "Example Street", "uncertain", "Assaulted"):
        assert not_sent not in check.split('id="fields"')[1].split("<form")[0]
    assert decision.regime_version in check
    assert "Immigration Enforcement Migrant Victims Protocol" in check
    assert "Data Protection Act 2018, Part 3, section 35" in check
    assert "Confirm and share</button>" in check
    # Going back changes nothing.
    client.get(f"/decisions/{decision.reference}/")
    assert not DisclosureRecord.objects.exists()
    unconfirmed = client.post(check_url, {})
    assert [message for _, message in errors_of(unconfirmed.content.decode())] == [
        "Select the lawful basis for this share",
        "Enter why this share is needed, in your own words",
    ]
    assert not DisclosureRecord.objects.exists()

    shared = client.post(
        check_url,
        {"lawful_basis": "dpa_2018_part_3_s35", "justification": "Needed for the referral."},
    )

    assert shared.status_code == 302
    assert shared["Location"] == f"/decisions/{decision.reference}/"
    record = DisclosureRecord.objects.get()
    assert record.categories == ["identity"]
    assert record.lawful_basis == "dpa_2018_part_3_s35"
    assert record.protocol_reference is not None  # register_protocol_protection applied
    after = client.get(shared["Location"]).content.decode()
    assert "Shared with Immigration Enforcement" in after
    assert record.protocol_reference in after
    assert "Needed for the referral." in after
    assert "Continue</button>" not in after
    # The check page cannot send it twice.
    assert client.get(check_url)["Location"].startswith(f"/decisions/{decision.reference}/")


@pytest.mark.django_db
def test_a_share_refused_as_stale_on_the_check_page_sends_nothing(client: Client) -> None:
    _, officer = police(RegimeId.MIGRANT_VICTIMS_PROTOCOL)
    party = cw.report(officer, support="receiving")
    decision = actions.request_sharing_decision(
        actor=officer, party=party, purpose="enforcement_referral", categories=["identity"]
    )
    client.force_login(officer)
    client.post(f"/decisions/{decision.reference}/share/", {"categories": ["identity"]})
    actions.change_party_support(actor=officer, party=party, support="none")

    confirmed = client.post(
        f"/decisions/{decision.reference}/share/check/",
        {"lawful_basis": "dpa_2018_part_3_s35", "justification": "Needed for the referral."},
    )

    assert confirmed.status_code == 409
    assert "ask for a new decision" in confirmed.content.decode()
    assert not DisclosureRecord.objects.exists()


@pytest.mark.django_db
def test_a_prohibited_decision_offers_no_share_and_says_what_to_do_instead(
    client: Client,
) -> None:
    _, officer = police(RegimeId.HMICFRS_INTERIM)
    party = cw.report(officer)
    client.force_login(officer)

    asked = client.post(
        f"/parties/{party.reference}/share/",
        {"purpose": "enforcement_referral", "categories": ["identity", "immigration"]},
    )
    html = client.get(asked["Location"]).content.decode()

    assert '<strong class="govuk-tag govuk-tag--red">Prohibited</strong>' in html
    assert "Share with Immigration Enforcement</button>" not in html
    assert "What to do instead" in html
    assert "Link the person to a third party" in html
    assert "hmicfrs-rec1" in html
    assert "002_5d3773e54a66fdb4.txt" in html
    # Posting to the share address anyway shares nothing.
    decision = SharingDecision.objects.get()
    response = client.post(f"/decisions/{decision.reference}/share/", {"categories": ["identity"]})
    assert response.status_code == 200
    assert not DisclosureRecord.objects.exists()


@pytest.mark.django_db
def test_the_sharing_panel_names_each_missing_choice(client: Client) -> None:
    _, officer = police()
    party = cw.report(officer)
    client.force_login(officer)

    response = client.post(f"/parties/{party.reference}/share/", {"purpose": "status_check"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Ask for a sharing decision" in html
    assert errors_of(html) == [("#id_categories", "Select at least one category of data")]
    assert 'value="status_check" checked' in html
    assert not SharingDecision.objects.exists()


@pytest.mark.django_db
def test_sharing_a_decision_whose_facts_changed_is_refused_with_the_reason(
    client: Client,
) -> None:
    _, officer = police(RegimeId.MIGRANT_VICTIMS_PROTOCOL)
    party = cw.report(officer, support="receiving")
    decision = actions.request_sharing_decision(
        actor=officer, party=party, purpose="enforcement_referral", categories=["identity"]
    )
    actions.change_party_support(actor=officer, party=party, support="none")
    client.force_login(officer)

    response = client.post(f"/decisions/{decision.reference}/share/", {"categories": ["identity"]})

    assert response.status_code == 200
    assert "have changed since this decision was made" in response.content.decode()
    assert not DisclosureRecord.objects.exists()


@pytest.mark.django_db
def test_recording_consent_then_the_persons_own_request_is_permitted(client: Client) -> None:
    _, officer = police(RegimeId.COMPLETE_FIREWALL)
    party = cw.report(officer)
    client.force_login(officer)

    recorded = client.post(
        f"/parties/{party.reference}/consent/",
        {
            "purpose": "victim_request",
            "categories": ["identity"],
            "answer": "given",
            "method": "interpreter",
        },
    )
    asked = client.post(
        f"/parties/{party.reference}/share/",
        {"purpose": "victim_request", "categories": ["identity"]},
    )

    assert recorded.status_code == 302
    assert SharingDecision.objects.get().outcome == "permitted"
    assert "Permitted</strong>" in client.get(asked["Location"]).content.decode()


# Case progress -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_stage_change_updates_the_protection_at_once(client: Client) -> None:
    _, officer = police(RegimeId.MIGRANT_VICTIMS_PROTOCOL)
    party = cw.report(officer, support="receiving")
    decision = actions.request_sharing_decision(
        actor=officer, party=party, purpose="enforcement_referral", categories=["identity"]
    )
    record = cw.share(officer, decision)
    client.force_login(officer)

    form = client.get(f"/cases/{party.case.reference}/stage/").content.decode()
    response = client.post(f"/cases/{party.case.reference}/stage/", {"stage": "concluded"})

    assert 'value="investigation" checked' in form
    assert '<h1 class="govuk-fieldset__heading">What stage is the case at?</h1>' in form
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{party.case.reference}/"
    protection = Protection.objects.get(protocol_reference=record.protocol_reference)
    assert protection.stage == "concluded"
    assert "Stage changed to concluded" in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_support_and_nrm_changes_update_the_protection(client: Client) -> None:
    _, officer = police(RegimeId.MIGRANT_VICTIMS_PROTOCOL)
    party = cw.report(officer, support="receiving")
    decision = actions.request_sharing_decision(
        actor=officer, party=party, purpose="enforcement_referral", categories=["identity"]
    )
    record = cw.share(officer, decision)
    client.force_login(officer)

    client.post(f"/parties/{party.reference}/support/", {"support": "none"})
    client.post(f"/parties/{party.reference}/nrm/", {"nrm": "referred"})

    protection = Protection.objects.get(protocol_reference=record.protocol_reference)
    assert (protection.support, protection.nrm) == ("none", "referred")


@pytest.mark.django_db
def test_a_state_change_with_no_choice_names_the_field(client: Client) -> None:
    _, officer = police()
    party = cw.report(officer)
    client.force_login(officer)

    response = client.post(f"/parties/{party.reference}/nrm/", {"nrm": "positive"})

    html = response.content.decode()
    assert response.status_code == 200
    [(href, message)] = errors_of(html)
    assert href == "#id_nrm"
    # A value that is not among the radios (only a changed page sends one) is answered as
    # GOV.UK asks for radios: say what to select.
    assert message == "Select the person&#x27;s National Referral Mechanism state"


# A DPO's reason to open a case -------------------------------------------------------------------


@pytest.mark.django_db
def test_a_dpo_gives_a_reason_before_opening_a_case_not_assigned_to_them(client: Client) -> None:
    force, officer = police()
    party = cw.report(officer)
    dpo = cw.dpo(force)
    decision = actions.request_sharing_decision(
        actor=officer, party=party, purpose="investigation", categories=["identity"]
    )
    client.force_login(dpo)
    decision_url = f"/decisions/{decision.reference}/"

    sent = client.get(decision_url)
    reason_url = sent["Location"]
    asked = client.get(reason_url)
    missing = client.post(reason_url, {"next": decision_url})
    given = client.post(reason_url, {"reason": "decision_review", "next": decision_url})
    shown = client.get(decision_url)
    case_page = client.get(f"/cases/{party.case.reference}/")

    assert sent.status_code == 302
    assert reason_url.startswith(f"/cases/{party.case.reference}/reason/?next=")
    assert asked.status_code == 200
    assert "Why are you opening this case?</h1>" in asked.content.decode()
    assert errors_of(missing.content.decode()) == [
        ("#id_reason", "Select why you are opening this case")
    ]
    assert given.status_code == 302
    assert given["Location"] == decision_url
    assert shown.status_code == 200
    assert case_page.status_code == 200  # the reason holds for the session
    opened = cw.events("casework:case:opened")
    assert [e["details"]["reason"] for e in opened] == ["decision_review", "decision_review"]
    assert opened[0]["actor"]["id"] == dpo.pseudonym


@pytest.mark.django_db
def test_the_reason_page_goes_nowhere_but_this_site(client: Client) -> None:
    force, officer = police()
    party = cw.report(officer)
    client.force_login(cw.dpo(force))

    response = client.post(
        f"/cases/{party.case.reference}/reason/",
        {"reason": "complaint", "next": "https://elsewhere.example/"},
    )

    assert response["Location"] == f"/cases/{party.case.reference}/"


@pytest.mark.django_db
def test_an_officer_needs_no_reason_and_each_opening_is_recorded(client: Client) -> None:
    _, officer = police()
    party = cw.report(cw.officer(cw.force()))
    mine = cw.report(officer)
    client.force_login(officer)

    assert client.get(f"/cases/{mine.case.reference}/reason/").status_code == 302
    assert client.get(f"/cases/{mine.case.reference}/").status_code == 200
    assert client.get(f"/cases/{party.case.reference}/").status_code == 404

    opened = cw.events("casework:case:opened")
    refused = cw.events("casework:case_opening:refused")
    assert [e["subjects"][0] for e in opened] == [mine.case.reference]
    assert [e["subjects"] for e in refused] == [[party.case.reference]]


# No personal data in URLs, from recording to sharing ----------------------------------------------


@pytest.mark.django_db
def test_no_personal_data_in_any_url_from_report_to_share(client: Client) -> None:
    _, officer = police(RegimeId.MIGRANT_VICTIMS_PROTOCOL)
    client.force_login(officer)
    responses = []

    responses.append(client.post("/cases/new/", report_form(support="receiving")))
    case_url = responses[-1]["Location"]
    responses.append(client.get(case_url))
    party = Party.objects.get()
    responses.append(client.get(f"/parties/{party.reference}/share/"))
    responses.append(
        client.post(
            f"/parties/{party.reference}/share/",
            {"purpose": "enforcement_referral", "categories": ["identity", "offence"]},
        )
    )
    decision_url = responses[-1]["Location"]
    responses.append(client.get(decision_url))
    responses.append(client.post(decision_url + "share/", {"categories": ["identity"]}))
    responses.append(client.get(decision_url))
    responses.append(client.get("/cases/"))

    for response in responses:
        assert response.status_code in (200, 302)
        assert_no_personal_data_in_urls(response)
    for event in cw.events():
        assert "Quispe" not in str(event)


# Navigation --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_each_role_sees_its_own_navigation(client: Client) -> None:
    force, officer = police()
    menus = {}
    for name, user in (
        ("officer", officer),
        ("dpo", cw.dpo(force)),
        ("ie", cw.ie_caseworker()),
    ):
        client.force_login(user)
        html = client.get("/").content.decode()
        menus[name] = set(
            re.findall(r'class="govuk-service-navigation__link" href="([^"]+)"', html)
        )

    assert {"/cases/", "/cases/new/"} <= menus["officer"]
    assert not {"/force/regime/", "/force/review/", "/ie/inbox/"} & menus["officer"]
    assert {"/cases/", "/cases/new/", "/force/regime/", "/force/review/"} <= menus["dpo"]
    assert {"/ie/inbox/", "/ie/protocol-check/"} <= menus["ie"]
    assert not {"/cases/", "/cases/new/", "/force/regime/"} & menus["ie"]
