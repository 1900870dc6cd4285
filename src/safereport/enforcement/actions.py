"""The Immigration Enforcement side's actions: receiving a disclosure, keeping a protection's facts
current, the protocol check, and the inbox. Each writes its audit event in its transaction.

The police side calls `receive_disclosure` and `update_protection` and nothing else; IE staff
call `check_protocol`, `inbox` and `read_disclosure`. There is no search: IE reaches a person
only by a reference that came with a disclosure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from safereport.accounts.models import Organisation, User
from safereport.accounts.roles import OrganisationKind
from safereport.audit.events import Actor, record
from safereport.audit.names import AuditAction
from safereport.enforcement import access
from safereport.enforcement.errors import EnforcementError, NotFoundError, RefusedDisclosureError
from safereport.enforcement.models import Disclosure, Protection, ProtocolCheck
from safereport.enforcement.references import PROTOCOL_REFERENCE
from safereport.enforcement.snapshots import (
    DISCLOSABLE_FIELDS,
    DisclosureSnapshot,
    ProtectionFacts,
)
from safereport.policy import CaseState, Crime, GateResult, GateSituation, Person, gate
from safereport.policy.vocabulary import (
    PROTOCOL_REGIMES,
    AgeGroup,
    Category,
    CrimeType,
    EnforcementAction,
    GateOutcome,
    ImmigrationStatus,
    Nrm,
    RegimeId,
    Role,
    Stage,
    Support,
)
from safereport.references import echoed
from safereport.web.kit.lists import PER_PAGE

# The facts of a protection that the police side may update, as model attributes.
FACT_FIELDS = (
    "role",
    "age_group",
    "immigration_status",
    "suspected_offending",
    "crime_type",
    "stage",
    "support",
    "nrm",
)


@dataclass(frozen=True)
class InboxEntry:
    """One disclosure as an IE caseworker sees it: only what was handed over."""

    reference: str
    received_at: datetime
    force: str  # the disclosing force's name
    purpose: str
    categories: tuple[str, ...]
    fields: Mapping[str, Mapping[str, str | None]]
    protocol_reference: str | None
    erased_at: datetime | None = None  # when the fields were erased (`enforcement.erasure`)


@transaction.atomic
def receive_disclosure(snapshot: DisclosureSnapshot, *, actor: Actor) -> tuple[str, str | None]:
    """Store a disclosure addressed to IE; register a protection when the snapshot asks for one.

    Returns (disclosure reference, protocol reference or None). Refuses any snapshot carrying a
    category or field outside `DISCLOSABLE_FIELDS`, so the police side cannot over-share by
    mistake. `actor` is the police user disclosing.
    """
    _check_fields(snapshot)
    force = _organisation(snapshot.force_code, OrganisationKind.POLICE_FORCE, "force_code")
    recipient = _organisation(
        snapshot.recipient_code, OrganisationKind.IMMIGRATION_ENFORCEMENT, "recipient_code"
    )
    if Disclosure.objects.filter(decision_reference=snapshot.decision_reference).exists():
        raise RefusedDisclosureError(
            "This decision has already been disclosed.", {"decision_reference": "already used"}
        )
    protection = None
    if snapshot.protection is not None:
        protection = _register(
            snapshot.protection,
            regime=snapshot.regime,
            force=force,
            recipient=recipient,
            actor=actor,
        )
    disclosure = Disclosure.objects.create(
        force=force,
        recipient=recipient,
        sent_by=snapshot.sent_by,
        decision_reference=snapshot.decision_reference,
        purpose=snapshot.purpose.value,
        categories=[c.value for c in snapshot.categories],
        content={c.value: dict(values) for c, values in snapshot.fields.items()},
        protection=protection,
    )
    record(
        actor,
        AuditAction.ENFORCEMENT_DISCLOSURE_RECEIVED,
        subjects=[
            disclosure.reference,
            snapshot.decision_reference,
            f"org:{force.code}",
            f"org:{recipient.code}",
            *([protection.protocol_reference] if protection else []),
        ],
        details={"purpose": snapshot.purpose.value, "categories": disclosure.categories},
    )
    return disclosure.reference, protection.protocol_reference if protection else None


def _check_fields(snapshot: DisclosureSnapshot) -> None:
    problems: dict[str, str] = {}
    if not snapshot.fields:
        problems["fields"] = "a disclosure must carry at least one category"
    for category, values in snapshot.fields.items():
        allowed = DISCLOSABLE_FIELDS.get(category) if category in set(Category) else None
        if allowed is None:
            problems[f"fields.{category}"] = "is not a category of the vocabulary"
            continue
        if set(values) != set(allowed):
            problems[f"fields.{category}"] = f"must hold exactly {', '.join(allowed)}"
    if snapshot.protection is not None and snapshot.regime not in PROTOCOL_REGIMES:
        problems["protection"] = f"there is no protocol protection under {snapshot.regime.value}"
    if problems:
        raise RefusedDisclosureError("The disclosure breaks the firewall's contract.", problems)


def _organisation(code: str, kind: str, field: str) -> Organisation:
    organisation = Organisation.objects.filter(code=code, kind=kind).first()
    if organisation is None:
        raise EnforcementError(
            f"No {OrganisationKind(kind).label.lower()} has the code {code!r}.", {field: "unknown"}
        )
    return organisation


def _register(
    facts: ProtectionFacts,
    *,
    regime: RegimeId,
    force: Organisation,
    recipient: Organisation,
    actor: Actor,
) -> Protection:
    protection = Protection(
        force=force, recipient=recipient, regime=regime.value, referred_by_police=True
    )
    _set_facts(protection, facts)
    protection.save()
    record(
        actor,
        AuditAction.ENFORCEMENT_PROTECTION_REGISTERED,
        subjects=[protection.protocol_reference, f"org:{force.code}"],
        details={"regime": protection.regime},
    )
    return protection


def _set_facts(protection: Protection, facts: ProtectionFacts) -> list[str]:
    """Copy the facts onto the protection; return the names of those that changed."""
    changed = []
    for name in FACT_FIELDS:
        value: Any = getattr(facts, name)
        value = value if isinstance(value, bool) else str(value)
        if getattr(protection, name, None) != value:
            setattr(protection, name, value)
            changed.append(name)
    return changed


@transaction.atomic
def update_protection(protocol_reference: str, facts: ProtectionFacts, *, actor: Actor) -> None:
    """Replace a protection's facts with the police side's current ones (stage, support, NRM...).

    The protocol check reads them at the moment it is made, so a change takes effect at once.
    """
    protection = (
        Protection.objects.select_for_update().filter(protocol_reference=protocol_reference).first()
    )
    if protection is None:
        raise NotFoundError
    changed = _set_facts(protection, facts)
    if not changed:
        return
    protection.save()
    record(
        actor,
        AuditAction.ENFORCEMENT_PROTECTION_UPDATED,
        subjects=[protection.protocol_reference],
        details={"changed": changed},
    )


def check_protocol(*, actor: User, protocol_reference: str, action: str) -> GateResult:
    """The protocol check (DOMAIN.md section 5): may IE take `action` about this person now?

    Computed from the protection's facts at this moment. Every check is an audit event, and so
    is every refusal; an unknown reference and one the user may not use get the same
    `NotFoundError`, recorded after its event commits.
    """
    try:
        wanted = EnforcementAction(action)
    except ValueError:
        allowed = ", ".join(a.value for a in EnforcementAction)
        raise EnforcementError(
            "Choose an enforcement action.", {"action": f"must be one of {allowed}"}
        ) from None
    result = _checked(actor, protocol_reference, wanted)
    if result is None:
        raise NotFoundError
    return result


@transaction.atomic
def _checked(actor: User, protocol_reference: str, action: EnforcementAction) -> GateResult | None:
    protection = Protection.objects.filter(protocol_reference=protocol_reference).first()
    if protection is None or not access.may_read_for(actor, protection.recipient):
        # The reference is echoed only if it has the shape of one: what was typed could be
        # anything, including a name.
        asked = [protocol_reference] if PROTOCOL_REFERENCE.fullmatch(protocol_reference) else []
        record(
            Actor.for_user(actor),
            AuditAction.ENFORCEMENT_PROTOCOL_CHECK_REFUSED,
            subjects=asked,
            details={"action": action.value},
        )
        return None
    result = gate(situation(protection, action))
    check = ProtocolCheck.objects.create(
        protection=protection,
        force=protection.force,
        action=action.value,
        outcome=result.outcome.value,
        regime=result.regime.value,
        regime_version=result.regime_version,
        checked_by=actor.pseudonym,
    )
    record(
        Actor.for_user(actor),
        AuditAction.ENFORCEMENT_PROTOCOL_CHECK_MADE,
        subjects=[protection.protocol_reference, check.reference],
        details={
            "action": action.value,
            "outcome": result.outcome.value,
            "rules": [rule.id for rule in result.rules],
            "duties": [duty.value for duty in result.duties],
            "regime": result.regime.value,
            "regime_version": result.regime_version,
        },
    )
    return result


def situation(protection: Protection, action: EnforcementAction) -> GateSituation:
    """What the protocol check asks the rules about `action`, from the protection's facts."""
    return GateSituation(
        regime=RegimeId(protection.regime),
        person=Person(
            Role(protection.role),
            AgeGroup(protection.age_group),
            ImmigrationStatus(protection.immigration_status),
            protection.suspected_offending,
        ),
        crime=Crime(CrimeType(protection.crime_type)),
        case=CaseState(Stage(protection.stage), Support(protection.support), Nrm(protection.nrm)),
        action=action,
        referred_by_police=protection.referred_by_police,
    )


def holds(protection: Protection) -> bool:
    """Whether the protection holds now: the protocol check would block an arrest."""
    return gate(situation(protection, EnforcementAction.ARREST)).outcome is GateOutcome.BLOCKED


@dataclass(frozen=True)
class InboxFilter:
    """Which disclosures of the inbox to show: received from and to a day (London time, both
    included), and with or without a protocol protection registered (None: either)."""

    received_from: date | None = None
    received_to: date | None = None
    protected: bool | None = None


@dataclass(frozen=True)
class InboxPage:
    """One page of the inbox: its disclosures, and the page they are on."""

    entries: list[InboxEntry]
    page: Page[Disclosure]


@transaction.atomic
def inbox(actor: User) -> list[InboxEntry]:
    """The disclosures addressed to the user's organisation, newest first, each with only the
    fields it holds. Reading them is an audit event naming every disclosure shown."""
    disclosures = list(_inbox_disclosures(actor, InboxFilter()))
    _inbox_read(actor, disclosures)
    return [_entry(d) for d in disclosures]


@transaction.atomic
def read_inbox_page(
    actor: User,
    wanted: InboxFilter | None = None,
    *,
    page: int | str | None = None,
    per_page: int = PER_PAGE,
) -> InboxPage:
    """A page of the disclosures addressed to the user's organisation that `wanted` selects,
    newest first (a page number out of range is the nearest page). Reading them is an audit
    event naming every disclosure on the page, and no other: what was shown is what was read."""
    disclosures = _inbox_disclosures(actor, wanted or InboxFilter())
    shown = Paginator(disclosures, per_page).get_page(page)
    rows = list(shown.object_list)
    _inbox_read(actor, rows)
    return InboxPage(entries=[_entry(d) for d in rows], page=shown)


def _inbox_read(actor: User, shown: list[Disclosure]) -> None:
    record(
        Actor.for_user(actor),
        AuditAction.ENFORCEMENT_INBOX_READ,
        subjects=[d.reference for d in shown],
        details={"count": len(shown)},
    )


def _inbox_disclosures(actor: User, wanted: InboxFilter) -> QuerySet[Disclosure]:
    if not access.is_ie_caseworker(actor):
        raise NotFoundError
    found = Disclosure.objects.filter(recipient=actor.organisation).select_related(
        "force", "protection"
    )
    london = timezone.get_current_timezone()
    if wanted.received_from is not None:
        starts = datetime.combine(wanted.received_from, time.min, london)
        found = found.filter(received_at__gte=starts)
    if wanted.received_to is not None:
        after = wanted.received_to + timedelta(days=1)
        found = found.filter(received_at__lt=datetime.combine(after, time.min, london))
    if wanted.protected is not None:
        found = found.filter(protection__isnull=not wanted.protected)
    return found


def read_disclosure(*, actor: User, reference: str) -> InboxEntry:
    """One disclosure addressed to the user's organisation, with only the fields it holds.

    Reading it is an audit event. An unknown reference and one addressed elsewhere get the same
    `NotFoundError`, recorded (as a refusal, naming the reference only if it has the shape of
    one) before it is raised.
    """
    found = _read_disclosure(actor, reference)
    if found is None:
        raise NotFoundError
    return _entry(found)


@transaction.atomic
def _read_disclosure(actor: User, reference: str) -> Disclosure | None:
    found = (
        Disclosure.objects.select_related("force", "protection", "recipient")
        .filter(reference=reference)
        .first()
    )
    if found is None or not access.may_read_for(actor, found.recipient):
        record(
            Actor.for_user(actor),
            AuditAction.ENFORCEMENT_DISCLOSURE_READ_REFUSED,
            subjects=echoed("dsc", reference),
        )
        return None
    record(
        Actor.for_user(actor),
        AuditAction.ENFORCEMENT_DISCLOSURE_READ,
        subjects=[found.reference],
    )
    return found


def _entry(disclosure: Disclosure) -> InboxEntry:
    protection = disclosure.protection
    return InboxEntry(
        reference=disclosure.reference,
        received_at=disclosure.received_at,
        force=disclosure.force.name,
        purpose=disclosure.purpose,
        categories=tuple(disclosure.categories),
        fields=disclosure.content,
        protocol_reference=protection.protocol_reference if protection else None,
        erased_at=disclosure.erased_at,
    )
