"""What the pathways hold: the directory of support organisations, referrals to them, third-party
reports with the identity their organisation keeps, the consents these rest on, and the support
status organisations record.

Identity and the content of referrals are encrypted at rest (`safereport.crypto`). Records are
reached from outside by random references, never by database ids or names.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from safereport.accounts.models import Organisation
from safereport.casework.models import Party, ScopedConsent
from safereport.casework.vocabulary import choices
from safereport.crypto.fields import EncryptedDateField, EncryptedJSONField, EncryptedTextField
from safereport.pathways.lifecycle import ReferralStatus
from safereport.pathways.vocabulary import (
    REFERRAL_STATUS_CHOICES,
    AdviserRegulator,
    ConsentPurpose,
    ContactMethod,
    DeclineReason,
    IntakeChannel,
    ReportStatus,
    consent_reference,
    referral_reference,
    report_reference,
    support_status_reference,
)
from safereport.policy.vocabulary import AgeGroup, CrimeType, ImmigrationStatus, Role, Support


class DirectoryEntry(models.Model):
    """A support organisation as the directory lists it: what it offers, where, in which
    languages, to which communities, how it takes referrals in and whether it has room now.

    The organisation itself (its code, name and users) is an `accounts.Organisation` of the kind
    `support_organisation`; the directory adds what matching needs, and nothing to contact it by.
    """

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.PROTECT,
        related_name="directory_entry",
        limit_choices_to={"kind": "support_organisation"},
    )
    services = models.JSONField(default=list)  # `Service` values
    adviser_regulator = models.CharField(max_length=8, choices=AdviserRegulator.choices, blank=True)
    adviser_registration = models.CharField(max_length=40, blank=True)
    by_and_for = models.BooleanField(default=False)
    communities = models.JSONField(default=list)  # short descriptions, e.g. "Latin American women"
    national = models.BooleanField(default=False)
    forces = models.JSONField(default=list)  # police force codes (`accounts.forces`)
    languages = models.JSONField(default=list)  # ISO 639-1 codes
    intake_channel = models.CharField(max_length=16, choices=IntakeChannel.choices)
    intake_notes = models.CharField(max_length=300, blank=True)
    has_capacity = models.BooleanField(default=True)
    # Demonstration entries describe real organisations from public sources without checking
    # with them: pages say "illustrative — check before use" wherever they appear.
    illustrative = models.BooleanField(default=False)
    listed = models.BooleanField(default=True)  # unlisted entries are never matched
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "directory entries"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(intake_channel__in=IntakeChannel.values),
                name="directory_entry_intake_channel_is_known",
            ),
        ]

    def __str__(self) -> str:
        return self.organisation.code


class PathwayConsent(ScopedConsent):
    """A person's dated answer about one pathways purpose: to be referred to a support
    organisation with some of their data, or to have their identity revealed to the police.
    Who consented is the party; to whom, `recipient`; which data, `categories`; how, `method`."""

    reference = models.CharField(
        max_length=48, unique=True, editable=False, default=consent_reference
    )
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="pathway_consents")
    purpose = models.CharField(max_length=24, choices=ConsentPurpose.choices)

    class Meta:
        indexes = [
            models.Index(
                fields=["party", "purpose", "recipient", "recorded_at"],
                name="pathway_consent_current",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(purpose__in=ConsentPurpose.values),
                name="pathway_consent_purpose_is_known",
            ),
        ]


class ThirdPartyReport(models.Model):
    """A crime reported to a police force by a support organisation on the victim's behalf.

    The police see the crime and a pseudonym; the identity stays here, encrypted, with the
    organisation, until the victim consents to reveal it. An officer records the report as a
    case (reporting route `third_party`) whose party has no person at all.
    """

    reference = models.CharField(
        max_length=48, unique=True, editable=False, default=report_reference
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="third_party_reports"
    )
    force = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    pseudonym = EncryptedTextField()  # how the organisation and the police speak of the victim
    crime_type = models.CharField(max_length=32, choices=choices(CrimeType))
    summary = EncryptedTextField(blank=True)
    occurred_on = EncryptedDateField(null=True, blank=True)
    role = models.CharField(max_length=16, choices=choices(Role))
    age_group = models.CharField(max_length=16, choices=choices(AgeGroup))
    immigration_status = models.CharField(max_length=24, choices=choices(ImmigrationStatus))
    # The support the organisation gives: the party's first support fact when the case is made.
    support = models.CharField(max_length=16, choices=choices(Support), default=Support.NONE.value)
    # `casework.inputs.PersonDetails` as a JSON object; never copied to case work without consent.
    identity = EncryptedJSONField()
    status = models.CharField(
        max_length=16, choices=ReportStatus.choices, default=ReportStatus.SUBMITTED
    )
    party = models.OneToOneField(
        Party,
        on_delete=models.PROTECT,
        related_name="third_party_report",
        null=True,
        blank=True,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    recorded_at = models.DateTimeField(null=True, blank=True)
    identity_revealed_at = models.DateTimeField(null=True, blank=True)
    identity_revealed_categories = models.JSONField(default=list)
    # When the pseudonym, summary, day of the offence and identity were erased (with its case's
    # party, or past its retention period unrecorded); the facts stay for oversight's counts.
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ReportStatus.values),
                name="third_party_report_status_is_known",
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class Referral(models.Model):
    """A referral of a victim or witness to a support organisation, from its offer to its end.

    `content` is what the organisation receives: only the fields of the categories the victim
    agreed to, read when it was sent, and erased if they withdraw their consent.
    """

    reference = models.CharField(
        max_length=48, unique=True, editable=False, default=referral_reference
    )
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="referrals")
    entry = models.ForeignKey(DirectoryEntry, on_delete=models.PROTECT, related_name="referrals")
    status = models.CharField(
        max_length=32, choices=REFERRAL_STATUS_CHOICES, default=ReferralStatus.OFFERED
    )
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    offered_at = models.DateTimeField(auto_now_add=True)
    consent = models.ForeignKey(
        PathwayConsent, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    categories = models.JSONField(default=list)  # the `Category` values sent
    # {category: {field: value}}; empty until sent, and again once consent is withdrawn.
    content = EncryptedJSONField(default=dict, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    first_contact_due_on = models.DateField(null=True, blank=True)
    # When and how the organisation made first contact, as its worker recorded it: the day is
    # what Victims' Code right 4 is measured by (it may be earlier than the day it was recorded).
    first_contact_on = models.DateField(null=True, blank=True)
    first_contact_method = models.CharField(
        max_length=16, choices=ContactMethod.choices, blank=True
    )
    first_contact_note = EncryptedTextField(blank=True)
    decline_reason = models.CharField(max_length=24, choices=DeclineReason.choices, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["entry", "status"], name="referral_by_entry_status"),
            models.Index(fields=["status", "first_contact_due_on"], name="referral_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in ReferralStatus]),
                name="referral_status_is_known",
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class ReferralStep(models.Model):
    """One move in a referral's life: the status it reached, when, and who moved it."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="steps")
    status = models.CharField(max_length=32, choices=REFERRAL_STATUS_CHOICES)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.referral.reference}: {self.status}"


class SupportStatus(models.Model):
    """What a support organisation recorded about the support a person gets from it: `offered`,
    `receiving` or `none` (ended), and whether advice on regularising their stay has been given.
    Rows are only added; the latest speaks."""

    reference = models.CharField(
        max_length=48, unique=True, editable=False, default=support_status_reference
    )
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="support_statuses")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    support = models.CharField(max_length=16, choices=choices(Support))
    advice_on_stay_given = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "support statuses"
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return self.reference
