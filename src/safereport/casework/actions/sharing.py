"""Sharing decisions and disclosures to Immigration Enforcement."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from safereport import rows
from safereport.accounts.models import User
from safereport.audit.events import Actor, record
from safereport.audit.names import AuditAction
from safereport.casework import access, duties_done, signals
from safereport.casework.actions.common import (
    categories_of,
    party_and_regime_for_update,
    refuse_if_erased,
)
from safereport.casework.errors import CaseworkError, NotFoundError, Problems, StaleDecisionError
from safereport.casework.facts import (
    PERSONAL_CATEGORIES,
    applicable_consent,
    deciding_facts,
    disclosed_values,
    open_duties,
    protection_facts,
    sharing_situation,
)
from safereport.casework.models import (
    MIXED_CONSENT,
    DisclosureRecord,
    DutyTask,
    Party,
    ReviewItem,
    SharingDecision,
)
from safereport.casework.recipients import immigration_enforcement
from safereport.casework.regimes import current_regime, no_regime
from safereport.casework.vocabulary import LawfulBasis, TaskStatus
from safereport.enforcement.actions import receive_disclosure
from safereport.enforcement.snapshots import DisclosureSnapshot, FieldValues
from safereport.errors import vouched
from safereport.policy import decide
from safereport.policy.regimes import load
from safereport.policy.situations import sharing_as_json
from safereport.policy.vocabulary import Category, Consent, Duty, Outcome, Purpose, RegimeId
from safereport.web.kit.forms import LONG_TEXT


@transaction.atomic
def request_sharing_decision(
    *,
    actor: User,
    party: Party | str,
    purpose: Purpose | str,
    categories: Sequence[Category | str],
) -> SharingDecision:
    """Decide a proposed share of the party's data (the party, or its reference) with IE under
    the force's regime in force, on the facts and consent as they stand; store the decision whole.

    Each duty not already open for the party becomes a task. If an earlier decision for the same
    party and purpose prohibited the share and this one permits something, the pair goes to the
    force's review queue.
    """
    # The regime in force comes with the locked party, in one query; the reads that depend on
    # the lock (consent, duties, earlier decisions) follow it, so they see what a transaction
    # that held the lock before this one committed.
    party, regime = party_and_regime_for_update(actor, party)
    refuse_if_erased(party)
    problems = Problems()
    chosen_purpose = problems.word(Purpose, purpose, "purpose")
    chosen = categories_of(categories, problems)
    if party.person is None:
        # A party reported anonymously through a third party has no identity, contact or
        # location held: there is nothing of them to decide on sharing (DOMAIN.md section 6).
        for category in chosen:
            if category in PERSONAL_CATEGORIES:
                problems.add(
                    f"categories.{category.value}",
                    "the person is anonymous: no identity is held to share",
                )
    problems.raise_if_any()
    chosen_purpose = vouched(chosen_purpose)
    force = party.case.force
    if regime is None:
        raise no_regime(force)
    # Everything else the decision reads, in one query, under the lock (see above).
    facts = deciding_facts(party, chosen_purpose, chosen)
    consent = facts.consent
    situation = sharing_situation(
        party, regime, chosen_purpose, chosen, consent, nrm=facts.nrm_consent
    )
    decision = decide(situation)
    stored = SharingDecision(
        party=party,
        purpose=chosen_purpose.value,
        categories=[c.value for c in chosen],
        consent=_summary(consent),
        consent_by_category={c.value: v.value for c, v in consent.items()},
        consent_record=facts.consent_record,
        situation=sharing_as_json(situation),
        decision=decision.as_json(),
        regime=decision.regime.value,
        regime_version=decision.regime_version,
        outcome=decision.outcome.value,
        requested_by=actor,
    )
    rows.insert(stored)  # as save() would, with its statement written once
    tasks = _open_tasks(stored, decision.duties, facts.open_duties)
    review = _review_if_reversed(stored, facts.last_prohibited)
    record(
        Actor.for_user(actor),
        AuditAction.CASEWORK_SHARING_DECISION_MADE,
        subjects=[
            stored.reference,
            party.reference,
            party.case.reference,
            f"org:{force.code}",
            *[task.reference for task in tasks],
            *([review.reference] if review else []),
        ],
        details={
            "purpose": stored.purpose,
            "categories": stored.categories,
            "consent": stored.consent,
            "outcome": stored.outcome,
            "permitted": [c.value for c in decision.permitted],
            "regime": stored.regime,
            "regime_version": stored.regime_version,
            "rules": [rule.id for rule in decision.rules],
            "duties": [duty.value for duty in decision.duties],
            "review": review is not None,
        },
    )
    return stored


def _summary(consent: dict[Category, Consent]) -> str:
    """One word for the consent a decision read: the same for every category, or `mixed`."""
    found = set(consent.values())
    return found.pop().value if len(found) == 1 else MIXED_CONSENT[0]


def nrm_tasks_after_answer(actor: User, party: Party, answer: Consent) -> list[DutyTask]:
    """The person answered the offer of an NRM referral: its open task is done, and the NRM
    duties the engine gives for the situation of the decision that owed the offer, decided again
    on the facts and the answer as they stand, become tasks. Returns the tasks changed or made."""
    offer = (
        DutyTask.objects.select_related("decision")
        .filter(party=party, duty=Duty.OFFER_NRM_REFERRAL, status=TaskStatus.OPEN)
        .first()
    )
    if offer is None:
        return []
    offer.status, offer.done_by, offer.done_at = TaskStatus.DONE, actor, timezone.now()
    offer.save(update_fields=["status", "done_by", "done_at"])
    owed = offer.decision
    if owed is None:  # not reached: the offer is always owed by a decision
        return [offer]
    regime = RegimeId(current_regime(party.case.force).regime)
    purpose = Purpose(owed.purpose)
    requested = [Category(c) for c in owed.categories]
    consent, _ = applicable_consent(party, purpose, requested)
    situation = sharing_situation(party, regime, purpose, requested, consent)
    assert situation.case.nrm_consent is answer  # noqa: S101 - the answer was just recorded
    follows = [duty for duty in decide(situation).duties if duty in NRM_ANSWERED]
    return [offer, *_open_tasks(owed, follows, open_duties(party))]


# The duties an answer to the offer of an NRM referral can lead to (DOMAIN.md section 4).
NRM_ANSWERED = frozenset({Duty.REFER_TO_NRM, Duty.NOTIFY_HOME_OFFICE_ANONYMOUSLY})


def _open_tasks(
    decision: SharingDecision, duties: Sequence[Duty], already: frozenset[str]
) -> list[DutyTask]:
    """A task for each duty that the party has no open task for yet (`already`: the duties it
    has one for) and that no part of the service has already done for them (`duties_done`: a
    referral sent stays sent)."""
    party = decision.party
    return [
        DutyTask.objects.create(case=party.case, party=party, decision=decision, duty=duty)
        for duty in duties
        if duty.value not in already and not duties_done.already_done(party, duty)
    ]


def _review_if_reversed(decision: SharingDecision, prohibited: int | None) -> ReviewItem | None:
    """Queue the pair for review when a prohibited share is now (partly) permitted: `prohibited`
    is the latest earlier decision for the party and purpose that prohibited it, if any."""
    if decision.outcome == Outcome.PROHIBITED or prohibited is None:
        return None
    return ReviewItem.objects.create(
        force=decision.party.case.force,
        prohibited_decision_id=prohibited,
        permitting_decision=decision,
    )


# Disclosure ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DisclosurePreview:
    """What a share would hand Immigration Enforcement, read now: the categories chosen and,
    for each, exactly the values it would carry."""

    decision: SharingDecision
    categories: list[Category]
    fields: dict[Category, FieldValues]


def preview_disclosure(
    *, actor: User, decision: SharingDecision, categories: Iterable[Category | str]
) -> DisclosurePreview:
    """Check a share the officer chose (as `disclose` will) and read what it would carry,
    changing nothing: what the check page shows before "Confirm and share"."""
    decision = _decision_for(actor, decision, lock=False)
    chosen = _disclosable(decision, categories)
    _require_still_holds(decision)
    return DisclosurePreview(
        decision=decision,
        categories=chosen,
        fields={category: disclosed_values(decision.party, category) for category in chosen},
    )


@transaction.atomic
def disclose(
    *,
    actor: User,
    decision: SharingDecision,
    categories: Iterable[Category | str],
    lawful_basis: LawfulBasis | str,
    justification: str,
) -> DisclosureRecord:
    """Hand IE the permitted categories the officer chose, read from the records now, through
    `enforcement.receive_disclosure` and nothing else, with the lawful basis and the officer's
    justification recorded (which does the `record_lawful_basis` task).

    A share is a deliberate act: there is no default for what to send. Refused if the decision
    no longer holds: the regime, its rules, the facts or the consent have changed since it was
    made. When the decision's duties include `register_protocol_protection`, IE registers a
    protection and the task is done.
    """
    decision = _decision_for(actor, decision, lock=True)
    party = decision.party
    problems = Problems()
    chosen = _disclosable(decision, categories, problems)
    basis = problems.word(LawfulBasis, lawful_basis, "lawful_basis")
    if basis == LawfulBasis.CONSENT and decision.purpose != Purpose.VICTIM_REQUEST:
        problems.add(
            "lawful_basis",
            "Select another lawful basis: consent is the basis only of a share the person asked "
            "for (victim_request)",
        )
    if not justification.strip():
        problems.add("justification", "Enter why this share is needed, in your own words")
    elif len(justification) > LONG_TEXT:
        problems.add("justification", f"must be {LONG_TEXT:,} characters or fewer")
    problems.raise_if_any("This disclosure cannot be made.")
    recipient = immigration_enforcement()
    _require_still_holds(decision)
    protect = Duty.REGISTER_PROTOCOL_PROTECTION in decision.duties
    snapshot = DisclosureSnapshot(
        force_code=party.case.force.code,
        recipient_code=recipient.code,
        sent_by=actor.pseudonym,
        decision_reference=decision.reference,
        purpose=Purpose(decision.purpose),
        regime=RegimeId(decision.regime),
        regime_version=decision.regime_version,
        fields={category: disclosed_values(party, category) for category in chosen},
        protection=protection_facts(party) if protect else None,
    )
    ie_reference, protocol_reference = receive_disclosure(snapshot, actor=Actor.for_user(actor))
    disclosure = DisclosureRecord.objects.create(
        decision=decision,
        enforcement_reference=ie_reference,
        protocol_reference=protocol_reference,
        categories=[c.value for c in chosen],
        lawful_basis=vouched(basis).value,
        justification=justification.strip(),
        disclosed_by=actor,
    )
    # The share records the lawful basis, and registers the protection when one was due.
    finished = [_task_done(decision, Duty.RECORD_LAWFUL_BASIS, actor)]
    if protocol_reference:
        finished.append(_task_done(decision, Duty.REGISTER_PROTOCOL_PROTECTION, actor))
    done = [task for task in finished if task is not None]
    record(
        Actor.for_user(actor),
        AuditAction.CASEWORK_DISCLOSURE_MADE,
        subjects=[
            disclosure.reference,
            decision.reference,
            ie_reference,
            party.reference,
            party.case.reference,
            *([protocol_reference] if protocol_reference else []),
            *[task.reference for task in done],
        ],
        details={
            "purpose": decision.purpose,
            "categories": disclosure.categories,
            "lawful_basis": disclosure.lawful_basis,
        },
    )
    signals.tell(actor, "disclosure", [party])
    return disclosure


def _decision_for(actor: User, decision: SharingDecision, *, lock: bool) -> SharingDecision:
    """The decision re-read (locked, to share), with its party, if the actor may work on it."""
    found = SharingDecision.objects.select_related("party__case__force", "party__person")
    if lock:
        found = found.select_for_update(of=("self",))
    decision_found = found.filter(pk=decision.pk).first()
    if decision_found is None or not access.may_work_on_case(actor, decision_found.party.case):
        raise NotFoundError
    return decision_found


def _disclosable(
    decision: SharingDecision,
    categories: Iterable[Category | str],
    problems: Problems | None = None,
) -> list[Category]:
    """The categories to send, each permitted by the decision and held for this party; every
    problem noted in `problems` (raised here when none is given)."""
    refuse_if_erased(decision.party)  # a decision made before the erasure shares nothing
    permitted = decision.permitted
    if not permitted:
        raise CaseworkError(
            "This decision permits nothing to be shared.", {"decision": "prohibited"}
        )
    raise_here = problems is None
    problems = problems or Problems()
    chosen = categories_of(categories, problems, missing="Select what you will share")
    for category in chosen:
        if category not in permitted:
            problems.add(
                f"categories.{category.value}",
                f"{category.value} is not permitted by this decision; it permits "
                f"{', '.join(c.value for c in permitted)}",
            )
        elif category in PERSONAL_CATEGORIES and decision.party.person is None:
            problems.add(f"categories.{category.value}", "the party is anonymous: nothing held")
    if DisclosureRecord.objects.filter(decision=decision).exists():
        problems.add("decision", "has already been disclosed")
    if raise_here:
        problems.raise_if_any("This disclosure cannot be made.")
    return [c for c in Category if c in chosen]


def _require_still_holds(decision: SharingDecision) -> None:
    party = decision.party
    regime = RegimeId(current_regime(party.case.force).regime)
    purpose = Purpose(decision.purpose)
    requested = [Category(c) for c in decision.categories]
    consent, _ = applicable_consent(party, purpose, requested)
    now = sharing_as_json(sharing_situation(party, regime, purpose, requested, consent))
    if now != decision.situation or load(regime).version != decision.regime_version:
        raise StaleDecisionError(
            "The regime, the facts or the consent have changed since this decision was made: "
            "ask for a new decision.",
            {"decision": "out of date"},
        )


def _task_done(decision: SharingDecision, duty: Duty, actor: User) -> DutyTask | None:
    """The party's open task for `duty`, marked done by `actor` now (the disclosure did it)."""
    task = DutyTask.objects.filter(party=decision.party, duty=duty, status=TaskStatus.OPEN).first()
    if task is None:
        return None
    task.status, task.done_by, task.done_at = TaskStatus.DONE, actor, timezone.now()
    task.save(update_fields=["status", "done_by", "done_at"])
    return task
