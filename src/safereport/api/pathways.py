"""Pathways endpoints (issue 5): the support worker's referral inbox, a referral and its steps,
support status and third-party reports; the police's matching, offer, answer and sending, their
force's referrals, and recording a third-party report as a case.

Each endpoint parses, calls the pathways' actions or queries (which check access and write the
audit events) and answers JSON. Another organisation's or force's record is "not found", like
one that does not exist or an endpoint that does not serve the caller's role.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from safereport.accounts.roles import POLICE_ROLES, Role
from safereport.api.auth import serves, signed_in
from safereport.api.casework import case_json, person_details
from safereport.api.consent import consent_json
from safereport.api.schemas import (
    CaseOut,
    ConsentIn,
    DeclineIn,
    MatchesOut,
    OfferIn,
    PathwayConsentOut,
    ReferralContentOut,
    ReferralOut,
    SupportIn,
    SupportStatusOut,
    ThirdPartyReportIn,
    ThirdPartyReportOut,
    answers,
)
from safereport.casework import queries as casework_queries
from safereport.pathways import actions, queries
from safereport.pathways.models import Referral, SupportStatus, ThirdPartyReport

SUPPORT = frozenset({Role.SUPPORT_WORKER.value})

router = Router(tags=["pathways"])


# Support workers: the inbox and a referral's life ----------------------------------------------


@router.get("/referrals", response=answers({200: list[ReferralOut]}), **serves(SUPPORT))
def read_referral_inbox(request: HttpRequest) -> list[dict[str, Any]]:
    """The referrals sent to your organisation: overdue first (flagged), then those awaiting
    first contact by the day it is due, then the rest newest first. Without what they carry."""
    return [referral_json(r) for r in queries.inbox(signed_in(request))]


@router.get(
    "/referrals/{reference}", response=answers({200: ReferralContentOut}), **serves(SUPPORT)
)
def read_referral(request: HttpRequest, reference: str) -> dict[str, Any]:
    """A referral sent to your organisation, with the data the victim agreed it may receive
    (reading it is an audit event)."""
    referral = actions.read_referral(actor=signed_in(request), reference=reference)
    return {**referral_json(referral), "content": referral.content}


@router.post(
    "/referrals/{reference}/acknowledgement",
    response=answers({200: ReferralOut}, 400, 409),
    **serves(SUPPORT),
)
def acknowledge_referral(request: HttpRequest, reference: str) -> dict[str, Any]:
    """Your organisation has received the referral and will make contact."""
    return referral_json(actions.acknowledge_referral(actor=signed_in(request), referral=reference))


@router.post(
    "/referrals/{reference}/first-contact",
    response=answers({200: ReferralOut}, 400, 409),
    **serves(SUPPORT),
)
def record_first_contact(request: HttpRequest, reference: str) -> dict[str, Any]:
    """You have spoken with the victim (due within 2 working days of sending)."""
    return referral_json(actions.record_first_contact(actor=signed_in(request), referral=reference))


@router.post(
    "/referrals/{reference}/unable-to-contact",
    response=answers({200: ReferralOut}, 400, 409),
    **serves(SUPPORT),
)
def record_unable_to_contact(request: HttpRequest, reference: str) -> dict[str, Any]:
    """You tried and could not reach the victim safely."""
    referral = actions.record_unable_to_contact(actor=signed_in(request), referral=reference)
    return referral_json(referral)


@router.post(
    "/referrals/{reference}/decline",
    response=answers({200: ReferralOut}, 400, 409, 422),
    **serves(SUPPORT),
)
def decline_referral(request: HttpRequest, reference: str, payload: DeclineIn) -> dict[str, Any]:
    """Your organisation cannot take the referral, for a reason from the fixed list."""
    referral = actions.decline_referral(
        actor=signed_in(request), referral=reference, reason=payload.reason
    )
    return referral_json(referral)


@router.post(
    "/referrals/{reference}/support",
    response=answers({201: SupportStatusOut}, 400, 409, 422),
    **serves(SUPPORT),
)
def record_support(
    request: HttpRequest, reference: str, payload: SupportIn
) -> Status[dict[str, Any]]:
    """Record the support your organisation offers or gives the referred person, and whether
    advice on regularising their stay has been given. The case's protocol protections follow at
    once: they start and end as support does."""
    actor = signed_in(request)
    referral = queries.referral_for(actor, reference)
    status = actions.record_support_status(
        actor=actor,
        party=referral.party,
        support=payload.support,
        advice_on_stay_given=payload.advice_on_stay_given,
    )
    return Status(201, support_json(status))


# Support workers: third-party reports --------------------------------------------------------


@router.post(
    "/third-party-reports",
    response=answers({201: ThirdPartyReportOut}, 400, 403, 422),
    **serves(SUPPORT),
)
def submit_third_party_report(
    request: HttpRequest, payload: ThirdPartyReportIn
) -> Status[dict[str, Any]]:
    """Report a crime to a police force for a victim or witness your organisation supports. The
    identity stays with your organisation; the force sees the crime and the pseudonym."""
    report = actions.submit_third_party_report(
        actor=signed_in(request),
        force=payload.force,
        crime_type=payload.crime_type,
        pseudonym=payload.pseudonym,
        role=payload.role,
        age_group=payload.age_group,
        immigration_status=payload.immigration_status,
        identity=person_details(payload.identity),
        support=payload.support,
        summary=payload.summary,
        occurred_on=payload.occurred_on,
    )
    return Status(201, report_json(report))


@router.post(
    "/third-party-reports/{reference}/identity-consent",
    response=answers({201: PathwayConsentOut}, 400, 422),
    **serves(SUPPORT),
)
def record_identity_consent(
    request: HttpRequest, reference: str, payload: ConsentIn
) -> Status[dict[str, Any]]:
    """Record the victim's answer about revealing who they are to the police; with consent the
    fields of the categories given reach the case at once."""
    consent = actions.record_identity_consent(
        actor=signed_in(request),
        report=reference,
        answer=payload.answer,
        method=payload.method,
        categories=payload.categories,
    )
    return Status(201, consent_json(consent))


@router.post(
    "/pathway-consents/{reference}/withdrawal",
    response=answers({200: PathwayConsentOut}, 409),
    **serves(SUPPORT),
)
def withdraw_pathway_consent(request: HttpRequest, reference: str) -> dict[str, Any]:
    """Record that the victim withdrew a consent your organisation holds (a referral sent to it,
    or the identity reveal of a report it made): nothing more is shared on it, and what a
    referral carried is erased. An audit event."""
    return consent_json(actions.withdraw_consent(actor=signed_in(request), consent=reference))


# Police ------------------------------------------------------------------------------------------


@router.get(
    "/parties/{reference}/matches", response=answers({200: MatchesOut}), **serves(POLICE_ROLES)
)
def match_organisations(request: HttpRequest, reference: str) -> dict[str, Any]:
    """The directory's organisations that can help this victim or witness, best first, each with
    the reasons for its place, from the needs the records show (crime, force area, language,
    interpreter, immigration advice when their status is uncertain or insecure)."""
    party = casework_queries.party_for(signed_in(request), reference)
    needs = queries.needs_of(party)
    illustrative = queries.illustrative_codes()
    return {
        "party": party.reference,
        "needs": {
            "crime_type": needs.crime_type,
            "force": needs.force_code,
            "language": needs.language,
            "interpreter": needs.interpreter,
            "immigration_advice": needs.immigration_advice,
            "community": needs.community,
        },
        "matches": [
            {
                "organisation": match.candidate.code,
                "name": match.candidate.name,
                "points": match.points,
                "has_capacity": match.candidate.has_capacity,
                "illustrative": match.candidate.code in illustrative,
                "reasons": [
                    {"aspect": r.aspect.value, "fits": r.fits, "text": r.text}
                    for r in match.reasons
                ],
            }
            for match in queries.matches_for(party, needs)
        ],
    }


@router.post(
    "/parties/{reference}/referrals",
    response=answers({201: ReferralOut}, 400, 422),
    **serves(POLICE_ROLES),
)
def offer_referral(
    request: HttpRequest, reference: str, payload: OfferIn
) -> Status[dict[str, Any]]:
    """Record that you offered the victim or witness a referral to an organisation of the
    directory (by its code). Its `offer_specialist_support` duty, if open, is done."""
    referral = actions.offer_referral(
        actor=signed_in(request), party=reference, organisation=payload.organisation
    )
    return Status(201, referral_json(referral))


@router.post(
    "/referrals/{reference}/answer",
    response=answers({200: ReferralOut}, 400, 409, 422),
    **serves(POLICE_ROLES),
)
def record_referral_answer(
    request: HttpRequest, reference: str, payload: ConsentIn
) -> dict[str, Any]:
    """Record the victim's answer to the offer as a consent, for the data categories they agree
    the organisation may receive: `given` accepts the referral, `refused` declines it."""
    referral = actions.record_referral_answer(
        actor=signed_in(request),
        referral=reference,
        answer=payload.answer,
        method=payload.method,
        categories=payload.categories,
    )
    return referral_json(referral)


@router.post(
    "/referrals/{reference}/sending",
    response=answers({200: ReferralOut}, 400, 409, 422),
    **serves(POLICE_ROLES),
)
def send_referral(request: HttpRequest, reference: str) -> dict[str, Any]:
    """Send an accepted referral to the organisation's inbox, with the data the victim's consent
    covers now; first contact is due on the second working day after today."""
    return referral_json(actions.send_referral(actor=signed_in(request), referral=reference))


@router.get("/force/referrals", response=answers({200: list[ReferralOut]}), **serves(POLICE_ROLES))
def read_force_referrals(request: HttpRequest) -> list[dict[str, Any]]:
    """The referrals of your force's cases, overdue ones first and flagged."""
    return [referral_json(r) for r in queries.force_referrals(signed_in(request))]


@router.post(
    "/third-party-reports/{reference}/case",
    response=answers({201: CaseOut}, 400, 403, 409, 422),
    **serves(POLICE_ROLES),
)
def record_third_party_report(request: HttpRequest, reference: str) -> Status[dict[str, Any]]:
    """Record a third-party report sent to your force as a case: one party known only
    anonymously, with no identity fields at all."""
    party = actions.record_third_party_report(actor=signed_in(request), report=reference)
    return Status(201, case_json(party.case))


# Records to JSON -------------------------------------------------------------------------------


def referral_json(referral: Referral) -> dict[str, Any]:
    """A referral without what it carries (reading that is `actions.read_referral`)."""
    party = referral.party
    case = party.case
    return {
        "reference": referral.reference,
        "status": referral.status,
        "organisation": referral.entry.organisation.code,
        "organisation_name": referral.entry.organisation.name,
        "force": case.force.code,
        "case": case.reference,
        "party": party.reference,
        "crime_type": case.crime_type,
        "offered_at": referral.offered_at,
        "sent_at": referral.sent_at,
        "first_contact_due_on": referral.first_contact_due_on,
        "overdue": queries.is_overdue(referral),
        "consent": referral.consent.reference if referral.consent is not None else None,
        "categories": referral.categories,
        "decline_reason": referral.decline_reason or None,
        "steps": [
            # In their own order (`ReferralStep.Meta`), so that a list's prefetched steps serve.
            {"status": step.status, "at": step.at}
            for step in referral.steps.all()
        ],
    }


def support_json(status: SupportStatus) -> dict[str, Any]:
    return {
        "reference": status.reference,
        "party": status.party.reference,
        "organisation": status.organisation.code,
        "support": status.support,
        "advice_on_stay_given": status.advice_on_stay_given,
        "recorded_at": status.recorded_at,
    }


def report_json(report: ThirdPartyReport) -> dict[str, Any]:
    """A report as the organisation that made it sees it (the identity is not repeated)."""
    return {
        "reference": report.reference,
        "organisation": report.organisation.code,
        "force": report.force.code,
        "status": report.status,
        "pseudonym": report.pseudonym,
        "crime_type": report.crime_type,
        "role": report.role,
        "age_group": report.age_group,
        "immigration_status": report.immigration_status,
        "support": report.support,
        "summary": report.summary,
        "occurred_on": report.occurred_on,
        "submitted_at": report.submitted_at,
        "case": report.party.case.reference if report.party is not None else None,
        "identity_revealed_categories": report.identity_revealed_categories,
    }
