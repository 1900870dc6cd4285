"""Ending a user's sessions at once, when their account is closed or their password reset.

Django would turn such a session away on its next request anyway (a deactivated user, a changed
password); deleting it means nothing is left behind to be turned away. Sessions are kept in the
database and name their user only inside their encoded data, so the open ones are read: there
are as many as staff signed in over the last idle period, not more.
"""

from __future__ import annotations

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.utils import timezone

from safereport.accounts.models import User


def end_sessions(user: User) -> int:
    """Delete every open session of `user`; return how many there were."""
    theirs = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get(SESSION_KEY) == str(user.pk)
    ]
    deleted, _ = Session.objects.filter(pk__in=theirs).delete()
    return deleted
