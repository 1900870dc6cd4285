"""Exceptions of case work; framework-free, each with the service's one error shape."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class CaseworkError(ValueError):
    """A request that cannot be carried out; `fields` maps what to fix to why."""

    code = "invalid_request"

    def __init__(self, message: str, fields: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = dict(fields or {})

    def as_json(self) -> dict[str, Any]:
        """`{"error": {"code", "message", "fields"}}`."""
        return {"error": {"code": self.code, "message": self.message, "fields": self.fields}}


class NotFoundError(CaseworkError):
    """Nothing by that reference that this user may see. The same answer whether it does not
    exist or belongs to another force, so that a refusal reveals nothing."""

    code = "not_found"

    def __init__(self) -> None:
        super().__init__("There is nothing with that reference that you can see.")


class NotPermittedError(CaseworkError):
    """The user may see the thing but not do this to it (e.g. an officer setting the regime)."""

    code = "not_permitted"


class ReasonRequiredError(CaseworkError):
    """A data protection officer opening a case not assigned to them must say why."""

    code = "reason_required"


class AlreadyDoneError(CaseworkError):
    """The thing is already as asked (e.g. a consent already withdrawn): nothing was changed,
    and asking again will not change it."""

    code = "already_done"


class NoRegimeError(CaseworkError):
    """The force has no regime in force yet; its data protection officer must set one."""

    code = "no_regime"


class StaleDecisionError(CaseworkError):
    """The facts a decision was made on have changed; ask for a new decision first."""

    code = "stale_decision"
