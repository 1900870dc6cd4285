"""Case progress (stage, support, NRM), the party's recorded status, duties done, and the
review queue."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from safereport.accounts.models import User
from safereport.accounts.roles import Role
from safereport.audit.events import Actor, record
from safereport.audit.names import AuditAction
from safereport.casework import access, signals
from safereport.casework.actions.common import Access, case_for_update, party_for_update
from safereport.casework.errors import (
    AlreadyDoneError,
    CaseworkError,
    NotFoundError,
    NotPermittedError,
    Problems,
)
from safereport.casework.facts import protection_facts
from safereport.casework.models import Case, DisclosureRecord, DutyTask, Party, ReviewItem
from safereport.casework.vocabulary import ReviewStatus, TaskStatus
from safereport.enforcement.actions import update_protection
from safereport.errors import vouched
from safereport.policy.vocabulary import Duty, ImmigrationStatus, Nrm, Stage, Support

# Duties the service sees done, which nobody can tick off instead.
DONE_ONLY_BY_DOING = {
    Duty.GIVE_NOTICE: "A notice is given by recording its delivery, on the person's notice page.",
    Duty.OFFER_NRM_REFERRAL: "The offer of an NRM referral is done by recording the answer.",
}


@transaction.atomic
def mark_duty_done(*, actor: User, task: DutyTask) -> DutyTask:
    """Record that a duty has been carried out."""
    task = DutyTask.objects.select_for_update().select_related("case", "party").get(pk=task.pk)
    if not access.may_work_on_case(actor, task.case):
        raise NotFoundError
    if task.status != TaskStatus.OPEN:
        raise AlreadyDoneError("This task is already done.", {"task": "done"})
    if task.duty in DONE_ONLY_BY_DOING:
        raise CaseworkError(DONE_ONLY_BY_DOING[Duty(task.duty)], {"task": "done by doing it"})
    task.status, task.done_by, task.done_at = TaskStatus.DONE, actor, timezone.now()
    task.save(update_fields=["status", "done_by", "done_at"])
    record(
        Actor.for_user(actor),
        AuditAction.CASEWORK_DUTY_DONE,
        subjects=[task.reference, task.party.reference, task.case.reference],
        details={"duty": task.duty},
    )
    return task


# Case progress ---------------------------------------------------------------------------------


@transaction.atomic
def change_case_stage(*, actor: User, case: Case, stage: Stage | str) -> Case:
    """Move a case to another stage; every protection of its parties learns it at once."""
    case = case_for_update(actor, case)
    problems = Problems()
    word = problems.word(Stage, stage, "stage")
    problems.raise_if_any()
    new = vouched(word)
    old = case.stage
    if new == old:
        return case
    case.stage = new.value
    # Retention runs from the day the case concluded, and stops if it is reopened.
    case.concluded_on = timezone.localdate() if new == Stage.CONCLUDED else None
    case.save(update_fields=["stage", "concluded_on"])
    updated = sum(_tell_enforcement(party, actor) for party in case.parties.all())
    _state_changed(actor, case, None, field="stage", old=old, new=new.value, updated=updated)
    signals.tell_case(actor, "stage", case)
    return case


@transaction.atomic
def reassign_case(*, actor: User, case: Case, officer: User | str) -> Case:
    """Make another officer of the force the officer in charge of the case: its officer in
    charge or the force's data protection officer may (`officer`: a user, or their pseudonym).
    The event names both by pseudonym."""
    found = case_for_update(actor, case)
    if actor.pk != found.officer_in_charge_id and actor.role != Role.POLICE_DPO:
        raise NotPermittedError(
            "Only the officer in charge or the force's data protection officer may reassign it."
        )
    chosen = (
        officer
        if isinstance(officer, User)
        else User.objects.filter(pseudonym=officer, organisation=found.force).first()
    )
    if chosen is None or not access.is_police(chosen) or chosen.organisation_id != found.force_id:
        raise CaseworkError(
            "Choose an officer of the force.",
            {"officer": "must be an active officer or data protection officer of the force"},
        )
    if chosen.pk == found.officer_in_charge_id:
        raise AlreadyDoneError(f"{_name(chosen)} is already the officer in charge.")
    previous = found.officer_in_charge
    found.officer_in_charge = chosen
    found.save(update_fields=["officer_in_charge"])
    record(
        Actor.for_user(actor),
        AuditAction.CASEWORK_CASE_REASSIGNED,
        subjects=[found.reference],
        details={"from": previous.pseudonym, "to": chosen.pseudonym},
    )
    return found


def _name(user: User) -> str:
    return user.get_full_name() or user.username


@transaction.atomic
def change_party_support(
    *, actor: User, party: Party, support: Support | str, allowed: Access | None = None
) -> Party:
    """Record whether the party is offered or receiving support and advice: the police of the
    case or, when the pathways record it for a support organisation, whoever their `allowed`
    says yes to."""
    return _change_party(actor, party, "support", Support, support, allowed=allowed)


@transaction.atomic
def change_party_state(
    *, actor: User, party: Party | str, support: Support | str | None, nrm: Nrm | str | None
) -> Party:
    """Record the party's support, its NRM state, or both, in one transaction."""
    if support is None and nrm is None:
        raise CaseworkError(
            "Give the party's support, its NRM state, or both.",
            {"support": "give this, nrm, or both", "nrm": "give this, support, or both"},
        )
    found = party_for_update(actor, party)
    if support is not None:
        found = change_party_support(actor=actor, party=found, support=support)
    if nrm is not None:
        found = change_party_nrm(actor=actor, party=found, nrm=nrm)
    return found


@transaction.atomic
def change_party_status(
    *,
    actor: User,
    party: Party | str,
    immigration_status: ImmigrationStatus | str | None = None,
    suspected_offending: bool | None = None,
) -> Party:
    """Correct what the police record of the party's immigration status, whether there is
    evidence of an immigration offence, or both (DOMAIN.md: `uncertain`, `insecure` and
    `suspected_offending` are different answers). Protections are updated at once and the
    person's notice is issued again where the rules now say something else."""
    if immigration_status is None and suspected_offending is None:
        raise CaseworkError(
            "Give the party's immigration status, whether an offence is suspected, or both.",
            {
                "immigration_status": "give this, suspected_offending, or both",
                "suspected_offending": "give this, immigration_status, or both",
            },
        )
    found = party_for_update(actor, party)
    problems = Problems()
    status = (
        problems.word(ImmigrationStatus, immigration_status, "immigration_status")
        if immigration_status is not None
        else ImmigrationStatus(found.immigration_status)
    )
    if suspected_offending is not None and not isinstance(suspected_offending, bool):
        problems.add("suspected_offending", "must be true or false")
    problems.raise_if_any()
    offending = found.suspected_offending if suspected_offending is None else suspected_offending
    changes = [
        (name, str(old), str(new))
        for name, old, new in (
            ("immigration_status", found.immigration_status, vouched(status).value),
            ("suspected_offending", found.suspected_offending, offending),
        )
        if old != new
    ]
    if not changes:
        return found
    found.immigration_status, found.suspected_offending = vouched(status).value, offending
    found.save(update_fields=["immigration_status", "suspected_offending"])
    updated = _tell_enforcement(found, actor)
    for name, old, new in changes:
        _state_changed(actor, found.case, found, field=name, old=old, new=new, updated=updated)
    signals.tell(actor, "status", [found])
    return found


@transaction.atomic
def change_party_nrm(*, actor: User, party: Party, nrm: Nrm | str) -> Party:
    """Record the party's National Referral Mechanism state."""
    return _change_party(actor, party, "nrm", Nrm, nrm)


def _change_party(
    actor: User,
    party: Party,
    field: str,
    vocabulary: type[Support] | type[Nrm],
    value: object,
    *,
    allowed: Access | None = None,
) -> Party:
    party = party_for_update(actor, party, allowed)
    problems = Problems()
    word = problems.word(vocabulary, value, field)
    problems.raise_if_any()
    new = vouched(word)
    old = getattr(party, field)
    if new == old:
        return party
    setattr(party, field, new.value)
    party.save(update_fields=[field])
    updated = _tell_enforcement(party, actor)
    _state_changed(actor, party.case, party, field=field, old=old, new=new.value, updated=updated)
    signals.tell(actor, field, [party])
    return party


def _tell_enforcement(party: Party, actor: User) -> int:
    """Send the party's current facts to each of its protections; return how many."""
    references = DisclosureRecord.objects.filter(
        decision__party=party, protocol_reference__isnull=False
    ).values_list("protocol_reference", flat=True)
    facts = protection_facts(party)
    count = 0
    for reference in references:
        if reference:
            update_protection(reference, facts, actor=Actor.for_user(actor))
            count += 1
    return count


def _state_changed(
    actor: User, case: Case, party: Party | None, *, field: str, old: str, new: str, updated: int
) -> None:
    record(
        Actor.for_user(actor),
        AuditAction.CASEWORK_CASE_STATE_CHANGED,
        subjects=[case.reference, *([party.reference] if party else [])],
        details={"field": field, "from": old, "to": new, "protections_updated": updated},
    )


@transaction.atomic
def mark_review_done(*, actor: User, item: ReviewItem) -> ReviewItem:
    """The force's data protection officer has looked at why a prohibited share became
    permitted. The decisions themselves are never changed."""
    item = ReviewItem.objects.select_for_update().select_related("force").get(pk=item.pk)
    if not access.may_review(actor, item.force):
        raise NotFoundError
    if item.status != ReviewStatus.OPEN:
        raise AlreadyDoneError("This review is already done.", {"review": "done"})
    item.status, item.reviewed_by, item.reviewed_at = ReviewStatus.REVIEWED, actor, timezone.now()
    item.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    record(
        Actor.for_user(actor),
        AuditAction.CASEWORK_REVIEW_ITEM_REVIEWED,
        subjects=[
            item.reference,
            item.prohibited_decision.reference,
            item.permitting_decision.reference,
        ],
    )
    return item
