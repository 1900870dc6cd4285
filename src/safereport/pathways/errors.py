"""Refusals of the pathways: the kernel's shared kinds (`safereport.errors`) and their own, each
a `PathwaysError`."""

from __future__ import annotations

from safereport import errors
from safereport.errors import AlreadyDoneError, NotFoundError, NotPermittedError, ServiceError

__all__ = [
    "AlreadyDoneError",
    "InvalidTransitionError",
    "NotFoundError",
    "NotPermittedError",
    "PathwaysError",
    "Problems",
]


class PathwaysError(ServiceError):
    """A request about the pathways that cannot be carried out; `fields` says what to fix."""


class InvalidTransitionError(PathwaysError):
    """A referral cannot move from its status to the one asked for (`lifecycle.TRANSITIONS`)."""

    code = "invalid_transition"


class Problems(errors.Problems):
    """Problems collected by field, raised together as one `PathwaysError`."""

    error = PathwaysError
