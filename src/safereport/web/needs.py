"""What needs doing, for each role's home page (issue 13, item 4): the officer's open tasks on
the cases assigned to them and the force's referrals overdue for first contact; the support
worker's overdue first contacts; the DPO's review queue and transparency returns due; IE's
disclosures received in the last week; the administrator's locked-out accounts. Counts and
links only: the pages they lead to say more, and record who opened what."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from safereport.accounts import lockouts
from safereport.accounts.models import User
from safereport.accounts.roles import POLICE_ROLES, Role
from safereport.casework import queries as casework
from safereport.casework.models import DutyTask
from safereport.casework.vocabulary import TaskStatus
from safereport.enforcement.models import Disclosure
from safereport.oversight import returns
from safereport.pathways import queries as pathways

# How far back IE's "new" disclosures go.
NEW_FOR = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class Need:
    text: str
    count: int
    href: str


def what_needs_doing(user: User) -> list[Need]:
    """The things waiting for the user, each with how many and where to see them; only those
    with something waiting."""
    found: list[Need] = []
    if user.role in POLICE_ROLES:
        tasks = DutyTask.objects.filter(
            case__officer_in_charge=user, status=TaskStatus.OPEN
        ).count()
        found.append(Need("Open tasks on the cases assigned to you", tasks, _mine()))
        behind = casework.with_overdue_tasks(
            casework.cases_for(user).filter(officer_in_charge=user)
        )
        found.append(
            Need(
                "Cases assigned to you with overdue tasks", behind.count(), _mine() + "&overdue=yes"
            )
        )
        overdue = pathways.overdue(pathways.force_referrals(user)).count()
        found.append(
            Need("Referrals overdue for first contact", overdue, reverse("pathways:referrals"))
        )
    if user.role == Role.POLICE_DPO:
        queue = casework.review_queue(user).count()
        found.append(Need("Decisions to review", queue, reverse("casework:review-queue")))
        late = [
            e
            for e in returns.entries(user.organisation)
            if e.status in (returns.Status.DUE, returns.Status.OVERDUE)
        ]
        found.append(Need("Transparency returns to make", len(late), reverse("oversight:returns")))
    if user.role == Role.SUPPORT_WORKER:
        overdue = pathways.overdue(pathways.inbox(user)).count()
        found.append(Need("First contacts overdue", overdue, reverse("pathways:inbox")))
    if user.role == Role.IE_CASEWORKER:
        new = Disclosure.objects.filter(
            recipient=user.organisation, received_at__gte=timezone.now() - NEW_FOR
        ).count()
        found.append(
            Need("Disclosures received in the last 7 days", new, reverse("enforcement:inbox"))
        )
    if user.role == Role.ADMIN:
        locked = len(lockouts.locked_usernames())
        found.append(
            Need("Accounts locked out", locked, reverse("accounts:users") + "?status=locked")
        )
    return [need for need in found if need.count]


def _mine() -> str:
    return reverse("casework:cases") + "?filter=1&mine=yes"
