"""Builders for situations: every field has an ordinary default, each test names what matters."""

from __future__ import annotations

from typing import Any

from safereport.policy.situations import (
    CaseState,
    Crime,
    GateSituation,
    Person,
    ShareRequest,
    SharingSituation,
)
from safereport.policy.vocabulary import (
    AgeGroup,
    Category,
    Consent,
    CrimeType,
    EnforcementAction,
    ImmigrationStatus,
    Nrm,
    Purpose,
    RegimeId,
    Role,
    Stage,
    Support,
)


def person(
    role: str = "victim",
    age_group: str = "adult",
    immigration_status: str = "insecure",
    suspected_offending: bool = False,
) -> Person:
    return Person(
        Role(role), AgeGroup(age_group), ImmigrationStatus(immigration_status), suspected_offending
    )


def case(
    stage: str = "investigation",
    support: str = "none",
    nrm: str = "none",
    nrm_consent: str = "none",
) -> CaseState:
    return CaseState(Stage(stage), Support(support), Nrm(nrm), Consent(nrm_consent))


def sharing(
    regime: str = "migrant-victims-protocol",
    *,
    role: str = "victim",
    age_group: str = "adult",
    immigration_status: str = "insecure",
    suspected_offending: bool = False,
    crime: str = "domestic_abuse",
    stage: str = "investigation",
    support: str = "none",
    nrm: str = "none",
    nrm_consent: str = "none",
    purpose: str = "investigation",
    categories: tuple[str, ...] = ("identity",),
    consent: str | dict[str, str] = "none",
) -> SharingSituation:
    """`consent` is one value for every requested category, or one per category by name."""
    given = (
        Consent(consent)
        if isinstance(consent, str)
        else {Category(c): Consent(value) for c, value in consent.items()}
    )
    return SharingSituation(
        RegimeId(regime),
        person(role, age_group, immigration_status, suspected_offending),
        Crime(CrimeType(crime)),
        case(stage, support, nrm, nrm_consent),
        ShareRequest(Purpose(purpose), tuple(Category(c) for c in categories)),
        given,
    )


def gating(
    regime: str = "migrant-victims-protocol",
    *,
    role: str = "victim",
    age_group: str = "adult",
    immigration_status: str = "insecure",
    suspected_offending: bool = False,
    crime: str = "domestic_abuse",
    stage: str = "investigation",
    support: str = "receiving",
    nrm: str = "none",
    action: str = "arrest",
    referred_by_police: bool = True,
) -> GateSituation:
    return GateSituation(
        RegimeId(regime),
        person(role, age_group, immigration_status, suspected_offending),
        Crime(CrimeType(crime)),
        case(stage, support, nrm),
        EnforcementAction(action),
        referred_by_police,
    )


def scenario(**overrides: Any) -> dict[str, Any]:
    """A valid `decide` scenario as JSON, with top-level sections replaced by `overrides`."""
    base: dict[str, Any] = {
        "regime": "hmicfrs-interim",
        "person": {
            "role": "victim",
            "age_group": "adult",
            "immigration_status": "uncertain",
            "suspected_offending": False,
        },
        "crime": {"type": "domestic_abuse"},
        "case": {"stage": "investigation", "support": "offered", "nrm": "none"},
        "request": {"purpose": "safeguarding", "categories": ["identity", "offence"]},
        "consent": "none",
    }
    base.update(overrides)
    return base
