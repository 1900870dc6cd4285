"""What oversight keeps: each force's yearly transparency returns, as submitted."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from safereport.accounts.models import Organisation
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
