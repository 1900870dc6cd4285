"""The pathways' pages: each renders for its role, forms show an error summary naming the
fields, refusals are shown rather than raised, and no page carries inline script or style or a
person's details in a link."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from safereport.pathways import csvio
from safereport.pathways.models import DirectoryEntry, Referral, ThirdPartyReport
from tests.integration.casework import builders as cw
from tests.integration.pathways import builders as pw


def html(response: HttpResponse) -> str:
    text = response.content.decode()
    # No inline script or style (the Content Security Policy would refuse it anyway).
    assert not re.search(r"<script(?![^>]*\bsrc=)", text)
    assert " style=" not in text
    return text


def links(text: str) -> list[str]:
    return re.findall(r'(?:href|action)="([^"]*)"', text)


# Administrators ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_directory_lists_entries_marked_illustrative(client: Client) -> None:
    pw.entry(name="Shown Service", illustrative=True)
    client.force_login(pw.admin())

    text = html(client.get(reverse("pathways:directory")))

    assert "Shown Service" in text
    assert "Illustrative — check before use" in text
    assert "English, Spanish" in text


@pytest.mark.django_db
def test_adding_an_entry_shows_every_problem_by_field(client: Client) -> None:
    client.force_login(pw.admin())
    url = reverse("pathways:directory-new")
    assert client.get(url).status_code == 200

    response = client.post(
        url,
        {
            "code": "new-one",
            "name": "New One",
            "services": ["immigration_advice"],
            "adviser_regulator": "none",
            "by_and_for": "no",
            "national": "no",
            "languages": "en xx",
            "intake_channel": "service_inbox",
            "has_capacity": "yes",
            "illustrative": "no",
            "listed": "yes",
        },
    )

    assert response.status_code == 400
    text = html(response)
    assert "There is a problem" in text
    assert "Select who regulates its immigration advisers: only regulated advisers" in text
    assert "Languages &#x27;xx&#x27; is not an ISO 639-1 language code" in text
    assert "Select at least one police force area, or say it works nationally" in text
    # GOV.UK wording: a message is a sentence, never a label followed by "is needed".
    assert "is needed" not in text
    assert "choose at least one" not in text
    assert not DirectoryEntry.objects.filter(organisation__code="new-one").exists()


@pytest.mark.django_db
def test_changing_an_entry_keeps_code_and_name(client: Client) -> None:
    entry = pw.entry(code="to-change", languages=["en"])
    client.force_login(pw.admin())
    url = reverse("pathways:directory-edit", args=["to-change"])
    assert 'value="en"' in html(client.get(url))

    response = client.post(
        url,
        {
            "services": ["domestic_abuse", "sexual_violence"],
            "adviser_regulator": "none",
            "by_and_for": "yes",
            "communities": "Latin American women\nBrazilian women",
            "national": "yes",
            "languages": "en, pt",
            "intake_channel": "email",
            "has_capacity": "no",
            "illustrative": "no",
            "listed": "yes",
        },
    )

    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.languages == ["en", "pt"]
    assert entry.communities == ["Latin American women", "Brazilian women"]
    assert entry.services == ["domestic_abuse", "sexual_violence"]
    assert client.get(reverse("pathways:directory-edit", args=["nobody"])).status_code == 404


@pytest.mark.django_db
def test_a_bad_csv_file_is_refused_with_each_problem_by_row_and_column(client: Client) -> None:
    client.force_login(pw.admin())
    good = "ok-one,OK One,domestic_abuse,,,no,,national,en,service_inbox,,yes,no,yes"
    bad = "bad-two,Bad Two,domestic_abuse,,,no,,national,en;zz,service_inbox,,perhaps,no,yes"
    upload = SimpleUploadedFile(
        "directory.csv", "\n".join([",".join(csvio.COLUMNS), good, bad]).encode(), "text/csv"
    )

    response = client.post(reverse("pathways:directory-import"), {"file": upload})

    assert response.status_code == 400
    text = html(response)
    assert "The file has problems: nothing was imported." in text
    assert "Row 3, has capacity: must be yes or no" in text
    assert not DirectoryEntry.objects.filter(organisation__code="ok-one").exists()


@pytest.mark.django_db
def test_an_exported_file_imports_back_through_the_pages(client: Client) -> None:
    pw.entry(code="round-trip", name="Round, Trip")
    client.force_login(pw.admin())

    exported = client.get(reverse("pathways:directory-export"))
    assert exported["Content-Type"] == "text/csv; charset=utf-8"
    assert exported["Content-Disposition"].startswith('attachment; filename="directory-')
    upload = SimpleUploadedFile("directory.csv", exported.content, "text/csv")
    response = client.post(reverse("pathways:directory-import"), {"file": upload}, follow=True)

    assert "Imported 0 new and 1 changed organisation" in html(response)


@pytest.mark.django_db
def test_a_file_that_is_not_utf8_is_named(client: Client) -> None:
    client.force_login(pw.admin())
    upload = SimpleUploadedFile("directory.csv", "code,név\n".encode("latin-1"), "text/csv")

    response = client.post(reverse("pathways:directory-import"), {"file": upload})

    assert response.status_code == 400
    assert "The selected file must be saved as UTF-8 text" in html(response)


# The officer ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_officer_offers_records_the_answer_and_sends(client: Client) -> None:
    party, officer = pw.police_party()
    spanish = pw.entry(name="Spanish Speaking Service", national=True)
    pw.entry(name="English Only Service", languages=["en"])
    client.force_login(officer)
    url = reverse("pathways:offer", args=[party.reference])

    page = html(client.get(url))
    assert page.index("Spanish Speaking Service") < page.index("English Only Service")
    assert re.search(
        r"Why it fits:</p>\s*<ul[^>]*>.*?Works in Spanish: no interpreter needed", page, re.S
    )
    misses = r"What does not fit:</p>\s*<ul[^>]*>(?:(?!</ul>).)*"
    assert re.search(misses + "Does not list Spanish: an interpreter would be needed", page, re.S)
    assert "Every victim of domestic abuse is offered a referral" in page

    missing = client.post(url, {"form": "offer", "immigration_advice": "yes"})
    assert missing.status_code == 400
    assert "Select the organisation you offered a referral to" in html(missing)

    offered = client.post(
        url,
        {"form": "offer", "immigration_advice": "yes", "organisation": spanish.organisation.code},
    )
    referral = Referral.objects.get(party=party)
    assert offered["Location"] == reverse("pathways:referral", args=[referral.reference])
    assert "Record the answer to the offer" in html(client.get(offered["Location"]))

    answer_url = reverse("pathways:answer", args=[referral.reference])
    unanswered = client.post(answer_url, {"answer": "given", "method": "spoken"})
    assert unanswered.status_code == 400
    assert "Select at least one category of data they agreed to" in html(unanswered)
    client.post(
        answer_url,
        {"answer": "given", "method": "spoken", "categories": ["identity", "contact"]},
    )

    page = html(client.get(reverse("pathways:referral", args=[referral.reference])))
    assert "What will be sent" in page
    assert "Quispe Mamani" in page  # the preview of what will go
    assert "12 April 1990" in page
    assert page.index("Given name") < page.index("Family name") < page.index("Date of birth")
    assert "Address" not in page  # location was not agreed to
    sent = client.post(reverse("pathways:send", args=[referral.reference]), follow=True)
    assert "Referral sent" in html(sent)
    assert "What was sent" in html(sent)

    listed = html(client.get(reverse("pathways:referrals")))
    assert referral.reference in listed
    assert "Quispe" not in listed  # the list holds no personal data


@pytest.mark.django_db
def test_refining_the_needs_reranks_the_matches(client: Client) -> None:
    party, officer = pw.police_party()
    pw.entry(name="Plain Service", languages=["en"])
    pw.entry(
        name="Adviser Service",
        languages=["en"],
        services=["domestic_abuse", "immigration_advice"],
        adviser_regulator="iaa",
        communities=["Andean women"],
    )
    client.force_login(officer)
    url = reverse("pathways:offer", args=[party.reference])

    page = html(client.post(url, {"form": "refine", "immigration_advice": "no", "community": ""}))
    assert "Gives regulated immigration advice" not in page

    page = html(client.post(url, {"form": "refine", "immigration_advice": "yes", "community": ""}))
    assert page.index("Adviser Service") < page.index("Plain Service")
    assert "<li>Gives regulated immigration advice (Immigration Advice Authority" in page


@pytest.mark.django_db
def test_a_data_protection_officer_says_why_before_the_offer_page_opens(client: Client) -> None:
    party, _ = pw.police_party()
    client.force_login(cw.dpo(party.case.force))

    response = client.get(reverse("pathways:offer", args=[party.reference]))

    assert response.status_code == 302
    assert response["Location"].startswith(
        reverse("casework:open-reason", args=[party.case.reference])
    )


@pytest.mark.django_db
def test_the_force_list_flags_overdue_referrals(client: Client) -> None:
    party, officer = pw.police_party()
    referral = pw.sent(party, officer, pw.entry())
    Referral.objects.filter(pk=referral.pk).update(
        first_contact_due_on=timezone.localdate() - timedelta(days=3)
    )
    client.force_login(officer)

    text = html(client.get(reverse("pathways:referrals")))

    assert "1 referral overdue" in text
    assert ">Overdue</strong>" in text


# The support worker --------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_support_worker_works_a_referral_from_the_inbox(client: Client) -> None:
    party, officer = pw.police_party()
    to = pw.entry()
    referral = pw.sent(party, officer, to, ("identity", "contact"))
    Referral.objects.filter(pk=referral.pk).update(
        first_contact_due_on=timezone.localdate() - timedelta(days=1)
    )
    client.force_login(pw.support_worker(to))

    inbox = html(client.get(reverse("pathways:inbox")))
    assert "1 referral overdue" in inbox
    assert referral.reference in inbox
    assert all("Ana" not in link and "Quispe" not in link for link in links(inbox))

    url = reverse("pathways:referral", args=[referral.reference])
    page = html(client.get(url))
    assert "Quispe Mamani" in page
    assert "07700 900123" in page
    assert "Overdue: first contact was due" in page
    assert "Acknowledge the referral" in page
    assert "Record first contact" not in page

    contact_url = reverse("pathways:first-contact", args=[referral.reference])
    today = timezone.localdate()
    contact = {
        "made_on_day": today.day,
        "made_on_month": today.month,
        "made_on_year": today.year,
        "method": "phone",
        "note": "Spoke through an interpreter.",
    }
    too_soon = client.post(contact_url, contact)
    assert too_soon.status_code == 400
    assert "it cannot become first contact made" in html(too_soon)

    client.post(reverse("pathways:acknowledge", args=[referral.reference]))
    page = html(client.get(url))
    assert "Record first contact" in page
    unanswered = client.post(contact_url, {})
    assert "Select how you made contact" in html(unanswered)
    done = client.post(contact_url, contact, follow=True)
    assert "First contact recorded" in html(done)
    referral.refresh_from_db()
    assert (referral.first_contact_on, referral.first_contact_method) == (today, "phone")
    assert referral.first_contact_note == "Spoke through an interpreter."

    support_url = reverse("pathways:referral-support", args=[referral.reference])
    empty = client.post(support_url, {})
    assert empty.status_code == 400
    assert "Select the support your organisation gives" in html(empty)
    saved = client.post(
        support_url, {"support": "receiving", "advice_on_stay_given": "yes"}, follow=True
    )
    assert "Support status recorded" in html(saved)
    party.refresh_from_db()
    assert party.support == "receiving"


@pytest.mark.django_db
def test_declining_asks_why(client: Client) -> None:
    party, officer = pw.police_party()
    to = pw.entry()
    referral = pw.sent(party, officer, to)
    client.force_login(pw.support_worker(to))
    url = reverse("pathways:decline", args=[referral.reference])

    assert "Select why you are declining the referral" in html(client.post(url, {}))
    client.post(url, {"reason": "outside_area"})

    referral.refresh_from_db()
    assert referral.status == "declined_by_organisation"
    page = html(client.get(reverse("pathways:referral", args=[referral.reference])))
    assert "Outside the area we serve" in page


@pytest.mark.django_db
def test_withdrawing_consent_through_the_pages(client: Client) -> None:
    party, officer = pw.police_party()
    to = pw.entry()
    referral = pw.sent(party, officer, to)
    assert referral.consent is not None
    client.force_login(pw.support_worker(to))
    url = reverse("pathways:withdraw-consent", args=[referral.consent.reference])

    assert "Record that the person withdrew their consent" in html(client.get(url))
    done = client.post(url, follow=True)

    text = html(done)
    assert "Withdrawal of consent recorded" in text
    assert "the details sent are no longer available" in text
    again = client.post(url)
    assert again.status_code == 400
    assert "already withdrawn" in html(again)


@pytest.mark.django_db
def test_a_third_party_report_through_the_pages(client: Client) -> None:
    to = pw.entry()
    worker = pw.support_worker(to)
    force = cw.force()
    client.force_login(worker)
    url = reverse("pathways:report-new")
    assert "Report a crime for someone" in html(client.get(url))

    empty = client.post(url, {"interpreter_needed": "no"})
    assert empty.status_code == 400
    text = html(empty)
    for message in (
        "Select the police force the report is for",
        "Select the type of crime",
        "Enter the pseudonym",
    ):
        assert message in text

    sent = client.post(
        url,
        {
            "force": force.code,
            "crime_type": "domestic_abuse",
            "summary": "Threats by her partner.",
            "pseudonym": "Client B",
            "role": "victim",
            "age_group": "adult",
            "immigration_status": "insecure",
            "support": "offered",
            "given_name": "Marta",
            "family_name": "Invented",
            "preferred_language": "PT",
            "interpreter_needed": "yes",
            "email": "not-an-email",
        },
    )
    assert sent.status_code == 400
    assert "Email address must be an e-mail address" in html(sent)
    answers = {
        "force": force.code,
        "crime_type": "domestic_abuse",
        "summary": "Threats by her partner.",
        "pseudonym": "Client B",
        "role": "victim",
        "age_group": "adult",
        "immigration_status": "insecure",
        "support": "offered",
        "given_name": "Marta",
        "family_name": "Invented",
        "preferred_language": "PT",
        "interpreter_needed": "yes",
    }
    check = client.post(url, answers)
    # A check page first: what the police will see, and what stays with the organisation.
    assert check.status_code == 200
    checked = html(check)
    police_part = checked.split('id="police-see"')[1].split('id="kept"')[0]
    kept_part = checked.split('id="kept"')[1]
    assert "Client B" in police_part
    assert "Threats by her partner." in police_part
    assert "Marta" not in police_part
    assert "Marta" in kept_part
    assert not ThirdPartyReport.objects.exists()  # nothing is sent before "Send the report"
    changed = client.post(url, {**answers, "step": "change"})
    assert 'value="Client B"' in html(changed)
    assert not ThirdPartyReport.objects.exists()
    client.post(url, {**answers, "step": "send"})
    report = ThirdPartyReport.objects.get()
    page = html(client.get(reverse("pathways:report", args=[report.reference])))
    assert "Marta" in page
    assert "Not revealed" in page
    assert "The police have not yet recorded this report" in page

    officer = cw.officer(force)
    client.force_login(officer)
    listed = html(client.get(reverse("pathways:reports")))
    assert "To record" in listed
    police_page = html(client.get(reverse("pathways:report", args=[report.reference])))
    assert "Client B" in police_page
    assert "Marta" not in police_page
    recorded = client.post(reverse("pathways:record-report", args=[report.reference]))
    report.refresh_from_db()
    assert report.party is not None
    assert recorded["Location"] == reverse("casework:case", args=[report.party.case.reference])

    client.force_login(worker)
    consent_url = reverse("pathways:identity-consent", args=[report.reference])
    assert "Select what the person answered" in html(client.post(consent_url, {}))
    client.post(consent_url, {"answer": "given", "method": "written", "categories": ["identity"]})
    page = html(client.get(reverse("pathways:report", args=[report.reference])))
    assert "Revealed to the police" in page
    report.refresh_from_db()
    assert report.party is not None
    assert report.party.person is not None
    assert report.party.person.given_name == "Marta"
