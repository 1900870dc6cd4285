"""The facts the rules decide on, read from the records: a party's sharing situation, the consent
that applies to it, the facts a protocol protection needs, and the values a disclosure carries."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.db import connection

from safereport.accounts.models import Organisation
from safereport.accounts.roles import OrganisationKind
from safereport.casework.models import ConsentRecord, NrmConsent, Party
from safereport.casework.models import Person as PersonRecord
from safereport.enforcement.snapshots import FieldValues, ProtectionFacts
from safereport.policy import CaseState, Crime, Person, ShareRequest, SharingSituation
from safereport.policy.vocabulary import (
    AgeGroup,
    Category,
    Consent,
    CrimeType,
    ImmigrationStatus,
    Nrm,
    Purpose,
    RegimeId,
    Role,
    Stage,
    Support,
)
from safereport.rows import Columns, all_rows, first_row


def applicable_consent(
    party: Party, purpose: Purpose, categories: Sequence[Category]
) -> tuple[dict[Category, Consent], ConsentRecord | None]:
    """The person's consent to a proposed share with Immigration Enforcement, category by
    category (DOMAIN.md C3), and the newest record it comes from.

    For each requested category, the latest record for this purpose and Immigration Enforcement
    that covers it speaks: given (and not withdrawn) is `given`, refused or withdrawn is
    `refused`. A category no record covers was never asked about: `none`. A person who agreed to
    share their identity has not agreed to share their phone number.
    """
    quote = connection.ops.quote_name
    # By the recipient's kind, in the same query: the one IE organisation's records. Newest first.
    query = (
        f"SELECT {_CONSENT.sql} FROM {quote(ConsentRecord._meta.db_table)} r "  # noqa: S608
        f"JOIN {quote(Organisation._meta.db_table)} o "
        f"ON o.{quote('id')} = r.{quote('recipient_id')} "
        f"WHERE r.{quote('party_id')} = %s AND r.{quote('purpose')} = %s "
        f"AND o.{quote('kind')} = %s "
        f"ORDER BY r.{quote('recorded_at')} DESC, r.{quote('id')} DESC"
    )
    values = [party.pk, purpose.value, OrganisationKind.IMMIGRATION_ENFORCEMENT.value]
    records = [_CONSENT.instance(row) for row in all_rows(query, values)]
    consent: dict[Category, Consent] = {}
    used: ConsentRecord | None = None
    for category in categories:
        latest = next((r for r in records if category.value in r.categories), None)
        consent[category] = latest.as_consent if latest is not None else Consent.NONE
        if latest is not None and (used is None or records.index(latest) < records.index(used)):
            used = latest
    return consent, used


def consent_now(party: Party) -> dict[Purpose, dict[Category, Consent]]:
    """What the person's recorded consent to sharing with Immigration Enforcement covers now,
    for each purpose asked about, category by category (categories never asked about left out):
    what the sharing panel shows before the officer asks."""
    records = ConsentRecord.objects.filter(
        party=party, recipient__kind=OrganisationKind.IMMIGRATION_ENFORCEMENT
    ).order_by("recorded_at", "id")
    found: dict[Purpose, dict[Category, Consent]] = {}
    for record in records:  # oldest first, so the latest answer for a category stays
        for category in record.categories:
            found.setdefault(Purpose(record.purpose), {})[Category(category)] = record.as_consent
    return {
        purpose: {c: by_category[c] for c in Category if c in by_category}
        for purpose, by_category in found.items()
    }


def nrm_consent(party: Party) -> Consent:
    """The person's answer about a National Referral Mechanism referral: the latest record's
    (withdrawn reads as refused), or `none` when never asked."""
    quote = connection.ops.quote_name
    query = (
        f"SELECT {_NRM_CONSENT.sql} FROM {quote(NrmConsent._meta.db_table)} n "  # noqa: S608
        f"WHERE n.{quote('party_id')} = %s "
        f"ORDER BY n.{quote('recorded_at')} DESC, n.{quote('id')} DESC LIMIT 1"
    )
    row = first_row(query, [party.pk])
    return _NRM_CONSENT.instance(row).as_consent if row is not None else Consent.NONE


# Read on every sharing decision: SQL written once (`rows`), not built by the ORM each time.
_CONSENT = Columns(ConsentRecord, "r")
_NRM_CONSENT = Columns(NrmConsent, "n")


def person_facts(party: Party) -> Person:
    """The person as the rules see them."""
    return Person(
        Role(party.role),
        AgeGroup(party.age_group),
        ImmigrationStatus(party.immigration_status),
        party.suspected_offending,
    )


def case_state(party: Party) -> CaseState:
    """The case's stage with the party's support, NRM state and consent to an NRM referral."""
    return CaseState(
        Stage(party.case.stage), Support(party.support), Nrm(party.nrm), nrm_consent(party)
    )


def sharing_situation(
    party: Party,
    regime: RegimeId,
    purpose: Purpose,
    categories: Sequence[Category],
    consent: Mapping[Category, Consent],
) -> SharingSituation:
    """The situation the engine decides for this party, as the records stand now."""
    return SharingSituation(
        regime=regime,
        person=person_facts(party),
        crime=Crime(CrimeType(party.case.crime_type)),
        case=case_state(party),
        request=ShareRequest(purpose, tuple(categories)),
        consent=consent,
    )


def protection_facts(party: Party) -> ProtectionFacts:
    """What the protocol check needs to know about this party, as it stands now."""
    return ProtectionFacts(
        role=Role(party.role),
        age_group=AgeGroup(party.age_group),
        immigration_status=ImmigrationStatus(party.immigration_status),
        suspected_offending=party.suspected_offending,
        crime_type=CrimeType(party.case.crime_type),
        stage=Stage(party.case.stage),
        support=Support(party.support),
        nrm=Nrm(party.nrm),
    )


# Categories whose values are about the person, so an anonymous party has none to give.
PERSONAL_CATEGORIES = frozenset({Category.IDENTITY, Category.CONTACT, Category.LOCATION})


def disclosed_values(party: Party, category: Category) -> FieldValues:
    """The values of one category, read now; exactly `enforcement.snapshots.DISCLOSABLE_FIELDS`.

    An empty field is sent as None (the police hold nothing) rather than "".
    """
    case = party.case
    values: dict[str, str | None]
    if category in PERSONAL_CATEGORIES:
        if party.person is None:
            raise ValueError("an anonymous party has no personal details")
        values = _personal_values(party.person, category)
    elif category is Category.IMMIGRATION:
        values = {"immigration_status": party.immigration_status}
    elif category is Category.OFFENCE:
        values = {
            "case_reference": case.reference,
            "crime_type": case.crime_type,
            "summary": case.summary,
        }
    else:
        # Which organisation supports them joins this once pathways exist (issue 5).
        values = {"support": party.support}
    return {name: value or None for name, value in values.items()}


def _personal_values(person: PersonRecord, category: Category) -> dict[str, str | None]:
    if category is Category.IDENTITY:
        born = person.date_of_birth
        return {
            "given_name": person.given_name,
            "family_name": person.family_name,
            "date_of_birth": born.isoformat() if born else None,
            "nationality": person.nationality,
        }
    if category is Category.CONTACT:
        return {"phone": person.phone, "email": person.email}
    return {"address": person.address}
