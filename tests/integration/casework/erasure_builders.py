"""A person with something held in every place personal data is stored, for the erasure tests:
their details and a case summary, a disclosure to Immigration Enforcement (the officer's
justification and IE's copy), a referral sent to a support organisation, and notices."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from safereport.casework import actions
from safereport.casework.models import Case, Party, Person
from safereport.pathways.models import Referral
from safereport.policy.vocabulary import RegimeId, Stage
from tests.integration.casework import builders as cw
from tests.integration.pathways import builders as pw

# Every personal value the scenario records, as typed: none may survive an erasure.
PLAINTEXTS = (
    "Quispe Mamani",
    "ana.quispe@example.org",
    "07700 900123",
    "12 Example Street",
    "Bolivian",
    "Assaulted at home by her partner",
    "Text only, weekday mornings",
)

# Each encrypted column the scenario fills: (table, column).
COLUMNS = (
    ("casework_person", "given_name"),
    ("casework_person", "family_name"),
    ("casework_person", "date_of_birth"),
    ("casework_person", "phone"),
    ("casework_person", "email"),
    ("casework_person", "address"),
    ("casework_person", "nationality"),
    ("casework_person", "safe_contact_instructions"),
    ("casework_case", "summary"),
    ("casework_case", "occurred_on"),
    ("casework_disclosurerecord", "justification"),
    ("enforcement_disclosure", "content"),
    ("pathways_referral", "content"),
    ("notices_notice", "text"),
    ("notices_notice", "english_text"),
)


@dataclass(frozen=True)
class Held:
    world: cw.World
    party: Party
    referral: Referral


def held(*, conclude: bool = True) -> Held:
    """A victim receiving support under the protocol, whose identity was disclosed, who was
    referred to a support organisation and given notices; the case concluded unless told."""
    w = cw.world(regime=RegimeId.MIGRANT_VICTIMS_PROTOCOL, support="receiving")
    decision = actions.request_sharing_decision(
        actor=w.officer, party=w.party, purpose="enforcement_referral", categories=["identity"]
    )
    cw.share(w.officer, decision)
    referral = pw.sent(w.party, w.officer, pw.entry(), categories=("identity", "contact"))
    if conclude:
        actions.change_case_stage(actor=w.officer, case=w.party.case, stage=Stage.CONCLUDED)
    return Held(w, Party.objects.get(pk=w.party.pk), referral)


def concluded_years_ago(case: Case, years: int) -> None:
    """Move the day a case concluded back, as if it had concluded `years` ago."""
    today = timezone.localdate()
    Case.objects.filter(pk=case.pk).update(concluded_on=today.replace(year=today.year - years))


def stored_values(columns: tuple[tuple[str, str], ...] = COLUMNS) -> set[str]:
    """Every non-empty value of these columns as stored (ciphertexts), read past the ORM."""
    quote = connection.ops.quote_name
    found: set[str] = set()
    with connection.cursor() as cursor:
        for table, column in columns:
            cursor.execute(
                f"SELECT {quote(column)} FROM {quote(table)} WHERE {quote(column)} IS NOT NULL"  # noqa: S608 - our names
            )
            found.update(str(value) for (value,) in cursor.fetchall())
    return found


def person_of(party: Party) -> Person:
    """The party's person, read again from the database."""
    return Person.objects.get(parties=party)
