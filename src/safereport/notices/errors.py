"""Refusals of the notices: the kernel's shared kinds (`safereport.errors`) and their own, each a
`NoticesError`."""

from __future__ import annotations

from safereport import errors
from safereport.errors import ServiceError

__all__ = ["NoticesError", "NotifyUnavailableError", "Problems"]


class NoticesError(ServiceError):
    """A request about a notice that cannot be carried out; `fields` says what to fix."""


class NotifyUnavailableError(NoticesError):
    """Text messages, emails and letters cannot be sent: GOV.UK Notify is not configured (and
    outside local mode the fake is never used in its place, so nothing is recorded as sent that
    was not)."""

    code = "notify_unavailable"


class Problems(errors.Problems):
    """Problems collected by field, raised together as one `NoticesError`."""

    error = NoticesError
