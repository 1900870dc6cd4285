"""What the police side may hand to Immigration Enforcement: the contract at the firewall.

A disclosure is a snapshot of exactly the fields of the permitted categories, as plain values;
a protection is the handful of facts the protocol check needs. Nothing here refers to the police
side's records, so Immigration Enforcement can hold nothing that was not handed over.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from safereport.policy.vocabulary import (
    AgeGroup,
    Category,
    CrimeType,
    ImmigrationStatus,
    Nrm,
    Purpose,
    RegimeId,
    Role,
    Stage,
    Support,
)

# The fields a disclosure may hold for each category (DOMAIN.md section 3, data categories).
# Anything else in a snapshot is refused: the firewall is a list of what may pass, not of what
# may not.
DISCLOSABLE_FIELDS: Mapping[Category, tuple[str, ...]] = {
    Category.IDENTITY: ("given_name", "family_name", "date_of_birth", "nationality"),
    Category.CONTACT: ("phone", "email"),
    Category.LOCATION: ("address",),
    Category.IMMIGRATION: ("immigration_status",),
    Category.OFFENCE: ("case_reference", "crime_type", "summary"),
    Category.SUPPORT: ("support",),
}

# Values are text (dates as YYYY-MM-DD) or None where the police hold nothing.
FieldValues = Mapping[str, str | None]


@dataclass(frozen=True)
class ProtectionFacts:
    """The facts about a person that the protocol check decides on, as they are now."""

    role: Role
    age_group: AgeGroup
    immigration_status: ImmigrationStatus
    suspected_offending: bool
    crime_type: CrimeType
    stage: Stage
    support: Support
    nrm: Nrm


@dataclass(frozen=True)
class DisclosureSnapshot:
    """One disclosure from a police force to Immigration Enforcement.

    `fields` maps each disclosed category to its values; `protection`, when given, asks for the
    person to be registered for protocol protection (the `register_protocol_protection` duty)
    under `regime`.
    """

    force_code: str
    recipient_code: str
    sent_by: str  # the police user's pseudonym
    decision_reference: str
    purpose: Purpose
    regime: RegimeId
    regime_version: str
    fields: Mapping[Category, FieldValues]
    protection: ProtectionFacts | None = field(default=None)

    @property
    def categories(self) -> tuple[Category, ...]:
        """The categories disclosed, in vocabulary order."""
        return tuple(c for c in Category if c in self.fields)
