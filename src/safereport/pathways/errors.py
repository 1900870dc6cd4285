"""Exceptions of the pathways, in the service's one error shape.

They are `CaseworkError`s so that the one place that maps errors to responses (pages and the
JSON API) handles them unchanged; `code` says which kind of refusal it is.
"""

from __future__ import annotations

from safereport.casework.errors import (
    AlreadyDoneError,
    CaseworkError,
    NotFoundError,
    NotPermittedError,
)
from safereport.casework.inputs import Problems as CaseworkProblems

__all__ = [
    "AlreadyDoneError",
    "InvalidTransitionError",
    "NotFoundError",
    "NotPermittedError",
    "PathwaysError",
    "Problems",
]


class PathwaysError(CaseworkError):
    """A request about the pathways that cannot be carried out; `fields` says what to fix."""


class InvalidTransitionError(PathwaysError):
    """A referral cannot move from its status to the one asked for (`lifecycle.TRANSITIONS`)."""

    code = "invalid_transition"


class Problems(CaseworkProblems):
    """Problems collected by field, raised together as a `PathwaysError`."""

    def raise_if_any(self, message: str = "Some details need correcting.") -> None:
        if self.fields:
            raise PathwaysError(message, self.fields)
