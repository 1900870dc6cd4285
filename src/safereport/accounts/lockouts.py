"""Lock-outs after repeated failed sign-ins (django-axes): whether an account is locked, until
when, and an administrator lifting the lock before it lifts by itself.

Axes counts failures per username and address (settings.AXES_LOCKOUT_PARAMETERS), so an account
is locked if the failures from any one address reached the limit within the pause. It keeps no
username as typed (issue 14, item 3): its records hold `stored(username)`, a keyed hash, the same
`attempt_` reference the audit log's failed sign-ins carry (AXES_USERNAME_CALLABLE), and the
form's fields are masked (axes' own AXES_SENSITIVE_PARAMETERS).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from safereport.accounts.actions import AccountError, require_admin
from safereport.accounts.models import User
from safereport.accounts.signals import attempt_reference
from safereport.audit.events import Actor, record
from safereport.audit.names import AuditAction


def stored(username: str) -> str:
    """What axes keeps for a username: a keyed hash, never the name typed (which may be someone's
    name, or a password typed into the wrong box)."""
    return attempt_reference(username)


def axes_username(request: HttpRequest, credentials: Mapping[str, Any] | None = None) -> str:
    """AXES_USERNAME_CALLABLE: the username of an attempt, as axes stores and compares it."""
    typed = (credentials or {}).get("username") or request.POST.get("username", "")
    return stored(str(typed))


def pause() -> timedelta:
    """How long a lock lasts after the last failed attempt (AXES_COOLOFF_TIME is in hours)."""
    return timedelta(hours=float(settings.AXES_COOLOFF_TIME))


def _locking_attempts(usernames: Iterable[str] | None = None) -> QuerySet[AccessAttempt]:
    attempts: QuerySet[AccessAttempt] = AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gt=timezone.now() - pause(),
    )
    if usernames is None:
        return attempts
    return attempts.filter(username__in=[stored(username) for username in usernames])


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
    """The usernames locked out now (of `usernames`, or of every user's: axes keeps only their
    hashes, so the candidates are hashed to be matched; at staff scale, a few thousand)."""
    candidates = (
        list(usernames)
        if usernames is not None
        else list(User.objects.values_list("username", flat=True))
    )
    locked = set(_locking_attempts(candidates).values_list("username", flat=True))
    return {username for username in candidates if stored(username) in locked}


@transaction.atomic
def unlock_user(*, actor: User, user: User) -> int:
    """Lift the lock on an account at once (axes' reset for its username, from every address);
    return how many counts of failures were cleared."""
    require_admin(actor)
    if locked_until(user.username) is None:
        raise AccountError("user", "This account is not locked out")
    cleared = reset(username=stored(user.username))
    record(
        Actor.for_user(actor),
        AuditAction.ACCOUNTS_USER_UNLOCKED,
        subjects=[user.pseudonym],
        details={"attempts_cleared": cleared},
    )
    return int(cleared)
