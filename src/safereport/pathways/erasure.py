"""Erasing what the pathways hold of a person: a referral's content (what the organisation
received) and first-contact note, and a third-party report's pseudonym, summary, day of the
offence and identity. Statuses, dates and the crime type stay for oversight's counts.

Reports recorded as a case are erased with its party (case work's `parties_erased`); a report
never recorded is erased on its own once past its retention period.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from safereport.audit.events import Actor, record
from safereport.audit.names import AuditAction
from safereport.casework.models import Party
from safereport.pathways.models import Referral, ThirdPartyReport
from safereport.pathways.vocabulary import ReportStatus


def erase_on_parties_erased(
    sender: object, *, parties: Iterable[Party], actor: Actor, basis: str, **_: Any
) -> None:
    """Case work's signal: erase the referrals and the third-party report of each party."""
    chosen = list(parties)
    for referral in Referral.objects.filter(party__in=chosen):
        referral.content = {}
        referral.first_contact_note = ""
        referral.save(update_fields=["content", "first_contact_note"])
    erase_reports(ThirdPartyReport.objects.filter(party__in=chosen), actor=actor, basis=basis)


def unrecorded_before(cutoff: datetime) -> QuerySet[ThirdPartyReport]:
    """Reports submitted before `cutoff`, never recorded as a case, not yet erased."""
    return ThirdPartyReport.objects.filter(
        status=ReportStatus.SUBMITTED,
        party__isnull=True,
        submitted_at__lt=cutoff,
        erased_at__isnull=True,
    )


@transaction.atomic
def erase_reports(reports: QuerySet[ThirdPartyReport], *, actor: Actor, basis: str) -> list[str]:
    """Erase each report's personal fields, one audit event each; the references erased."""
    erased = []
    now = timezone.now()
    for report in reports.select_for_update().order_by("pk"):
        if report.erased_at is not None:
            continue
        report.pseudonym = ""
        report.summary = ""
        report.occurred_on = None
        report.identity = {}
        report.erased_at = now
        report.save(update_fields=["pseudonym", "summary", "occurred_on", "identity", "erased_at"])
        record(
            actor,
            AuditAction.PATHWAYS_THIRD_PARTY_REPORT_ERASED,
            subjects=[report.reference, *([report.party.reference] if report.party else [])],
            details={"basis": basis, "status": report.status},
        )
        erased.append(report.reference)
    return erased
