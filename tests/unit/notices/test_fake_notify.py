"""The fake Notify: what it keeps and answers, in Notify's shapes, and what it refuses, as Notify
would, with the real client's exception and Notify's error JSON."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from notifications_python_client.errors import HTTPError

from safereport.notices.fake_notify import FakeNotifyClient, FakeTemplate, phone_number_problem
from safereport.notices.notify import Status

TEMPLATE = "f33517ff-2a88-4f6e-b855-c550268ce08a"
MOBILE = "07700 900123"  # Ofcom's range for drama: never a real person's
ADDRESS = {
    "address_line_1": "A Person",
    "address_line_2": "1 High Street",
    "address_line_3": "SW1A 1AA",
}
NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def fake(**kwargs: object) -> FakeNotifyClient:
    return FakeNotifyClient(clock=lambda: NOON, **kwargs)  # type: ignore[arg-type]


def refusal(error: pytest.ExceptionInfo[HTTPError]) -> tuple[int, list[tuple[str, str]]]:
    body = error.value.response.json()  # type: ignore[union-attr]
    assert body["status_code"] == error.value.status_code
    return error.value.status_code, [(e["error"], e["message"]) for e in body["errors"]]


def test_a_text_message_is_kept_and_answered_as_notify_answers() -> None:
    notify = fake()

    answer = notify.send_sms_notification(MOBILE, TEMPLATE, {"text": "Hello"}, "ntc_1")

    assert uuid.UUID(answer["id"])
    assert answer["reference"] == "ntc_1"
    assert answer["content"] == {"body": "Hello", "from_number": "SafeReport"}
    assert answer["template"]["id"] == TEMPLATE
    assert answer["uri"].endswith(f"/v2/notifications/{answer['id']}")
    [message] = notify.sent
    assert (message.id, message.type, message.to, message.reference) == (
        answer["id"],
        "sms",
        MOBILE,
        "ntc_1",
    )
    assert message.status == Status.CREATED


def test_an_email_and_a_letter_are_answered_with_their_own_content() -> None:
    notify = fake()

    email = notify.send_email_notification("a.person@example.org", TEMPLATE, {"text": "Hi"})
    letter = notify.send_letter_notification(TEMPLATE, {**ADDRESS, "text": "Dear"}, "ntc_2")

    assert set(email["content"]) == {"subject", "body", "from_email"}
    assert email["reference"] is None
    assert letter["content"] == {"subject": "Message from Safe Reporting", "body": "Dear"}
    assert letter["scheduled_for"] is None
    assert [m.to for m in notify.sent] == [
        "a.person@example.org",
        "A Person, 1 High Street, SW1A 1AA",
    ]


def test_a_known_template_is_filled_in() -> None:
    notify = fake(templates={TEMPLATE: FakeTemplate("email", "See ((link))", "Notice ((ref))")})

    answer = notify.send_email_notification(
        "a@example.org", TEMPLATE, {"link": "https://x.example/notice/", "ref": "ntc_1"}
    )

    assert answer["content"]["body"] == "See https://x.example/notice/"
    assert answer["content"]["subject"] == "Notice ntc_1"


def test_a_message_can_be_looked_up_and_is_delivered_by_its_receipt() -> None:
    notify = fake()
    sent = notify.send_sms_notification(MOBILE, TEMPLATE, {"text": "Hello"}, "ntc_1")

    before = notify.get_notification_by_id(sent["id"])
    receipt = notify.delivery_receipt(sent["id"], Status.PERMANENT_FAILURE)
    after = notify.get_notification_by_id(sent["id"])

    assert (before["status"], before["phone_number"], before["sent_at"]) == (
        "created",
        MOBILE,
        None,
    )
    assert receipt == {
        "id": sent["id"],
        "reference": "ntc_1",
        "to": MOBILE,
        "status": "permanent-failure",
        "created_at": "2026-03-02T12:00:00.000000Z",
        "completed_at": "2026-03-02T12:00:00.000000Z",
        "sent_at": "2026-03-02T12:00:00.000000Z",
        "notification_type": "sms",
        "template_id": TEMPLATE,
        "template_version": 1,
    }
    assert after["status"] == "permanent-failure"


def test_a_letter_shows_its_address_lines_when_looked_up() -> None:
    notify = fake()
    sent = notify.send_letter_notification(TEMPLATE, ADDRESS)

    got = notify.get_notification_by_id(sent["id"])

    assert (got["type"], got["line_1"], got["line_3"], got["postage"]) == (
        "letter",
        "A Person",
        "SW1A 1AA",
        "second",
    )


def test_notify_sends_no_receipt_for_a_letter_nor_with_a_status_that_is_not_final() -> None:
    notify = fake()
    letter = notify.send_letter_notification(TEMPLATE, ADDRESS)
    text = notify.send_sms_notification(MOBILE, TEMPLATE)

    with pytest.raises(ValueError, match="letters"):
        notify.delivery_receipt(letter["id"])
    with pytest.raises(ValueError, match="sending"):
        notify.delivery_receipt(text["id"], Status.SENDING)


def test_every_fake_keeps_its_own_messages_until_cleared() -> None:
    one, other = fake(), fake()
    one.send_sms_notification(MOBILE, TEMPLATE)

    assert (len(one.sent), len(other.sent)) == (1, 0)
    one.clear()
    assert one.sent == []


@pytest.mark.parametrize(
    "number",
    [
        "07700 900123",
        "07700900123",
        "+447700900123",
        "447700900123",
        "0044 7700 900123",
        "(0)7700-900-123",
        "07911 123456",
    ],
)
def test_uk_mobile_numbers_are_taken_as_notify_takes_them(number: str) -> None:
    assert phone_number_problem(number) is None


@pytest.mark.parametrize(
    ("number", "why"),
    [
        ("07700 9001", "Not enough digits"),
        ("07700 900123 45", "Too many digits"),
        ("07700 9OO123", "Must not contain letters or symbols"),
        ("07700.900.123", "Must not contain letters or symbols"),
        ("020 7946 0958", "Not a UK mobile number"),
        ("+1 202 555 0123", "Not a UK mobile number"),
        ("+33 6 12 34 56 78", "Not a UK mobile number"),
        ("()", "Not enough digits"),
    ],
)
def test_a_number_notify_would_refuse_is_refused_in_its_words(number: str, why: str) -> None:
    with pytest.raises(HTTPError) as error:
        fake().send_sms_notification(number, TEMPLATE)

    assert refusal(error) == (400, [("ValidationError", f"phone_number {why}")])


@pytest.mark.parametrize(
    "address",
    [
        "a@example.org",
        "first.last+tag@sub.example.co.uk",
        "o'brien@example.org",
        "a@xn--bcher-kva.de",
    ],
)
def test_email_addresses_notify_takes(address: str) -> None:
    assert fake().send_email_notification(address, TEMPLATE)["id"]


@pytest.mark.parametrize(
    "address",
    [
        "a@example",
        "a@@example.org",
        "a..b@example.org",
        "a b@example.org",
        '"quoted"@example.org',
        "a@-example.org",
        "a@example.o",
        "@example.org",
        "a@" + "x" * 64 + ".org",
    ],
)
def test_an_email_address_notify_would_refuse_is_refused(address: str) -> None:
    with pytest.raises(HTTPError) as error:
        fake().send_email_notification(address, TEMPLATE)

    assert refusal(error) == (400, [("ValidationError", "email_address Not a valid email address")])


def test_every_problem_of_a_request_is_named_at_once() -> None:
    with pytest.raises(HTTPError) as error:
        fake().send_sms_notification(
            "0770",
            "not-a-uuid",
            {"name": "A", "age": 30, "days": ["mon"]},  # type: ignore[dict-item]
        )

    assert refusal(error) == (
        400,
        [
            ("ValidationError", "template_id is not a valid UUID"),
            ("ValidationError", "personalisation age is not of type string"),
            ("ValidationError", "personalisation days is not of type string"),
            ("ValidationError", "phone_number Not enough digits"),
        ],
    )


@pytest.mark.parametrize(
    ("template_id", "why"),
    [("", "template_id is a required property"), ("123", "template_id is not a valid UUID")],
)
def test_the_template_id_must_be_present_and_a_uuid(template_id: str, why: str) -> None:
    with pytest.raises(HTTPError) as error:
        fake().send_email_notification("a@example.org", template_id)

    assert refusal(error) == (400, [("ValidationError", why)])


def test_personalisation_must_be_an_object_and_a_reference_text() -> None:
    with pytest.raises(HTTPError) as error:
        fake().send_sms_notification(MOBILE, TEMPLATE, ["x"], 7)  # type: ignore[arg-type]

    assert refusal(error)[1] == [
        ("ValidationError", "personalisation list is not of type object"),
        ("ValidationError", "reference int is not of type string"),
    ]


def test_a_known_template_refuses_another_kind_an_unknown_id_and_a_missing_placeholder() -> None:
    other = str(uuid.uuid4())
    notify = fake(templates={TEMPLATE: FakeTemplate("sms", "((greeting)) ((name))")})

    with pytest.raises(HTTPError) as unknown:
        notify.send_sms_notification(MOBILE, other, {"greeting": "Hi", "name": "A"})
    with pytest.raises(HTTPError) as kind:
        notify.send_email_notification("a@example.org", TEMPLATE)
    with pytest.raises(HTTPError) as missing:
        notify.send_sms_notification(MOBILE, TEMPLATE, {"greeting": "Hi"})

    assert refusal(unknown) == (400, [("BadRequestError", "Template not found")])
    assert refusal(kind) == (
        400,
        [("BadRequestError", "sms template is not suitable for email notification")],
    )
    assert refusal(missing) == (400, [("BadRequestError", "Missing personalisation: name")])
    assert notify.sent == []


@pytest.mark.parametrize(
    ("lines", "why"),
    [
        ({}, "personalisation address_line_1 is a required property"),
        (
            {"address_line_1": "A Person", "address_line_2": "SW1A 1AA"},
            "Address must be at least 3 lines",
        ),
        ({**ADDRESS, "address_line_3": "London"}, "Must be a real UK postcode"),
    ],
)
def test_a_letter_needs_three_lines_ending_in_a_uk_postcode(
    lines: dict[str, str], why: str
) -> None:
    with pytest.raises(HTTPError) as error:
        fake().send_letter_notification(TEMPLATE, lines)

    assert refusal(error) == (400, [("ValidationError", why)])


def test_a_postcode_is_read_whatever_its_case_and_spacing() -> None:
    lines = {**ADDRESS, "address_line_3": "", "address_line_5": " sw1a1aa "}

    assert fake().send_letter_notification(TEMPLATE, lines)["id"]


def test_looking_up_a_message_refuses_a_malformed_id_and_finds_no_unknown_one() -> None:
    notify = fake()

    with pytest.raises(HTTPError) as malformed:
        notify.get_notification_by_id("nope")
    with pytest.raises(HTTPError) as unknown:
        notify.get_notification_by_id(str(uuid.uuid4()))

    assert refusal(malformed) == (400, [("ValidationError", "id is not a valid UUID")])
    assert refusal(unknown) == (404, [("NoResultFound", "No result found")])
