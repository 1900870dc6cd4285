"""Third-party reporting (issue 5, item 4): a support organisation reports a crime for the
victim, keeping their identity; the police record it as a case with an anonymous party; the
identity reaches the case only when the victim agrees, which the organisation records."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from safereport.accounts.models import Organisation, User
from safereport.accounts.roles import OrganisationKind
from safereport.audit.events import Actor, record
from safereport.audit.names import AuditAction
from safereport.casework.actions import PartyFacts, record_report, reveal_identity
from safereport.casework.inputs import PersonDetails, check_person, normalised
from safereport.casework.models import Party
from safereport.casework.vocabulary import ConsentAnswer, ConsentMethod, ReportingRoute
from safereport.errors import vouched
from safereport.pathways import access, anonymity
from safereport.pathways.actions.common import categories_for, consent_recorded
from safereport.pathways.consent import REVEAL_CATEGORIES, revealed_details
from safereport.pathways.errors import (
    AlreadyDoneError,
    NotFoundError,
    NotPermittedError,
    PathwaysError,
    Problems,
)
from safereport.pathways.models import PathwayConsent, ThirdPartyReport
from safereport.pathways.vocabulary import ConsentPurpose, ReportStatus
from safereport.policy.vocabulary import (
    AgeGroup,
    Category,
    CrimeType,
    ImmigrationStatus,
    Role,
    Support,
)
from safereport.references import echoed
from safereport.web.kit.forms import LONG_TEXT

PSEUDONYM_LENGTH = 100  # characters


@dataclass(frozen=True)
class ReportDraft:
    """A third-party report as checked: what the police will be sent, and the identity the
    organisation keeps."""

    force: Organisation
    crime_type: CrimeType
    pseudonym: str
    role: Role
    age_group: AgeGroup
    immigration_status: ImmigrationStatus
    support: Support
    summary: str
    occurred_on: date | None
    identity: PersonDetails


def check_third_party_report(
    *,
    actor: User,
    force: Organisation | str,
    crime_type: CrimeType | str,
    pseudonym: str,
    role: Role | str,
    age_group: AgeGroup | str,
    immigration_status: ImmigrationStatus | str,
    identity: PersonDetails,
    support: Support | str = Support.OFFERED,
    summary: str = "",
    occurred_on: date | None = None,
) -> ReportDraft:
    """Check a report as `submit_third_party_report` will, sending nothing: what the check page
    shows before the report goes. Every problem is named at once."""
    if not access.is_support_worker(actor):
        raise NotPermittedError("Only support workers make third-party reports.")
    problems = Problems()
    to = _force(force, problems)
    crime = problems.word(CrimeType, crime_type, "crime_type")
    part = problems.word(Role, role, "role")
    if part == Role.SUSPECT:
        problems.add("role", "must be victim or witness: a third party reports for them")
    ages = problems.word(AgeGroup, age_group, "age_group")
    status = problems.word(ImmigrationStatus, immigration_status, "immigration_status")
    supported = problems.word(Support, support, "support")
    names = (identity.given_name, identity.family_name)
    if not pseudonym.strip():
        problems.add(
            "pseudonym", "Enter a pseudonym: you and the police will call the person by it"
        )
    elif len(pseudonym) > PSEUDONYM_LENGTH:
        problems.add("pseudonym", f"must be {PSEUDONYM_LENGTH:,} characters or fewer")
    elif anonymity.pseudonym_names(pseudonym, names):
        problems.add(
            "pseudonym",
            "Enter a pseudonym that is not the person's name and does not contain it: the police "
            "see the pseudonym, and must not learn from it who the person is",
        )
    if not summary.strip():
        problems.add("summary", "Enter what happened")
    elif len(summary) > LONG_TEXT:
        problems.add("summary", f"must be {LONG_TEXT:,} characters or fewer")
    elif anonymity.identifies(summary, names=names, phone=identity.phone, email=identity.email):
        problems.add(
            "summary",
            "Describe what happened without naming or identifying the person (no name, phone "
            "number or email address): the police see this",
        )
    if occurred_on is not None and occurred_on > timezone.localdate():
        problems.add("occurred_on", "cannot be in the future")
    check_person(identity, problems, prefix="identity")
    problems.raise_if_any()
    return ReportDraft(
        force=vouched(to),
        crime_type=vouched(crime),
        pseudonym=pseudonym.strip(),
        role=vouched(part),
        age_group=vouched(ages),
        immigration_status=vouched(status),
        support=vouched(supported),
        summary=summary.strip(),
        occurred_on=occurred_on,
        identity=identity,
    )


@transaction.atomic
def submit_third_party_report(
    *,
    actor: User,
    force: Organisation | str,
    crime_type: CrimeType | str,
    pseudonym: str,
    role: Role | str,
    age_group: AgeGroup | str,
    immigration_status: ImmigrationStatus | str,
    identity: PersonDetails,
    support: Support | str = Support.OFFERED,
    summary: str = "",
    occurred_on: date | None = None,
) -> ThirdPartyReport:
    """Report a crime to a police force (the force, or its code) for a victim or witness the
    actor's organisation supports. The identity is kept here, encrypted, with the organisation;
    the force sees the crime, the pseudonym and the facts the rules need, which must not give
    away who the person is."""
    draft = check_third_party_report(
        actor=actor,
        force=force,
        crime_type=crime_type,
        pseudonym=pseudonym,
        role=role,
        age_group=age_group,
        immigration_status=immigration_status,
        identity=identity,
        support=support,
        summary=summary,
        occurred_on=occurred_on,
    )
    report = ThirdPartyReport.objects.create(
        organisation=actor.organisation,
        force=draft.force,
        submitted_by=actor,
        pseudonym=draft.pseudonym,
        crime_type=draft.crime_type.value,
        summary=draft.summary,
        occurred_on=draft.occurred_on,
        role=draft.role.value,
        age_group=draft.age_group.value,
        immigration_status=draft.immigration_status.value,
        support=draft.support.value,
        identity=_identity_json(draft.identity),
    )
    record(
        Actor.for_user(actor),
        AuditAction.PATHWAYS_THIRD_PARTY_REPORT_SUBMITTED,
        subjects=[report.reference, f"org:{actor.organisation.code}", f"org:{report.force.code}"],
        details={"crime_type": report.crime_type, "role": report.role},
    )
    return report


@transaction.atomic
def record_third_party_report(*, actor: User, report: ThirdPartyReport | str) -> Party:
    """An officer of the force records the report as a case: reporting route `third_party`, one
    party with no person (case work holds no identity at all), the officer in charge. The
    organisation can then record the victim's consent to reveal who they are."""
    report = _report_for_update(actor, report, access.may_record_report)
    if report.status != ReportStatus.SUBMITTED:
        raise AlreadyDoneError("This report is already recorded as a case.", {"report": "recorded"})
    submitted = timezone.localdate(report.submitted_at)
    party = record_report(
        actor=actor,
        crime_type=report.crime_type,
        reporting_route=ReportingRoute.THIRD_PARTY,
        reported_on=submitted,
        occurred_on=report.occurred_on,
        summary=report.summary,
        person=None,
        party=PartyFacts(
            role=report.role,
            age_group=report.age_group,
            immigration_status=report.immigration_status,
            support=report.support,
        ),
    )
    report.party = party
    report.status = ReportStatus.RECORDED
    report.recorded_by, report.recorded_at = actor, timezone.now()
    report.save(update_fields=["party", "status", "recorded_by", "recorded_at"])
    record(
        Actor.for_user(actor),
        AuditAction.PATHWAYS_THIRD_PARTY_REPORT_RECORDED,
        subjects=[
            report.reference,
            party.reference,
            party.case.reference,
            f"org:{report.organisation.code}",
        ],
    )
    return party


@transaction.atomic
def record_identity_consent(
    *,
    actor: User,
    report: ThirdPartyReport | str,
    answer: ConsentAnswer | str,
    method: ConsentMethod | str,
    categories: Iterable[Category | str] = (),
) -> PathwayConsent:
    """Record the victim's answer about revealing who they are to the police (identity, contact,
    location). With consent given the fields of those categories reach the case at once; the
    police never learn anything the answer does not cover."""
    report = _report_for_update(actor, report, access.may_hold_report)
    problems = Problems()
    word = problems.word(ConsentAnswer, answer, "answer")
    how = problems.word(ConsentMethod, method, "method")
    given = word == ConsentAnswer.GIVEN
    chosen = categories_for(categories, REVEAL_CATEGORIES, problems, required=given)
    if report.party is None:
        problems.add(
            "report",
            "has not been recorded as a case by the police yet: record the answer once it is",
        )
    details = revealed_details(report.identity, chosen) if given else {}
    if given and chosen and not any(details.values()):
        problems.add("categories", "the organisation holds nothing in these categories")
    problems.raise_if_any("The answer cannot be recorded.")
    party = vouched(report.party)
    consent = PathwayConsent.objects.create(
        party=party,
        purpose=ConsentPurpose.IDENTITY_REVEAL,
        categories=[c.value for c in chosen] if given else [],
        recipient=report.force,
        answer=vouched(word).value,
        method=vouched(how).value,
        recorded_by=actor,
    )
    consent_recorded(actor, consent, [report.reference])
    if given:
        _reveal(actor, report, party, chosen, details)
    return consent


def read_third_party_report(*, actor: User, reference: str) -> ThirdPartyReport:
    """A report the actor's organisation made (with the identity it holds) or one sent to the
    actor's force (the crime and pseudonym only); reading it is an audit event. Anything else by
    that reference is `NotFoundError`, recorded (as a refusal) before it is raised."""
    report = _read_third_party_report(actor, reference)
    if report is None:
        raise NotFoundError
    return report


@transaction.atomic
def _read_third_party_report(actor: User, reference: str) -> ThirdPartyReport | None:
    report = (
        ThirdPartyReport.objects.select_related("organisation", "force", "party__case")
        .filter(reference=reference)
        .first()
    )
    if report is None or not (
        access.may_hold_report(actor, report) or access.may_record_report(actor, report)
    ):
        record(
            Actor.for_user(actor),
            AuditAction.PATHWAYS_THIRD_PARTY_REPORT_READ_REFUSED,
            subjects=echoed("tpr", reference),
        )
        return None
    record(
        Actor.for_user(actor),
        AuditAction.PATHWAYS_THIRD_PARTY_REPORT_READ,
        subjects=[report.reference, f"org:{report.organisation.code}"],
        details={"identity_shown": access.may_hold_report(actor, report)},
    )
    return report


# Helpers ---------------------------------------------------------------------------------------


def _force(force: Organisation | str, problems: Problems) -> Organisation | None:
    code = force if isinstance(force, str) else force.code
    found = Organisation.objects.filter(code=code, kind=OrganisationKind.POLICE_FORCE).first()
    if found is None:
        problems.add("force", "must be a police force of England and Wales, or BTP")
    return found


def _identity_json(identity: PersonDetails) -> dict[str, object]:
    values = asdict(normalised(identity))
    born = identity.date_of_birth
    values["date_of_birth"] = born.isoformat() if born else None
    return values


def _report_for_update(
    actor: User,
    report: ThirdPartyReport | str,
    allowed: Callable[[User, ThirdPartyReport], bool],
) -> ThirdPartyReport:
    match = Q(reference=report) if isinstance(report, str) else Q(pk=report.pk)
    found = (
        ThirdPartyReport.objects.select_for_update(of=("self",))
        .select_related("organisation", "force", "party__case")
        .filter(match)
        .first()
    )
    if found is None or not allowed(actor, found):
        raise NotFoundError
    if found.erased_at is not None:  # recording or revealing it would carry blanks onward
        raise PathwaysError(
            "This report's personal data has been erased: it can no longer be recorded as a "
            "case or its identity revealed.",
            {"report": "erased"},
        )
    return found


def _reveal(
    actor: User,
    report: ThirdPartyReport,
    party: Party,
    categories: list[Category],
    details: dict[str, Any],
) -> None:
    values = dict(details)
    if values.get("date_of_birth"):
        values["date_of_birth"] = date.fromisoformat(str(values["date_of_birth"]))
    # Checked on submission; checked again because the held identity is what reaches case work.
    problems = Problems()
    check_person(PersonDetails(**values), problems, prefix="identity")
    problems.raise_if_any()
    reveal_identity(
        actor=actor,
        party=party,
        details=values,
        allowed=access.supports_party,
        subjects=[report.reference, f"org:{report.organisation.code}"],
    )
    revealed = {*report.identity_revealed_categories, *(c.value for c in categories)}
    report.identity_revealed_categories = [c.value for c in Category if c.value in revealed]
    report.identity_revealed_at = report.identity_revealed_at or timezone.now()
    report.save(update_fields=["identity_revealed_categories", "identity_revealed_at"])
