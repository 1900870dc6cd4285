"""What erasing means on the police side, record by record: the personal fields are overwritten
with the empty value (a new ciphertext of nothing, or NULL), `erased_at` is set so the pages say
"erased" instead of showing blanks, and everything oversight counts (references, crime type,
role, status, stage, dates of report and conclusion) stays. Called only from the erasure actions
(`casework.actions.erasure`), inside their transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

from django.db import OperationalError, connection

from safereport.audit.events import Actor, record
from safereport.audit.names import AuditAction
from safereport.casework import signals
from safereport.casework.models import Case, DisclosureRecord, Party, Person
from safereport.enforcement import erasure as enforcement_erasure

# Each personal field of a person and what it holds once erased.
PERSON_ERASED: dict[str, object] = {
    "given_name": "",
    "family_name": "",
    "date_of_birth": None,
    "nationality": "",
    "phone": "",
    "email": "",
    "address": "",
    "preferred_language": "",
    "interpreter_needed": False,
    "safe_contact_instructions": "",
    "safe_contact": "",
}

logger = logging.getLogger(__name__)

CASE_ERASED: dict[str, object] = {"summary": "", "occurred_on": None}


def erase_parties(parties: Iterable[Party], *, actor: Actor, basis: str, now: datetime) -> None:
    """Erase what is held about each part a person plays, beyond the person: the officers'
    justifications of its disclosures, Immigration Enforcement's copies of them (values only),
    and, through `signals.parties_erased`, the pathways' and the notices' records."""
    erased = [party for party in parties if party.erased_at is None]
    if not erased:
        return
    records = DisclosureRecord.objects.filter(decision__party__in=erased)
    decisions = list(records.values_list("decision__reference", flat=True))
    for disclosure in records:
        disclosure.justification = ""
        disclosure.save(update_fields=["justification"])
    enforcement_erasure.erase_disclosures(
        enforcement_erasure.of_decisions(decisions), actor=actor, basis=basis
    )
    Party.objects.filter(pk__in=[party.pk for party in erased]).update(erased_at=now)
    for party in erased:
        party.erased_at = now
    signals.tell_erased(actor, basis, erased)


def erase_person_fields(
    person: Person, *, actor: Actor, basis: str, now: datetime, details: dict[str, str]
) -> None:
    """Overwrite the person's fields, with their audit event naming them by reference and the
    parts they play; `details` adds references only (a request's own reference)."""
    for name, value in PERSON_ERASED.items():
        setattr(person, name, value)
    person.erased_at = now
    person.save(update_fields=[*PERSON_ERASED, "erased_at"])
    parties = person.parties.order_by("pk")
    record(
        actor,
        AuditAction.CASEWORK_PERSON_ERASED,
        subjects=[
            person.reference,
            *(party.reference for party in parties),
            *sorted({party.case.reference for party in parties.select_related("case")}),
        ],
        details={"basis": basis, "fields": list(PERSON_ERASED), **details},
    )


def erase_case_fields(
    case: Case, *, actor: Actor, basis: str, now: datetime, details: dict[str, str]
) -> None:
    """Overwrite the case's summary and the day of the offence, with its audit event."""
    for name, value in CASE_ERASED.items():
        setattr(case, name, value)
    case.erased_at = now
    case.save(update_fields=[*CASE_ERASED, "erased_at"])
    record(
        actor,
        AuditAction.CASEWORK_CASE_ERASED,
        subjects=[case.reference, *case.parties.order_by("pk").values_list("reference", flat=True)],
        details={"basis": basis, "fields": list(CASE_ERASED), **details},
    )


def truncate_wal() -> None:
    """On SQLite, copy the write-ahead log into the database and empty it: `secure_delete`
    zeroes erased bytes in the database file, but the log keeps the pages as they were until
    it is written over. Run once an erasure has committed (`transaction.on_commit`); nothing to
    do on PostgreSQL (README). Busy readers can stop it: the erasure stands, and SQLite's own
    checkpoints write over the log later, so this says so and carries on."""
    if connection.vendor != "sqlite":
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except OperationalError as error:
        logger.warning("the write-ahead log was not emptied after an erasure: %s", error)
