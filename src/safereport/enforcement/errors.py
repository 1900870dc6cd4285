"""Exceptions of the Immigration Enforcement side; framework-free, one shape for every error."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class EnforcementError(ValueError):
    """A request the enforcement side refuses; `fields` maps what to fix to why."""

    code = "invalid_request"

    def __init__(self, message: str, fields: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = dict(fields or {})

    def as_json(self) -> dict[str, Any]:
        """`{"error": {"code", "message", "fields"}}`, the service's one error shape."""
        return {"error": {"code": self.code, "message": self.message, "fields": self.fields}}


class NotFoundError(EnforcementError):
    """Nothing by that reference for this user. Deliberately the same whether the reference is
    unknown or belongs to someone else, so that asking reveals nothing."""

    code = "not_found"

    def __init__(self) -> None:
        super().__init__("There is nothing with that reference that you can see.")


class RefusedDisclosureError(EnforcementError):
    """A snapshot that breaks the firewall's contract (a field or category it may not carry)."""

    code = "refused_disclosure"
