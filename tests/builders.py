"""Builders for database records, called visibly in each test."""

from __future__ import annotations

import itertools

from django.db import transaction

from safereport.accounts.actions import create_user, ensure_organisation
from safereport.accounts.models import Organisation, User
from safereport.accounts.roles import ROLE_ORGANISATION_KIND
from safereport.audit.events import Actor

PASSWORD = "correct horse battery staple"  # noqa: S105 - fictional test password
_numbers = itertools.count(1)
TEST_ACTOR = Actor.system("tests")


def organisation(kind: str, code: str | None = None, name: str | None = None) -> Organisation:
    code = code or f"{kind.replace('_', '-')}-{next(_numbers)}"
    with transaction.atomic():
        return ensure_organisation(
            actor=TEST_ACTOR, code=code, name=name or code.title(), kind=kind
        )


def user(role: str, organisation_code: str | None = None, username: str | None = None) -> User:
    if organisation_code is None:
        organisation_code = organisation(ROLE_ORGANISATION_KIND[role]).code
    return create_user(
        actor=TEST_ACTOR,
        username=username or f"{role}-{next(_numbers)}",
        password=PASSWORD,
        role=role,
        organisation_code=organisation_code,
    )
