"""Recording reports, parties and consent."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from safereport.accounts.models import Organisation, User
from safereport.audit.events import Actor, record
from safereport.audit.names import AuditAction
from safereport.casework import access, signals
from safereport.casework.actions.common import (
    case_for_update,
    categories_of,
    party_for_update,
    refuse_if_erased,
    withdraw,
)
from safereport.casework.actions.sharing import nrm_tasks_after_answer
from safereport.casework.errors import (
    NotFoundError,
    NotPermittedError,
    Problems,
)
from safereport.casework.inputs import (
    PartyFacts,
    PersonDetails,
    check_party,
    check_person,
    normalised,
)
from safereport.casework.models import Case, ConsentRecord, NrmConsent, Party, Person
from safereport.casework.recipients import immigration_enforcement
from safereport.casework.vocabulary import ConsentAnswer, ConsentMethod, ReportingRoute
from safereport.errors import vouched
from safereport.policy.vocabulary import Category, CrimeType, Purpose, Stage
from safereport.web.kit.forms import LONG_TEXT


@transaction.atomic
def record_report(
    *,
    actor: User,
    crime_type: CrimeType | str,
    reporting_route: ReportingRoute | str,
    reported_on: date,
    party: PartyFacts,
    person: PersonDetails | None = None,
    summary: str = "",
    occurred_on: date | None = None,
    officer_in_charge: User | None = None,
    stage: Stage | str = Stage.INVESTIGATION,
) -> Party:
    """Record a report for the actor's force: the case, the person (if known) and their part.

    Only a third-party report may leave the person out (an anonymous party has no identity at
    all). The officer in charge defaults to the actor; the stage to investigation (a report
    recorded late may already be at prosecution, or concluded). Problems with the party are
    named `party.<field>` and `person.<field>`.
    """
    [recorded] = _record(
        actor,
        Report(crime_type, reporting_route, reported_on, summary, occurred_on, stage),
        [(party, person)],
        officer_in_charge,
        lambda _: ("party", "person"),
    )
    return recorded


@transaction.atomic
def record_case(
    *,
    actor: User,
    crime_type: CrimeType | str,
    reporting_route: ReportingRoute | str,
    reported_on: date,
    parties: Sequence[tuple[PartyFacts, PersonDetails | None]],
    summary: str = "",
    occurred_on: date | None = None,
    officer_in_charge: User | None = None,
    stage: Stage | str = Stage.INVESTIGATION,
) -> list[Party]:
    """Record a report with several parties, all or nothing: the first as `record_report`
    records it, the others as `add_party` adds them. Every problem is named at once, the
    parties' as `parties[N].<field>` and `parties[N].person.<field>`."""
    return _record(
        actor,
        Report(crime_type, reporting_route, reported_on, summary, occurred_on, stage),
        parties,
        officer_in_charge,
        lambda n: (f"parties[{n}]", f"parties[{n}].person"),
    )


@dataclass(frozen=True)
class Report:
    """What a report says of the crime and the case, as given."""

    crime_type: CrimeType | str
    reporting_route: ReportingRoute | str
    reported_on: date
    summary: str
    occurred_on: date | None
    stage: Stage | str


def _record(
    actor: User,
    report: Report,
    parties: Sequence[tuple[PartyFacts, PersonDetails | None]],
    officer_in_charge: User | None,
    names: Callable[[int], tuple[str, str]],
) -> list[Party]:
    """The case and its parties; `names(n)` is how the n-th party's problems are named."""
    if not access.is_police(actor):
        raise NotPermittedError("Only police officers record reports.")
    force = actor.organisation
    problems = Problems()
    crime = problems.word(CrimeType, report.crime_type, "crime_type")
    route = problems.word(ReportingRoute, report.reporting_route, "reporting_route")
    initial_stage = problems.word(Stage, report.stage, "stage")
    if report.reported_on > timezone.localdate():
        problems.add("reported_on", "cannot be in the future")
    if report.occurred_on is not None and report.occurred_on > report.reported_on:
        problems.add("occurred_on", "must be on or before the day the crime was reported")
    if len(report.summary) > LONG_TEXT:
        problems.add("summary", f"must be {LONG_TEXT:,} characters or fewer")
    if not parties:
        problems.add("parties", "must have at least one party")
    values = []
    for number, (facts, person) in enumerate(parties):
        party_key, person_key = names(number)
        if person is None and number == 0 and route == ReportingRoute.DIRECT:
            problems.add(
                person_key, "a direct report needs the person; only a third party's may not"
            )
        if person is not None:
            check_person(person, problems, person_key)
        values.append(check_party(facts, problems, party_key))
    in_charge = officer_in_charge or actor
    if not access.may_take_charge(in_charge, force):
        problems.add("officer_in_charge", "must be a police officer of this force")
    problems.raise_if_any()
    case = Case.objects.create(
        force=force,
        crime_type=vouched(crime).value,
        summary=report.summary,
        occurred_on=report.occurred_on,
        reported_on=report.reported_on,
        reporting_route=vouched(route).value,
        stage=vouched(initial_stage).value,
        officer_in_charge=in_charge,
    )
    recorded = [
        _create_party(case, person, party_values)
        for (_, person), party_values in zip(parties, values, strict=True)
    ]
    first, *others = recorded
    record(
        Actor.for_user(actor),
        AuditAction.CASEWORK_CASE_RECORDED,
        subjects=[case.reference, *_party_subjects(first), f"org:{force.code}"],
        details={
            "crime_type": case.crime_type,
            "reporting_route": case.reporting_route,
            "role": first.role,
            "anonymous": first.person is None,
        },
    )
    for party in others:
        _party_added(actor, case, party)
    signals.tell(actor, "recorded", recorded)
    return recorded


@transaction.atomic
def add_party(
    *, actor: User, case: Case, party: PartyFacts, person: PersonDetails | None = None
) -> Party:
    """Add a victim, witness or suspect to a case (a person of None: known only anonymously).
    Problems are named as the party's own fields (`role`, `person.email`)."""
    case = case_for_update(actor, case)
    problems = Problems()
    if person is not None:
        check_person(person, problems)
    party_values = check_party(party, problems, "")
    problems.raise_if_any()
    new_party = _create_party(case, person, party_values)
    _party_added(actor, case, new_party)
    signals.tell(actor, "recorded", [new_party])
    return new_party


def _party_added(actor: User, case: Case, party: Party) -> None:
    record(
        Actor.for_user(actor),
        AuditAction.CASEWORK_PARTY_ADDED,
        subjects=[case.reference, *_party_subjects(party)],
        details={"role": party.role, "anonymous": party.person is None},
    )


def _create_party(case: Case, person: PersonDetails | None, values: dict[str, object]) -> Party:
    stored = Person.objects.create(**asdict(normalised(person))) if person is not None else None
    return Party.objects.create(case=case, person=stored, **values)


def _party_subjects(party: Party) -> list[str]:
    return [party.reference, *([party.person.reference] if party.person else [])]


# Consent ---------------------------------------------------------------------------------------


@transaction.atomic
def record_consent(
    *,
    actor: User,
    party: Party,
    purpose: Purpose | str,
    categories: Iterable[Category | str],
    answer: ConsentAnswer | str,
    method: ConsentMethod | str,
    recipient: Organisation | None = None,
) -> ConsentRecord:
    """Record a person's answer about sharing for one purpose with one recipient (by default
    Immigration Enforcement). A newer answer supersedes an older one; nothing is overwritten."""
    party = party_for_update(actor, party)
    refuse_if_erased(party)
    problems = Problems()
    chosen_purpose = problems.word(Purpose, purpose, "purpose")
    chosen = categories_of(categories, problems)
    chosen_answer = problems.word(ConsentAnswer, answer, "answer")
    chosen_method = problems.word(ConsentMethod, method, "method")
    problems.raise_if_any()
    consent = ConsentRecord.objects.create(
        party=party,
        purpose=vouched(chosen_purpose).value,
        categories=[c.value for c in chosen],
        recipient=recipient or immigration_enforcement(),
        answer=vouched(chosen_answer).value,
        method=vouched(chosen_method).value,
        recorded_by=actor,
    )
    record(
        Actor.for_user(actor),
        AuditAction.CASEWORK_CONSENT_RECORDED,
        subjects=[consent.reference, party.reference, f"org:{consent.recipient.code}"],
        details={
            "purpose": consent.purpose,
            "categories": consent.categories,
            "answer": consent.answer,
            "method": consent.method,
        },
    )
    signals.tell(actor, "consent", [party])
    return consent


@transaction.atomic
def withdraw_consent(*, actor: User, consent: ConsentRecord) -> ConsentRecord:
    """Record that the person withdrew an answer; the record stays, with when and by whom."""
    consent = (
        ConsentRecord.objects.select_for_update().select_related("party__case").get(pk=consent.pk)
    )
    if not access.may_work_on_case(actor, consent.party.case):
        raise NotFoundError
    withdraw(consent, actor)
    record(
        Actor.for_user(actor),
        AuditAction.CASEWORK_CONSENT_WITHDRAWN,
        subjects=[consent.reference, consent.party.reference],
        details={"purpose": consent.purpose},
    )
    signals.tell(actor, "consent", [consent.party])
    return consent


# Consent to a National Referral Mechanism referral --------------------------------------------


@transaction.atomic
def record_nrm_consent(
    *, actor: User, party: Party, answer: ConsentAnswer | str, method: ConsentMethod | str
) -> NrmConsent:
    """Record an adult's answer about being referred to the National Referral Mechanism: its
    own question (DOMAIN.md `case.nrm_consent`), dated and withdrawable like other consent.

    Asking was the duty `offer_nrm_referral`: its open task is done by this. What follows from
    the answer (`refer_to_nrm`, or `notify_home_office_anonymously`) is the engine's to say: the
    situation of the decision that owed the offer is decided again with the answer, and its NRM
    duties become tasks.
    """
    party = party_for_update(actor, party)
    refuse_if_erased(party)
    problems = Problems()
    chosen_answer = problems.word(ConsentAnswer, answer, "answer")
    chosen_method = problems.word(ConsentMethod, method, "method")
    problems.raise_if_any()
    consent = NrmConsent.objects.create(
        party=party,
        answer=vouched(chosen_answer).value,
        method=vouched(chosen_method).value,
        recorded_by=actor,
    )
    tasks = nrm_tasks_after_answer(actor, party, consent.as_consent)
    record(
        Actor.for_user(actor),
        AuditAction.CASEWORK_NRM_CONSENT_RECORDED,
        subjects=[consent.reference, party.reference, *[t.reference for t in tasks]],
        details={"answer": consent.answer, "method": consent.method},
    )
    signals.tell(actor, "nrm_consent", [party])
    return consent


@transaction.atomic
def withdraw_nrm_consent(*, actor: User, consent: NrmConsent) -> NrmConsent:
    """Record that the person withdrew their consent to an NRM referral: from then on it reads
    as refused."""
    consent = (
        NrmConsent.objects.select_for_update().select_related("party__case").get(pk=consent.pk)
    )
    if not access.may_work_on_case(actor, consent.party.case):
        raise NotFoundError
    withdraw(consent, actor)
    record(
        Actor.for_user(actor),
        AuditAction.CASEWORK_NRM_CONSENT_WITHDRAWN,
        subjects=[consent.reference, consent.party.reference],
    )
    signals.tell(actor, "nrm_consent", [consent.party])
    return consent
