"""What oversight keeps: each force's yearly transparency returns, as submitted."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from safereport.accounts.models import Organisation
from safereport.crypto.fields import EncryptedTextField
from safereport.oversight.recommendations import Status
from safereport.references import new_reference


def return_reference() -> str:
    return new_reference("ret")


class TransparencyReturn(models.Model):
    """A force's return for a year to 31 March (due 30 June): the published tables as they
    stood when its data protection officer submitted it, or its certification that it disclosed
    nothing ("none"). Never changed once made; counts only, no personal identifiers."""

    reference = models.CharField(
        max_length=48, unique=True, editable=False, default=return_reference
    )
    force = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField()  # the year it starts: 2025 is April 2025 to March 2026
    certified_none = models.BooleanField()
    tables = models.JSONField()  # `Table.as_json()` of each, with disclosure control applied
    sha256 = models.CharField(max_length=64)  # of the tables' canonical JSON, as its event holds
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["force", "year"], name="one_return_a_force_a_year")
        ]
        ordering = ["-year", "force__name"]

    def __str__(self) -> str:
        return f"{self.force.code} {self.year}"


def evidence_reference() -> str:
    return new_reference("evd")


def update_reference() -> str:
    return new_reference("upd")


class EvidenceEntry(models.Model):
    """A data protection officer's dated entry on a recommendation for their force: its status
    from then on, and what shows it. Entries are only added; the latest gives the status."""

    reference = models.CharField(
        max_length=48, unique=True, editable=False, default=evidence_reference
    )
    force = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    recommendation = models.CharField(max_length=40)  # `recommendations.BY_ID`
    status = models.CharField(max_length=16, choices=[(s.value, s.label) for s in Status])
    # About the force's work; encrypted at rest all the same, as free text could name anyone.
    evidence = EncryptedTextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        indexes = [
            models.Index(fields=["force", "recommendation", "recorded_at"], name="evidence_by_rec")
        ]

    def __str__(self) -> str:
        return f"{self.force.code} {self.recommendation}: {self.status}"


class ProgressUpdate(models.Model):
    """A force's six-monthly progress update to HM Chief Inspector of Constabulary (Rec 8), as
    its DPO signed it off: what the printable page showed, and the SHA-256 its event holds."""

    reference = models.CharField(
        max_length=48, unique=True, editable=False, default=update_reference
    )
    force = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    content = models.JSONField()  # each recommendation's status, latest evidence, service evidence
    sha256 = models.CharField(max_length=64)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-signed_off_at", "-id"]

    def __str__(self) -> str:
        return f"{self.force.code} update {self.signed_off_at:%Y-%m-%d}"


def verification_reference() -> str:
    return new_reference("vrf")


class VerificationRun(models.Model):
    """A verification of the whole audit log an inspector started from the page, run in the
    background (`oversight.tasks.verify_log`): how far it has got and, when done, its result."""

    reference = models.CharField(
        max_length=48, unique=True, editable=False, default=verification_reference
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    total = models.BigIntegerField(null=True, blank=True)  # leaves to check, once known
    done = models.BigIntegerField(default=0)  # leaves checked so far
    ok = models.BooleanField(null=True)  # None until finished
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return self.reference

    @property
    def running(self) -> bool:
        return self.finished_at is None

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.finished_at else 0
        return min(100, round(100 * self.done / self.total))


class StatisticsSnapshot(models.Model):
    """The published tables of a page (the statistics of one scope and period, or the regimes
    compared over one scope's decisions) as last counted by the background worker
    (`oversight.snapshots`): at national scale counting takes seconds over millions of rows, so
    the pages show the latest count with its time instead of counting on every view."""

    kind = models.CharField(max_length=16)  # `snapshots.Kind`
    scope = models.CharField(max_length=64)  # a force's code, or `snapshots.NATIONAL`
    period = models.CharField(max_length=16)  # `Period.code`; empty for the comparison
    tables = models.JSONField(null=True, blank=True)  # `Table.as_json()` of each, once counted
    counted_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)  # how long the count took
    queued_at = models.DateTimeField(null=True, blank=True)  # a newer count is waiting

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "scope", "period"], name="one_snapshot_a_page")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.scope} {self.period}"
