"""The facts the rules decide on, read from the records: a party's sharing situation, the consent
that applies to it, the facts a protocol protection needs, and the values a disclosure carries."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db import connection

from safereport.accounts.models import Organisation
from safereport.accounts.roles import OrganisationKind
from safereport.casework.models import ConsentRecord, DutyTask, NrmConsent, Party, SharingDecision
from safereport.casework.models import Person as PersonRecord
from safereport.casework.vocabulary import ConsentAnswer, TaskStatus
from safereport.enforcement.snapshots import FieldValues, ProtectionFacts
from safereport.policy import CaseState, Crime, Person, ShareRequest, SharingSituation
from safereport.policy.vocabulary import (
    AgeGroup,
    Category,
    Consent,
    CrimeType,
    ImmigrationStatus,
    Nrm,
    Outcome,
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
    query = f"SELECT {_CONSENT.sql} FROM {_consent_records()}"  # noqa: S608 - names, no values
    records = [_CONSENT.instance(row) for row in all_rows(query, _consent_values(party, purpose))]
    return _consent_from(records, categories)


@dataclass(frozen=True)
class DecidingFacts:
    """What a sharing decision reads about the party besides the party itself, in one query."""

    consent: dict[Category, Consent]
    consent_record: ConsentRecord | None  # the newest record the consent comes from
    nrm_consent: Consent
    open_duties: frozenset[str]  # the duties the party has an open task for
    last_prohibited: int | None  # the key of the latest decision for the purpose that prohibited


def deciding_facts(party: Party, purpose: Purpose, categories: Sequence[Category]) -> DecidingFacts:
    """`applicable_consent`, `nrm_consent`, `open_duties` and the latest prohibiting decision
    for the purpose, read in one query: a sharing decision needs them all, each read is a round
    trip, and every decision pays them (README, "A sharing decision through the API").

    The one row of single values is joined to the consent records, newest first (one row of
    NULLs for the records when there are none).
    """
    quote = connection.ops.quote_name
    decisions = quote(SharingDecision._meta.db_table)
    query = (
        f"SELECT f.nrm, f.duties, f.prohibited, {_CONSENT.sql} FROM (SELECT "  # noqa: S608
        f"({_nrm_given()}) AS nrm, ({_open_duties()}) AS duties, "
        f"(SELECT d.{quote('id')} FROM {decisions} d "
        f"WHERE d.{quote('party_id')} = %s AND d.{quote('purpose')} = %s "
        f"AND d.{quote('outcome')} = %s "
        f"ORDER BY d.{quote('created_at')} DESC, d.{quote('id')} DESC LIMIT 1) AS prohibited"
        f") f LEFT JOIN {_consent_records(joined=True)}"
    )
    values = [
        *_nrm_values(party),
        *_open_duties_values(party),
        party.pk,
        purpose.value,
        Outcome.PROHIBITED.value,
        *_consent_values(party, purpose),
    ]
    found = all_rows(query, values)
    nrm, duties, prohibited = found[0][:3]
    records = [_CONSENT.instance(row, 3) for row in found if row[3] is not None]
    consent, used = _consent_from(records, categories)
    return DecidingFacts(
        consent=consent,
        consent_record=used,
        nrm_consent=_nrm_answer(nrm),
        open_duties=_duties(duties),
        last_prohibited=None if prohibited is None else int(prohibited),
    )


def _consent_records(*, joined: bool = False) -> str:
    """The consent records for a party and purpose with Immigration Enforcement (by the
    recipient's kind: the one IE organisation's), newest first: the FROM of a select, or the
    right side of a join (`joined`)."""
    quote = connection.ops.quote_name
    table = quote(ConsentRecord._meta.db_table)
    where = (
        f"r.{quote('party_id')} = %s AND r.{quote('purpose')} = %s "  # noqa: S608 - names
        f"AND r.{quote('recipient_id')} IN (SELECT o.{quote('id')} "
        f"FROM {quote(Organisation._meta.db_table)} o WHERE o.{quote('kind')} = %s)"
    )
    order = f" ORDER BY r.{quote('recorded_at')} DESC, r.{quote('id')} DESC"
    return f"{table} r " + (f"ON {where}" if joined else f"WHERE {where}") + order


def _consent_values(party: Party, purpose: Purpose) -> list[object]:
    return [party.pk, purpose.value, OrganisationKind.IMMIGRATION_ENFORCEMENT.value]


def _consent_from(
    records: Sequence[ConsentRecord], categories: Sequence[Category]
) -> tuple[dict[Category, Consent], ConsentRecord | None]:
    """Each category's consent from the records (newest first), and the newest record used."""
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
    row = first_row(_nrm_given(), _nrm_values(party))
    return _nrm_answer(row[0] if row is not None else None)


def _nrm_given() -> str:
    """The latest NRM consent record's answer as one value: 1 while given, 0 when refused or
    withdrawn (`NrmConsent.in_force`), no row (or NULL as a subquery) when never asked."""
    quote = connection.ops.quote_name
    return (
        f"SELECT CASE WHEN n.{quote('withdrawn_at')} IS NULL "  # noqa: S608 - names, no values
        f"AND n.{quote('answer')} = %s THEN 1 ELSE 0 END "
        f"FROM {quote(NrmConsent._meta.db_table)} n WHERE n.{quote('party_id')} = %s "
        f"ORDER BY n.{quote('recorded_at')} DESC, n.{quote('id')} DESC LIMIT 1"
    )


def _nrm_values(party: Party) -> list[object]:
    return [ConsentAnswer.GIVEN.value, party.pk]


def _nrm_answer(given: int | None) -> Consent:
    if given is None:
        return Consent.NONE
    return Consent.GIVEN if given else Consent.REFUSED


def open_duties(party: Party) -> frozenset[str]:
    """The duties the party has an open task for."""
    row = first_row(_open_duties(), _open_duties_values(party))
    return _duties(row[0] if row is not None else None)


def _open_duties() -> str:
    """The open tasks' duties as one comma-separated value (NULL when there are none): a duty is
    a lowercase word with underscores, never a comma."""
    quote = connection.ops.quote_name
    duty = f"t.{quote('duty')}"
    postgresql = connection.vendor == "postgresql"
    joined = f"string_agg({duty}, ',')" if postgresql else f"group_concat({duty}, ',')"
    return (
        f"SELECT {joined} FROM {quote(DutyTask._meta.db_table)} t "  # noqa: S608 - names
        f"WHERE t.{quote('party_id')} = %s AND t.{quote('status')} = %s"
    )


def _open_duties_values(party: Party) -> list[object]:
    return [party.pk, TaskStatus.OPEN.value]


def _duties(joined: object) -> frozenset[str]:
    return frozenset(str(joined).split(",")) if joined else frozenset()


# Read on every sharing decision: SQL written once (`rows`), not built by the ORM each time.
_CONSENT = Columns(ConsentRecord, "r")


def person_facts(party: Party) -> Person:
    """The person as the rules see them."""
    return Person(
        Role(party.role),
        AgeGroup(party.age_group),
        ImmigrationStatus(party.immigration_status),
        party.suspected_offending,
    )


def case_state(party: Party, nrm: Consent | None = None) -> CaseState:
    """The case's stage with the party's support, NRM state and consent to an NRM referral (read
    now, unless the caller has read it as `nrm`)."""
    answer = nrm_consent(party) if nrm is None else nrm
    return CaseState(Stage(party.case.stage), Support(party.support), Nrm(party.nrm), answer)


def sharing_situation(
    party: Party,
    regime: RegimeId,
    purpose: Purpose,
    categories: Sequence[Category],
    consent: Mapping[Category, Consent],
    *,
    nrm: Consent | None = None,
) -> SharingSituation:
    """The situation the engine decides for this party, as the records stand now (the NRM
    consent read now, unless the caller has read it as `nrm`)."""
    return SharingSituation(
        regime=regime,
        person=person_facts(party),
        crime=Crime(CrimeType(party.case.crime_type)),
        case=case_state(party, nrm),
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
