"""An independent reading of DOMAIN.md sections 4 and 5 in plain Python, written from the text
and not from the Cedar policies, so that property tests can compare the two."""

from __future__ import annotations

from safereport.policy.situations import GateSituation, SharingSituation
from safereport.policy.vocabulary import Category, Consent

NECESSARY = {
    "status_check": {"identity"},
    "enforcement_referral": {"identity", "immigration", "offence"},
    "safeguarding": {"identity", "immigration", "offence", "support"},
    "investigation": {"identity", "offence"},
}
PROTOCOLS = {"migrant-victims-protocol", "migrant-victims-protocol-2023"}
HELD_BACK = {"arrest", "detention", "removal", "reporting_conditions"}


def _firewalled(s: SharingSituation) -> bool:
    """F1 or H1 prohibits this share."""
    role, purpose = s.person.role.value, s.request.purpose.value
    if purpose == "victim_request":
        return False
    if s.regime.value == "complete-firewall":
        return role in ("victim", "witness")
    if s.regime.value == "hmicfrs-interim":
        return (
            role == "victim"
            and s.crime.type.value == "domestic_abuse"
            and s.person.immigration_status.value == "uncertain"
            and not s.person.suspected_offending
        )
    return False


def permitted(s: SharingSituation, category: str) -> bool:
    role, purpose = s.person.role.value, s.request.purpose.value
    if purpose == "victim_request":
        # C3: consent is per category; a category the scenario gave no consent for is none.
        return s.consent_by_category.get(Category(category), Consent.NONE).value == "given"
    if role in ("victim", "witness") and purpose == "status_check":
        return False  # C1
    if _firewalled(s):
        return False  # F1, H1
    return category in NECESSARY[purpose]  # C2 (and C4: suspects stop here)


def not_consented(s: SharingSituation, category: str) -> bool:
    """C3 prohibits this category for want of the person's consent to it."""
    if s.request.purpose.value != "victim_request":
        return False
    return s.consent_by_category.get(Category(category), Consent.NONE).value != "given"


def outcome(s: SharingSituation) -> str:
    allowed = [permitted(s, c.value) for c in s.request.categories]
    if all(allowed):
        return "permitted"
    return "partly_permitted" if any(allowed) else "prohibited"


def duties(s: SharingSituation) -> set[str]:
    role = s.person.role.value
    victim_or_witness = role in ("victim", "witness")
    any_permitted = any(permitted(s, c.value) for c in s.request.categories)
    found = set()
    if victim_or_witness:
        found.add("give_notice")
    if victim_or_witness and s.case.support.value in ("offered", "receiving") and any_permitted:
        found.add("inform_support_worker")
    if _firewalled(s):
        found.add("refer_to_third_party")
    if role == "victim" and s.crime.type.value == "domestic_abuse":
        found.add("offer_specialist_support")
    if role == "victim" and s.crime.type.value == "modern_slavery" and s.case.nrm.value == "none":
        # The adult's consent to a referral, never their consent to share with IE.
        adult, consent = s.person.age_group.value == "adult", s.case.nrm_consent.value
        if not adult or consent == "given":
            found.add("refer_to_nrm")
        elif consent == "none":
            found.add("offer_nrm_referral")
        else:
            found.add("notify_home_office_anonymously")
    if any_permitted:
        found.add("record_lawful_basis")
    if (
        s.regime.value in PROTOCOLS
        and role == "victim"
        and s.request.purpose.value in ("enforcement_referral", "safeguarding")
        and any_permitted
    ):
        found.add("register_protocol_protection")
    return found


def blocked(g: GateSituation) -> bool:
    role, action, regime = g.person.role.value, g.action.value, g.regime.value
    ongoing = g.case.stage.value in ("investigation", "prosecution")
    support = g.case.support.value
    if g.case.nrm.value == "positive_reasonable_grounds" and action == "removal":
        return True  # GN
    if regime == "complete-firewall":
        return role in ("victim", "witness") and g.referred_by_police  # GF
    if regime == "migrant-victims-protocol":
        return (
            role == "victim"
            and g.referred_by_police
            and action in HELD_BACK
            and ongoing
            and support == "receiving"
        )  # G1
    if regime == "migrant-victims-protocol-2023":
        return (
            role == "victim"
            and g.crime.type.value == "domestic_abuse"
            and g.referred_by_police
            and action in HELD_BACK
            and (ongoing or support in ("offered", "receiving"))
        )  # G1-2023
    return False


def gate_duties(g: GateSituation) -> set[str]:
    engage = (
        g.regime.value in PROTOCOLS
        and g.person.role.value == "victim"
        and g.referred_by_police
        and not blocked(g)
    )
    return {"engage_before_decision"} if engage else set()
