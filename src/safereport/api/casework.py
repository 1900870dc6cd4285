"""Police endpoints: record a case with its parties, read it, move it on, ask for a sharing
decision and disclose. Each calls the police side's actions, which check access and write the
audit events; a case of another force is "not found", like one that does not exist."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Router, Status

from safereport.accounts.roles import POLICE_ROLES, Role
from safereport.api.auth import serves, signed_in
from safereport.api.consent import answer_json, consent_json
from safereport.api.schemas import (
    CaseIn,
    CaseOut,
    CaseStateIn,
    CaseStateOut,
    ConsentRecordIn,
    ConsentRecordOut,
    DecisionRequestIn,
    DisclosureIn,
    DisclosureOut,
    ErasureIn,
    ErasureOut,
    NrmConsentIn,
    NrmConsentOut,
    PartyIn,
    PartyOut,
    PartyStateIn,
    PartyStateOut,
    PersonIn,
    SharingDecisionOut,
    answers,
)
from safereport.casework import actions, queries
from safereport.casework.actions import PartyFacts, PersonDetails
from safereport.casework.errors import NotFoundError
from safereport.casework.models import (
    Case,
    Party,
    Person,
    SharingDecision,
)
from safereport.casework.vocabulary import OpenReason

router = Router(tags=["police"])


@router.post("/cases", response=answers({201: CaseOut}, 400, 403, 422), **serves(POLICE_ROLES))
def create_case(request: HttpRequest, payload: CaseIn) -> Status[dict[str, Any]]:
    """Record a report for your force: the case and its parties, all or nothing."""
    with transaction.atomic():
        first, *_ = actions.record_case(
            actor=signed_in(request),
            crime_type=payload.crime_type,
            reporting_route=payload.reporting_route,
            reported_on=payload.reported_on,
            occurred_on=payload.occurred_on,
            summary=payload.summary,
            parties=[(_facts(party), _details(party.person)) for party in payload.parties],
        )
        recorded = case_json(first.case)
    return Status(201, recorded)


@router.get("/cases/{reference}", response=answers({200: CaseOut}, 422), **serves(POLICE_ROLES))
def read_case(
    request: HttpRequest, reference: str, reason: OpenReason | None = None
) -> dict[str, Any]:
    """Open a case of your force (an audit event). A data protection officer opening a case not
    assigned to them gives a `reason`."""
    case = actions.open_case(actor=signed_in(request), reference=reference, reason=reason)
    return case_json(case)


@router.patch(
    "/cases/{reference}", response=answers({200: CaseStateOut}, 400, 422), **serves(POLICE_ROLES)
)
def update_case(request: HttpRequest, reference: str, payload: CaseStateIn) -> dict[str, Any]:
    """Move the case to another stage; protocol protections of its parties follow at once."""
    case = actions.change_case_stage(
        actor=signed_in(request), case=_case(reference), stage=payload.stage
    )
    return {"reference": case.reference, "stage": case.stage}


@router.post(
    "/cases/{reference}/parties",
    response=answers({201: PartyOut}, 400, 422),
    **serves(POLICE_ROLES),
)
def add_party(request: HttpRequest, reference: str, payload: PartyIn) -> Status[dict[str, Any]]:
    """Add a victim, witness or suspect to a case (without `person`: known only anonymously)."""
    party = actions.add_party(
        actor=signed_in(request),
        case=_case(reference),
        party=_facts(payload),
        person=_details(payload.person),
    )
    return Status(201, party_json(party))


@router.patch(
    "/parties/{reference}", response=answers({200: PartyStateOut}, 400, 422), **serves(POLICE_ROLES)
)
def update_party(request: HttpRequest, reference: str, payload: PartyStateIn) -> dict[str, Any]:
    """Record the party's support and/or NRM state; protocol protections follow at once."""
    party = actions.change_party_state(
        actor=signed_in(request), party=reference, support=payload.support, nrm=payload.nrm
    )
    return {
        "reference": party.reference,
        "case": party.case.reference,
        "support": party.support,
        "nrm": party.nrm,
    }


@router.put(
    "/parties/{reference}/person",
    response=answers({200: PartyOut}, 400, 422),
    **serves(POLICE_ROLES),
)
def correct_person(request: HttpRequest, reference: str, payload: PersonIn) -> dict[str, Any]:
    """Replace what is held about the party's person, whole (a field left out is cleared),
    checked as a report's; the notice is issued again if its language changes."""
    party = actions.correct_person(
        actor=signed_in(request), party=reference, details=person_details(payload)
    )
    return party_json(party)


@router.post(
    "/parties/{reference}/erasure",
    response=answers({201: ErasureOut}, 400, 409, 422),
    **serves([Role.POLICE_DPO]),
)
def erase_person(
    request: HttpRequest, reference: str, payload: ErasureIn
) -> Status[dict[str, Any]]:
    """Erase everything held about the party's person on their valid request (README "Erasure
    and retention"); refused (409) while a case of theirs is open or when they are a party to
    another force's case. Only the data protection officer of the case's force."""
    person = actions.erase_person(
        actor=signed_in(request),
        party=reference,
        request=actions.ErasureRequest(
            reference=payload.request_reference, received_on=payload.received_on
        ),
    )
    parties = person.parties.select_related("case").order_by("pk")
    return Status(
        201,
        {
            "person": person.reference,
            "erased_at": person.erased_at,
            "parties": [party.reference for party in parties],
            "cases": sorted({party.case.reference for party in parties}),
        },
    )


@router.post(
    "/parties/{reference}/decisions",
    response=answers({201: SharingDecisionOut}, 400, 409, 422),
    **serves(POLICE_ROLES),
)
def request_decision(
    request: HttpRequest, reference: str, payload: DecisionRequestIn
) -> Status[dict[str, Any]]:
    """Ask whether the party's data may be shared with Immigration Enforcement for a purpose,
    under your force's regime in force, on the facts and consent as they stand."""
    actor = signed_in(request)
    decision = actions.request_sharing_decision(
        actor=actor,
        party=reference,  # looked up, checked and locked in one read
        purpose=payload.purpose,
        categories=payload.categories,
    )
    return Status(201, decision_json(decision))


@router.post(
    "/decisions/{reference}/disclosures",
    response=answers({201: DisclosureOut}, 400, 409, 422),
    **serves(POLICE_ROLES),
)
def disclose(request: HttpRequest, reference: str, payload: DisclosureIn) -> Status[dict[str, Any]]:
    """Hand Immigration Enforcement the permitted `categories` chosen, read from the records
    now, recording the lawful basis and why. A category the decision does not permit is refused,
    naming it; so is a share whose decision no longer holds (the facts or consent changed)."""
    actor = signed_in(request)
    disclosure = actions.disclose(
        actor=actor,
        decision=queries.decision_for(actor, reference),
        categories=payload.categories,
        lawful_basis=payload.lawful_basis,
        justification=payload.justification,
    )
    return Status(
        201,
        {
            "reference": disclosure.reference,
            "decision": reference,
            "categories": disclosure.categories,
            "lawful_basis": disclosure.lawful_basis,
            "enforcement_reference": disclosure.enforcement_reference,
            "protocol_reference": disclosure.protocol_reference,
            "disclosed_at": disclosure.disclosed_at,
        },
    )


@router.post(
    "/parties/{reference}/consents",
    response=answers({201: ConsentRecordOut}, 400, 422),
    **serves(POLICE_ROLES),
)
def record_consent(
    request: HttpRequest, reference: str, payload: ConsentRecordIn
) -> Status[dict[str, Any]]:
    """Record the person's answer about sharing their data with Immigration Enforcement for a
    purpose. A newer answer supersedes an older one; later decisions read the latest."""
    actor = signed_in(request)
    consent = actions.record_consent(
        actor=actor,
        party=queries.party_for(actor, reference),
        purpose=payload.purpose,
        categories=payload.categories,
        answer=payload.answer,
        method=payload.method,
    )
    return Status(201, consent_json(consent))


@router.post(
    "/consents/{reference}/withdrawal",
    response=answers({200: ConsentRecordOut}, 409),
    **serves(POLICE_ROLES),
)
def withdraw_consent(request: HttpRequest, reference: str) -> dict[str, Any]:
    """Record that the person withdrew the answer (an audit event): the record stays, with when
    and by whom, and no later sharing decision counts it."""
    actor = signed_in(request)
    found = queries.consent_for(actor, reference)
    return consent_json(actions.withdraw_consent(actor=actor, consent=found))


@router.post(
    "/parties/{reference}/nrm-consents",
    response=answers({201: NrmConsentOut}, 400, 422),
    **serves(POLICE_ROLES),
)
def record_nrm_consent(
    request: HttpRequest, reference: str, payload: NrmConsentIn
) -> Status[dict[str, Any]]:
    """Record an adult's answer about being referred to the National Referral Mechanism. The
    duty to offer the referral is done by it, and the duty its answer leads to becomes a task."""
    actor = signed_in(request)
    consent = actions.record_nrm_consent(
        actor=actor,
        party=queries.party_for(actor, reference),
        answer=payload.answer,
        method=payload.method,
    )
    return Status(201, answer_json(consent))


@router.post(
    "/nrm-consents/{reference}/withdrawal",
    response=answers({200: NrmConsentOut}, 409),
    **serves(POLICE_ROLES),
)
def withdraw_nrm_consent(request: HttpRequest, reference: str) -> dict[str, Any]:
    """Record that the person withdrew their consent to an NRM referral (it reads as refused)."""
    actor = signed_in(request)
    found = queries.nrm_consent_for(actor, reference)
    return answer_json(actions.withdraw_nrm_consent(actor=actor, consent=found))


# Requests to actions ---------------------------------------------------------------------------


def _facts(party: PartyIn) -> PartyFacts:
    return PartyFacts(
        role=party.role,
        age_group=party.age_group,
        immigration_status=party.immigration_status,
        suspected_offending=party.suspected_offending,
        support=party.support,
        nrm=party.nrm,
    )


def _details(person: PersonIn | None) -> PersonDetails | None:
    return None if person is None else person_details(person)


def person_details(person: PersonIn) -> PersonDetails:
    """A person as the actions take them: safe-contact instructions as their stored JSON (which
    the actions check, naming each field)."""
    given = person.model_dump()
    contact = given.pop("safe_contact")
    return PersonDetails(**given, safe_contact=json.dumps(contact) if contact is not None else "")


def _case(reference: str) -> Case:
    """The case by reference; the action it goes to checks that the user may work on it."""
    found = Case.objects.filter(reference=reference).first()
    if found is None:
        raise NotFoundError
    return found


# Records to JSON -------------------------------------------------------------------------------


def case_json(case: Case) -> dict[str, Any]:
    """A case as the police see it: its parties, duties and decisions."""
    overview = queries.case_overview(case)
    return {
        "reference": case.reference,
        "force": case.force.code,
        "crime_type": case.crime_type,
        "reporting_route": case.reporting_route,
        "reported_on": case.reported_on,
        "occurred_on": case.occurred_on,
        "summary": case.summary,
        "stage": case.stage,
        "officer_in_charge": case.officer_in_charge.pseudonym,
        "regime": overview.regime.regime if overview.regime else None,
        "parties": [party_json(party, case) for party in overview.parties],
        "tasks": [
            {
                "reference": task.reference,
                "party": task.party.reference,
                "duty": task.duty,
                "status": task.status,
                "done_at": task.done_at,
            }
            for task in overview.tasks
        ],
        "decisions": [
            {
                "reference": decision.reference,
                "party": decision.party.reference,
                "purpose": decision.purpose,
                "categories": decision.categories,
                "outcome": decision.outcome,
                "created_at": decision.created_at,
                "disclosed": overview.disclosed(decision),
            }
            for decision in overview.decisions
        ],
    }


def party_json(party: Party, case: Case | None = None) -> dict[str, Any]:
    person = party.person
    return {
        "reference": party.reference,
        "case": (case or party.case).reference,
        "role": party.role,
        "age_group": party.age_group,
        "immigration_status": party.immigration_status,
        "suspected_offending": party.suspected_offending,
        "support": party.support,
        "nrm": party.nrm,
        "person": None if person is None else {"reference": person.reference, **_person(person)},
    }


def _person(person: Person) -> Mapping[str, Any]:
    shown = {
        name: getattr(person, name) for name in PersonIn.model_fields if name != "safe_contact"
    }
    return {
        **shown,
        "safe_contact": json.loads(person.safe_contact) if person.safe_contact else None,
    }


def decision_json(decision: SharingDecision) -> dict[str, Any]:
    return {
        "reference": decision.reference,
        "party": decision.party.reference,
        "purpose": decision.purpose,
        "categories": decision.categories,
        "consent": decision.consent,
        "consent_by_category": decision.consent_by_category,
        "outcome": decision.outcome,
        "permitted": [category.value for category in decision.permitted],
        "regime": decision.regime,
        "regime_version": decision.regime_version,
        "created_at": decision.created_at,
        "decision": decision.decision,
    }
