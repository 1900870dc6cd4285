"""State changes for accounts, each one transaction with its audit event."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from safereport.accounts.models import Organisation, User
from safereport.accounts.roles import ROLE_ORGANISATION_KIND, OrganisationKind, Role
from safereport.audit.events import Actor, record
from safereport.audit.names import AuditAction


class AccountError(ValueError):
    """A request about accounts that cannot be carried out; `field` names what to fix."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@transaction.atomic
def ensure_organisation(*, actor: Actor, code: str, name: str, kind: str) -> Organisation:
    """Create the organisation if it is new; an existing one is left as it is."""
    if kind not in OrganisationKind.values:
        raise AccountError("kind", f"must be one of {', '.join(OrganisationKind.values)}")
    organisation, created = Organisation.objects.get_or_create(
        code=code, defaults={"name": name, "kind": kind}
    )
    if created:
        record(
            actor,
            AuditAction.ACCOUNTS_ORGANISATION_CREATED,
            subjects=[f"org:{organisation.code}"],
            details={"kind": kind},
        )
    return organisation


@transaction.atomic
def create_user(
    *,
    actor: Actor,
    username: str,
    password: str,
    role: str,
    organisation_code: str,
    email: str = "",
) -> User:
    if role not in Role.values:
        raise AccountError("role", f"must be one of {', '.join(Role.values)}")
    organisation = Organisation.objects.filter(code=organisation_code).first()
    if organisation is None:
        raise AccountError("organisation", f"no organisation has the code {organisation_code!r}")
    expected_kind = ROLE_ORGANISATION_KIND[role]
    if organisation.kind != expected_kind:
        raise AccountError(
            "organisation",
            f"a {role} must belong to a {OrganisationKind(expected_kind).label.lower()}, "
            f"and {organisation.name} is a {organisation.get_kind_display().lower()}",
        )
    if not username or User.objects.filter(username=username).exists():
        raise AccountError("username", "must be given and not already in use")
    user = User(username=username, email=email, role=role, organisation=organisation)
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise AccountError("password", " ".join(error.messages)) from error
    user.set_password(password)
    user.save()
    record(
        actor,
        AuditAction.ACCOUNTS_USER_CREATED,
        subjects=[user.pseudonym, f"org:{organisation.code}"],
        details={"role": role},
    )
    return user
