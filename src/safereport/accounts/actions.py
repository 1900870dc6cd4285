"""State changes for accounts, each one transaction with its audit event: organisations, and
users made, deactivated and reactivated. Passwords (the one-time links) are in `passwords.py`,
lock-outs in `lockouts.py`, API tokens in `tokens.py`.

Audit events name users by pseudonym and organisations as `org:<code>`, never by a name, a
username or an email address.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from safereport.accounts import sessions
from safereport.accounts.models import ApiToken, Organisation, User
from safereport.accounts.roles import ROLE_ORGANISATION_KIND, OrganisationKind, Role
from safereport.audit.events import Actor, record
from safereport.audit.names import AuditAction
from safereport.errors import NotPermittedError, ServiceError

# An organisation's code: lowercase words joined by hyphens, as the forces' codes are.
CODE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
CODE_LONGEST = 80  # characters, as the column holds


class AccountError(ServiceError):
    """A request about accounts that cannot be carried out; `field` names what to fix, and
    `fields` holds every problem found, so that a form can show them all at once."""

    def __init__(self, field: str, message: str, *, also: Mapping[str, str] | None = None) -> None:
        fields = {field: message, **(also or {})}
        super().__init__(message if len(fields) == 1 else "Some details need correcting.", fields)
        self.field = field

    def __str__(self) -> str:
        return "; ".join(f"{field}: {why}" for field, why in self.fields.items())


def raise_problems(problems: Mapping[str, str]) -> None:
    """Raise every problem at once, if there is any."""
    if problems:
        (field, message), *rest = problems.items()
        raise AccountError(field, message, also=dict(rest))


def require_admin(actor: User) -> None:
    """Only an administrator manages accounts (the pages say so too; this holds the actions)."""
    if actor.role != Role.ADMIN or not actor.is_active:
        raise NotPermittedError("Only administrators manage users and organisations.")


# Organisations ----------------------------------------------------------------------------------


@transaction.atomic
def ensure_organisation(*, actor: Actor, code: str, name: str, kind: str) -> Organisation:
    """Create the organisation if it is new; an existing one is left as it is."""
    if kind not in OrganisationKind.values:
        raise AccountError("kind", f"must be one of {', '.join(OrganisationKind.values)}")
    organisation, created = Organisation.objects.get_or_create(
        code=code, defaults={"name": name, "kind": kind}
    )
    if created:
        _organisation_created(actor, organisation)
    return organisation


def organisation_problems(*, code: str, name: str, kind: str) -> dict[str, str]:
    """What is wrong with a new organisation's details, every problem at once."""
    problems = {}
    if not CODE.fullmatch(code) or len(code) > CODE_LONGEST:
        problems["code"] = (
            "Code must be lowercase letters and numbers, in words joined by hyphens, "
            "like north-wales-police"
        )
    elif Organisation.objects.filter(code=code).exists():
        problems["code"] = "Another organisation has that code: choose another"
    if not name.strip():
        problems["name"] = "Enter the organisation's name"
    if kind not in OrganisationKind.values:
        problems["kind"] = "Select what kind of organisation it is"
    return problems


@transaction.atomic
def create_organisation(*, actor: User, code: str, name: str, kind: str) -> Organisation:
    """A new organisation (an administrator's page). Its code is for good: events name it."""
    require_admin(actor)
    raise_problems(organisation_problems(code=code, name=name, kind=kind))
    organisation = Organisation.objects.create(code=code, name=name.strip(), kind=kind)
    _organisation_created(Actor.for_user(actor), organisation)
    return organisation


def _organisation_created(actor: Actor, organisation: Organisation) -> None:
    record(
        actor,
        AuditAction.ACCOUNTS_ORGANISATION_CREATED,
        subjects=[f"org:{organisation.code}"],
        details={"kind": organisation.kind},
    )


@transaction.atomic
def change_organisation(
    *, actor: User, organisation: Organisation, name: str, active: bool
) -> Organisation:
    """Rename an organisation, or make it inactive (its users can no longer sign in, and their
    sessions end) or active again. Its code and kind stay as they are."""
    require_admin(actor)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if not name.strip():
        raise AccountError("name", "Enter the organisation's name")
    if not active and organisation == actor.organisation:
        raise AccountError(
            "active", "You cannot close your own organisation: you would lose your access"
        )
    changed = [
        field
        for field, now in (("name", name.strip()), ("active", active))
        if getattr(organisation, field) != now
    ]
    if not changed:
        raise AccountError("name", "Nothing was changed: change the name or whether it is active")
    organisation.name = name.strip()
    organisation.active = active
    organisation.save(update_fields=changed)
    ended = 0
    if "active" in changed and not active:
        ended = sessions.end_sessions(organisation.users.all())
    record(
        Actor.for_user(actor),
        AuditAction.ACCOUNTS_ORGANISATION_CHANGED,
        subjects=[f"org:{organisation.code}"],
        details={"changed": changed, "active": active, "sessions_ended": ended},
    )
    return organisation


# Users ------------------------------------------------------------------------------------------


def user_problems(*, username: str, role: str, organisation_code: str) -> dict[str, str]:
    """What stops a user being made with these details, every problem at once. The words read
    after the field's name, or as sentences of their own."""
    problems = {}
    if not username or User.objects.filter(username__iexact=username).exists():
        problems["username"] = "Username must be given and not already in use"
    if role not in Role.values:
        problems["role"] = f"must be one of {', '.join(Role.values)}"
    organisation = Organisation.objects.filter(code=organisation_code).first()
    if organisation is None:
        problems["organisation"] = f"No organisation has the code {organisation_code!r}"
    elif not organisation.active:
        problems["organisation"] = (
            f"{organisation.name} is inactive: make it active again before adding users to it"
        )
    elif role in Role.values and organisation.kind != ROLE_ORGANISATION_KIND[role]:
        expected = OrganisationKind(ROLE_ORGANISATION_KIND[role]).label.lower()
        problems["organisation"] = (
            f"A {Role(role).label.lower()} must belong to a {expected}, and "
            f"{organisation.name} is a {organisation.get_kind_display().lower()}"
        )
    return problems


@transaction.atomic
def create_user(
    *,
    actor: Actor,
    username: str,
    password: str | None,
    role: str,
    organisation_code: str,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
) -> User:
    """A user with one role in one organisation. With `password` None the account has no usable
    password until its user sets one through a link (`passwords.add_user`)."""
    problems = user_problems(username=username, role=role, organisation_code=organisation_code)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems["email"] = "Enter an email address in the right format, like name@example.org"
    raise_problems(problems)
    organisation = Organisation.objects.get(code=organisation_code)
    user = User(
        username=username,
        email=email,
        role=role,
        organisation=organisation,
        first_name=first_name,
        last_name=last_name,
    )
    if password is None:
        user.set_unusable_password()
    else:
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


@transaction.atomic
def deactivate_user(*, actor: User, user: User) -> User:
    """Close an account: it can no longer sign in, its sessions end and its API token stops
    working at once. Its records stay, and it can be reactivated."""
    require_admin(actor)
    user = User.objects.select_for_update().get(pk=user.pk)
    if user == actor:
        raise AccountError("user", "You cannot deactivate your own account")
    if not user.is_active:
        raise AccountError("user", "This account is already deactivated")
    user.is_active = False
    user.save(update_fields=["is_active"])
    revoked, _ = ApiToken.objects.filter(user=user).delete()
    ended = sessions.end_sessions(user)
    record(
        Actor.for_user(actor),
        AuditAction.ACCOUNTS_USER_DEACTIVATED,
        subjects=[user.pseudonym],
        details={"api_token_revoked": bool(revoked), "sessions_ended": ended},
    )
    return user


@transaction.atomic
def reactivate_user(*, actor: User, user: User) -> User:
    """Open a deactivated account again, with the password it had (a new link if forgotten)."""
    require_admin(actor)
    user = User.objects.select_for_update().select_related("organisation").get(pk=user.pk)
    if user.is_active:
        raise AccountError("user", "This account is already active")
    if not user.organisation.active:
        raise AccountError(
            "user", f"{user.organisation.name} is inactive: make it active again first"
        )
    user.is_active = True
    user.save(update_fields=["is_active"])
    record(Actor.for_user(actor), AuditAction.ACCOUNTS_USER_REACTIVATED, subjects=[user.pseudonym])
    return user
