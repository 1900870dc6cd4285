"""Erasing a person's data: on a valid request, by the force's data protection officer, and on
a concluded case past its retention period (`web.retention`), by the service itself.

Erasure keeps every reference, so the audit log, which holds references only, still verifies,
and every fact oversight counts; what goes is listed in `casework.erasure`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from safereport.accounts.models import User
from safereport.audit.events import Actor
from safereport.casework import access, erasure
from safereport.casework.actions.common import party_for_update
from safereport.casework.errors import (
    AlreadyDoneError,
    CaseworkError,
    NotPermittedError,
    Problems,
)
from safereport.casework.models import Case, Party, Person
from safereport.policy.vocabulary import Stage

# The force's own reference for the request, as its request log writes it: it goes into the
# audit event, so it must be a reference (no spaces, no "@": never a name or an address).
REQUEST_REFERENCE = re.compile(r"[A-Za-z0-9][A-Za-z0-9./-]{0,39}")


class ErasureRefusedError(CaseworkError):
    """Erasure is not allowed now; the message says why and what would allow it."""

    code = "erasure_refused"


@dataclass(frozen=True)
class ErasureRequest:
    """A person's request to erase their data, as the force's DPO logged it."""

    reference: str
    received_on: date | None


def _checked(request: ErasureRequest, person: Person) -> None:
    problems = Problems()
    if not REQUEST_REFERENCE.fullmatch(request.reference or ""):
        problems.add(
            "request_reference",
            "Enter the request's reference from your force's request log: 1 to 40 letters, "
            "digits, dots, slashes or dashes, starting with a letter or digit",
        )
    if request.received_on is None:
        problems.add("received_on", "Enter the day the request was received")
    elif request.received_on > timezone.localdate():
        problems.add("received_on", "The day the request was received must not be in the future")
    elif request.received_on < timezone.localtime(person.created_at).date():
        problems.add(
            "received_on",
            "The day the request was received must not be before the person was recorded "
            f"({timezone.localtime(person.created_at).date():%d %m %Y})",
        )
    problems.raise_if_any()


def _refuse_if_not_erasable(actor: User, person: Person) -> list[Party]:
    """Every part the person plays, or the reason erasure is refused. While a case of theirs is
    open, its investigation or prosecution may still need what they said and how to reach
    them (UK GDPR Article 17(3)(e), the Data Protection Act 2018 section 47(2)); a case of
    another force is for that force's DPO to decide."""
    parties = list(Party.objects.select_related("case__force").filter(person=person).order_by("pk"))
    elsewhere = [party for party in parties if party.case.force_id != actor.organisation_id]
    if elsewhere:
        raise ErasureRefusedError(
            "This person is also a party to a case of another force; that force's data "
            "protection officer must agree to the erasure first.",
            {"person": "is a party to a case of another force"},
        )
    open_cases = sorted({p.case.reference for p in parties if p.case.stage != Stage.CONCLUDED})
    if open_cases:
        raise ErasureRefusedError(
            # The references go in `fields` only: a page shows the message, and a reference of
            # 37 characters would not fit a phone's width.
            "Erasure is refused while a case of theirs is open. Conclude the case first, or "
            "restrict what is done with the data instead.",
            {"person": f"is a party to an open case: {', '.join(open_cases)}"},
        )
    return parties


@transaction.atomic
def erase_person(*, actor: User, party: Party | str, request: ErasureRequest) -> Person:
    """Erase everything held about the party's person on their valid request: their details,
    each part they play (`erasure.erase_parties`) and the summaries of their cases (which may
    name them), each record an audit event naming it by reference with the request's.

    Only the force's data protection officer may; refused while a case of theirs is open, when
    they are a party to another force's case, and when they were reported anonymously (the
    police hold nothing) or are already erased.
    """
    found = party_for_update(actor, party)
    if not access.may_erase(actor, found.case.force):
        raise NotPermittedError(
            "Only the force's data protection officer can erase a person's data.",
            {"role": "must be police_dpo"},
        )
    if found.person is None:
        raise CaseworkError(
            "This person was reported anonymously through a third party: the police hold no "
            "details of them to erase.",
            {"person": "is not held: reported anonymously"},
        )
    person = Person.objects.select_for_update().get(pk=found.person.pk)
    if person.erased_at is not None:
        raise AlreadyDoneError(
            "This person's data was already erased.", {"person": "already erased"}
        )
    _checked(request, person)
    parties = _refuse_if_not_erasable(actor, person)
    audit_actor, now = Actor.for_user(actor), timezone.now()
    details = {
        "request_reference": request.reference,
        "request_received_on": request.received_on.isoformat() if request.received_on else "",
    }
    erasure.erase_parties(parties, actor=audit_actor, basis="request", now=now)
    erasure.erase_person_fields(
        person, actor=audit_actor, basis="request", now=now, details=details
    )
    for case in Case.objects.select_for_update().filter(
        pk__in={party.case_id for party in parties}, erased_at__isnull=True
    ):
        erasure.erase_case_fields(
            case, actor=audit_actor, basis="request", now=now, details=details
        )
    transaction.on_commit(erasure.truncate_wal)
    return person


@transaction.atomic
def erase_case(*, actor: Actor, case: Case) -> list[str]:
    """Erase a concluded case past its retention period: its summary and day of the offence,
    what is held about each of its parties, and each person all of whose cases are now erased
    (a person on another case still held keeps their details until that one is erased too).
    The references of the records erased, the case first."""
    found = Case.objects.select_for_update().get(pk=case.pk)
    if found.erased_at is not None or found.stage != Stage.CONCLUDED:
        return []
    now = timezone.now()
    details = {"concluded_on": found.concluded_on.isoformat() if found.concluded_on else ""}
    erasure.erase_case_fields(found, actor=actor, basis="retention", now=now, details=details)
    parties = list(found.parties.select_related("person").order_by("pk"))
    erasure.erase_parties(parties, actor=actor, basis="retention", now=now)
    erased = [found.reference]
    # FOR UPDATE cannot be joined with DISTINCT (PostgreSQL): the persons' keys first.
    held = set(
        found.parties.filter(person__isnull=False, person__erased_at__isnull=True).values_list(
            "person", flat=True
        )
    )
    for person in Person.objects.select_for_update().filter(pk__in=held).order_by("pk"):
        if person.parties.filter(case__erased_at__isnull=True).exists():
            continue
        erasure.erase_person_fields(person, actor=actor, basis="retention", now=now, details={})
        erased.append(person.reference)
    return erased
