"""What the pathways' actions share: locking reads that check access, moving a referral along
its life with its step and audit event, and checking categories against a purpose."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.db.models import Q

from safereport.accounts.models import User
from safereport.audit.events import Actor, record
from safereport.audit.names import AuditAction
from safereport.casework.facts import PERSONAL_CATEGORIES
from safereport.casework.models import Party
from safereport.pathways import lifecycle
from safereport.pathways.errors import InvalidTransitionError, NotFoundError, Problems
from safereport.pathways.lifecycle import ReferralStatus
from safereport.pathways.models import PathwayConsent, Referral, ReferralStep
from safereport.policy.vocabulary import Category


def referral_for_update(
    actor: User, referral: Referral | str, allowed: Callable[[User, Referral], bool]
) -> Referral:
    """The referral (or the one with this reference) re-read and locked, if `allowed`."""
    match = Q(reference=referral) if isinstance(referral, str) else Q(pk=referral.pk)
    found = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("entry__organisation", "party__case__force", "party__person", "consent")
        .filter(match)
        .first()
    )
    if found is None or not allowed(actor, found):
        raise NotFoundError
    return found


def party_for_update(
    actor: User, party: Party | str, allowed: Callable[[User, Party], bool]
) -> Party:
    """The party (or the one with this reference) re-read and locked, if `allowed`."""
    match = Q(reference=party) if isinstance(party, str) else Q(pk=party.pk)
    # `of=("self",)`: PostgreSQL cannot lock the nullable side of the join to the person.
    found = (
        Party.objects.select_for_update(of=("self",))
        .select_related("case__force", "person")
        .filter(match)
        .first()
    )
    if found is None or not allowed(actor, found):
        raise NotFoundError
    return found


# The event of each step of a referral's life: `pathways:referral:<status>`.
REFERRAL_EVENTS: Mapping[ReferralStatus, AuditAction] = {
    status: AuditAction(f"pathways:referral:{status.value}") for status in ReferralStatus
}


def move(
    referral: Referral,
    to: ReferralStatus,
    *,
    actor: User,
    fields: Iterable[str] = (),
    details: Mapping[str, Any] | None = None,
) -> Referral:
    """Move the referral to `to` (refused unless `lifecycle` allows it), saving `fields` too;
    write the step and the event `pathways:referral:<status>`."""
    current = check_move(referral, to)
    referral.status = to.value
    referral.save(update_fields=["status", "updated_at", *fields])
    ReferralStep.objects.create(referral=referral, status=to.value, by=actor)
    record(
        Actor.for_user(actor),
        REFERRAL_EVENTS[to],
        subjects=subjects_of(referral),
        details={"from": current.value, **(details or {})},
    )
    return referral


def check_move(referral: Referral, to: ReferralStatus) -> ReferralStatus:
    """The referral's status, if it may move to `to`; otherwise `InvalidTransitionError` saying
    what it can become."""
    current = ReferralStatus(referral.status)
    if not lifecycle.may_move(current, to):
        allowed = ", ".join(s.value for s in sorted(lifecycle.TRANSITIONS[current])) or "nothing"
        raise InvalidTransitionError(
            f"This referral is {current.label.lower()}: it cannot become {to.label.lower()}.",
            {"status": f"is {current.value}; it can become {allowed}"},
        )
    return current


def consent_recorded(actor: User, consent: PathwayConsent, subjects: Iterable[str] = ()) -> None:
    """The event of a pathways consent being recorded."""
    record(
        Actor.for_user(actor),
        AuditAction.PATHWAYS_CONSENT_RECORDED,
        subjects=[
            consent.reference,
            consent.party.reference,
            f"org:{consent.recipient.code}",
            *subjects,
        ],
        details={
            "purpose": consent.purpose,
            "categories": consent.categories,
            "answer": consent.answer,
            "method": consent.method,
        },
    )


def subjects_of(referral: Referral) -> list[str]:
    """A referral's pseudonymous references, for its events."""
    party = referral.party
    return [
        referral.reference,
        party.reference,
        party.case.reference,
        f"org:{referral.entry.organisation.code}",
    ]


def categories_for(
    values: Iterable[Category | str],
    allowed: Iterable[Category],
    problems: Problems,
    *,
    party: Party | None = None,
    required: bool = True,
) -> list[Category]:
    """Known categories, each once, among `allowed`; personal ones only for a party that has a
    person (an anonymous party has no identity to share)."""
    allowed = list(allowed)
    found: list[Category] = []
    for position, value in enumerate(values):
        field = f"categories[{position}]"
        category = problems.word(Category, value, field)
        if category is None:
            continue
        if category not in allowed:
            problems.add(field, f"{category.value} cannot be given here; only {_words(allowed)}")
        elif category in found:
            problems.add(field, "repeats a category; list each once")
        elif category in PERSONAL_CATEGORIES and party is not None and party.person is None:
            problems.add(
                field,
                f"{category.value}: the person is anonymous to the police, so none is held",
            )
        else:
            found.append(category)
    if required and not found and "categories" not in problems.fields:
        problems.add(
            "categories",
            f"Select at least one category of data they agreed to: {_words(allowed)}",
        )
    return [c for c in Category if c in found]


def _words(categories: Iterable[Category]) -> str:
    return ", ".join(c.value for c in categories)
