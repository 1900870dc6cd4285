"""`Idempotency-Key` on every POST (issue 14, item 2): a retry with the same key and body gets
the first answer byte for byte and creates nothing; the same key with another body is refused
(422); keys are each client's own; they expire after IDEMPOTENCY_KEY_HOURS; a malformed one is
refused (400) naming the header. Through Django's test client, and through a real HTTP server
to a client that drops the connection before reading its answer, then retries."""

from __future__ import annotations

import base64
import http.client
import json
import socket
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from pytest_django.live_server_helper import LiveServer

from safereport.api.models import RememberedAnswer
from safereport.casework.contact import Channel, SafeContact
from safereport.casework.models import Case
from safereport.notices.fake_notify import LOCAL
from safereport.notices.models import Delivery
from tests.integration.api import world
from tests.integration.api.test_police import report
from tests.integration.casework import builders as cw
from tests.integration.notices.test_api import victim

KEY = '"8e03978e-40d5-43e8-bc93-6894a57f9324"'
RECORDED = "casework:case:recorded"


def keyed(key: str = KEY) -> dict[str, str]:
    return {"Idempotency-Key": key}


def error(response: Any) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(response.content)["error"]
    return found


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[timedelta], None]:
    """Moves the service's clock (`timezone.now`) on by the given time, never sleeping."""
    real = timezone.now
    offset = timedelta()

    def moved() -> datetime:
        return real() + offset

    def move(by: timedelta) -> None:
        nonlocal offset
        offset += by

    monkeypatch.setattr(timezone, "now", moved)
    return move


@pytest.mark.django_db
def test_a_retry_with_the_same_key_and_body_gets_the_first_answer_and_creates_nothing(
    client: Client,
) -> None:
    police = world.api_as(client, cw.officer(cw.force()))

    first = police.post("/cases", report(), headers=keyed())
    again = police.post("/cases", report(), headers=keyed())

    assert first.status_code == again.status_code == 201
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    assert Case.objects.count() == 1
    assert len(cw.events(RECORDED)) == 1
    assert RememberedAnswer.objects.count() == 1


@pytest.mark.django_db
def test_a_post_without_the_header_behaves_as_before_and_nothing_is_remembered(
    client: Client,
) -> None:
    police = world.api_as(client, cw.officer(cw.force()))

    first = police.post("/cases", report())
    second = police.post("/cases", report())

    assert first.status_code == second.status_code == 201
    assert json.loads(first.content)["reference"] != json.loads(second.content)["reference"]
    assert Case.objects.count() == 2
    assert len(cw.events(RECORDED)) == 2
    assert not RememberedAnswer.objects.exists()


@pytest.mark.django_db
def test_the_same_key_with_another_body_or_path_is_refused_and_creates_nothing(
    client: Client,
) -> None:
    police = world.api_as(client, cw.officer(cw.force()))
    first = police.post("/cases", report(), headers=keyed())
    reference = json.loads(first.content)["reference"]

    other_body = police.post("/cases", report(summary="Another report."), headers=keyed())
    other_path = police.post(
        "/cases/{reference}/parties",
        {"role": "witness", "age_group": "adult", "immigration_status": "not_in_question"},
        reference=reference,
        headers=keyed(),
    )

    for refused in (other_body, other_path):
        assert refused.status_code == 422
        assert error(refused)["code"] == "idempotency_key_reused"
        assert list(error(refused)["fields"]) == ["Idempotency-Key"]
    assert Case.objects.count() == 1
    assert Case.objects.get().parties.count() == 2
    assert len(cw.events(RECORDED)) == 1
    # The first answer is still the key's.
    assert police.post("/cases", report(), headers=keyed()).content == first.content


@pytest.mark.django_db
def test_two_clients_keys_are_their_own(client: Client) -> None:
    force = cw.force()
    one = world.api_as(client, cw.officer(force))
    other = world.api_as(client, cw.officer(force))

    mine = one.post("/cases", report(), headers=keyed())
    theirs = other.post("/cases", report(), headers=keyed())

    assert mine.status_code == theirs.status_code == 201
    assert json.loads(mine.content)["reference"] != json.loads(theirs.content)["reference"]
    assert Case.objects.count() == 2
    assert one.post("/cases", report(), headers=keyed()).content == mine.content
    assert other.post("/cases", report(), headers=keyed()).content == theirs.content


@pytest.mark.django_db
def test_a_key_is_remembered_for_24_hours_then_forgotten_and_pruned(
    client: Client, clock: Callable[[timedelta], None]
) -> None:
    police = world.api_as(client, cw.officer(cw.force()))
    body = report()  # dated today: made once, before the clock moves
    first = police.post("/cases", body, headers=keyed())

    clock(timedelta(hours=24) - timedelta(seconds=1))
    assert police.post("/cases", body, headers=keyed()).content == first.content
    assert Case.objects.count() == 1

    clock(timedelta(seconds=1))
    later = police.post("/cases", body, headers=keyed())

    assert later.status_code == 201
    assert later.content != first.content
    assert Case.objects.count() == 2
    # The expired answer was deleted as the key was used again; the new one is kept.
    assert RememberedAnswer.objects.count() == 1
    assert police.post("/cases", body, headers=keyed()).content == later.content


@pytest.mark.django_db
def test_expired_answers_are_deleted_whoever_sends_the_next_key(
    client: Client, clock: Callable[[timedelta], None]
) -> None:
    """An answer may hold personal data, so none outlives its period for want of its client
    coming back: any request with a key deletes expired ones."""
    force = cw.force()
    gone = world.api_as(client, cw.officer(force))
    body = report()
    gone.post("/cases", body, headers=keyed())
    clock(timedelta(hours=12))
    gone.post("/cases", body, headers=keyed('"kept"'))

    clock(timedelta(hours=12))
    world.api_as(client, cw.officer(force)).post("/cases", body, headers=keyed())

    assert RememberedAnswer.objects.count() == 2  # the 12-hour-old one and the new one
    assert gone.post("/cases", body, headers=keyed('"kept"')).status_code == 201
    assert Case.objects.count() == 3


@pytest.mark.django_db
def test_the_period_is_a_setting(
    client: Client, clock: Callable[[timedelta], None], settings: Any
) -> None:
    settings.IDEMPOTENCY_KEY_HOURS = 1
    police = world.api_as(client, cw.officer(cw.force()))
    body = report()
    police.post("/cases", body, headers=keyed())

    clock(timedelta(hours=1))
    police.post("/cases", body, headers=keyed())

    assert Case.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "value",
    [
        "8e03978e-40d5-43e8-bc93-6894a57f9324",  # not quoted: a Token, not a String
        '""',  # empty
        '"' + "k" * 256 + '"',  # longer than 255 characters
        '"a"b"',  # an unescaped quote inside
        '"a\\b"',  # an escape other than \" and \\
        '"abc',  # not closed
        '"abc";expires=1',  # parameters
        '\t"abc"',  # a tab is not a space
    ],
)
def test_a_malformed_key_is_refused_naming_the_header_and_nothing_is_done(
    client: Client, value: str
) -> None:
    police = world.api_as(client, cw.officer(cw.force()))

    response = police.post("/cases", report(), headers=keyed(value))

    assert response.status_code == 400
    assert error(response)["code"] == "malformed_idempotency_key"
    assert error(response)["fields"]["Idempotency-Key"].startswith("must be a quoted string")
    assert not Case.objects.exists()
    assert not RememberedAnswer.objects.exists()


@pytest.mark.django_db
def test_a_key_is_taken_as_a_structured_field_string(client: Client) -> None:
    """Spaces around the String are not part of it, and escapes are undone: these are all one
    key, and `"a\\\\b"` (a backslash) is another."""
    police = world.api_as(client, cw.officer(cw.force()))

    first = police.post("/cases", report(), headers=keyed('"a\\"b"'))
    spaced = police.post("/cases", report(), headers=keyed('  "a\\"b" '))
    other = police.post("/cases", report(), headers=keyed('"a\\\\b"'))

    assert spaced.content == first.content
    assert other.status_code == 201
    assert other.content != first.content
    assert Case.objects.count() == 2


@pytest.mark.django_db
def test_a_refusal_by_the_action_is_the_keys_answer_too(client: Client) -> None:
    """The first answer is the answer, whatever it was: a retry of a report the action refused
    gets the same refusal, and a corrected report needs a new key."""
    police = world.api_as(client, cw.officer(cw.force()))
    body = report()
    body["parties"][0]["person"]["email"] = "not an address"

    first = police.post("/cases", body, headers=keyed())
    again = police.post("/cases", body, headers=keyed())

    assert first.status_code == 422
    assert again.content == first.content
    assert RememberedAnswer.objects.get().status == 422


@pytest.mark.django_db
def test_the_remembered_answer_holds_personal_data_only_encrypted(client: Client) -> None:
    police = world.api_as(client, cw.officer(cw.force()))
    police.post("/cases", report(), headers=keyed())

    with connection.cursor() as cursor:  # read past the ORM, which would decrypt
        cursor.execute("SELECT body, key_digest FROM api_rememberedanswer")
        stored, digest = cursor.fetchone()

    assert stored.startswith("v1:")
    payload = base64.b64decode(stored.split(":", 2)[2])
    for plaintext in ("Quispe Mamani", "ana.quispe@example.org", "1990-04-12"):
        assert plaintext.encode() not in payload
    assert "8e03978e" not in digest  # the key itself is not kept


def test_every_post_of_the_document_takes_the_optional_header_and_declares_its_refusals(
    db: None,
) -> None:
    from tests.integration.api.contract import document  # noqa: PLC0415 - needs the database

    posts = [ops["post"] for ops in document()["paths"].values() if "post" in ops]

    assert len(posts) >= 25
    for operation in posts:
        header = [p for p in operation["parameters"] if p["name"] == "Idempotency-Key"]
        assert header == [
            {
                "in": "header",
                "name": "Idempotency-Key",
                "required": False,
                "description": header[0]["description"],
                "schema": {"type": "string", "pattern": header[0]["schema"]["pattern"]},
            }
        ]
        assert {"400", "409", "422"} <= set(operation["responses"]), operation["operationId"]


@pytest.mark.django_db
def test_a_retried_text_message_is_sent_once_and_its_receipt_is_notifys_own_key(
    client: Client, settings: Any
) -> None:
    """The retry of a notice sent by text gets the first answer, and GOV.UK Notify is asked
    once: the person gets one message, with one access code. Notify's callbacks are a client
    of their own, so its key is not an officer's."""
    settings.NOTIFY_CALLBACK_TOKEN = "a-callback-token-for-the-tests-only-0123456789"  # noqa: S105
    LOCAL.clear()
    w = victim(SafeContact(channels=frozenset({Channel.IN_PERSON, Channel.SMS})))
    police = world.api_as(client, w.officer)
    deliveries = "/parties/{reference}/notice/deliveries"

    sent = police.post(deliveries, {"channel": "sms"}, reference=w.party.reference, headers=keyed())
    again = police.post(
        deliveries, {"channel": "sms"}, reference=w.party.reference, headers=keyed()
    )

    assert sent.status_code == 201
    assert again.content == sent.content
    assert len(LOCAL.sent) == 1
    assert Delivery.objects.count() == 1
    receipt = LOCAL.delivery_receipt(LOCAL.sent[0].id)
    notify = {
        "HTTP_AUTHORIZATION": f"Bearer {settings.NOTIFY_CALLBACK_TOKEN}",
        "HTTP_IDEMPOTENCY_KEY": KEY,
    }
    received = client.post(
        "/api/v1/notify/delivery-receipts", receipt, content_type="application/json", **notify
    )
    assert received.status_code == 200
    assert sorted(RememberedAnswer.objects.values_list("client", flat=True)) == [
        "notify",
        f"user:{w.officer.pk}",
    ]


@pytest.mark.django_db
def test_a_failure_is_not_the_keys_answer_its_work_is_undone_and_a_retry_does_it(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GOV.UK Notify cannot be reached on the first try (a fake at that edge): the answer is a
    500, nothing it did is kept (not even the access code it issued first), and the retry with
    the same key sends the notice."""
    LOCAL.clear()
    w = victim(SafeContact(channels=frozenset({Channel.IN_PERSON, Channel.SMS})))
    police = world.api_as(client, w.officer)
    deliveries = "/parties/{reference}/notice/deliveries"
    send = LOCAL.send_sms_notification

    def unreachable(*args: Any, **kwargs: Any) -> Any:
        raise ConnectionRefusedError("GOV.UK Notify cannot be reached")

    monkeypatch.setattr(LOCAL, "send_sms_notification", unreachable)
    issued = len(cw.events("notices:access_code:issued"))
    failed = police.post(
        deliveries, {"channel": "sms"}, reference=w.party.reference, headers=keyed()
    )
    assert failed.status_code == 500
    assert not RememberedAnswer.objects.exists()
    assert not Delivery.objects.exists()
    assert len(cw.events("notices:access_code:issued")) == issued

    monkeypatch.setattr(LOCAL, "send_sms_notification", send)
    retried = police.post(
        deliveries, {"channel": "sms"}, reference=w.party.reference, headers=keyed()
    )

    assert retried.status_code == 201
    assert len(LOCAL.sent) == 1
    assert Delivery.objects.count() == 1
    assert len(cw.events("notices:access_code:issued")) == issued + 1
    assert RememberedAnswer.objects.get().status == 201


# Through a real HTTP server ---------------------------------------------------------------------


def _request(url: str, token: str, body: bytes, key: str = KEY) -> bytes:
    where = urlsplit(url)
    return (
        f"POST /api/v1/cases HTTP/1.1\r\nHost: {where.netloc}\r\n"
        f"Authorization: Bearer {token}\r\nIdempotency-Key: {key}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        "Connection: close\r\n\r\n"
    ).encode() + body


def _post(url: str, token: str, body: bytes) -> tuple[int, bytes]:
    where = urlsplit(url)
    answer = http.client.HTTPConnection(where.hostname or "", where.port, timeout=60)
    try:
        answer.request(
            "POST",
            "/api/v1/cases",
            body,
            {
                "Authorization": f"Bearer {token}",
                "Idempotency-Key": KEY,
                "Content-Type": "application/json",
            },
        )
        response = answer.getresponse()
        return response.status, response.read()
    finally:
        answer.close()


def test_a_client_whose_first_answer_is_lost_retries_and_gets_it_with_nothing_done_twice(
    live_server: LiveServer,
) -> None:
    officer = cw.officer(cw.force())
    token = world.token(officer)
    body = json.dumps(report()).encode()
    where = urlsplit(live_server.url)

    # The request is sent whole; the answer starts to arrive (so the work is done and
    # committed) and the client drops the connection without reading it.
    lost = socket.create_connection((where.hostname, where.port), timeout=60)
    lost.sendall(_request(live_server.url, token, body))
    assert lost.recv(1, socket.MSG_PEEK) == b"H"
    lost.close()
    assert Case.objects.count() == 1

    status, content = _post(live_server.url, token, body)

    assert status == 201
    recorded = Case.objects.get()
    assert json.loads(content)["reference"] == recorded.reference
    assert len(cw.events(RECORDED)) == 1


def test_requests_racing_with_one_key_do_the_work_once(live_server: LiveServer) -> None:
    """Sent at once from several threads: one does the work; each other is refused as still
    being processed (409: PostgreSQL) or waits its turn and gets the first answer (SQLite,
    whose writers take turns). Either way the client ends with one case and one answer."""
    token = world.token(cw.officer(cw.force()))
    body = json.dumps(report()).encode()
    start = threading.Barrier(4)
    answers: list[tuple[int, bytes]] = []

    def send() -> None:
        start.wait()
        answers.append(_post(live_server.url, token, body))

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    created = {content for status, content in answers if status == 201}
    assert len(created) == 1
    for status, content in answers:
        assert status in (201, 409)
        if status == 409:
            assert json.loads(content)["error"]["code"] == "request_in_progress"
    assert Case.objects.count() == 1
    assert len(cw.events(RECORDED)) == 1
    assert _post(live_server.url, token, body) == (201, created.pop())
