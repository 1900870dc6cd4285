"""Giving a notice in person and the person reading it on their own page (issue 11, items 5, 6):
the officer records the delivery (through an interpreter where one is needed) and prints it with
a new access code; the person opens it with the reference and code, in their language or
another; wrong codes and unknown references get the same answer, five wrong codes lock it."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from safereport.casework.models import DutyTask
from safereport.notices.issuing import current
from safereport.notices.models import ClientTries, Delivery
from safereport.notices.text import NoticeText
from safereport.policy.vocabulary import RegimeId
from tests.integration.casework import builders as cw


def given(client: Client) -> tuple[cw.World, str, str]:
    """A victim's notice given in person through an interpreter: the world, the notice's
    reference and the access code printed."""
    w = cw.world(regime=RegimeId.MIGRANT_VICTIMS_PROTOCOL, support="receiving")
    client.force_login(w.officer)
    page = client.post(
        f"/parties/{w.party.reference}/notice/given/", {"interpreter_language": "es"}
    )
    html = page.content.decode()
    [code] = re.findall(r"([34679ACDEFGHJKMNPQRTUVWXY]{5}-[34679ACDEFGHJKMNPQRTUVWXY]{5})", html)
    notice = current(w.party)
    assert notice is not None
    client.logout()
    return w, notice.series.reference, code


@pytest.mark.django_db
def test_giving_it_in_person_needs_the_interpreters_language_and_does_the_duty(
    client: Client,
) -> None:
    w = cw.world(regime=RegimeId.MIGRANT_VICTIMS_PROTOCOL, support="receiving")
    client.force_login(w.officer)
    url = f"/parties/{w.party.reference}/notice/given/"

    page = client.get(f"/parties/{w.party.reference}/notice/").content.decode()
    refused = client.post(url, {"interpreter_language": ""}).content.decode()
    assert not Delivery.objects.exists()
    printed = client.post(url, {"interpreter_language": "ES"})

    assert "What happens to your information" in page
    assert "Enter the language the interpreter read the notice in" in refused
    html = printed.content.decode()
    assert printed.status_code == 200
    assert "Access code" in html
    assert 'lang="es"' in html  # the person's language, with the English alongside
    assert "In English" in html
    delivery = Delivery.objects.get()
    assert (delivery.channel, delivery.status, delivery.interpreter_language) == (
        "in_person",
        "delivered",
        "es",
    )
    task = DutyTask.objects.get(party=w.party, duty="give_notice")
    assert (task.status, task.done_by) == ("done", w.officer)
    [event] = cw.events("notices:notice:delivered")
    assert event["details"]["channel"] == "in_person"
    assert event["details"]["interpreter_language"] == "es"
    assert len(cw.events("notices:access_code:issued")) == 1


@pytest.mark.django_db
def test_the_public_pages_set_no_cookie_tell_no_one_where_they_came_from_and_offer_an_exit(
    client: Client,
) -> None:
    page = client.get("/notice/")

    html = page.content.decode()
    assert page.status_code == 200
    assert not page.cookies  # nothing set before the person acts
    assert page["Referrer-Policy"] == "no-referrer"
    assert page["Cache-Control"] == "no-store"
    assert "govuk-exit-this-page" in html
    assert "<title>Read a notice</title>" in html  # neutral: no service, no subject
    assert "csrfmiddlewaretoken" not in html


@pytest.mark.django_db
def test_the_person_reads_it_in_their_language_and_switches_to_another(client: Client) -> None:
    w, reference, code = given(client)

    opened = client.post("/notice/", {"reference": reference, "code": code.lower()})
    mine = client.get("/notice/read/")
    arabic = client.get("/notice/read/?language=ar")

    assert opened.status_code == 302
    assert opened["Location"] == "/notice/read/"
    html = mine.content.decode()
    assert 'lang="es" dir="ltr"' in html
    assert "In English" in html
    assert reference in html
    notice = current(w.party)
    assert notice is not None
    assert notice.sha256[:16] in html
    assert 'dir="rtl"' in arabic.content.decode()
    reads = cw.events("notices:notice:read")
    assert [e["details"]["language"] for e in reads] == ["", "ar"]
    assert all(e["subjects"] == [reference] for e in reads)


@pytest.mark.django_db
def test_wrong_codes_and_unknown_references_get_one_answer_and_five_lock_it(
    client: Client,
) -> None:
    _, reference, code = given(client)

    unknown = client.post("/notice/", {"reference": "ntc_" + "0" * 32, "code": code})
    wrong = [
        client.post("/notice/", {"reference": reference, "code": "ACDEF-GHJKM"}) for _ in range(5)
    ]
    locked = client.post("/notice/", {"reference": reference, "code": code})

    def answer(response: object) -> str:
        text = response.content.decode()  # type: ignore[attr-defined]
        return re.findall(r'<a href="#[^"]+">([^<]+)</a>', text)[0]

    assert unknown.status_code == wrong[0].status_code == locked.status_code == 400
    assert answer(unknown) == answer(wrong[0]) == answer(locked)
    assert "notices:opened" not in client.session
    refusals = cw.events("notices:notice_read:refused")
    assert len(refusals) == 7
    assert refusals[0]["subjects"] == ["ntc_" + "0" * 32]


@pytest.mark.django_db
def test_a_client_trying_many_codes_is_slowed(client: Client) -> None:
    for _ in range(20):
        client.post("/notice/", {"reference": "ntc_" + "1" * 32, "code": "ACDEF-GHJKM"})

    slowed = client.post("/notice/", {"reference": "ntc_" + "1" * 32, "code": "ACDEF-GHJKM"})

    assert slowed.status_code == 429
    assert slowed["Retry-After"] == "600"
    # Counted in the database, so every worker of the service counts the same tries; by a keyed
    # hash of the address, which it does not keep.
    [row] = ClientTries.objects.all()
    assert row.tries == 21
    assert "127.0.0.1" not in row.client
    assert row.client != hashlib.sha256(b"127.0.0.1").hexdigest()


@pytest.mark.django_db
def test_a_slowed_client_may_try_again_when_its_window_ends(client: Client) -> None:
    typed = {"reference": "ntc_" + "1" * 32, "code": "ACDEF-GHJKM"}
    for _ in range(21):
        client.post("/notice/", typed)
    other = Client(REMOTE_ADDR="192.0.2.7")  # another client is not slowed by the first
    assert other.post("/notice/", typed).status_code == 400  # a wrong code, not 429

    ClientTries.objects.update(since=timezone.now() - timedelta(minutes=10, seconds=1))
    again = client.post("/notice/", typed)

    assert again.status_code == 400
    assert ClientTries.objects.count() == 1  # the ended windows are gone; this is a new one


@pytest.mark.django_db
def test_what_was_issued_is_what_is_read_whatever_changed_since(client: Client) -> None:
    w, reference, code = given(client)
    notice = current(w.party)
    assert notice is not None
    issued_by = w.party.case.force.name
    type(w.party.case.force).objects.filter(pk=w.party.case.force.pk).update(name="Renamed Police")

    client.post("/notice/", {"reference": reference, "code": code})
    own = client.get("/notice/read/?language=en").content.decode()
    other = client.get("/notice/read/?language=pl").content.decode()

    # In English, as stored and hashed; in Polish, written from the names stored with it.
    assert issued_by in own
    assert issued_by in other
    assert "Renamed Police" not in own + other
    assert NoticeText.from_text(notice.english_text, "en").sha256 == notice.english_sha256
