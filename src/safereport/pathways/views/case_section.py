"""The case page's section on referrals (`casework.views.sections`): each referral of the
case's people, with how far it has got: offered, answered, sent, acknowledged, first contact
on time, late or overdue, declined or withdrawn."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils import timezone

from safereport.casework.models import Case
from safereport.casework.views.cases import party_name
from safereport.casework.views.sections import Section
from safereport.pathways import queries
from safereport.pathways.lifecycle import AWAITING_CONTACT
from safereport.pathways.lifecycle import ReferralStatus as S
from safereport.pathways.models import Referral
from safereport.pathways.views.display import STATUS_COLOURS
from safereport.pathways.vocabulary import DeclineReason

TEMPLATE = "pathways/components/case_referrals.html"


def referrals_section(case: Case) -> Section:
    """The section for this case: its referrals, oldest first, each with its progress."""
    today = timezone.localdate()
    return Section(
        TEMPLATE,
        {"rows": [_row(referral, today) for referral in queries.case_referrals(case)]},
    )


def _row(referral: Referral, today: date) -> dict[str, Any]:
    status = S(referral.status)
    return {
        "referral": referral,
        "name": party_name(referral.party),
        "organisation": referral.entry.organisation.name,
        "status_label": status.label,
        "status_colour": STATUS_COLOURS[status],
        "overdue": queries.is_overdue(referral, today),
        "progress": progress(referral, today),
    }


def progress(referral: Referral, today: date) -> list[str]:
    """How far the referral has got, a line for each step taken and what is awaited, oldest
    first: "Offered on 1 December 2026", "First contact made on 3 December 2026: on time"."""
    # Prefetched by `queries.case_referrals`: no query per referral.
    due = referral.first_contact_due_on
    lines = [
        _first_contact(referral.first_contact_on, due)
        if step.status == S.FIRST_CONTACT_MADE and referral.first_contact_on and due
        else f"{S(step.status).label} on {_day(step.at)}"
        for step in referral.steps.all()
    ]
    if referral.status in AWAITING_CONTACT and due is not None:
        if today > due:
            lines.append(f"Overdue: first contact was due by {_day(due)}")
        else:
            lines.append(f"First contact due by {_day(due)}")
    if referral.decline_reason:
        lines.append(f"Reason: {DeclineReason(referral.decline_reason).label.lower()}")
    return lines


def _first_contact(made_on: date, due: date) -> str:
    """First contact by the day it was made (which may be before it was recorded), against the
    day it was due (Victims' Code right 4)."""
    timing = "on time" if made_on <= due else f"late (due by {_day(due)})"
    return f"First contact made on {_day(made_on)}: {timing}"


def _day(moment: date | datetime) -> str:
    local = timezone.localtime(moment) if isinstance(moment, datetime) else moment
    return f"{local.day} {local:%B %Y}"
