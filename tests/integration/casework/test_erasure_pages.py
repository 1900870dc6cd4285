"""The DPO's erasure page (issue 14, item 8): only the force's DPO reaches it, a refusal or a bad
answer is named on the page, a confirmed erasure returns to the case, and the pages still
render the erased person, saying they were erased; their notice no longer opens."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import timezone

from safereport.accounts.models import User
from safereport.casework import actions
from safereport.casework.actions import ErasureRequest
from safereport.enforcement.models import Disclosure
from safereport.notices.models import NoticeSeries
from safereport.notices.proof import prove
from safereport.web import retention
from tests.integration.casework import builders as cw
from tests.integration.casework import erasure_builders as eb


def errors_of(html: str) -> list[tuple[str, str]]:
    """The error summary's messages, with where each links to."""
    summary = re.search(r'<ul class="govuk-list govuk-error-summary__list">(.*?)</ul>', html, re.S)
    assert summary is not None, "no error summary"
    return re.findall(r'<a href="(#[^"]+)">([^<]+)</a>', summary.group(1))


def answers(**overrides: str) -> dict[str, str]:
    today = timezone.localdate()
    values = {
        "request_reference": "DPA/2026/0042",
        "received_on_day": str(today.day),
        "received_on_month": str(today.month),
        "received_on_year": str(today.year),
        "confirm": "erase",
    }
    values.update(overrides)
    return values


def signed_in_dpo(client: Client, dpo: User, case_reference: str) -> None:
    """The DPO signed in, having said why they open the case (it is not theirs)."""
    client.force_login(dpo)
    given = client.post(f"/cases/{case_reference}/reason/", {"reason": "erasure_request"})
    assert given.status_code == 302


@pytest.mark.django_db
def test_the_dpo_erases_on_request_and_the_case_page_says_so(client: Client) -> None:
    h = eb.held()
    assert h.world.dpo is not None
    signed_in_dpo(client, h.world.dpo, h.party.case.reference)
    url = f"/parties/{h.party.reference}/erase/"

    case_before = client.get(f"/cases/{h.party.case.reference}/").content.decode()
    asked = client.get(url)
    done = client.post(url, answers())
    case_after = client.get(f"/cases/{h.party.case.reference}/").content.decode()

    assert url in case_before  # the DPO's link from the person's card
    assert asked.status_code == 200
    assert "Erase the person's data</h1>" in asked.content.decode()
    assert done.status_code == 302
    assert done["Location"] == f"/cases/{h.party.case.reference}/"
    assert eb.person_of(h.party).erased_at is not None
    assert "Erased victim" in case_after
    assert "Erased on " in case_after
    for value in ("Quispe", "07700 900123", "Assaulted at home"):
        assert value not in case_after
    assert url not in case_after  # nothing left to erase
    assert "DPA" not in done["Location"]  # the request's reference never in a URL


@pytest.mark.django_db
def test_an_open_case_is_refused_on_the_page_with_the_reason(client: Client) -> None:
    h = eb.held(conclude=False)
    assert h.world.dpo is not None
    signed_in_dpo(client, h.world.dpo, h.party.case.reference)

    refused = client.post(f"/parties/{h.party.reference}/erase/", answers())

    assert refused.status_code == 400
    [(_, message)] = errors_of(refused.content.decode())
    assert "while a case of theirs is open" in message
    assert eb.person_of(h.party).erased_at is None


@pytest.mark.django_db
def test_each_answer_is_named_when_missing_or_wrong(client: Client) -> None:
    h = eb.held()
    assert h.world.dpo is not None
    signed_in_dpo(client, h.world.dpo, h.party.case.reference)

    empty = client.post(f"/parties/{h.party.reference}/erase/", {})
    named = client.post(
        f"/parties/{h.party.reference}/erase/", answers(request_reference="Ana Quispe")
    )

    assert empty.status_code == 400
    assert [href for href, _ in errors_of(empty.content.decode())] == [
        "#id_request_reference",
        "#id_received_on_day",
        "#id_confirm",
    ]
    assert named.status_code == 400
    [(href, message)] = errors_of(named.content.decode())
    assert href == "#id_request_reference"
    assert "letters, digits" in message
    assert eb.person_of(h.party).erased_at is None


@pytest.mark.django_db
def test_only_the_forces_dpo_reaches_the_page(client: Client) -> None:
    h = eb.held()
    url = f"/parties/{h.party.reference}/erase/"

    client.force_login(h.world.officer)
    assert client.get(url).status_code == 404
    assert client.post(url, answers()).status_code == 404
    client.force_login(cw.dpo(cw.force()))
    assert client.get(url).status_code == 404
    assert client.post(url, answers()).status_code == 404
    assert eb.person_of(h.party).erased_at is None


@pytest.mark.django_db
def test_the_officer_still_sees_the_erased_person_on_the_case_page(client: Client) -> None:
    h = eb.held()
    eb.concluded_years_ago(h.party.case, 7)
    retention.apply()
    client.force_login(h.world.officer)

    page = client.get(f"/cases/{h.party.case.reference}/")

    assert page.status_code == 200
    text = page.content.decode()
    assert "Erased victim" in text
    assert "Summary and date of the offence" in text
    assert h.party.reference in text


@pytest.mark.django_db
def test_an_erased_persons_notice_no_longer_opens_and_its_page_says_why(client: Client) -> None:
    h = eb.held()
    assert h.world.dpo is not None
    client.force_login(h.world.officer)
    given = client.post(
        f"/parties/{h.party.reference}/notice/given/", {"interpreter_language": "es"}
    ).content.decode()
    [code] = re.findall(r"([34679ACDEFGHJKMNPQRTUVWXY]{5}-[34679ACDEFGHJKMNPQRTUVWXY]{5})", given)
    series = NoticeSeries.objects.get(party=h.party)
    actions.erase_person(
        actor=h.world.dpo,
        party=h.party,
        request=ErasureRequest(reference="DPA-1", received_on=timezone.localdate()),
    )

    officers_page = client.get(f"/parties/{h.party.reference}/notice/")
    client.logout()
    persons_page = client.post("/notice/", {"reference": series.reference, "code": code})
    proof = prove(series.reference)

    assert officers_page.status_code == 200
    assert "has been erased" in officers_page.content.decode()
    assert persons_page.status_code == 400  # the answer of a wrong code: nothing to open
    assert "notices:opened" not in client.session
    assert proof.proved, proof.problems  # what was issued is still proved, by its hash
    assert proof.erased


@pytest.mark.django_db
def test_immigration_enforcement_sees_a_disclosure_erased_not_fields_missing(
    client: Client,
) -> None:
    h = eb.held()
    assert h.world.dpo is not None
    actions.erase_person(
        actor=h.world.dpo,
        party=h.party,
        request=ErasureRequest(reference="DPA-2", received_on=timezone.localdate()),
    )
    disclosure = Disclosure.objects.get()
    client.force_login(cw.ie_caseworker())

    inbox = client.get("/ie/inbox/").content.decode()
    page = client.get(f"/ie/disclosures/{disclosure.reference}/").content.decode()

    for html in (inbox, page):
        assert "What this disclosure held was erased on" in html
        assert "Not held by the police" not in html
        assert "Quispe" not in html
