"""Revealing a person's identity to a case they were reported in anonymously: what a third-party
report's victim agrees the police may know (the pathways ask them and call this)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction

from safereport.accounts.models import User
from safereport.audit.events import Actor, record
from safereport.audit.names import AuditAction
from safereport.casework import signals
from safereport.casework.actions.common import Access, party_for_update, refuse_if_erased
from safereport.casework.models import Party, Person


@transaction.atomic
def reveal_identity(
    *,
    actor: User,
    party: Party,
    details: Mapping[str, Any],
    allowed: Access,
    subjects: Sequence[str] = (),
) -> Person:
    """Give the party the identity fields the person agreed to reveal.

    The first reveal creates the party's person; a later one (the person agreeing to more) fills
    in the newly agreed fields. `details` has been checked (`casework.inputs.check_person`).
    Only a part of the service that holds the identity calls this, and says who may: `allowed`
    (the pathways: the support organisation the report came from). `subjects` are its own
    records' references, for the event.
    """
    party = party_for_update(actor, party, allowed)
    refuse_if_erased(party)
    person = party.person
    if person is None:
        person = Person.objects.create(**details)
        party.person = person
        party.save(update_fields=["person"])
    else:
        for name, value in details.items():
            setattr(person, name, value)
        person.save(update_fields=list(details))
    record(
        Actor.for_user(actor),
        AuditAction.PATHWAYS_IDENTITY_REVEALED,
        subjects=[party.reference, person.reference, party.case.reference, *subjects],
        details={"fields": sorted(details)},
    )
    signals.tell(actor, "identity", [party])
    return person
