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
        # At ready, not import: case work's registries and the pathways' queries need the apps.
        from safereport.casework import duties_done  # noqa: PLC0415
        from safereport.casework.signals import parties_erased  # noqa: PLC0415
        from safereport.casework.views import sections  # noqa: PLC0415
        from safereport.pathways import queries  # noqa: PLC0415
        from safereport.pathways.erasure import erase_on_parties_erased  # noqa: PLC0415
        from safereport.pathways.views.case_section import referrals_section  # noqa: PLC0415
        from safereport.policy.vocabulary import Duty  # noqa: PLC0415

        checks.register(bank_holidays_check)
        # Case work cannot call the pathways (they sit above it): it says what it erased.
        parties_erased.connect(erase_on_parties_erased, dispatch_uid="pathways:erase")
        # The offer is what `offer_specialist_support` asks; sending, `refer_to_third_party`.
        duties_done.register(Duty.OFFER_SPECIALIST_SUPPORT, queries.has_been_offered_referral)
        duties_done.register(Duty.REFER_TO_THIRD_PARTY, queries.has_been_referred)
        sections.register(referrals_section)


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
