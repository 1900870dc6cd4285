"""Casework's own words (reporting routes, stages of a task, consent methods...), and the policy
vocabulary as Django choices, so the database stores exactly the words of DOMAIN.md section 3."""

from __future__ import annotations

from enum import StrEnum

from django.db import models


def choices(vocabulary: type[StrEnum]) -> list[tuple[str, str]]:
    """Django choices of a policy enumeration: the value, and the value in words."""
    return [(item.value, item.value.replace("_", " ")) for item in vocabulary]


class ReportingRoute(models.TextChoices):
    DIRECT = "direct", "Reported directly to the police"
    THIRD_PARTY = "third_party", "Reported through a third party"


class ConsentAnswer(models.TextChoices):
    GIVEN = "given", "Given"
    REFUSED = "refused", "Refused"


class ConsentMethod(models.TextChoices):
    SPOKEN = "spoken", "Spoken"
    WRITTEN = "written", "Written"
    INTERPRETER = "interpreter", "Through an interpreter"


class TaskStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"


class ReviewStatus(models.TextChoices):
    OPEN = "open", "Open"
    REVIEWED = "reviewed", "Reviewed"


class OpenReason(models.TextChoices):
    """Why a data protection officer opens a case not assigned to them. A fixed list, so the
    reason can sit in the audit event without any chance of carrying personal data."""

    DECISION_REVIEW = "decision_review", "Reviewing a sharing decision"
    COMPLAINT = "complaint", "Handling a complaint"
    SUBJECT_ACCESS_REQUEST = "subject_access_request", "Answering a subject access request"
    ERASURE_REQUEST = "erasure_request", "Answering a request to erase a person's data"
    DATA_BREACH = "data_breach", "Investigating a possible data breach"
    SUPERVISION = "supervision", "Supervision or quality assurance"


class LawfulBasis(models.TextChoices):
    """The lawful basis an officer records for a share with Immigration Enforcement (the ICO's
    data sharing code: identify and record it), each naming its legislation."""

    LAW_ENFORCEMENT = (
        "dpa_2018_part_3_s35",
        "Data Protection Act 2018, Part 3, section 35: processing for law enforcement purposes",
    )
    PUBLIC_TASK = (
        "uk_gdpr_6_1_e_dpa_schedule_1",
        "UK GDPR Article 6(1)(e), a task in the public interest, with a condition of the Data "
        "Protection Act 2018, Schedule 1",
    )
    CONSENT = (
        "uk_gdpr_6_1_a_consent",
        "UK GDPR Article 6(1)(a): the person's consent (only for a share the person asked for)",
    )
