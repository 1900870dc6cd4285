"""The one change the pathways make to case-work records for which case work has no action that a
support worker may call: revealing a third-party reporter's identity to the police case. It runs
inside the calling action's transaction and writes its own audit event.

Case work's own actions accept police users only (and, for a party's support, the users the
pathways vouch for); this function is the narrow door for a support organisation, opened only by
`actions.record_identity_consent` after its own access checks.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from safereport.accounts.models import User
from safereport.audit.events import Actor, record
from safereport.audit.names import AuditAction
from safereport.casework.models import Party, Person


def locked_party(party: Party) -> Party:
    """The party re-read and locked for this transaction, with its case and person."""
    # `of=("self",)`: PostgreSQL cannot lock the nullable side of the join to the person.
    return (
        Party.objects.select_for_update(of=("self",))
        .select_related("case__force", "person")
        .get(pk=party.pk)
    )


def reveal_identity(
    *, actor: User, party: Party, details: Mapping[str, Any], subjects: list[str]
) -> Person:
    """Give the party of a third-party report the identity fields the victim agreed to reveal.

    The first reveal creates the case-work person; a later one (the victim agreeing to more)
    fills in the newly agreed fields. `details` has been checked (`casework.inputs.check_person`).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("reveal_identity runs inside the calling action's transaction")
    party = locked_party(party)
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
    return person
