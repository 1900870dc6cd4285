"""Correcting what the police hold about a person: their names, date of birth, nationality,
contact details, language and how they may be reached safely."""

from __future__ import annotations

from dataclasses import asdict

from django.db import transaction

from safereport.accounts.models import User
from safereport.audit.events import Actor, record
from safereport.audit.names import AuditAction
from safereport.casework import signals
from safereport.casework.actions.common import party_for_update, refuse_if_erased
from safereport.casework.errors import CaseworkError, Problems
from safereport.casework.inputs import PersonDetails, check_person, normalised
from safereport.casework.models import Party, Person
from safereport.casework.queries import PERSON_DETAILS


@transaction.atomic
def correct_person(*, actor: User, party: Party | str, details: PersonDetails) -> Party:
    """Replace what the police hold about the party's person with `details`, whole (a field
    left empty is cleared), checked as a report checks them, the phone number written one way.
    Problems are named `person.<field>`, all at once.

    The audit event names the party, the person and the case by reference, and which fields
    changed, never their values. None of these details is a fact a protocol protection holds
    (`facts.protection_facts`) or a disclosure made keeps current (IE holds what was sent, as
    sent), so no protection changes. The person's notice is issued again where it now reads
    differently: in another language (`notices.issuing.refresh` decides). Channels, addresses
    and numbers are read when a notice is delivered, so the next delivery uses the corrected
    ones and only a channel now allowed.
    """
    found = party_for_update(actor, party)
    refuse_if_erased(found)
    if found.person is None:
        raise CaseworkError(
            "This person was reported anonymously through a third party: the police hold no "
            "details of them to correct.",
            {"person": "is not held: reported anonymously"},
        )
    problems = Problems()
    check_person(details, problems)
    problems.raise_if_any()
    person = Person.objects.select_for_update().get(pk=found.person.pk)
    wanted = asdict(normalised(details))
    changed = [name for name in PERSON_DETAILS if getattr(person, name) != wanted[name]]
    if not changed:
        return found
    for name in changed:
        setattr(person, name, wanted[name])
    person.save(update_fields=changed)
    found.person = person
    record(
        Actor.for_user(actor),
        AuditAction.CASEWORK_PERSON_CORRECTED,
        subjects=[found.case.reference, found.reference, person.reference],
        details={"fields": changed},
    )
    # Every part the person plays: each of their notices is written in their language.
    signals.tell(actor, "details", person.parties.select_related("case__force", "person"))
    return found
