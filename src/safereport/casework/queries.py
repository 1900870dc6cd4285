"""Reading records for the pages and the API: lookups by reference, each checking access and
answering `NotFoundError` alike for what does not exist and what the user may not see, and the
read models both render from (`case_overview`).

These read; they record nothing. A page that shows a case calls `actions.open_case`, which
records the opening.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from safereport.accounts.models import User
from safereport.casework import access
from safereport.casework.contact import SafeContact
from safereport.casework.errors import NotFoundError
from safereport.casework.inputs import PersonDetails
from safereport.casework.models import (
    Case,
    ConsentRecord,
    DisclosureRecord,
    DutyTask,
    ForceRegime,
    NrmConsent,
    Party,
    Person,
    ReviewItem,
    SharingDecision,
)
from safereport.casework.regimes import regime_on
from safereport.casework.vocabulary import ReviewStatus, TaskStatus
from safereport.workingdays import latest_start_overdue


def case_for(actor: User, reference: str) -> Case:
    """A case the actor may work on (without opening it: no event, nothing personal read)."""
    found = Case.objects.select_related("force").filter(reference=reference).first()
    if found is None or not access.may_work_on_case(actor, found):
        raise NotFoundError
    return found


def cases_for(actor: User) -> QuerySet[Case]:
    """The cases of the actor's force, newest first; nothing for anyone but its police.

    Each officer and data protection officer sees the whole force's list (DOMAIN.md section 2);
    the list holds no personal data, and opening a case is what `actions.open_case` records.
    """
    if not access.is_police(actor):
        return Case.objects.none()
    return (
        Case.objects.filter(force=actor.organisation)
        .select_related("officer_in_charge")
        .order_by("-reported_on", "-created_at", "-id")
    )


# A duty is owed within 2 working days of the decision that owed it: the Victims' Code's
# measure for passing a victim's details to support (right 4), which the service holds every
# duty to, so that one deadline means the same on every page.
TASK_DUE_WORKING_DAYS = 2


def overdue_tasks(today: date | None = None) -> QuerySet[DutyTask]:
    """Tasks still open after the day they were due."""
    last = latest_start_overdue(today or timezone.localdate(), TASK_DUE_WORKING_DAYS)
    before = datetime.combine(last + timedelta(days=1), time.min, timezone.get_current_timezone())
    return DutyTask.objects.filter(status=TaskStatus.OPEN, created_at__lt=before)


def with_overdue_tasks(cases: QuerySet[Case], today: date | None = None) -> QuerySet[Case]:
    """The cases among `cases` with at least one overdue task."""
    return cases.filter(Exists(overdue_tasks(today).filter(case=OuterRef("pk"))))


def person_details(person: Person) -> PersonDetails:
    """What the police hold about the person, as a report gives it."""
    return PersonDetails(**{name: getattr(person, name) for name in PERSON_DETAILS})


def recorded_contact(person: Person) -> SafeContact:
    """How the person may be contacted safely, as recorded (in person only when recorded
    before this was asked, their words kept as the note)."""
    if person.safe_contact:
        return SafeContact.from_json(person.safe_contact)
    return SafeContact.from_legacy_text(person.safe_contact_instructions)


PERSON_DETAILS = tuple(field.name for field in fields(PersonDetails))


def party_for(actor: User, reference: str) -> Party:
    """A party of a case the actor may work on."""
    found = (
        Party.objects.select_related("case__force", "person").filter(reference=reference).first()
    )
    if found is None or not access.may_work_on_case(actor, found.case):
        raise NotFoundError
    return found


def decision_for(actor: User, reference: str) -> SharingDecision:
    """A sharing decision about a party of a case the actor may work on."""
    found = (
        SharingDecision.objects.select_related("party__case__force")
        .filter(reference=reference)
        .first()
    )
    if found is None or not access.may_work_on_case(actor, found.party.case):
        raise NotFoundError
    return found


def task_for(actor: User, reference: str) -> DutyTask:
    """A duty task on a case the actor may work on."""
    found = DutyTask.objects.select_related("case__force").filter(reference=reference).first()
    if found is None or not access.may_work_on_case(actor, found.case):
        raise NotFoundError
    return found


def review_queue(actor: User) -> QuerySet[ReviewItem]:
    """The open review items of the actor's force, oldest first; nothing for anyone but its DPO."""
    if not access.may_review(actor, actor.organisation):
        return ReviewItem.objects.none()
    return (
        ReviewItem.objects.filter(force=actor.organisation, status=ReviewStatus.OPEN)
        .select_related("prohibited_decision", "permitting_decision")
        .order_by("created_at", "id")
    )


def review_item_for(actor: User, reference: str) -> ReviewItem:
    """A review item of the actor's force, for its DPO."""
    found = ReviewItem.objects.select_related("force").filter(reference=reference).first()
    if found is None or not access.may_review(actor, found.force):
        raise NotFoundError
    return found


def consent_for(actor: User, reference: str) -> ConsentRecord:
    """A consent record about a party of a case the actor may work on."""
    found = (
        ConsentRecord.objects.select_related("party__case__force", "party__person")
        .filter(reference=reference)
        .first()
    )
    if found is None or not access.may_work_on_case(actor, found.party.case):
        raise NotFoundError
    return found


@dataclass(frozen=True)
class CaseOverview:
    """Everything a case's page and the API's case show, read once, each list oldest first:
    the regime in force today, the parties with their people, duty tasks, decisions, disclosures
    and consent answers."""

    case: Case
    regime: ForceRegime | None
    parties: list[Party]
    tasks: list[DutyTask]
    decisions: list[SharingDecision]
    disclosures: list[DisclosureRecord]
    consents: list[ConsentRecord]
    nrm_consents: list[NrmConsent]

    def disclosed(self, decision: SharingDecision) -> bool:
        """Whether anything was shared on this decision."""
        return any(record.decision_id == decision.pk for record in self.disclosures)

    def consents_of(self, party: Party) -> list[ConsentRecord]:
        """The party's consent answers, oldest first."""
        return [consent for consent in self.consents if consent.party_id == party.pk]

    def nrm_consent_of(self, party: Party) -> NrmConsent | None:
        """The party's latest answer about an NRM referral, if asked."""
        answers = [consent for consent in self.nrm_consents if consent.party_id == party.pk]
        return answers[-1] if answers else None


def case_overview(case: Case) -> CaseOverview:
    """The case's overview (a case already opened or checked: this checks no access)."""
    oldest_first = ("created_at", "id")
    return CaseOverview(
        case=case,
        regime=regime_on(case.force),
        parties=list(case.parties.select_related("person").order_by(*oldest_first)),
        tasks=list(
            DutyTask.objects.filter(case=case)
            .select_related("party__person", "done_by")
            .order_by(*oldest_first)
        ),
        decisions=list(
            SharingDecision.objects.filter(party__case=case)
            .select_related("party__person", "requested_by")
            .order_by(*oldest_first)
        ),
        disclosures=list(
            DisclosureRecord.objects.filter(decision__party__case=case)
            .select_related("decision__party__person", "disclosed_by")
            .order_by("disclosed_at", "id")
        ),
        consents=list(
            ConsentRecord.objects.filter(party__case=case)
            .select_related("party", "recipient", "recorded_by", "withdrawn_by")
            .order_by("recorded_at", "id")
        ),
        nrm_consents=list(
            NrmConsent.objects.filter(party__case=case)
            .select_related("recorded_by", "withdrawn_by")
            .order_by("recorded_at", "id")
        ),
    )


def nrm_consent_for(actor: User, reference: str) -> NrmConsent:
    """An answer about an NRM referral, of a party of a case the actor may work on."""
    found = (
        NrmConsent.objects.select_related("party__case__force", "party__person")
        .filter(reference=reference)
        .first()
    )
    if found is None or not access.may_work_on_case(actor, found.party.case):
        raise NotFoundError
    return found
