"""The service's one error kernel: every refusal the service gives is a `ServiceError`, whose
`code` says which kind it is and whose `fields` name what to fix, in the one shape
`{"error": {"code", "message", "fields"}}` (STYLE.md 6).

Framework-free and importing nothing of the service, so that every layer (the policy engine
included) can raise these and one handler (`api/errors.py`, the pages' views) can answer them.
The apps specialise the base for refusals of their own (`casework.errors`, `enforcement.errors`,
`pathways.errors`); the kinds shared by all of them are defined here, once.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Any, TypeVar

E = TypeVar("E", bound=Enum)
T = TypeVar("T")


class ServiceError(ValueError):
    """A request that cannot be carried out; `fields` maps what to fix to why."""

    code = "invalid_request"

    def __init__(self, message: str, fields: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = dict(fields or {})

    def as_json(self) -> dict[str, Any]:
        """`{"error": {"code", "message", "fields"}}`."""
        return {"error": {"code": self.code, "message": self.message, "fields": self.fields}}


class NotFoundError(ServiceError):
    """Nothing by that reference that this user may see. The same answer whether it does not
    exist or belongs to someone else, so that a refusal reveals nothing (STYLE.md 4)."""

    code = "not_found"

    def __init__(self) -> None:
        super().__init__("There is nothing with that reference that you can see.")


class NotPermittedError(ServiceError):
    """The user may see the thing but not do this to it (e.g. an officer setting the regime)."""

    code = "not_permitted"


class AlreadyDoneError(ServiceError):
    """The thing is already as asked (e.g. a consent already withdrawn): nothing was changed,
    and asking again will not change it."""

    code = "already_done"


class Problems:
    """Collects problems by field, so that one answer names everything to fix; `raise_if_any`
    raises them together as `error`, which an app's subclass sets to its own kind."""

    error: type[ServiceError] = ServiceError

    def __init__(self) -> None:
        self.fields: dict[str, str] = {}

    def add(self, field: str, why: str) -> None:
        """Note a problem (the first one per field wins)."""
        self.fields.setdefault(field, why)

    def word(self, vocabulary: type[E], value: object, field: str) -> E | None:
        """The vocabulary's word for `value`, or None with the problem noted."""
        try:
            return vocabulary(value)
        except ValueError:
            allowed = ", ".join(str(item.value) for item in vocabulary)
            self.add(field, f"must be one of {allowed}")
            return None

    def raise_if_any(self, message: str = "Some details need correcting.") -> None:
        """Raise every problem noted, if there were any."""
        if self.fields:
            raise self.error(message, self.fields)


def vouched(value: T | None) -> T:
    """A value that `Problems.raise_if_any` has vouched for: it raised if the word was unknown."""
    if value is None:
        raise ServiceError("A required value is missing.")
    return value
