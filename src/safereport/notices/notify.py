"""Delivery through GOV.UK Notify: the part of `notifications-python-client` the service uses, as a
Protocol, the shapes of Notify's answers, and `notify_client()`, which gives the real client when
an API key is configured and the fake (`fake_notify.py`) in local mode.

Settings are read when `notify_client()` is called, not on import, so that the Protocol and the
shapes can be imported (by the fake, by tests) without Django being configured.
"""

from __future__ import annotations

from enum import StrEnum
from typing import NotRequired, Protocol, TypedDict

from django.conf import settings
from notifications_python_client.notifications import NotificationsAPIClient

from safereport.notices.errors import NotifyUnavailableError


class Status(StrEnum):
    """Notify's own words for where a message has got to (its documentation's "Message status";
    letters have more, which the service does not read). A delivery receipt carries only the
    final ones (`callbacks.RECEIPT_STATUSES`)."""

    CREATED = "created"
    SENDING = "sending"
    DELIVERED = "delivered"
    PERMANENT_FAILURE = "permanent-failure"
    TEMPORARY_FAILURE = "temporary-failure"
    TECHNICAL_FAILURE = "technical-failure"


class TemplateRef(TypedDict):
    """Which template, at which version, a message was made from."""

    id: str
    version: int
    uri: str


class SentNotification(TypedDict):
    """What Notify answers to a send: its `id` is what delivery receipts quote, and `reference`
    is ours, echoed back (None when we gave none). `content` holds `body` and, by channel,
    `subject`, `from_number` or `from_email`."""

    id: str
    reference: str | None
    content: dict[str, str]
    uri: str
    template: TemplateRef
    scheduled_for: NotRequired[str | None]  # letters only


class Notification(TypedDict):
    """What Notify answers to `get_notification_by_id`: the message and where it has got to.
    The recipient is in `phone_number`, `email_address` or `line_1`..`line_7` by `type`."""

    id: str
    reference: str | None
    type: str  # "sms", "email" or "letter"
    status: str
    template: TemplateRef
    body: str
    created_at: str
    sent_at: str | None
    completed_at: str | None
    subject: NotRequired[str]
    phone_number: NotRequired[str]
    email_address: NotRequired[str]
    line_1: NotRequired[str]
    line_2: NotRequired[str]
    line_3: NotRequired[str]
    line_4: NotRequired[str]
    line_5: NotRequired[str]
    line_6: NotRequired[str]
    line_7: NotRequired[str]
    postage: NotRequired[str]


class NotifyClient(Protocol):
    """Exactly the methods of `NotificationsAPIClient` the service calls, with its parameter names,
    order and defaults (tests/unit/notices/test_notify_protocol.py holds the real client and the
    fake to this). Errors are the client's own: `notifications_python_client.errors.HTTPError`
    (an `APIError`) with `status_code` and `message`, Notify's list of `{"error", "message"}`.

    Personalisation is a `dict`, not any mapping: the real client serialises it with `json.dumps`.
    """

    def send_sms_notification(
        self,
        phone_number: str,
        template_id: str,
        personalisation: dict[str, str] | None = None,
        reference: str | None = None,
    ) -> SentNotification: ...

    def send_email_notification(
        self,
        email_address: str,
        template_id: str,
        personalisation: dict[str, str] | None = None,
        reference: str | None = None,
    ) -> SentNotification: ...

    def send_letter_notification(
        self,
        template_id: str,
        personalisation: dict[str, str],
        reference: str | None = None,
    ) -> SentNotification: ...

    def get_notification_by_id(self, id: str) -> Notification: ...


def notify_client() -> NotifyClient:
    """The real client when `NOTIFY_API_KEY` is set; else the process's fake in local mode.

    Outside local mode, with no key, nothing is sent: the fake never stands in for Notify there,
    so that no delivery is recorded that did not happen. A new real client each call, because
    `NotificationsAPIClient` holds a `requests.Session` and is not thread-safe.
    """
    if settings.NOTIFY_API_KEY:
        client: NotifyClient = NotificationsAPIClient(settings.NOTIFY_API_KEY)
        return client
    if settings.NOTIFY_FAKE:
        # Imported here, not above: the fake is built on this module's shapes.
        from safereport.notices.fake_notify import LOCAL  # noqa: PLC0415

        return LOCAL
    raise NotifyUnavailableError(
        "Text messages, emails and letters are not set up for this service. "
        "Give the notice in person."
    )
