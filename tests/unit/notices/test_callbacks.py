"""Notify's delivery receipts: only a request bearing the configured token is believed, and a
body is taken only when every field is as Notify sends it, each wrong field named."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from safereport.notices.callbacks import (
    RECEIPT_STATUSES,
    DeliveryReceipt,
    callback_authorised,
    parse_delivery_receipt,
)
from safereport.notices.errors import NoticesError
from safereport.notices.fake_notify import FINAL, FakeNotifyClient
from safereport.notices.notify import Status

TOKEN = "a-long-random-callback-token-0123456789"  # noqa: S105 - a test token
ID = "740e5834-3a29-46b4-9a6f-16142fde533a"
TEMPLATE = "f33517ff-2a88-4f6e-b855-c550268ce08a"
GOOD: dict[str, Any] = {
    "id": ID,
    "reference": "ntc_0123",
    "to": "07700900123",
    "status": "delivered",
    "created_at": "2017-05-14T12:15:30.000000Z",
    "completed_at": "2017-05-14T12:15:32.000000Z",
    "sent_at": "2017-05-14T12:15:31.000000Z",
    "notification_type": "sms",
    "template_id": TEMPLATE,
    "template_version": 1,
}


@pytest.mark.parametrize("header", [f"Bearer {TOKEN}", f"bearer {TOKEN}", f"  Bearer  {TOKEN} "])
def test_the_configured_bearer_token_is_believed(header: str) -> None:
    assert callback_authorised(header, TOKEN)


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        TOKEN,
        f"Basic {TOKEN}",
        f"Bearer {TOKEN}x",
        f"Bearer {TOKEN[:-1]}",
        "Bearer ",
        "Bearer",
    ],
)
def test_anything_else_is_not(header: str | None) -> None:
    assert not callback_authorised(header, TOKEN)


def test_without_a_configured_token_nothing_is_believed() -> None:
    assert not callback_authorised("Bearer ", "")
    assert not callback_authorised("Bearer x", "")


def test_a_good_receipt_is_read_whole() -> None:
    receipt = parse_delivery_receipt(GOOD)

    assert receipt == DeliveryReceipt(
        id=ID,
        reference="ntc_0123",
        to="07700900123",
        status=Status.DELIVERED,
        created_at=datetime(2017, 5, 14, 12, 15, 30, tzinfo=UTC),
        completed_at=datetime(2017, 5, 14, 12, 15, 32, tzinfo=UTC),
        sent_at=datetime(2017, 5, 14, 12, 15, 31, tzinfo=UTC),
        notification_type="sms",
        template_id=TEMPLATE,
        template_version=1,
    )
    assert receipt.delivered


def test_the_raw_body_is_read_as_its_json_and_unknown_fields_are_ignored() -> None:
    body = json.dumps({**GOOD, "cost_in_pounds": 0.02}).encode()

    assert parse_delivery_receipt(body) == parse_delivery_receipt(GOOD)


def test_a_null_reference_and_times_not_yet_known_are_taken() -> None:
    receipt = parse_delivery_receipt(
        {
            **GOOD,
            "reference": None,
            "completed_at": None,
            "sent_at": None,
            "status": "temporary-failure",
        }
    )

    assert (receipt.reference, receipt.completed_at, receipt.sent_at) == (None, None, None)
    assert not receipt.delivered


def test_what_the_fake_sends_is_a_good_receipt() -> None:
    notify = FakeNotifyClient()
    sent = notify.send_email_notification("a@example.org", TEMPLATE, reference="ntc_1")

    receipt = parse_delivery_receipt(json.dumps(notify.delivery_receipt(sent["id"])))

    assert (receipt.id, receipt.reference, receipt.notification_type) == (
        sent["id"],
        "ntc_1",
        "email",
    )


BAD = [
    ("id", None, "is required, as text"),
    ("id", "740e5834", "must be a UUID"),
    ("reference", 12345678, "must be text or null"),
    ("to", "", "is required, as text"),
    ("to", None, "is required, as text"),
    (
        "status",
        "sending",
        "must be one of delivered, permanent-failure, temporary-failure, technical-failure",
    ),
    ("status", "lost", "must be one of delivered, permanent-failure"),
    ("status", None, "must be one of delivered, permanent-failure"),
    ("created_at", None, "is required, as a time"),
    ("created_at", "yesterday", "must be a time in UTC"),
    ("created_at", "2017-05-14T12:15:30", "must be a time in UTC"),
    ("completed_at", "2017-13-14T12:15:30Z", "must be a time in UTC"),
    ("sent_at", 1494764130, "is required, as a time"),
    ("notification_type", "letter", "must be one of sms, email"),
    ("notification_type", None, "is required, as text"),
    ("template_id", "f33517ff", "must be a UUID"),
    ("template_version", "1", "must be a whole number"),
    ("template_version", True, "must be a whole number"),
    ("template_version", 0, "must be at least 1"),
]


@pytest.mark.parametrize(("field", "value", "why"), BAD, ids=[f"{f}={v!r}" for f, v, _ in BAD])
def test_each_bad_field_is_named(field: str, value: object, why: str) -> None:
    with pytest.raises(NoticesError) as error:
        parse_delivery_receipt({**GOOD, field: value})

    assert list(error.value.fields) == [field]
    assert error.value.fields[field].startswith(why)


def test_a_missing_field_is_named_as_required() -> None:
    body = {key: value for key, value in GOOD.items() if key != "template_id"}

    with pytest.raises(NoticesError) as error:
        parse_delivery_receipt(body)

    assert error.value.fields == {"template_id": "is required, as text"}


def test_every_bad_field_is_named_at_once() -> None:
    with pytest.raises(NoticesError) as error:
        parse_delivery_receipt({"status": "delivered"})

    assert set(error.value.fields) == set(GOOD) - {"status", "reference", "completed_at", "sent_at"}
    assert error.value.as_json()["error"]["code"] == "invalid_request"


@pytest.mark.parametrize("body", [b"{", "not json", b"[1, 2]", "null", 7])
def test_a_body_that_is_not_a_json_object_is_refused_without_a_traceback(body: object) -> None:
    with pytest.raises(NoticesError, match="JSON"):
        parse_delivery_receipt(body)  # type: ignore[arg-type]


def test_the_fake_sends_receipts_with_exactly_the_statuses_the_parser_takes() -> None:
    assert set(RECEIPT_STATUSES) == FINAL
