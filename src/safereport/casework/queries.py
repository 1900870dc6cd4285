"""Reading records by reference for the pages and the API to come: each lookup checks access and
answers `NotFoundError` alike for what does not exist and what the user may not see.

These read; they record nothing. A page that shows a case calls `actions.open_case`, which
records the opening.
"""

from __future__ import annotations

from django.db.models import QuerySet

from safereport.accounts.models import User
from safereport.casework import access
from safereport.casework.errors import NotFoundError
from safereport.casework.models import Case, DutyTask, Party, ReviewItem, SharingDecision
from safereport.casework.vocabulary import ReviewStatus


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
