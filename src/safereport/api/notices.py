"""Notice endpoints: the police read a party's current notice (in the person's language and in
English) and record or send its delivery; GOV.UK Notify posts its delivery receipts."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Router, Status
from ninja.security import HttpBearer

from safereport.accounts.roles import POLICE_ROLES
from safereport.api.auth import serves, signed_in
from safereport.api.schemas import (
    DeliveryIn,
    DeliveryOut,
    NoticeOut,
    NotifyReceiptOut,
    answers,
)
from safereport.casework import queries
from safereport.notices import delivery
from safereport.notices.callbacks import callback_authorised, parse_delivery_receipt
from safereport.notices.codes import display_code
from safereport.notices.models import Delivery, Notice

router = Router(tags=["notices"])


@router.get(
    "/parties/{reference}/notice", response=answers({200: NoticeOut}), **serves(POLICE_ROLES)
)
def read_notice(request: HttpRequest, reference: str) -> dict[str, Any]:
    """The party's current notice: its text in the person's language and in English, its
    hashes, and every delivery of every version."""
    actor = signed_in(request)
    notice = delivery.notice_for(actor, queries.party_for(actor, reference))
    return notice_json(notice)


@router.post(
    "/parties/{reference}/notice/deliveries",
    response=answers({201: DeliveryOut}, 400, 409, 422),
    **serves(POLICE_ROLES),
)
def deliver(request: HttpRequest, reference: str, payload: DeliveryIn) -> Status[dict[str, Any]]:
    """Record that you gave the current version in person (the answer carries the new access
    code, shown this once), or send it by text message, email or letter through GOV.UK Notify;
    refused, with the reason, where the person's safe-contact instructions rule the channel out."""
    actor = signed_in(request)
    notice = delivery.notice_for(actor, queries.party_for(actor, reference))
    code = None
    if payload.channel == Delivery.Channel.IN_PERSON.value:
        given = delivery.give_in_person(
            actor=actor, notice=notice, interpreter_language=payload.interpreter_language
        )
        made, code = given.delivery, display_code(given.access_code)
    else:
        read_at = request.build_absolute_uri("/notice/")
        made = delivery.send(actor=actor, notice=notice, channel=payload.channel, read_at=read_at)
    return Status(201, {**delivery_json(made), "access_code": code})


class NotifyToken(HttpBearer):
    """GOV.UK Notify's bearer token on its callbacks (`SAFEREPORT_NOTIFY_CALLBACK_TOKEN`)."""

    def authenticate(self, request: HttpRequest, token: str) -> bool | None:
        return (
            True if callback_authorised(f"Bearer {token}", settings.NOTIFY_CALLBACK_TOKEN) else None
        )


@router.post(
    "/notify/delivery-receipts",
    response=answers({200: NotifyReceiptOut}, 422),
    auth=NotifyToken(),
    openapi_extra={"x-roles": ["gov.uk notify"]},
)
def notify_receipt(request: HttpRequest) -> dict[str, Any]:
    """GOV.UK Notify's delivery receipt for a text message or email: the delivery follows it."""
    received = parse_delivery_receipt(request.body)
    found = delivery.receipt(received)
    return {"recorded": found is not None}


def notice_json(notice: Notice) -> dict[str, Any]:
    return {
        "reference": notice.series.reference,
        "version": notice.version,
        "language": notice.language,
        "issued_at": notice.issued_at,
        "regime": notice.regime,
        "regime_version": notice.regime_version,
        "sha256": notice.sha256,
        "text": notice.text,
        "english_sha256": notice.english_sha256,
        "english_text": notice.english_text,
        "deliveries": [
            delivery_json(d)
            for version in notice.series.versions.all()
            for d in version.deliveries.all()
        ],
    }


def delivery_json(made: Delivery) -> dict[str, Any]:
    return {
        "reference": made.reference,
        "version": made.notice.version,
        "channel": made.channel,
        "status": made.status,
        "interpreter_language": made.interpreter_language or None,
        "recorded_at": made.recorded_at,
    }
