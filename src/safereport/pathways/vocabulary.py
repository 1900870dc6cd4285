"""The pathways' own words: services, adviser regulators, intake channels, the life of a
referral, the purposes of a pathways consent, and the random references of its records.

The words are stored verbatim in the database and used in the API; labels are for pages.
"""

from __future__ import annotations

from django.db import models

from safereport.pathways.lifecycle import ReferralStatus
from safereport.references import new_reference


class Service(models.TextChoices):
    """What a support organisation offers. `immigration_advice` is given only by regulated
    advisers (Immigration and Asylum Act 1999, Part V): an entry offering it names its regulator."""

    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
    MODERN_SLAVERY = "modern_slavery", "Modern slavery"
    SEXUAL_VIOLENCE = "sexual_violence", "Sexual violence"
    IMMIGRATION_ADVICE = "immigration_advice", "Immigration advice (regulated)"


class AdviserRegulator(models.TextChoices):
    """Who regulates an organisation's immigration advisers (Immigration and Asylum Act 1999,
    s.84: only a qualified person may give immigration advice)."""

    IAA = "iaa", "Immigration Advice Authority (formerly OISC)"
    SRA = "sra", "Solicitors Regulation Authority"
    BSB = "bsb", "Bar Standards Board"
    CILEX = "cilex", "CILEx Regulation"


class IntakeChannel(models.TextChoices):
    """How an organisation takes referrals in. Only the kind of channel is listed: the
    directory holds no phone numbers or addresses that could go out of date unchecked."""

    SERVICE_INBOX = "service_inbox", "Referrals through Safe Reporting"
    PHONE = "phone", "Phone"
    EMAIL = "email", "Email"
    ONLINE_FORM = "online_form", "Online form"
    IN_PERSON = "in_person", "In person"


# The life of a referral is framework-free (`lifecycle`); its words and labels are these.
REFERRAL_STATUS_CHOICES = [(status.value, status.label) for status in ReferralStatus]


class ContactMethod(models.TextChoices):
    """How an organisation made first contact with a victim."""

    PHONE = "phone", "By phone"
    IN_PERSON = "in_person", "In person"
    VIDEO = "video", "By video call"
    MESSAGE = "message", "By text message, email or another written message"


class DeclineReason(models.TextChoices):
    """Why an organisation declines a referral: a fixed list, so that the reason can sit in the
    audit event with no chance of carrying personal data."""

    NO_CAPACITY = "no_capacity", "No capacity at present"
    OUTSIDE_AREA = "outside_area", "Outside the area we serve"
    SERVICE_NOT_OFFERED = "service_not_offered", "We do not offer the service needed"
    ALREADY_SUPPORTED = "already_supported", "Already supported by us or another service"
    OTHER = "other", "Another reason"


class ConsentPurpose(models.TextChoices):
    """What a pathways consent is about. Consent to share with Immigration Enforcement stays in
    `casework.ConsentRecord`, whose purposes are the policy vocabulary's."""

    SUPPORT_REFERRAL = "support_referral", "Referral to a support organisation"
    IDENTITY_REVEAL = "identity_reveal", "Revealing their identity to the police"


class ReportStatus(models.TextChoices):
    """A third-party report: sent to the force, then recorded by an officer as a case."""

    SUBMITTED = "submitted", "Submitted to the police"
    RECORDED = "recorded", "Recorded as a case"


# Named functions rather than lambdas, so that migrations can refer to them.
def referral_reference() -> str:
    return new_reference("ref")


def report_reference() -> str:
    return new_reference("tpr")


def consent_reference() -> str:
    return new_reference("pcn")


def support_status_reference() -> str:
    return new_reference("sup")
