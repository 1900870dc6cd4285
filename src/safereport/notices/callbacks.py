"""GOV.UK Notify's delivery receipts: the bearer token Notify sends with every callback, checked
in constant time, and the receipt's body parsed into a `DeliveryReceipt`, every field checked and
every problem named field by field (a `NoticesError`, never a traceback).

Fields Notify may add later are ignored, not refused: a receipt refused is retried five times and
then lost, and the service reads only the fields below.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from safereport.errors import vouched
from safereport.notices.errors import NoticesError, Problems
from safereport.notices.notify import Status

# The statuses a receipt carries: only final ones (Notify's "Delivery receipts").
RECEIPT_STATUSES = (
    Status.DELIVERED,
    Status.PERMANENT_FAILURE,
    Status.TEMPORARY_FAILURE,
    Status.TECHNICAL_FAILURE,
)
# Notify sends receipts for text messages and emails; a letter's progress is not called back.
RECEIPT_TYPES = ("sms", "email")
TIME_EXAMPLE = "2017-05-14T12:15:30.000000Z"


def callback_authorised(authorization: str | None, token: str) -> bool:
    """Whether an `Authorization` header is `Bearer <token>`. Never when no token is configured,
    so that a service without one accepts no receipt. Both sides are hashed before they are
    compared, so the comparison takes the same time whatever was sent, even its length."""
    if not token or not authorization:
        return False
    scheme, _, given = authorization.strip().partition(" ")
    if scheme.lower() != "bearer":  # the scheme is case-insensitive (RFC 9110 11.1)
        return False
    given_digest = hashlib.sha256(given.strip().encode()).digest()
    expected_digest = hashlib.sha256(token.encode()).digest()
    return hmac.compare_digest(given_digest, expected_digest)


@dataclass(frozen=True)
class DeliveryReceipt:
    """Where a text message or email got to, as Notify tells it."""

    id: str  # Notify's id for the message: the `id` its answer to the send gave
    reference: str | None  # ours, as given to the send
    to: str  # the phone number or email address: personal data, never to be logged or audited
    status: Status
    created_at: datetime
    completed_at: datetime | None
    sent_at: datetime | None
    notification_type: str  # "sms" or "email"
    template_id: str
    template_version: int

    @property
    def delivered(self) -> bool:
        return self.status == Status.DELIVERED


def parse_delivery_receipt(body: bytes | str | Mapping[str, object]) -> DeliveryReceipt:
    """The receipt in `body` (the raw request body or its decoded JSON), or a `NoticesError`
    whose `fields` name every field that is missing or wrong."""
    if isinstance(body, bytes | str):
        try:
            body = json.loads(body)
        except ValueError:
            raise NoticesError("A delivery receipt must be JSON.") from None
    if not isinstance(body, Mapping):
        raise NoticesError("A delivery receipt must be a JSON object.")
    problems = Problems()
    receipt_id = notify_id(problems, body, "id")
    reference = optional_text(problems, body, "reference")
    to = text(problems, body, "to")
    status = receipt_status(problems, body, "status")
    created_at = moment(problems, body, "created_at", required=True)
    completed_at = moment(problems, body, "completed_at", required=False)
    sent_at = moment(problems, body, "sent_at", required=False)
    notification_type = text(problems, body, "notification_type")
    if notification_type and notification_type not in RECEIPT_TYPES:
        problems.add("notification_type", "must be one of " + ", ".join(RECEIPT_TYPES))
    template_id = notify_id(problems, body, "template_id")
    template_version = version(problems, body, "template_version")
    problems.raise_if_any("The delivery receipt is not one Notify would send.")
    return DeliveryReceipt(
        id=receipt_id,
        reference=reference,
        to=to,
        status=vouched(status),
        created_at=vouched(created_at),
        completed_at=completed_at,
        sent_at=sent_at,
        notification_type=notification_type,
        template_id=template_id,
        template_version=template_version,
    )


def text(problems: Problems, body: Mapping[str, object], name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value.strip():
        problems.add(name, "is required, as text")
        return ""
    return value


def optional_text(problems: Problems, body: Mapping[str, object], name: str) -> str | None:
    value = body.get(name)
    if value is not None and not isinstance(value, str):
        problems.add(name, "must be text or null")
        return None
    return value


def notify_id(problems: Problems, body: Mapping[str, object], name: str) -> str:
    value = text(problems, body, name)
    if not value:
        return ""
    try:
        return str(uuid.UUID(value))
    except ValueError:
        problems.add(name, "must be a UUID")
        return ""


def receipt_status(problems: Problems, body: Mapping[str, object], name: str) -> Status | None:
    value = body.get(name)
    for status in RECEIPT_STATUSES:
        if value == status.value:
            return status
    problems.add(name, "must be one of " + ", ".join(RECEIPT_STATUSES))
    return None


def version(problems: Problems, body: Mapping[str, object], name: str) -> int:
    value = body.get(name)
    # JSON's true is not a number, though Python's True is an int
    if not isinstance(value, int) or isinstance(value, bool):
        problems.add(name, "must be a whole number")
        return 0
    if value < 1:
        problems.add(name, "must be at least 1")
    return value


def moment(
    problems: Problems, body: Mapping[str, object], name: str, *, required: bool
) -> datetime | None:
    value = body.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        problems.add(name, f"is required, as a time such as {TIME_EXAMPLE}")
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        problems.add(name, f"must be a time in UTC such as {TIME_EXAMPLE}")
        return None
    return parsed
