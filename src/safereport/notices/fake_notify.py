"""A fake of GOV.UK Notify for local mode and the tests (STYLE.md 3: fakes, not mocks): it
implements `notify.NotifyClient`, keeps every message in memory, answers in Notify's shapes,
refuses what Notify would refuse for the things that matter here (the recipient, the template,
the personalisation) with the real client's exception carrying Notify's error JSON, and writes
the delivery receipt Notify would post to the callback.

It is stricter than Notify in two ways, both on purpose: it takes UK mobile numbers only (a
service may be allowed international numbers; this one sends to people in England and Wales),
and personalisation values must be strings (Notify also takes numbers and lists; the service
sends only text, so anything else is a bug worth failing on).
"""

from __future__ import annotations

import json
import re
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

import phonenumbers
import requests
from notifications_python_client.errors import HTTPError

from safereport.notices.notify import Notification, SentNotification, Status, TemplateRef

API = "https://api.notifications.service.gov.uk"  # the real client's default base URL
SENDER_NUMBER = "SafeReport"
SENDER_EMAIL = "safe.reporting@notifications.service.gov.uk"
# Notify's v2 API's words for a refused phone number (notifications-utils' legacy messages).
NOT_A_UK_MOBILE = "Not a UK mobile number"
TOO_MANY_DIGITS = "Too many digits"
NOT_ENOUGH_DIGITS = "Not enough digits"
LETTERS_OR_SYMBOLS = "Must not contain letters or symbols"
# What Notify lets through before it reads the digits: spaces, brackets, dashes, the plus.
PHONE_CHARACTERS = frozenset("0123456789()+- \t")
# Ofcom's numbers for drama (07700 900000 to 900999): phonenumbers calls them invalid, Notify
# takes them, and they are the only mobile numbers tests and demos may use.
DRAMA_MOBILE = re.compile(r"7700900\d{3}")
UK_MOBILE_DIGITS = 10  # digits after +44: 7 and nine more
EMAIL = re.compile(r"[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~\-]+@([^.@][^@\s]+)")
HOSTNAME_PART = re.compile(r"(xn|[a-z0-9]+)(-?-[a-z0-9]+)*", re.IGNORECASE)
TOP_LEVEL_DOMAIN = re.compile(r"([a-z]{2,63}|xn--([a-z0-9]+-)*[a-z0-9]+)", re.IGNORECASE)
EMAIL_MAX_LENGTH = 320  # characters, as Notify allows
HOSTNAME_MAX_LENGTH = 253  # characters (RFC 1035)
LABEL_MAX_LENGTH = 63  # characters (RFC 1035)
ADDRESS_KEYS = tuple(f"address_line_{n}" for n in range(1, 8))
ADDRESS_MIN_LINES = 3
UK_POSTCODE = re.compile(r"[A-Z]{1,2}[0-9][0-9A-Z]?[0-9][ABD-HJLNP-UW-Z]{2}")
PLACEHOLDER = re.compile(r"\(\(([^()]+)\)\)")  # Notify's ((name))


def now() -> datetime:
    return datetime.now(tz=UTC)


def notify_time(moment: datetime) -> str:
    """A time as Notify writes it: `2017-05-14T12:15:30.000000Z`."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def notify_error(status_code: int, *errors: tuple[str, str]) -> HTTPError:
    """What the real client raises when Notify answers `status_code` with these (error, message)
    pairs: `HTTPError.create` over the `requests` error, its response carrying Notify's JSON, so
    that `status_code`, `message` and `response.json()` read as they would from Notify."""
    body = {
        "errors": [{"error": error, "message": message} for error, message in errors],
        "status_code": status_code,
    }
    response = requests.Response()
    response.status_code = status_code
    response.headers["Content-Type"] = "application/json"
    response.encoding = "utf-8"
    response._content = json.dumps(body).encode()  # how requests holds a read body
    return HTTPError.create(requests.HTTPError(response=response))


def phone_number_problem(number: str) -> str | None:
    """Why Notify would refuse `number` as a UK mobile, in its words; None if it would send."""
    if set(number) - PHONE_CHARACTERS:
        return LETTERS_OR_SYMBOLS
    try:
        parsed = phonenumbers.parse(number, "GB")
    except phonenumbers.NumberParseException:
        return NOT_ENOUGH_DIGITS
    if parsed.country_code != 44:
        return NOT_A_UK_MOBILE
    digits = phonenumbers.national_significant_number(parsed)
    if len(digits) != UK_MOBILE_DIGITS:
        return TOO_MANY_DIGITS if len(digits) > UK_MOBILE_DIGITS else NOT_ENOUGH_DIGITS
    drama = DRAMA_MOBILE.fullmatch(digits) is not None
    mobile = phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.MOBILE
    return None if drama or (mobile and phonenumbers.is_valid_number(parsed)) else NOT_A_UK_MOBILE


def is_email_address(text: str) -> bool:
    """Whether Notify would send to `text`: its rules (notifications-utils), which are stricter
    than the RFC about the local part so that its email provider never fails on one."""
    address = text.strip()
    match = EMAIL.fullmatch(address)
    if not match or len(address) > EMAIL_MAX_LENGTH or ".." in address:
        return False
    try:
        hostname = match.group(1).encode("idna").decode("ascii")
    except UnicodeError:
        return False
    labels = hostname.split(".")
    if len(hostname) > HOSTNAME_MAX_LENGTH or len(labels) < 2:
        return False
    for label in labels:
        if len(label) > LABEL_MAX_LENGTH or not HOSTNAME_PART.fullmatch(label):
            return False
    return TOP_LEVEL_DOMAIN.fullmatch(labels[-1]) is not None


def is_uuid(text: object) -> bool:
    if not isinstance(text, str):
        return False
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class FakeTemplate:
    """A template the fake knows, so that it can refuse a wrong or unknown template id and a
    missing placeholder as Notify would. Without any, the fake takes every well-formed id."""

    type: str  # "sms", "email" or "letter"
    body: str  # with Notify's ((placeholders))
    subject: str = ""
    version: int = 1


@dataclass(frozen=True)
class SentMessage:
    """One message the fake was asked to send, and where it has got to."""

    id: str
    type: str
    to: str  # the phone number or email address as given; a letter's address lines, joined
    template_id: str
    template_version: int
    personalisation: Mapping[str, str]
    reference: str | None
    subject: str
    body: str
    created_at: datetime
    status: Status = Status.CREATED
    sent_at: datetime | None = None
    completed_at: datetime | None = None


# Receipts carry only final statuses (test_callbacks holds this to `callbacks.RECEIPT_STATUSES`).
FINAL = frozenset(
    {
        Status.DELIVERED,
        Status.PERMANENT_FAILURE,
        Status.TEMPORARY_FAILURE,
        Status.TECHNICAL_FAILURE,
    }
)


@dataclass
class FakeNotifyClient:
    """`notify.NotifyClient`, in memory. `templates`, when given, are the only ones it knows;
    `clock` says what time it is (tests pass a fixed one)."""

    templates: Mapping[str, FakeTemplate] | None = None
    clock: Callable[[], datetime] = now
    _messages: dict[str, SentMessage] = field(default_factory=dict, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    @property
    def sent(self) -> list[SentMessage]:
        """Every message sent, oldest first."""
        with self._lock:
            return list(self._messages.values())

    def clear(self) -> None:
        with self._lock:
            self._messages.clear()

    def send_sms_notification(
        self,
        phone_number: str,
        template_id: str,
        personalisation: dict[str, str] | None = None,
        reference: str | None = None,
    ) -> SentNotification:
        problems = self._schema_problems(template_id, personalisation, reference)
        if not isinstance(phone_number, str) or not phone_number:
            problems.append("phone_number is a required property")
        elif why := phone_number_problem(phone_number):
            problems.append(f"phone_number {why}")
        return self._send(
            "sms", phone_number, template_id, personalisation, reference, problems=problems
        )

    def send_email_notification(
        self,
        email_address: str,
        template_id: str,
        personalisation: dict[str, str] | None = None,
        reference: str | None = None,
    ) -> SentNotification:
        problems = self._schema_problems(template_id, personalisation, reference)
        if not isinstance(email_address, str) or not email_address:
            problems.append("email_address is a required property")
        elif not is_email_address(email_address):
            problems.append("email_address Not a valid email address")
        return self._send(
            "email", email_address, template_id, personalisation, reference, problems=problems
        )

    def send_letter_notification(
        self,
        template_id: str,
        personalisation: dict[str, str],
        reference: str | None = None,
    ) -> SentNotification:
        problems = self._schema_problems(template_id, personalisation, reference)
        address = ""
        if not problems:
            problems.extend(address_problems(personalisation))
            lines = (personalisation.get(key, "").strip() for key in ADDRESS_KEYS)
            address = ", ".join(line for line in lines if line)
        return self._send(
            "letter", address, template_id, personalisation, reference, problems=problems
        )

    def get_notification_by_id(self, id: str) -> Notification:
        if not is_uuid(id):
            raise notify_error(400, ("ValidationError", "id is not a valid UUID"))
        with self._lock:
            message = self._messages.get(id)
        if message is None:
            raise notify_error(404, ("NoResultFound", "No result found"))
        return notification(message)

    def delivery_receipt(
        self, notification_id: str, status: Status = Status.DELIVERED
    ) -> dict[str, Any]:
        """The body Notify would post to the callback when the message reached `status`, which
        becomes the message's status here too. Notify sends receipts for text messages and
        emails only, and only with a final status."""
        if status not in FINAL:
            raise ValueError(f"Notify sends no receipt with the status {status}")
        with self._lock:
            message = self._messages[notification_id]
            if message.type == "letter":
                raise ValueError("Notify sends no delivery receipts for letters")
            moment = self.clock()
            message = replace(message, status=status, sent_at=moment, completed_at=moment)
            self._messages[notification_id] = message
        return {
            "id": message.id,
            "reference": message.reference,
            "to": message.to,
            "status": str(message.status),
            "created_at": notify_time(message.created_at),
            "completed_at": notify_time(moment),
            "sent_at": notify_time(moment),
            "notification_type": message.type,
            "template_id": message.template_id,
            "template_version": message.template_version,
        }

    def _schema_problems(
        self, template_id: object, personalisation: object, reference: object
    ) -> list[str]:
        """What Notify's request schema refuses, every problem at once as Notify lists them."""
        problems = []
        if not template_id:
            problems.append("template_id is a required property")
        elif not is_uuid(template_id):
            problems.append("template_id is not a valid UUID")
        if personalisation is not None:
            if not isinstance(personalisation, dict):
                kind = type(personalisation).__name__
                problems.append(f"personalisation {kind} is not of type object")
            else:
                problems.extend(
                    f"personalisation {key} is not of type string"
                    for key, value in personalisation.items()
                    if not isinstance(value, str)
                )
        if reference is not None and not isinstance(reference, str):
            problems.append(f"reference {type(reference).__name__} is not of type string")
        return problems

    def _send(
        self,
        kind: str,
        to: str,
        template_id: str,
        personalisation: dict[str, str] | None,
        reference: str | None,
        *,
        problems: list[str],
    ) -> SentNotification:
        if problems:
            raise notify_error(400, *(("ValidationError", problem) for problem in problems))
        values = dict(personalisation or {})
        template = self._template(kind, template_id, values)
        message = SentMessage(
            id=str(uuid.uuid4()),
            type=kind,
            to=to,
            template_id=template_id,
            template_version=template.version,
            personalisation=values,
            reference=reference,
            subject=fill(template.subject, values),
            body=fill(template.body, values),
            created_at=self.clock(),
        )
        with self._lock:
            self._messages[message.id] = message
        return sent_notification(message)

    def _template(self, kind: str, template_id: str, values: Mapping[str, str]) -> FakeTemplate:
        """The template to send, refused as Notify refuses it: unknown, of another kind, or
        with a placeholder the personalisation does not fill."""
        if self.templates is None:
            return unknown_template(kind, values)
        template = self.templates.get(template_id)
        if template is None:
            raise notify_error(400, ("BadRequestError", "Template not found"))
        if template.type != kind:
            message = f"{template.type} template is not suitable for {kind} notification"
            raise notify_error(400, ("BadRequestError", message))
        wanted = PLACEHOLDER.findall(template.subject + template.body)
        missing = sorted({name for name in wanted if name not in values})
        if missing:
            message = "Missing personalisation: " + ", ".join(missing)
            raise notify_error(400, ("BadRequestError", message))
        return template


def address_problems(personalisation: Mapping[str, str]) -> list[str]:
    """What Notify refuses in a letter's address: fewer than three lines, or a last line that is
    not a UK postcode (the service writes to UK addresses only)."""
    if not personalisation.get("address_line_1"):
        return ["personalisation address_line_1 is a required property"]
    lines = [personalisation.get(key, "").strip() for key in ADDRESS_KEYS]
    lines = [line for line in lines if line]
    if len(lines) < ADDRESS_MIN_LINES:
        return ["Address must be at least 3 lines"]
    if not UK_POSTCODE.fullmatch(re.sub(r"\s+", "", lines[-1]).upper()):
        return ["Must be a real UK postcode"]
    return []


def unknown_template(kind: str, values: Mapping[str, str]) -> FakeTemplate:
    """A stand-in for a template the fake was not told about: its body is the personalisation's
    values (the address left out), so that what local mode "sent" can be read."""
    text = "\n\n".join(value for key, value in values.items() if key not in ADDRESS_KEYS)
    subject = "Message from Safe Reporting" if kind != "sms" else ""
    return FakeTemplate(type=kind, body=text, subject=subject)


def fill(text: str, values: Mapping[str, str]) -> str:
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), text)


def template_ref(message: SentMessage) -> TemplateRef:
    return {
        "id": message.template_id,
        "version": message.template_version,
        "uri": f"{API}/v2/template/{message.template_id}",
    }


def sent_notification(message: SentMessage) -> SentNotification:
    """What Notify answers to a send, by channel (its client documentation's "Response")."""
    content = {"body": message.body}
    if message.type == "sms":
        content["from_number"] = SENDER_NUMBER
    else:
        content["subject"] = message.subject
    if message.type == "email":
        content["from_email"] = SENDER_EMAIL
    answer: SentNotification = {
        "id": message.id,
        "reference": message.reference,
        "content": content,
        "uri": f"{API}/v2/notifications/{message.id}",
        "template": template_ref(message),
    }
    if message.type == "letter":
        answer["scheduled_for"] = None
    return answer


def notification(message: SentMessage) -> Notification:
    """What Notify answers to `get_notification_by_id`."""
    answer: Notification = {
        "id": message.id,
        "reference": message.reference,
        "type": message.type,
        "status": str(message.status),
        "template": template_ref(message),
        "body": message.body,
        "created_at": notify_time(message.created_at),
        "sent_at": notify_time(message.sent_at) if message.sent_at else None,
        "completed_at": notify_time(message.completed_at) if message.completed_at else None,
    }
    if message.type == "sms":
        answer["phone_number"] = message.to
    elif message.type == "email":
        answer["email_address"] = message.to
        answer["subject"] = message.subject
    else:
        answer["subject"] = message.subject
        answer["postage"] = "second"
        for number, key in enumerate(ADDRESS_KEYS, start=1):
            if line := message.personalisation.get(key, "").strip():
                # TypedDict keys must be literals; these are line_1 to line_7, as declared.
                answer[f"line_{number}"] = line  # type: ignore[literal-required]
    return answer


# The process's fake, which `notify.notify_client()` gives in local mode: one per process, so that
# what was "sent" can be looked at, and its receipts produced, from any request.
LOCAL = FakeNotifyClient()
