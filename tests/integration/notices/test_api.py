"""The notice endpoints (issue 11, item 10) and delivery through GOV.UK Notify (item 5): the police
read the current notice and record or send its delivery; a channel the person's safe-contact
instructions rule out is refused with the reason; Notify's receipt marks a text delivered, which
does the duty."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from django.test import Client
from pytest_django import Settings

from safereport.casework.contact import WEEKDAYS, Channel, SafeContact, TimeWindow
from safereport.casework.models import DutyTask
from safereport.notices.fake_notify import LOCAL
from safereport.notices.issuing import current
from safereport.notices.models import Delivery
from safereport.policy.vocabulary import RegimeId
from tests.integration.api import world
from tests.integration.casework import builders as cw


def victim(contact: SafeContact | None = None) -> cw.World:
    details = cw.person()
    if contact is not None:
        details = replace(details, safe_contact=json.dumps(contact.as_json()))
    return cw.world(regime=RegimeId.MIGRANT_VICTIMS_PROTOCOL, support="receiving", details=details)


@pytest.fixture(autouse=True)
def _nothing_sent() -> None:
    LOCAL.clear()


@pytest.mark.django_db
def test_the_police_read_the_current_notice_in_both_languages(client: Client) -> None:
    w = victim()
    police = world.api_as(client, w.officer)

    body = json.loads(
        police.get("/parties/{reference}/notice", reference=w.party.reference).content
    )

    notice = current(w.party)
    assert notice is not None
    assert body["reference"] == notice.series.reference
    assert (body["version"], body["language"]) == (1, "es")
    assert body["sha256"] == notice.sha256
    assert body["english_text"].startswith("What happens to your information")
    assert body["deliveries"] == []
    outsider = world.api_as(client, cw.officer(cw.force()))
    assert (
        outsider.get("/parties/{reference}/notice", reference=w.party.reference).status_code == 404
    )


@pytest.mark.django_db
def test_giving_it_in_person_through_the_api_returns_the_code_once(client: Client) -> None:
    w = victim()
    police = world.api_as(client, w.officer)

    given = police.post(
        "/parties/{reference}/notice/deliveries",
        {"channel": "in_person", "interpreter_language": "es"},
        reference=w.party.reference,
    )
    again = json.loads(
        police.get("/parties/{reference}/notice", reference=w.party.reference).content
    )

    body = json.loads(given.content)
    assert given.status_code == 201
    assert (body["channel"], body["status"]) == ("in_person", "delivered")
    assert len(body["access_code"]) == 11  # ACDEF-GHJKM
    assert (
        "access_code" not in again["deliveries"][0] or again["deliveries"][0]["access_code"] is None
    )
    task = DutyTask.objects.get(party=w.party, duty="give_notice")
    assert task.status == "done"


@pytest.mark.django_db
def test_a_channel_the_person_ruled_out_is_refused_with_the_reason(client: Client) -> None:
    w = victim()  # recorded as in person only
    police = world.api_as(client, w.officer)

    refused = police.post(
        "/parties/{reference}/notice/deliveries", {"channel": "sms"}, reference=w.party.reference
    )

    assert refused.status_code == 422
    assert json.loads(refused.content)["error"]["fields"] == {
        "channel": "They have not agreed to be contacted by text message."
    }
    assert not Delivery.objects.exists()
    assert LOCAL.sent == []


@pytest.mark.django_db
def test_only_through_a_support_worker_refuses_every_direct_channel(client: Client) -> None:
    w = victim(SafeContact(channels=frozenset(Channel), only_through_support_worker=True))
    police = world.api_as(client, w.officer)

    for channel in ("in_person", "sms", "email", "letter"):
        refused = police.post(
            "/parties/{reference}/notice/deliveries",
            {"channel": channel, "interpreter_language": "es"},
            reference=w.party.reference,
        )
        assert refused.status_code == 422, channel
        assert "Only through their support worker" in refused.content.decode()


@pytest.mark.django_db
def test_a_text_goes_through_notify_and_its_receipt_does_the_duty(
    client: Client, settings: Settings
) -> None:
    settings.NOTIFY_CALLBACK_TOKEN = "a-callback-token-for-the-tests-only-0123456789"  # noqa: S105
    w = victim(SafeContact(channels=frozenset({Channel.IN_PERSON, Channel.SMS})))
    police = world.api_as(client, w.officer)

    sent = police.post(
        "/parties/{reference}/notice/deliveries", {"channel": "sms"}, reference=w.party.reference
    )

    body = json.loads(sent.content)
    assert sent.status_code == 201
    assert (body["channel"], body["status"]) == ("sms", "sending")
    [message] = LOCAL.sent
    assert (message.type, message.to) == ("sms", "07700 900123")
    assert message.personalisation["reference"] == current(w.party).series.reference  # type: ignore[union-attr]
    delivery = Delivery.objects.get()
    assert delivery.notify_id == message.id
    assert DutyTask.objects.get(party=w.party, duty="give_notice").status == "open"
    [code_issued] = cw.events("notices:access_code:issued")  # the text carries a new code
    assert code_issued["subjects"] == [message.personalisation["reference"]]
    receipt = LOCAL.delivery_receipt(message.id)
    unauthorised = client.post(
        "/api/v1/notify/delivery-receipts",
        receipt,
        content_type="application/json",
        HTTP_AUTHORIZATION="Bearer not-the-token",
    )
    received = client.post(
        "/api/v1/notify/delivery-receipts",
        receipt,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {settings.NOTIFY_CALLBACK_TOKEN}",
    )

    assert unauthorised.status_code == 401
    assert received.status_code == 200
    assert json.loads(received.content) == {"recorded": True}
    delivery.refresh_from_db()
    assert delivery.status == "delivered"
    assert DutyTask.objects.get(party=w.party, duty="give_notice").status == "done"
    for event in cw.events("notices:notice:delivered"):
        assert "07700" not in json.dumps(event)  # the number never reaches the log


@pytest.mark.django_db
def test_a_text_outside_the_persons_hours_is_refused() -> None:
    nights = SafeContact(channels=frozenset({Channel.SMS}), windows=(TimeWindow(WEEKDAYS, 0, 1),))
    w = victim(nights)
    client = Client()
    police = world.api_as(client, w.officer)

    refused = police.post(
        "/parties/{reference}/notice/deliveries", {"channel": "sms"}, reference=w.party.reference
    )

    assert refused.status_code == 422
    assert "Not at this time" in refused.content.decode()
