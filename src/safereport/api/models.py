"""The first answer to each `POST` sent with an `Idempotency-Key` (`idempotency.py`), kept for
`IDEMPOTENCY_KEY_HOURS` so that a retry gets it again instead of doing the work twice."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpResponse

from safereport.crypto.fields import EncryptedTextField


class RememberedAnswer(models.Model):
    """One client's key and the answer its request got, written in the same transaction as the
    work it answers, so that neither is ever kept without the other."""

    # Whose key: `user:<id>` for an API token's owner, `notify` for GOV.UK Notify's callbacks.
    # Keys are the client's own choice, so two clients' keys are never compared.
    client = models.CharField(max_length=40)
    # A keyed hash (HMAC-SHA-256, hex) of the key: the key is the client's text, never stored.
    key_digest = models.CharField(max_length=64)
    # SHA-256 (hex) of the method, the path and the body's bytes: the same key for another
    # request is refused, not answered with this one's answer.
    fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    status = models.PositiveSmallIntegerField()
    # The headers the endpoint itself set (Content-Type, Allow, ...); the service's middleware
    # adds its own to every response, replayed or not. They hold no personal data.
    headers = models.JSONField()
    # The body may hold personal data (a party's name, a notice's access code): encrypted.
    body = EncryptedTextField()

    class Meta:
        constraints = [
            # The backstop when two requests with one key race: only one answer can be kept.
            models.UniqueConstraint(fields=["client", "key_digest"], name="one_answer_per_key"),
        ]
        # Expired answers are found by age on each use (`idempotency.claim`).
        indexes = [models.Index(fields=["created_at"], name="answers_by_age")]

    def __str__(self) -> str:
        return f"answer {self.status} remembered for {self.client}"

    def response(self) -> HttpResponse:
        """The answer again, byte for byte."""
        headers: dict[str, Any] = self.headers
        answer = HttpResponse(self.body.encode("utf-8"), status=self.status)
        for name, value in headers.items():
            answer[name] = value
        return answer
