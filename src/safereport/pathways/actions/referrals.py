"""Routine referral (issue 5, item 3): the officer offers a referral and records the answer as a
consent; with consent it is sent, holding only the data agreed to; the organisation acknowledges
it and makes first contact within 2 working days, or says it could not, or declines it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone

from safereport.accounts.models import User
from safereport.audit.events import Actor, record
from safereport.audit.names import AuditAction
from safereport.casework.actions import mark_duty_done
from safereport.casework.actions.common import refuse_if_erased
from safereport.casework.models import DutyTask, Party
from safereport.casework.vocabulary import ConsentAnswer, ConsentMethod, TaskStatus
from safereport.errors import vouched
from safereport.pathways import access
from safereport.pathways.actions.common import (
    categories_for,
    check_move,
    consent_recorded,
    move,
    party_for_update,
    referral_for_update,
    subjects_of,
)
from safereport.pathways.consent import (
    REFERRAL_CATEGORIES,
    current_consent,
    is_in_force,
    referral_content,
)
from safereport.pathways.errors import NotFoundError, PathwaysError, Problems
from safereport.pathways.lifecycle import UNDER_WAY, ReferralStatus
from safereport.pathways.models import DirectoryEntry, PathwayConsent, Referral, ReferralStep
from safereport.pathways.vocabulary import ConsentPurpose, ContactMethod, DeclineReason
from safereport.policy.vocabulary import Category, Duty, Role
from safereport.references import echoed
from safereport.workingdays import first_contact_due

# The police side -----------------------------------------------------------------------------


@transaction.atomic
def offer_referral(
    *, actor: User, party: Party | str, organisation: DirectoryEntry | str
) -> Referral:
    """Record that the officer offered the victim or witness a referral to an organisation of the
    directory (an entry, or its organisation's code). Its `offer_specialist_support` task, if
    open, is done: the offer is what the duty asks for."""
    party = party_for_update(actor, party, access.may_refer)
    refuse_if_erased(party)
    problems = Problems()
    if party.role == Role.SUSPECT:
        problems.add("party", "is a suspect: referrals are for victims and witnesses")
    entry = _listed_entry(organisation, problems)
    if entry is not None and _open_referral(party, entry):
        problems.add("organisation", "already has an open referral for this person")
    problems.raise_if_any("This referral cannot be offered.")
    entry = vouched(entry)
    referral = Referral.objects.create(party=party, entry=entry, offered_by=actor)
    ReferralStep.objects.create(referral=referral, status=ReferralStatus.OFFERED, by=actor)
    record(
        Actor.for_user(actor),
        AuditAction.PATHWAYS_REFERRAL_OFFERED,
        subjects=subjects_of(referral),
        details={"crime_type": party.case.crime_type, "role": party.role},
    )
    _duty_done(actor, party, Duty.OFFER_SPECIALIST_SUPPORT)
    return referral


@transaction.atomic
def record_referral_answer(
    *,
    actor: User,
    referral: Referral | str,
    answer: ConsentAnswer | str,
    method: ConsentMethod | str,
    categories: Iterable[Category | str] = (),
) -> Referral:
    """Record the victim's answer to the offer as a consent to the organisation, for the data
    categories they agree it may receive: `accepted` with consent given, `declined_by_victim`
    with consent refused (then no categories are needed)."""
    referral = referral_for_update(actor, referral, lambda u, r: access.may_refer(u, r.party))
    problems = Problems()
    word = problems.word(ConsentAnswer, answer, "answer")
    how = problems.word(ConsentMethod, method, "method")
    given = word == ConsentAnswer.GIVEN
    chosen = categories_for(
        categories, REFERRAL_CATEGORIES, problems, party=referral.party, required=given
    )
    problems.raise_if_any("The answer cannot be recorded.")
    consent = PathwayConsent.objects.create(
        party=referral.party,
        purpose=ConsentPurpose.SUPPORT_REFERRAL,
        categories=[c.value for c in chosen] if given else [],
        recipient=referral.entry.organisation,
        answer=vouched(word).value,
        method=vouched(how).value,
        recorded_by=actor,
    )
    consent_recorded(actor, consent, [referral.reference])
    referral.consent = consent
    to = ReferralStatus.ACCEPTED if given else ReferralStatus.DECLINED_BY_VICTIM
    return move(referral, to, actor=actor, fields=["consent"])


@transaction.atomic
def send_referral(*, actor: User, referral: Referral | str) -> Referral:
    """Send an accepted referral to the organisation's inbox with the data of the categories the
    victim's consent covers now, read from the records now. First contact is due on the second
    working day after today (Victims' Code right 4, England and Wales bank holidays)."""
    referral = referral_for_update(actor, referral, lambda u, r: access.may_refer(u, r.party))
    check_move(referral, ReferralStatus.SENT)
    consent = current_consent(
        referral.party, ConsentPurpose.SUPPORT_REFERRAL, referral.entry.organisation
    )
    if consent is None or not is_in_force(consent):
        raise PathwaysError(
            "The victim's consent to this referral is not in force: it was refused or withdrawn.",
            {"consent": "not in force"},
        )
    categories = [Category(c) for c in consent.categories]
    problems = Problems()
    categories_for(categories, REFERRAL_CATEGORIES, problems, party=referral.party)
    problems.raise_if_any("This referral cannot be sent.")
    now = timezone.now()
    referral.consent = consent
    referral.categories = [c.value for c in categories]
    referral.content = referral_content(referral.party, categories)
    referral.sent_at = now
    referral.first_contact_due_on = first_contact_due(timezone.localdate(now))
    move(
        referral,
        ReferralStatus.SENT,
        actor=actor,
        fields=["consent", "categories", "content", "sent_at", "first_contact_due_on"],
        details={
            "categories": referral.categories,
            "first_contact_due_on": referral.first_contact_due_on.isoformat(),
        },
    )
    _duty_done(actor, referral.party, Duty.REFER_TO_THIRD_PARTY)
    return referral


# The organisation's side ---------------------------------------------------------------------


@transaction.atomic
def acknowledge_referral(*, actor: User, referral: Referral | str) -> Referral:
    """The organisation has received the referral and will make contact."""
    referral = referral_for_update(actor, referral, access.may_receive_referral)
    return move(referral, ReferralStatus.ACKNOWLEDGED, actor=actor)


# How long a first contact's note may be, in characters.
NOTE_LENGTH = 5_000


@transaction.atomic
def record_first_contact(
    *,
    actor: User,
    referral: Referral | str,
    made_on: date | None = None,
    method: ContactMethod | str = "",
    note: str = "",
) -> Referral:
    """The organisation has spoken with the victim: on `made_on` (default today; not in the
    future, nor before the referral was sent), how, and a note (encrypted; never in the event).
    The event says whether it was within the 2 working days, measured by that day."""
    referral = referral_for_update(actor, referral, access.may_receive_referral)
    check_move(referral, ReferralStatus.FIRST_CONTACT_MADE)
    problems = Problems()
    today = timezone.localdate()
    day = made_on or today
    sent = timezone.localdate(referral.sent_at) if referral.sent_at else None
    if day > today:
        problems.add("made_on", "must be today or in the past")
    elif sent is not None and day < sent:
        problems.add("made_on", f"must be on or after the day it was sent, {sent.day} {sent:%B %Y}")
    chosen = problems.word(ContactMethod, method, "method") if method else None
    if len(note) > NOTE_LENGTH:
        problems.add("note", f"must be {NOTE_LENGTH:,} characters or fewer")
    problems.raise_if_any("The first contact cannot be recorded.")
    referral.first_contact_on = day
    referral.first_contact_method = chosen.value if chosen else ""
    referral.first_contact_note = note.strip()
    return move(
        referral,
        ReferralStatus.FIRST_CONTACT_MADE,
        actor=actor,
        fields=["first_contact_on", "first_contact_method", "first_contact_note"],
        details={**_timeliness(referral, day), "method": referral.first_contact_method},
    )


@transaction.atomic
def record_unable_to_contact(*, actor: User, referral: Referral | str) -> Referral:
    """The organisation tried and could not reach the victim safely."""
    referral = referral_for_update(actor, referral, access.may_receive_referral)
    return move(
        referral, ReferralStatus.UNABLE_TO_CONTACT, actor=actor, details=_timeliness(referral)
    )


@transaction.atomic
def decline_referral(
    *, actor: User, referral: Referral | str, reason: DeclineReason | str
) -> Referral:
    """The organisation cannot take the referral, for a reason from the fixed list."""
    referral = referral_for_update(actor, referral, access.may_receive_referral)
    problems = Problems()
    why = problems.word(DeclineReason, reason, "reason")
    problems.raise_if_any("Say why the referral is declined.")
    referral.decline_reason = vouched(why).value
    return move(
        referral,
        ReferralStatus.DECLINED_BY_ORGANISATION,
        actor=actor,
        fields=["decline_reason"],
        details={"reason": referral.decline_reason},
    )


def read_referral(*, actor: User, reference: str) -> Referral:
    """A referral sent to the actor's organisation, to show with what it holds; reading it is an
    audit event. Anything else by that reference is `NotFoundError`, recorded (as a refusal)
    before it is raised."""
    referral = _read_referral(actor, reference)
    if referral is None:
        raise NotFoundError
    return referral


@transaction.atomic
def _read_referral(actor: User, reference: str) -> Referral | None:
    referral = (
        Referral.objects.select_related("entry__organisation", "party__case__force", "consent")
        .filter(reference=reference)
        .first()
    )
    if referral is None or not access.may_receive_referral(actor, referral):
        record(
            Actor.for_user(actor),
            AuditAction.PATHWAYS_REFERRAL_READ_REFUSED,
            subjects=echoed("ref", reference),
        )
        return None
    record(
        Actor.for_user(actor), AuditAction.PATHWAYS_REFERRAL_READ, subjects=subjects_of(referral)
    )
    return referral


# Helpers ---------------------------------------------------------------------------------------


def _listed_entry(organisation: DirectoryEntry | str, problems: Problems) -> DirectoryEntry | None:
    code = organisation if isinstance(organisation, str) else organisation.organisation.code
    entry = (
        DirectoryEntry.objects.select_related("organisation")
        .filter(organisation__code=code, listed=True, organisation__active=True)
        .first()
    )
    if entry is None:
        problems.add("organisation", "must be an organisation listed in the directory")
    return entry


def _open_referral(party: Party, entry: DirectoryEntry) -> bool:
    return Referral.objects.filter(party=party, entry=entry, status__in=UNDER_WAY).exists()


def _duty_done(actor: User, party: Party, duty: Duty) -> None:
    """Mark the party's open task for `duty` done, through case work's own action."""
    task = DutyTask.objects.filter(party=party, duty=duty, status=TaskStatus.OPEN).first()
    if task is not None:
        mark_duty_done(actor=actor, task=task)


def _timeliness(referral: Referral, on: date | None = None) -> dict[str, object]:
    """Whether contact on `on` (default today) was within the 2 working days."""
    due = referral.first_contact_due_on
    late = due is not None and (on or timezone.localdate()) > due
    return {"within_two_working_days": not late}
