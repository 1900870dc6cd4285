"""A consent record as the API shows it: one shape for both kinds (sharing with Immigration
Enforcement, and the pathways' referrals and identity reveals)."""

from __future__ import annotations

from typing import Any

from safereport.casework.models import ConsentBase, ScopedConsent


def consent_json(consent: ScopedConsent) -> dict[str, Any]:
    """A consent for a purpose, to some categories, for a recipient."""
    return {
        **answer_json(consent),
        "purpose": consent.purpose,
        "categories": consent.categories,
        "recipient": consent.recipient.code,
    }


def answer_json(consent: ConsentBase) -> dict[str, Any]:
    """What every consent record says: the answer, how, and when and by whom recorded and
    withdrawn (an NRM referral's consent is no more than this)."""
    return {
        "reference": consent.reference,
        "party": consent.party.reference,
        "answer": consent.answer,
        "method": consent.method,
        "recorded_at": consent.recorded_at,
        "recorded_by": consent.recorded_by.pseudonym,
        "withdrawn_at": consent.withdrawn_at,
        "withdrawn_by": consent.withdrawn_by.pseudonym if consent.withdrawn_by else None,
    }
