"""Ending a user's sessions at once, when their account is closed or their password reset.

Django would turn such a session away on its next request anyway (a deactivated user, a changed
password); deleting it means nothing is left behind to be turned away. Sessions are kept in the
database and name their user only inside their encoded data, so the open ones are read: there
are as many as staff signed in over the last idle period, not more.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.utils import timezone

from safereport.accounts.models import User


def end_sessions(users: User | Iterable[User]) -> int:
    """Delete every open session of `users` (one, or all of an organisation's), reading the
    open sessions once; return how many there were."""
    ids = {str(users.pk)} if isinstance(users, User) else {str(user.pk) for user in users}
    theirs = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get(SESSION_KEY) in ids
    ]
    deleted, _ = Session.objects.filter(pk__in=theirs).delete()
    return deleted
