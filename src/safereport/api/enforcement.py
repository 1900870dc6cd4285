"""Immigration Enforcement endpoints: the inbox of disclosures, and the protocol check. There is
no search: a person is reached only by a protocol reference that came with a disclosure."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from safereport.api.auth import IMMIGRATION_ENFORCEMENT, serves, signed_in
from safereport.api.schemas import InboxEntryOut, ProtocolCheckIn, ProtocolCheckOut, answers
from safereport.enforcement.actions import InboxEntry, check_protocol, inbox

router = Router(tags=["immigration enforcement"])


@router.get(
    "/inbox", response=answers({200: list[InboxEntryOut]}), **serves(IMMIGRATION_ENFORCEMENT)
)
def read_inbox(request: HttpRequest) -> list[InboxEntry]:
    """The disclosures addressed to your organisation, newest first, each holding only the
    fields the police were permitted to share (reading them is an audit event)."""
    return inbox(signed_in(request))


@router.post(
    "/protocol-checks",
    response=answers({200: ProtocolCheckOut}, 400, 422),
    **serves(IMMIGRATION_ENFORCEMENT),
)
def run_protocol_check(request: HttpRequest, payload: ProtocolCheckIn) -> dict[str, Any]:
    """May Immigration Enforcement take this action about the person with this protocol
    reference, now? Decided on the case's facts at this moment; every check is an audit event."""
    result = check_protocol(
        actor=signed_in(request),
        protocol_reference=payload.protocol_reference,
        action=payload.action,
    )
    return {"protocol_reference": payload.protocol_reference, **result.as_json()}
