"""The recommendation tracker (issue 12, item 4): per force, each recommendation addressed to
chief constables with its status and the DPO's dated evidence entries, and beside them the
evidence the service itself holds (counted by the database):

- Rec 1: the force's regime history, and how many domestic abuse victims recorded as of
  uncertain status at the decision had information disclosed to Immigration Enforcement since
  the report's publication (17 December 2020);
- Rec 4: referrals offered and sent, the share of first contacts made within 2 working days,
  and notices delivered;
- Rec 8: when each six-monthly update fell due and whether one was signed off by then.

A six-monthly progress update is a printable page; its sign-off by the DPO is an audit event
holding the SHA-256 of what it showed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

import rfc8785
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from safereport.accounts.models import Organisation, User
from safereport.accounts.roles import Role
from safereport.audit.events import Actor, record
from safereport.audit.names import AuditAction
from safereport.casework.models import DisclosureRecord, ForceRegime
from safereport.errors import NotPermittedError, Problems, ServiceError, vouched
from safereport.notices.models import Delivery
from safereport.oversight.disclosure_control import rate
from safereport.oversight.models import EvidenceEntry, ProgressUpdate
from safereport.oversight.recommendations import (
    BY_ID,
    FOR_FORCES,
    PUBLISHED,
    Recommendation,
    Status,
    updates_due,
)
from safereport.pathways.models import Referral
from safereport.policy.regimes import REGIME_INFO
from safereport.policy.vocabulary import CrimeType, ImmigrationStatus, RegimeId
from safereport.policy.vocabulary import Role as PartyRole

# How long an evidence entry may be, in characters.
EVIDENCE_LENGTH = 5_000


@dataclass(frozen=True, slots=True)
class Held:
    """One fact the service holds about a recommendation, as the page says it."""

    label: str
    value: str


@dataclass(frozen=True, slots=True)
class Tracked:
    recommendation: Recommendation
    status: Status
    entries: list[EvidenceEntry]
    held: list[Held]


def tracked(force: Organisation, today: date | None = None) -> list[Tracked]:
    """Every recommendation the force tracks, with its status, entries and the service's
    evidence."""
    today = today or timezone.localdate()
    entries: dict[str, list[EvidenceEntry]] = {}
    for entry in EvidenceEntry.objects.filter(force=force).select_related("recorded_by"):
        entries.setdefault(entry.recommendation, []).append(entry)
    found = []
    for recommendation in FOR_FORCES:
        own = entries.get(recommendation.id, [])
        status = Status(own[0].status) if own else Status.NOT_STARTED
        found.append(Tracked(recommendation, status, own, held(recommendation, force, today)))
    return found


def held(recommendation: Recommendation, force: Organisation, today: date) -> list[Held]:
    """What the service's own records show for the recommendation at this force."""
    if recommendation.id == "rec-1":
        return _rec_1(force)
    if recommendation.id == "rec-4":
        return _rec_4(force)
    if recommendation.id == "rec-8":
        return _rec_8(force, today)
    return []


def _rec_1(force: Organisation) -> list[Held]:
    history = ForceRegime.objects.filter(force=force).order_by("effective_from", "created_at")
    regimes = "; ".join(
        f"{REGIME_INFO[RegimeId(r.regime)].title} from {r.effective_from.day} "
        f"{r.effective_from:%B %Y}"
        for r in history
    )
    victims = (
        DisclosureRecord.objects.filter(
            decision__party__case__force=force,
            decision__party__case__crime_type=CrimeType.DOMESTIC_ABUSE,
            decision__party__role=PartyRole.VICTIM,
            decision__situation__person__immigration_status=ImmigrationStatus.UNCERTAIN.value,
            disclosed_at__date__gte=PUBLISHED,
        )
        .values("decision__party")
        .distinct()
        .count()
    )
    return [
        Held("The force's regimes", regimes or "None set yet"),
        Held(
            "Domestic abuse victims of uncertain status whose information was disclosed since "
            f"{PUBLISHED.day} {PUBLISHED:%B %Y}",
            str(victims),
        ),
    ]


def _rec_4(force: Organisation) -> list[Held]:
    referrals = Referral.objects.filter(party__case__force=force)
    counts = referrals.aggregate(
        offered=Count("pk"),
        sent=Count("pk", filter=Q(sent_at__isnull=False)),
        on_time=Count("pk", filter=Q(first_contact_on__lte=F("first_contact_due_on"))),
    )
    delivered = Delivery.objects.filter(
        notice__series__party__case__force=force, status=Delivery.Status.DELIVERED
    ).count()
    return [
        Held("Referrals to specialist support offered", str(counts["offered"])),
        Held("Referrals sent to an organisation", str(counts["sent"])),
        Held(
            "Of those sent, first contact within 2 working days",
            rate(counts["on_time"], counts["sent"], national=True),
        ),
        Held("Notices delivered to victims and witnesses", str(delivered)),
    ]


def _rec_8(force: Organisation, today: date) -> list[Held]:
    return [
        Held(f"Update due {d.day} {d:%B %Y}", given) for d, given in update_history(force, today)
    ]


def update_history(force: Organisation, today: date) -> list[tuple[date, str]]:
    """Each six-monthly update's due date, and whether one was signed off in the six months up
    to it ("Given on ..."), or not."""
    signed = sorted(
        timezone.localdate(u.signed_off_at) for u in ProgressUpdate.objects.filter(force=force)
    )
    history = []
    previous = PUBLISHED
    for due in updates_due(today):
        given = [day for day in signed if previous < day <= due]
        history.append(
            (due, f"Given on {given[-1].day} {given[-1]:%B %Y}" if given else "Not given")
        )
        previous = due
    return history


@transaction.atomic
def record_evidence(
    *, actor: User, recommendation: str, status: Status | str, evidence: str
) -> EvidenceEntry:
    """The DPO's entry for their force on a recommendation: its status now and what shows it."""
    if actor.role != Role.POLICE_DPO:
        raise NotPermittedError("Only a force's data protection officer records its evidence.")
    problems = Problems()
    found = BY_ID.get(recommendation)
    if found is None or not found.for_forces:
        problems.add("recommendation", "is not a recommendation a force tracks")
    chosen = problems.word(Status, status, "status")
    text = evidence.strip()
    if not text:
        problems.add("evidence", "Enter what shows the recommendation's progress")
    elif len(text) > EVIDENCE_LENGTH:
        problems.add("evidence", f"must be {EVIDENCE_LENGTH:,} characters or fewer")
    problems.raise_if_any("The evidence cannot be recorded.")
    chosen = vouched(chosen)
    entry = EvidenceEntry.objects.create(
        force=actor.organisation,
        recommendation=recommendation,
        status=chosen.value,
        evidence=text,
        recorded_by=actor,
    )
    record(
        Actor.for_user(actor),
        AuditAction.OVERSIGHT_RECOMMENDATION_EVIDENCE_RECORDED,
        subjects=[entry.reference],
        details={
            "force": actor.organisation.code,
            "recommendation": recommendation,
            "status": chosen.value,
        },
    )
    return entry


def update_content(force: Organisation, today: date | None = None) -> dict[str, Any]:
    """What a progress update says: per recommendation, its status, latest evidence and the
    service's evidence. Counts and the DPO's words only."""
    today = today or timezone.localdate()
    return {
        "force": force.code,
        "force_name": force.name,
        "date": today.isoformat(),
        "recommendations": [
            {
                "id": t.recommendation.id,
                "title": t.recommendation.title,
                "status": t.status.value,
                "latest_evidence": t.entries[0].evidence if t.entries else "",
                "latest_evidence_on": (
                    timezone.localdate(t.entries[0].recorded_at).isoformat() if t.entries else None
                ),
                "held": [{"label": h.label, "value": h.value} for h in t.held],
            }
            for t in tracked(force, today)
        ],
    }


@transaction.atomic
def sign_off_update(*, actor: User, shown_sha256: str) -> ProgressUpdate:
    """The DPO signs off the progress update they were shown (its SHA-256, so that what is
    signed is what was read: if anything changed since, it is refused)."""
    if actor.role != Role.POLICE_DPO:
        raise NotPermittedError("Only a force's data protection officer signs off its update.")
    content = update_content(actor.organisation)
    digest = content_sha256(content)
    if digest != shown_sha256:
        raise ServiceError(
            "The update changed since you opened it.",
            {"update": "changed since you opened it: read it again, then sign it off"},
        )
    made = ProgressUpdate.objects.create(
        force=actor.organisation, content=content, sha256=digest, signed_off_by=actor
    )
    record(
        Actor.for_user(actor),
        AuditAction.OVERSIGHT_PROGRESS_UPDATE_SIGNED_OFF,
        subjects=[made.reference],
        details={"force": actor.organisation.code, "sha256": digest},
    )
    return made


def content_sha256(content: dict[str, Any]) -> str:
    return hashlib.sha256(rfc8785.dumps(cast(Any, content))).hexdigest()
