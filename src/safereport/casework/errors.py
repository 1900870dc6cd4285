"""Refusals of case work: the kernel's shared kinds (`safereport.errors`), and the police side's
own, each a `CaseworkError`."""

from __future__ import annotations

from safereport import errors
from safereport.errors import (
    AlreadyDoneError,
    NotFoundError,
    NotPermittedError,
    ServiceError,
)

__all__ = [
    "AlreadyDoneError",
    "CaseworkError",
    "NoRegimeError",
    "NotFoundError",
    "NotPermittedError",
    "Problems",
    "ReasonRequiredError",
    "StaleDecisionError",
]


class CaseworkError(ServiceError):
    """A request about case work that cannot be carried out; `fields` says what to fix."""


class ReasonRequiredError(CaseworkError):
    """A data protection officer opening a case not assigned to them must say why."""

    code = "reason_required"


class NoRegimeError(CaseworkError):
    """The force has no regime in force yet; its data protection officer must set one."""

    code = "no_regime"


class StaleDecisionError(CaseworkError):
    """The facts a decision was made on have changed; ask for a new decision first."""

    code = "stale_decision"


class Problems(errors.Problems):
    """Problems collected by field, raised together as one `CaseworkError`."""

    error = CaseworkError
