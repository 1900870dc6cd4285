"""Audit events: who did what to which pseudonymous references, written as RFC 8785 canonical
JSON leaves of the log inside the caller's transaction. Event contents are never logged."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

import rfc8785
from django.conf import settings

from safereport.audit import checkpoints, storage
from safereport.audit.errors import EventError
from safereport.audit.names import AuditAction

# <context>:<subject>:<verb>, as in casework:sharing_decision:made (STYLE.md, names with a grammar):
# every AuditAction reads so (a test checks each).
ACTION = re.compile(r"[a-z][a-z0-9_]*:[a-z][a-z0-9_]*:[a-z][a-z0-9_]*")
# Pseudonymous references are opaque tokens (usr_3f9a..., org:some-force): no spaces or '@', which
# turns away the commonest slips, a full name or an e-mail address.
REFERENCE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/-]{0,199}")
# Detail keys that can only hold personal data. Events carry pseudonymous references, never
# names, so that erasing a person never means rewriting the log (DOMAIN.md section 6).
PERSONAL_KEYS = frozenset(
    {
        "name",
        "full_name",
        "given_name",
        "first_name",
        "forename",
        "family_name",
        "last_name",
        "surname",
        "date_of_birth",
        "dob",
        "birth_date",
        "address",
        "home_address",
        "postcode",
        "phone",
        "phone_number",
        "telephone",
        "mobile",
        "email",
        "email_address",
        "passport_number",
        "national_insurance_number",
    }
)


class _Coded(Protocol):
    @property
    def code(self) -> str: ...


class Signable(Protocol):
    """What an actor is made from: a user's pseudonym, role and organisation's code. The audit
    log names no model of accounts, so that accounts can record events without a cycle."""

    @property
    def pseudonym(self) -> str: ...

    @property
    def role(self) -> str: ...

    @property
    def organisation(self) -> _Coded: ...


@dataclass(frozen=True)
class Actor:
    """Who acted: a pseudonymous reference, a role and an organisation code."""

    id: str
    role: str
    organisation: str

    def __post_init__(self) -> None:
        """Refuse an actor that is not three short references."""
        for field, value in (("id", self.id), ("role", self.role), ("org", self.organisation)):
            if not isinstance(value, str) or not REFERENCE.fullmatch(value):
                raise EventError(f"actor {field} {value!r} is not a pseudonymous reference")

    @classmethod
    def for_user(cls, user: Signable) -> Actor:
        """A signed-in user, by pseudonym, never by name."""
        return cls(id=user.pseudonym, role=user.role, organisation=user.organisation.code)

    @classmethod
    def system(cls, name: str) -> Actor:
        """The service itself acting, e.g. `Actor.system("demo")` for the demonstration data."""
        return cls(id=f"system:{name}", role="system", organisation="system")

    @classmethod
    def anonymous(cls) -> Actor:
        """Someone not signed in, such as a failed sign-in."""
        return cls(id="anonymous", role="anonymous", organisation="anonymous")

    def as_json(self) -> dict[str, str]:
        """The actor as it appears in an event."""
        return {"id": self.id, "role": self.role, "organisation": self.organisation}


def record(
    actor: Actor,
    action: AuditAction,
    subjects: Iterable[str] = (),
    details: Mapping[str, Any] | None = None,
) -> int:
    """Append an event to the audit log inside the current transaction; return its index.

    Raises `OutsideTransactionError` outside `transaction.atomic()`: the event and the change it
    records must commit or roll back together, and a change whose event cannot be written fails.
    Every `AUDIT_CHECKPOINT_EVERY` events, a checkpoint is signed in the same transaction.
    """
    if not isinstance(actor, Actor):
        raise EventError(f"actor must be an Actor, got {type(actor).__name__}")
    if not isinstance(action, AuditAction):
        raise EventError(
            f"action {action!r} must be one of the AuditAction names (audit/names.py), each "
            "<context>:<subject>:<verb> in lowercase with underscores, e.g. "
            "casework:sharing_decision:made"
        )
    subject_list = _subjects(subjects)
    detail_map = _details(details)

    def encode(index: int, time: datetime) -> bytes:
        return event_bytes(
            index, time, actor=actor, action=action, subjects=subject_list, details=detail_map
        )

    index = storage.append(encode)
    checkpoints.on_append(index + 1, settings.AUDIT_CHECKPOINT_EVERY)
    return index


def event_bytes(
    index: int,
    time: datetime,
    *,
    actor: Actor,
    action: AuditAction,
    subjects: list[str],
    details: dict[str, Any],
) -> bytes:
    """The leaf data of an event: RFC 8785 canonical JSON, one spelling per event."""
    event: dict[str, Any] = {
        "index": index,
        "time": rfc3339(time),
        "actor": actor.as_json(),
        "action": action,
        "subjects": subjects,
        "details": details,
    }
    try:
        return rfc8785.dumps(event)
    except rfc8785.CanonicalizationError as error:
        # Say why, not what: the message names the type or number, never the detail's value.
        raise EventError(f"details cannot be written as canonical JSON: {error}") from None


def rfc3339(time: datetime) -> str:
    """UTC time as RFC 3339 with microseconds and "Z", e.g. 2026-11-21T10:15:30.123456Z."""
    if time.tzinfo is None:
        raise EventError("event times must be timezone-aware")
    return time.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _subjects(subjects: Iterable[str]) -> list[str]:
    if isinstance(subjects, str):
        raise EventError("subjects must be a list of references, not a single string")
    result = list(subjects)
    for position, subject in enumerate(result):
        if not isinstance(subject, str) or not REFERENCE.fullmatch(subject):
            raise EventError(
                f"subject {position} is not a pseudonymous reference (letters, digits and "
                "._:/- only, no spaces or '@'): audit events never carry names or contact details"
            )
    return result


def _details(details: Mapping[str, Any] | None) -> dict[str, Any]:
    if details is None:
        return {}
    if not isinstance(details, Mapping):
        raise EventError(f"details must be a JSON object, got {type(details).__name__}")
    _refuse_personal_keys(details, "details")
    return dict(details)


def _refuse_personal_keys(value: object, path: str) -> None:
    """Walk nested objects and lists; name the first key that can only hold personal data."""
    if isinstance(value, Mapping):
        for key, inner in value.items():
            if not isinstance(key, str):
                raise EventError(f"{path} has a key that is not a string: JSON keys are strings")
            if key.lower().replace("-", "_").replace(" ", "_") in PERSONAL_KEYS:
                raise EventError(
                    f"{path}.{key} looks like personal data: audit events carry pseudonymous "
                    "references only, never names, dates of birth, addresses or contact details"
                )
            _refuse_personal_keys(inner, f"{path}.{key}")
    elif isinstance(value, list | tuple):
        for position, inner in enumerate(value):
            _refuse_personal_keys(inner, f"{path}[{position}]")
