"""Erasing what Immigration Enforcement holds of a person: a disclosure's content (its fields'
values) goes, and the disclosure stays with its references, purpose and categories, so the
inbox, the protocol checks and oversight's counts still add up."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from safereport.audit.events import Actor, record
from safereport.audit.names import AuditAction
from safereport.enforcement.models import Disclosure


def erasable_before(cutoff: datetime) -> QuerySet[Disclosure]:
    """Disclosures received before `cutoff` whose content is still held."""
    return Disclosure.objects.filter(received_at__lt=cutoff, erased_at__isnull=True)


@transaction.atomic
def erase_disclosures(
    disclosures: QuerySet[Disclosure] | Iterable[Disclosure], *, actor: Actor, basis: str
) -> list[str]:
    """Erase each disclosure's content, one audit event each (`basis`: why, a word such as
    `retention` or `request`); the references of those erased. Already erased ones are
    passed over, so running twice erases nothing twice."""
    erased = []
    now = timezone.now()
    for disclosure in disclosures:
        if disclosure.erased_at is not None:
            continue
        disclosure.content = {}
        disclosure.erased_at = now
        disclosure.save(update_fields=["content", "erased_at"])
        record(
            actor,
            AuditAction.ENFORCEMENT_DISCLOSURE_ERASED,
            subjects=[disclosure.reference, disclosure.decision_reference],
            details={"basis": basis},
        )
        erased.append(disclosure.reference)
    return erased


def of_decisions(decision_references: Iterable[str]) -> QuerySet[Disclosure]:
    """The disclosures made on these sharing decisions (the police side knows only those)."""
    return Disclosure.objects.filter(decision_reference__in=list(decision_references))
