"""The police side's records: people, cases, parties, consent, force regimes, sharing decisions,
duty tasks, disclosures and the review queue.

Everything that identifies a person is encrypted at rest (`safereport.crypto`); everything else
is in the policy vocabulary, so the facts a decision was made on can be counted without
decrypting anyone. Rows are reached from outside by random references, never by database ids.
"""

from __future__ import annotations

from enum import Enum

from django.conf import settings
from django.db import models

from safereport.accounts.models import Organisation
from safereport.casework.vocabulary import (
    ConsentAnswer,
    ConsentMethod,
    LawfulBasis,
    ReportingRoute,
    ReviewStatus,
    TaskStatus,
    choices,
)
from safereport.crypto.fields import EncryptedBooleanField, EncryptedDateField, EncryptedTextField
from safereport.policy.vocabulary import (
    AgeGroup,
    Category,
    Consent,
    CrimeType,
    Duty,
    ImmigrationStatus,
    Nrm,
    Outcome,
    Purpose,
    RegimeId,
    Role,
    Stage,
    Support,
)
from safereport.references import new_reference


# Named functions rather than lambdas or partials, so that migrations can refer to them.
def person_reference() -> str:
    return new_reference("per")


def case_reference() -> str:
    return new_reference("case")


def party_reference() -> str:
    return new_reference("pty")


def consent_reference() -> str:
    return new_reference("cns")


def decision_reference() -> str:
    return new_reference("dec")


def task_reference() -> str:
    return new_reference("task")


def disclosure_record_reference() -> str:
    return new_reference("dsr")


def review_reference() -> str:
    return new_reference("rev")


def _known(field: str, vocabulary: type[Enum], table: str) -> models.CheckConstraint:
    """A database check that the column holds a word of the vocabulary."""
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__in": [item.value for item in vocabulary]}),
        name=f"{table}_{field}_is_known",
    )


class Person(models.Model):
    """Someone known to the police through a report. Every identifying field is encrypted."""

    reference = models.CharField(
        max_length=48, unique=True, editable=False, default=person_reference
    )
    given_name = EncryptedTextField(blank=True)
    family_name = EncryptedTextField(blank=True)
    date_of_birth = EncryptedDateField(null=True, blank=True)
    nationality = EncryptedTextField(blank=True)
    phone = EncryptedTextField(blank=True)
    email = EncryptedTextField(blank=True)
    address = EncryptedTextField(blank=True)
    preferred_language = EncryptedTextField(blank=True, help_text="ISO 639-1 code, e.g. es")
    interpreter_needed = EncryptedBooleanField(default=False)
    safe_contact_instructions = EncryptedTextField(blank=True)  # in the person's words
    # How they may be reached safely, structured (`casework.contact.SafeContact` as JSON); empty
    # for a person recorded before it was: then in person only.
    safe_contact = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # When the fields above were erased (a valid request, or every case of theirs past its
    # retention period: `web.retention`); the reference stays, so the log still names them.
    erased_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.reference


class Case(models.Model):
    """A reported crime, held by one police force."""

    reference = models.CharField(max_length=48, unique=True, editable=False, default=case_reference)
    force = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="cases",
        limit_choices_to={"kind": "police_force"},
    )
    crime_type = models.CharField(max_length=32, choices=choices(CrimeType))
    summary = EncryptedTextField(blank=True)
    # When the offence happened can identify the victim; when it was reported is for statistics.
    occurred_on = EncryptedDateField(null=True, blank=True)
    reported_on = models.DateField()
    reporting_route = models.CharField(max_length=16, choices=ReportingRoute.choices)
    stage = models.CharField(
        max_length=16, choices=choices(Stage), default=Stage.INVESTIGATION.value
    )
    officer_in_charge = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cases_in_charge"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The day the case last reached `concluded`, from which its retention period runs; none
    # while it is open.
    concluded_on = models.DateField(null=True, blank=True)
    # When its summary and the day of the offence were erased; crime type, stage and dates
    # stay for oversight's counts.
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            _known("crime_type", CrimeType, "case"),
            _known("stage", Stage, "case"),
            _known("reporting_route", ReportingRoute, "case"),
        ]

    def __str__(self) -> str:
        return self.reference


class Party(models.Model):
    """A person's part in a case, with the facts the rules decide on. A party reported
    anonymously through a third party has no person, and so no identity at all."""

    reference = models.CharField(
        max_length=48, unique=True, editable=False, default=party_reference
    )
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="parties")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="parties", null=True, blank=True
    )
    role = models.CharField(max_length=16, choices=choices(Role))
    age_group = models.CharField(max_length=16, choices=choices(AgeGroup))
    immigration_status = models.CharField(max_length=24, choices=choices(ImmigrationStatus))
    suspected_offending = models.BooleanField(default=False)
    support = models.CharField(max_length=16, choices=choices(Support), default=Support.NONE.value)
    nrm = models.CharField(max_length=32, choices=choices(Nrm), default=Nrm.NONE.value)
    created_at = models.DateTimeField(auto_now_add=True)
    # When what was held about this part (referrals' contents, notices' texts, justifications
    # of its disclosures) was erased; the facts above stay for oversight's counts.
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "parties"
        constraints = [
            _known("role", Role, "party"),
            _known("age_group", AgeGroup, "party"),
            _known("immigration_status", ImmigrationStatus, "party"),
            _known("support", Support, "party"),
            _known("nrm", Nrm, "party"),
        ]

    def __str__(self) -> str:
        return self.reference


class ConsentBase(models.Model):
    """A person's dated answer to a question of consent. Withdrawing keeps the record (with when
    and by whom) so that what was agreed when can always be shown. Each kind of consent is this
    record with its own question: sharing with Immigration Enforcement (`ConsentRecord`), the
    pathways' referrals and identity reveals (`pathways.PathwayConsent`), a referral to the
    National Referral Mechanism (`NrmConsent`)."""

    reference = models.CharField(
        max_length=48, unique=True, editable=False, default=consent_reference
    )
    # Each kind names the party's name for its records.
    party: models.ForeignKey[Party, Party]
    answer = models.CharField(max_length=16, choices=ConsentAnswer.choices)
    method = models.CharField(max_length=16, choices=ConsentMethod.choices)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.reference

    @property
    def in_force(self) -> bool:
        """Given and not withdrawn."""
        return self.withdrawn_at is None and self.answer == ConsentAnswer.GIVEN

    @property
    def as_consent(self) -> Consent:
        """The answer as the rules read it: given while in force; refused, or withdrawn, is
        refused."""
        return Consent.GIVEN if self.in_force else Consent.REFUSED


class ScopedConsent(ConsentBase):
    """Consent for one purpose to some categories of the person's data going to one recipient."""

    purpose: models.CharField[str, str]  # each kind names its own purposes
    categories = models.JSONField(default=list)  # list of Category values the answer covers
    recipient = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True


class ConsentRecord(ScopedConsent):
    """A person's answer about sharing with Immigration Enforcement for a purpose of the policy
    vocabulary."""

    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="consents")
    purpose = models.CharField(max_length=24, choices=choices(Purpose))


class NrmConsent(ConsentBase):
    """An adult's informed consent to be referred to the National Referral Mechanism: its own
    question, read only by the NRM duties (DOMAIN.md section 3, `case.nrm_consent`)."""

    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="nrm_consents")

    class Meta:
        indexes = [models.Index(fields=["party", "recorded_at"], name="nrm_consent_current")]


class ForceRegime(models.Model):
    """A force's choice of regime from a date. Rows are only ever added: the history is kept,
    and the regime in force on a day is the latest whose `effective_from` is on or before it."""

    force = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="regimes")
    regime = models.CharField(max_length=40, choices=choices(RegimeId))
    effective_from = models.DateField()
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # What `policy diff` told the officer who made the change: counts only.
    diff_counts = models.JSONField(default=dict, blank=True)
    # Why the DPO made the change, in their words (encrypted: free text), and when they mean to
    # review it, if they said.
    reason = EncryptedTextField(blank=True)
    review_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-effective_from", "-created_at", "-id"]
        indexes = [
            models.Index(fields=["force", "effective_from"], name="force_regime_by_force_day")
        ]

    def __str__(self) -> str:
        return f"{self.force.code}: {self.regime} from {self.effective_from}"


class RegimeText(models.Model):
    """The exact policy text of every regime version the service has run, kept so that a
    decision can be replayed under the version it was made under (oversight's comparison of
    regimes), even after the shipped policies change. Stored when the service is migrated
    (`store_regime_texts`), which every deployment does; rows are only added."""

    version = models.CharField(max_length=64, primary_key=True)  # SHA-256 of `text`
    regime = models.CharField(max_length=40, choices=choices(RegimeId))
    text = models.TextField()
    stored_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.regime} {self.version[:12]}"


class KeptRegimeDiff(models.Model):
    """`policy diff` between two regime versions, computed once and kept: a pure function of the
    two texts, so the DPO's regime change page answers at once (issue 13, item 5). Queued after
    every migration for every pair of shipped regimes and computed by the background worker
    (`casework.tasks`); until then the page says it is being compared."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Being compared"
        DONE = "done", "Compared"
        FAILED = "failed", "Could not be compared"

    before_version = models.CharField(max_length=64)
    after_version = models.CharField(max_length=64)
    before = models.CharField(max_length=40, choices=choices(RegimeId))
    after = models.CharField(max_length=40, choices=choices(RegimeId))
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    result = models.JSONField(null=True, blank=True)  # `RegimeDiff.as_json()`, once done
    message = models.TextField(blank=True)  # why it failed
    queued_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["before_version", "after_version"], name="one_diff_a_pair_of_versions"
            )
        ]

    def __str__(self) -> str:
        return f"{self.before} to {self.after}: {self.status}"


# A decision's consent when the person's answers differ between the requested categories.
MIXED_CONSENT = ("mixed", "mixed: see each category")


class SharingDecision(models.Model):
    """What the engine answered to a proposed share, exactly as it answered, and on what facts.
    Never changed after the fact (DOMAIN.md section 2: a DPO may review, not amend)."""

    reference = models.CharField(
        max_length=48, unique=True, editable=False, default=decision_reference
    )
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="decisions")
    purpose = models.CharField(max_length=24, choices=choices(Purpose))
    categories = models.JSONField()  # the requested Category values, in the order asked
    # The person's consent as the decision read it: one word when the same for every requested
    # category, `mixed` when not; each category's in `consent_by_category` (DOMAIN.md C3).
    consent = models.CharField(max_length=16, choices=[*choices(Consent), MIXED_CONSENT])
    consent_by_category = models.JSONField(default=dict)  # Category value -> Consent value
    # The newest consent record the decision read, if any.
    consent_record = models.ForeignKey(
        ConsentRecord, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    situation = models.JSONField()  # the scenario decided (`sharing_as_json`)
    decision = models.JSONField()  # `Decision.as_json()`, whole
    regime = models.CharField(max_length=40, choices=choices(RegimeId))
    regime_version = models.CharField(max_length=64)
    outcome = models.CharField(max_length=24, choices=choices(Outcome))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["party", "purpose", "created_at"], name="decision_by_party_purpose"
            ),
            # The review queue's question on every permitting decision: the party's latest
            # prohibited decision for the purpose, without reading all its other decisions.
            models.Index(
                fields=["party", "purpose", "outcome", "created_at"],
                name="decision_by_party_outcome",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def permitted(self) -> list[Category]:
        """The categories the decision permits, in the order they were requested."""
        verdicts = self.decision["categories"]
        return [Category(c) for c in self.categories if verdicts.get(c) == "permitted"]

    @property
    def duties(self) -> list[Duty]:
        """The duties that followed."""
        return [Duty(d) for d in self.decision["duties"]]


class DutyTask(models.Model):
    """Something that must now happen because of a decision (a duty of DOMAIN.md section 4)."""

    reference = models.CharField(max_length=48, unique=True, editable=False, default=task_reference)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="tasks")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="tasks")
    # The decision the duty came from; none for a duty owed without one (a notice to give, issued
    # when a victim or witness is recorded and again whenever their position changes).
    decision = models.ForeignKey(
        SharingDecision, on_delete=models.PROTECT, related_name="tasks", null=True, blank=True
    )
    duty = models.CharField(max_length=40, choices=choices(Duty))
    status = models.CharField(max_length=8, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            # One open task per duty per party: a new decision does not pile up duplicates.
            models.UniqueConstraint(
                fields=["party", "duty"],
                condition=models.Q(status="open"),
                name="duty_task_one_open_per_party_and_duty",
            )
        ]

    def __str__(self) -> str:
        return self.reference


class DisclosureRecord(models.Model):
    """The police side's record of what was handed to Immigration Enforcement, and when.
    The values themselves are not kept here: they were read from the person at that moment."""

    reference = models.CharField(
        max_length=48, unique=True, editable=False, default=disclosure_record_reference
    )
    decision = models.OneToOneField(
        SharingDecision, on_delete=models.PROTECT, related_name="disclosure"
    )
    enforcement_reference = models.CharField(max_length=48, unique=True)
    protocol_reference = models.CharField(max_length=48, null=True, blank=True, unique=True)
    categories = models.JSONField()
    # Recorded by the officer with every share; empty only on disclosures made before the
    # service asked for them.
    lawful_basis = models.CharField(max_length=40, choices=LawfulBasis.choices, blank=True)
    justification = EncryptedTextField(blank=True)  # the officer's own words; may name people
    disclosed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    disclosed_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.reference


class ReviewItem(models.Model):
    """A share that was prohibited and later permitted for the same person and purpose: the
    force's data protection officer looks at why the answer changed."""

    reference = models.CharField(
        max_length=48, unique=True, editable=False, default=review_reference
    )
    force = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="review_items")
    prohibited_decision = models.ForeignKey(
        SharingDecision, on_delete=models.PROTECT, related_name="+"
    )
    permitting_decision = models.ForeignKey(
        SharingDecision, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.OPEN
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.reference
