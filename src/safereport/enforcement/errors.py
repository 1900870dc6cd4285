"""Refusals of the Immigration Enforcement side: the kernel's shared kinds (`safereport.errors`)
and its own. It imports the kernel, never case work (the firewall in the code)."""

from __future__ import annotations

from safereport.errors import NotFoundError, ServiceError

__all__ = ["EnforcementError", "NotFoundError", "RefusedDisclosureError"]


class EnforcementError(ServiceError):
    """A request the enforcement side refuses; `fields` maps what to fix to why."""


class RefusedDisclosureError(EnforcementError):
    """A snapshot that breaks the firewall's contract (a field or category it may not carry)."""

    code = "refused_disclosure"
