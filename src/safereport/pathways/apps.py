"""Safe reporting pathways: support organisations, referrals, third-party reports, consent."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.core import checks
from django.utils import timezone

# Warn this many days before the bundled bank holidays run out: enough to release an update.
HOLIDAY_WARNING_DAYS = 180


class PathwaysConfig(AppConfig):
    name = "safereport.pathways"
    label = "pathways"
    verbose_name = "Safe reporting pathways"

    def ready(self) -> None:
        checks.register(bank_holidays_check)


def bank_holidays_check(**_: Any) -> list[checks.CheckMessage]:
    """Warn when the bundled bank holidays are about to run out: past them, first-contact
    deadlines would count a bank holiday as a working day."""
    from safereport.workingdays import holidays_known_until  # noqa: PLC0415 - at check time

    last = holidays_known_until()
    if (last - timezone.localdate()).days > HOLIDAY_WARNING_DAYS:
        return []
    return [
        checks.Warning(
            f"The bundled England and Wales bank holidays end on {last.isoformat()}.",
            hint="Upgrade govuk-bank-holidays, whose releases bring the next years' holidays.",
            id="pathways.W001",
        )
    ]
