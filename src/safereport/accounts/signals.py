"""Sign-in, sign-out, failed sign-in and lock-out become audit events.

Attempted usernames are not recorded: a failed attempt is identified by a keyed hash of the
username, so repeated attempts can be linked without keeping what was typed.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.dispatch import receiver

from safereport.audit.events import Actor, record
from safereport.audit.names import AuditAction


def attempt_reference(username: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), username.encode(), hashlib.sha256)
    return "attempt_" + digest.hexdigest()[:16]


@receiver(user_logged_in)
def _signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    with transaction.atomic():
        record(
            Actor.for_user(user), AuditAction.ACCOUNTS_SESSION_SIGNED_IN, subjects=[user.pseudonym]
        )


@receiver(user_logged_out)
def _signed_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is None:
        return
    with transaction.atomic():
        record(
            Actor.for_user(user), AuditAction.ACCOUNTS_SESSION_SIGNED_OUT, subjects=[user.pseudonym]
        )


@receiver(user_login_failed)
def _sign_in_failed(sender: Any, credentials: dict[str, Any], **kwargs: Any) -> None:
    reference = attempt_reference(str(credentials.get("username", "")))
    with transaction.atomic():
        record(Actor.anonymous(), AuditAction.ACCOUNTS_SESSION_SIGN_IN_FAILED, subjects=[reference])


@receiver(user_locked_out)
def _locked_out(sender: Any, request: Any, username: str | None = None, **kwargs: Any) -> None:
    reference = attempt_reference(str(username or ""))
    with transaction.atomic():
        record(Actor.anonymous(), AuditAction.ACCOUNTS_SESSION_LOCKED_OUT, subjects=[reference])
