"""Lock-outs after repeated failed sign-ins (django-axes): whether an account is locked, until
when, and an administrator lifting the lock before it lifts by itself.

Axes counts failures per username and address (settings.AXES_LOCKOUT_PARAMETERS), so an account
is locked if the failures from any one address reached the limit within the pause.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from safereport.accounts.actions import AccountError, require_admin
from safereport.accounts.models import User
from safereport.audit.events import Actor, record
from safereport.audit.names import AuditAction


def pause() -> timedelta:
    """How long a lock lasts after the last failed attempt (AXES_COOLOFF_TIME is in hours)."""
    return timedelta(hours=float(settings.AXES_COOLOFF_TIME))


def _locking_attempts(usernames: Iterable[str] | None = None) -> QuerySet[AccessAttempt]:
    attempts: QuerySet[AccessAttempt] = AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gt=timezone.now() - pause(),
    )
    return attempts if usernames is None else attempts.filter(username__in=list(usernames))


def locked_until(username: str) -> datetime | None:
    """When the lock on this username lifts by itself, or None if it is not locked."""
    last = (
        _locking_attempts([username])
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    return last + pause() if last is not None else None


def locked_usernames(usernames: Iterable[str] | None = None) -> set[str]:
    """The usernames locked out now (of `usernames`, or of everyone)."""
    return set(_locking_attempts(usernames).values_list("username", flat=True))


@transaction.atomic
def unlock_user(*, actor: User, user: User) -> int:
    """Lift the lock on an account at once (axes' reset for its username, from every address);
    return how many counts of failures were cleared."""
    require_admin(actor)
    if locked_until(user.username) is None:
        raise AccountError("user", "This account is not locked out")
    cleared = reset(username=user.username)
    record(
        Actor.for_user(actor),
        AuditAction.ACCOUNTS_USER_UNLOCKED,
        subjects=[user.pseudonym],
        details={"attempts_cleared": cleared},
    )
    return int(cleared)
