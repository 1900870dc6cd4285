"""A person's position read from the records: their facts and consent as the rules read them,
the disclosures made and the protections registered, and who supports them."""

from __future__ import annotations

from django.utils import timezone

from safereport.casework.facts import case_state, consent_now, person_facts
from safereport.casework.models import DisclosureRecord, Party
from safereport.casework.regimes import regime_on
from safereport.enforcement.models import Protection
from safereport.pathways.lifecycle import S
from safereport.pathways.queries import matches_for, party_referrals
from safereport.policy import Crime, gate
from safereport.policy.position import Disclosed, PersonSituation, Position, Protected, position
from safereport.policy.situations import GateSituation
from safereport.policy.vocabulary import (
    Category,
    CrimeType,
    EnforcementAction,
    GateOutcome,
    Purpose,
    RegimeId,
)

# Referrals that say who supports the person: under way, or first contact made.
SUPPORTING = frozenset({S.OFFERED, S.ACCEPTED, S.SENT, S.ACKNOWLEDGED, S.FIRST_CONTACT_MADE})
# How many of the directory's matches a notice names when no organisation supports the person.
MATCHES_NAMED = 3


def person_situation(party: Party) -> PersonSituation | None:
    """What the rules read about the party today, under its force's regime in force; None while
    the force has none (no notice can say what rules that do not exist will do)."""
    in_force = regime_on(party.case.force)
    if in_force is None:
        return None
    consent = consent_now(party)
    return PersonSituation(
        regime=RegimeId(in_force.regime),
        person=person_facts(party),
        crime=Crime(CrimeType(party.case.crime_type)),
        case=case_state(party),
        consent=PersonSituation.consent_of(consent),
    )


def disclosures_of(party: Party) -> list[Disclosed]:
    """What was shared with Immigration Enforcement about the party: purpose, categories, day."""
    return [
        Disclosed(
            purpose=Purpose(record.decision.purpose),
            categories=tuple(Category(c) for c in record.categories),
            on=timezone.localdate(record.disclosed_at),
        )
        for record in DisclosureRecord.objects.filter(decision__party=party).select_related(
            "decision"
        )
    ]


def protections_of(party: Party) -> list[Protected]:
    """The protocol protections registered for the party, each active while IE's protocol check
    would block an arrest from its facts now."""
    references = DisclosureRecord.objects.filter(
        decision__party=party, protocol_reference__isnull=False
    ).values_list("protocol_reference", flat=True)
    found = []
    for protection in Protection.objects.filter(protocol_reference__in=list(references)):
        check = gate(
            GateSituation(
                regime=RegimeId(protection.regime),
                person=person_facts(party),
                crime=Crime(CrimeType(protection.crime_type)),
                case=case_state(party),
                action=EnforcementAction.ARREST,
                referred_by_police=protection.referred_by_police,
            )
        )
        found.append(
            Protected(
                regime=RegimeId(protection.regime),
                registered_on=timezone.localdate(protection.created_at),
                active=check.outcome is GateOutcome.BLOCKED,
            )
        )
    return found


def position_of(party: Party) -> Position | None:
    """The party's position today (None while its force has no regime)."""
    situation = person_situation(party)
    if situation is None:
        return None
    return position(situation, disclosures_of(party), protections_of(party))


def supporters_of(party: Party) -> list[str]:
    """The organisations a notice names: those supporting the person (their referrals'), or,
    when none does, the directory's best matches for their area and language."""
    referred = [
        referral.entry.organisation.name
        for referral in party_referrals(party)
        if referral.status in SUPPORTING
    ]
    if referred:
        return list(dict.fromkeys(referred))
    if party.role == "suspect":
        return []
    return [match.candidate.name for match in matches_for(party)[:MATCHES_NAMED]]
