"""Who may sign in: an active user of an active organisation.

Django's `ModelBackend` already turns away a deactivated user, at sign-in and on every request
of a session already open; this adds the organisation, so that closing an organisation closes
every account in it at once, sessions included.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AnonymousUser

from safereport.accounts.models import User


class ActiveAccountBackend(ModelBackend):
    def user_can_authenticate(self, user: User | AnonymousUser | None) -> bool:
        if not super().user_can_authenticate(user):
            return False
        organisation = getattr(user, "organisation", None)
        return organisation is not None and organisation.active

    def get_user(self, user_id: Any) -> User | None:
        # The organisation is read on every request (above, and by most pages): one query.
        user = User.objects.select_related("organisation").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
