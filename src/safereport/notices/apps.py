"""Victim notices: the Django application, and its listening for case work's changes."""

from __future__ import annotations

from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "safereport.notices"
    label = "notices"
    verbose_name = "Victim notices"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Case work cannot call the notices (they sit above it): it says when a position may
        # have changed (`casework.signals`), and the notices issue a new version if it has.
        from safereport.casework.signals import (  # noqa: PLC0415
            parties_erased,
            position_may_have_changed,
        )
        from safereport.notices.erasure import erase_on_parties_erased  # noqa: PLC0415
        from safereport.notices.issuing import refresh_on_change  # noqa: PLC0415

        position_may_have_changed.connect(refresh_on_change, dispatch_uid="notices:refresh")
        # And erase a person's notices when case work erases what it holds of them.
        parties_erased.connect(erase_on_parties_erased, dispatch_uid="notices:erase")
