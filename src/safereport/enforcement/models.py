"""What Immigration Enforcement holds: disclosures addressed to it (values encrypted) and the
protocol protections registered with them. Nothing refers to the police side's tables."""

from __future__ import annotations

from enum import Enum

from django.db import models

from safereport.accounts.models import Organisation
from safereport.crypto.fields import EncryptedJSONField
from safereport.enforcement.references import (
    check_reference,
    disclosure_reference,
    protocol_reference,
)
from safereport.policy.vocabulary import (
    AgeGroup,
    CrimeType,
    EnforcementAction,
    GateOutcome,
    ImmigrationStatus,
    Nrm,
    Purpose,
    RegimeId,
    Role,
    Stage,
    Support,
)


def _choices(vocabulary: type[Enum]) -> list[tuple[str, str]]:
    """Django choices of a policy enumeration, so columns hold exactly its words."""
    return [(item.value, item.value.replace("_", " ")) for item in vocabulary]


class Protection(models.Model):
    """A victim registered for protocol protection, by a random protocol reference, with the
    facts the protocol check needs. The police side keeps these facts current."""

    protocol_reference = models.CharField(
        max_length=48, unique=True, editable=False, default=protocol_reference
    )
    force = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    recipient = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    # The regime the protection was registered under: a promise to the victim, kept as made.
    regime = models.CharField(max_length=40, choices=_choices(RegimeId))
    role = models.CharField(max_length=16, choices=_choices(Role))
    age_group = models.CharField(max_length=16, choices=_choices(AgeGroup))
    immigration_status = models.CharField(max_length=24, choices=_choices(ImmigrationStatus))
    suspected_offending = models.BooleanField()
    crime_type = models.CharField(max_length=32, choices=_choices(CrimeType))
    stage = models.CharField(max_length=16, choices=_choices(Stage))
    support = models.CharField(max_length=16, choices=_choices(Support))
    nrm = models.CharField(max_length=32, choices=_choices(Nrm))
    referred_by_police = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.protocol_reference


class Disclosure(models.Model):
    """Personal data a police force disclosed to Immigration Enforcement: exactly the fields of
    the permitted categories, encrypted at rest."""

    reference = models.CharField(
        max_length=48, unique=True, editable=False, default=disclosure_reference
    )
    force = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    recipient = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="disclosures_received"
    )
    sent_by = models.CharField(max_length=40)  # the police user's pseudonym
    decision_reference = models.CharField(max_length=48, unique=True)
    purpose = models.CharField(max_length=24, choices=_choices(Purpose))
    categories = models.JSONField()  # Category values, in vocabulary order
    content = EncryptedJSONField()  # {category: {field: value}}
    protection = models.ForeignKey(
        Protection, on_delete=models.PROTECT, related_name="disclosures", null=True, blank=True
    )
    received_at = models.DateTimeField(auto_now_add=True)
    # When `content` was erased (the person's data erased by the police, or past the
    # disclosures' retention period); what was disclosed, by category, stays.
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return self.reference


class ProtocolCheck(models.Model):
    """One protocol check made by Immigration Enforcement (DOMAIN.md section 5): which action was
    asked about, of which protection, and the answer, under which regime. Kept so that each check
    has a reference of its own and oversight can count checks with SQL (the audit event holds
    the same, for proof)."""

    reference = models.CharField(
        max_length=48, unique=True, editable=False, default=check_reference
    )
    protection = models.ForeignKey(Protection, on_delete=models.PROTECT, related_name="checks")
    force = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=24, choices=_choices(EnforcementAction))
    outcome = models.CharField(max_length=8, choices=_choices(GateOutcome))
    regime = models.CharField(max_length=40, choices=_choices(RegimeId))
    regime_version = models.CharField(max_length=64)
    checked_by = models.CharField(max_length=40)  # the IE user's pseudonym
    checked_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-checked_at", "-id"]

    def __str__(self) -> str:
        return self.reference
