"""The notices' records: each person's series of notice versions, the reference and access code
that open them, and every delivery.

A version stores what the person was told, exactly: its canonical text in their language and in
English (encrypted at rest: a notice names the force, dates and organisations), the position it
was written from (the rules' answers: no personal data), the regime's version and the catalog's,
and the SHA-256 of each text, which its audit event holds too.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from safereport.casework.models import Party
from safereport.crypto.fields import EncryptedTextField
from safereport.notices.codes import new_notice_reference
from safereport.references import new_reference


def delivery_reference() -> str:
    return new_reference("dlv")


class NoticeSeries(models.Model):
    """One person's notices: the reference they type on their own page, and the access code
    (only its keyed hash) with the lock that wrong codes close."""

    reference = models.CharField(
        max_length=48, unique=True, editable=False, default=new_notice_reference
    )
    party = models.OneToOneField(Party, on_delete=models.PROTECT, related_name="notice_series")
    code_hash = models.CharField(max_length=64, blank=True)
    code_set_at = models.DateTimeField(null=True, blank=True)
    failures = models.PositiveIntegerField(default=0)  # wrong codes since the last good one
    locked_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "notice series"

    def __str__(self) -> str:
        return self.reference


class Notice(models.Model):
    """One version of a person's notice, as issued."""

    series = models.ForeignKey(NoticeSeries, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField()
    language = models.CharField(max_length=16)
    regime = models.CharField(max_length=40)
    regime_version = models.CharField(max_length=64)
    position = models.JSONField()  # `Position.as_json()`: the rules' answers, no personal data
    position_digest = models.CharField(max_length=64)
    catalog_version = models.CharField(max_length=64)  # SHA-256 of the language's catalog
    text = EncryptedTextField()  # the canonical text, in `language`
    sha256 = models.CharField(max_length=64)  # of `text`, as UTF-8
    english_text = EncryptedTextField()  # always alongside: the source of every translation
    english_sha256 = models.CharField(max_length=64)
    reason = models.CharField(max_length=24)  # why it was issued: recorded, stage, regime...
    audit_index = models.BigIntegerField(null=True)  # the leaf of its `notices:notice:issued`
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["series", "version"], name="notice_one_per_version")
        ]
        ordering = ["series", "-version"]

    def __str__(self) -> str:
        return f"{self.series.reference} v{self.version}"


class Delivery(models.Model):
    """A version given to the person: in person (read aloud through an interpreter where
    needed), or sent by text message, email or letter through GOV.UK Notify."""

    class Channel(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        SMS = "sms", "Text message"
        EMAIL = "email", "Email"
        LETTER = "letter", "Letter"

    class Status(models.TextChoices):
        DELIVERED = "delivered", "Delivered"
        SENDING = "sending", "Sending"
        FAILED = "failed", "Not delivered"

    reference = models.CharField(
        max_length=48, unique=True, editable=False, default=delivery_reference
    )
    notice = models.ForeignKey(Notice, on_delete=models.PROTECT, related_name="deliveries")
    channel = models.CharField(max_length=16, choices=Channel.choices)
    status = models.CharField(max_length=16, choices=Status.choices)
    interpreter_language = models.CharField(max_length=16, blank=True)
    notify_id = models.CharField(max_length=64, null=True, blank=True, unique=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.reference


class ClientTries(models.Model):
    """How many codes one client has tried on the person's page in the current window, shared by
    every worker of the service (`notices.throttle`). The client is a keyed hash of its address:
    no address is kept."""

    client = models.CharField(max_length=64, primary_key=True)
    since = models.DateTimeField(db_index=True)  # when the current window began
    tries = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = "client tries"

    def __str__(self) -> str:
        return f"{self.tries} tries since {self.since:%Y-%m-%d %H:%M}"
