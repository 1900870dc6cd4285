"""Organisations and users. Each user has exactly one role and belongs to one organisation."""

from __future__ import annotations

import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models

from safereport.accounts.roles import OrganisationKind, Role


def new_pseudonym() -> str:
    """A random reference for a user, used in audit events instead of any name."""
    return "usr_" + secrets.token_hex(8)


class Organisation(models.Model):
    # Set when the organisation is made and never changed: audit events name it as `org:<code>`.
    code = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=32, choices=OrganisationKind.choices)
    # An inactive organisation's users cannot sign in or use the API (`backends.py`,
    # `tokens.py`), and it is not offered when an administrator adds a user.
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    role = models.CharField(max_length=32, choices=Role.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="users")
    pseudonym = models.CharField(max_length=40, unique=True, default=new_pseudonym, editable=False)

    REQUIRED_FIELDS = ["email", "role", "organisation"]

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="user_role_is_known"
            )
        ]


class ApiToken(models.Model):
    """A user's bearer token for the JSON API, kept only as its SHA-256 digest: the token is shown
    once when made (`safereport createtoken`) and cannot be read back from the database. One per
    user; making a new one replaces the old, which stops working at once."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="api_token")
    # SHA-256 of the token, in hex. Tokens carry 256 random bits, so a fast hash is enough: there
    # is nothing to guess from a digest, unlike a password.
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"API token of {self.user.pseudonym}"
