"""Passwords through one-time links: the administrator never sees or sets a password.

A new user has no usable password and is sent a link to set one; resetting a password makes the
old one stop working and sends a new link. The link carries Django's password-reset token
(`default_token_generator`), made from the password it replaces and the time it was made: it
stops working once a password is set through it, once a newer link is sent (which replaces the
password again), and after PASSWORD_RESET_TIMEOUT. It goes to the user's email address through
Django's email interface, never to the administrator's screen.
"""

from __future__ import annotations

import logging
import smtplib

from axes.utils import reset
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from safereport.accounts import sessions
from safereport.accounts.actions import AccountError, create_user, require_admin
from safereport.accounts.models import User
from safereport.accounts.roles import Role
from safereport.audit.events import Actor, record
from safereport.audit.names import AuditAction

log = logging.getLogger(__name__)

NEW_ACCOUNT = "new_account"
RESET = "reset"


def link_hours() -> int:
    """How long a link works, in whole hours, as the email and the pages say."""
    return int(settings.PASSWORD_RESET_TIMEOUT) // 3600


def link_for(user: User, site: str) -> str:
    """The user's set-password address on `site` (scheme and host, e.g. https://example.org).
    The path names the user by pseudonym, never by username or email."""
    token = default_token_generator.make_token(user)
    return site.rstrip("/") + reverse("set-password", args=[user.pseudonym, token])


@transaction.atomic
def add_user(
    *,
    actor: User,
    site: str,
    username: str,
    email: str,
    role: str,
    organisation_code: str,
    first_name: str = "",
    last_name: str = "",
) -> User:
    """An administrator adds a user, with no usable password, and sends them a link to set one.
    If the email cannot be sent, the user is not made either: nobody could reach the account."""
    require_admin(actor)
    if not email:
        raise AccountError("email", "Enter the email address the link to set a password goes to")
    user = create_user(
        actor=Actor.for_user(actor),
        username=username,
        password=None,
        role=role,
        organisation_code=organisation_code,
        email=email,
        first_name=first_name,
        last_name=last_name,
    )
    _send(actor, user, site, NEW_ACCOUNT)
    return user


@transaction.atomic
def send_password_link(*, actor: User, user: User, site: str) -> User:
    """Reset a user's password: the old one stops working at once, their sessions end, and a
    link to choose a new one goes to their email address. Earlier links stop working too."""
    require_admin(actor)
    user = User.objects.select_for_update().select_related("organisation").get(pk=user.pk)
    if not user.is_active:
        raise AccountError("user", "This account is deactivated: reactivate it first")
    if not user.email:
        raise AccountError(
            "user", "This account has no email address, so no link can be sent to it"
        )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    sessions.end_sessions(user)
    _send(actor, user, site, RESET)
    return user


def _send(actor: User, user: User, site: str, purpose: str) -> None:
    """Email the link and record that it was sent (to whom by pseudonym only). Sent inside the
    transaction: if the relay refuses it, nothing is changed and the administrator is told."""
    context = {
        "user": user,
        "role": Role(user.role).label,
        "link": link_for(user, site),
        "hours": link_hours(),
        "new": purpose == NEW_ACCOUNT,
        "sign_in": site.rstrip("/") + reverse("sign-in"),
    }
    subject = (
        "Set your password for Safe Reporting"
        if purpose == NEW_ACCOUNT
        else "Choose a new password for Safe Reporting"
    )
    body = render_to_string("accounts/email/password_link.txt", context)
    try:
        send_mail(subject, body, None, [user.email])
    except (smtplib.SMTPException, OSError) as error:
        # The relay's reason, by kind only: the message holds the address.
        log.warning("A set-password email could not be sent: %s", type(error).__name__)
        raise AccountError(
            "email",
            "The email with the link could not be sent. Nothing was changed: try again later",
        ) from None
    record(
        Actor.for_user(actor),
        AuditAction.ACCOUNTS_PASSWORD_LINK_SENT,
        subjects=[user.pseudonym],
        details={"purpose": purpose, "expires_in_hours": link_hours()},
    )


def user_for_link(pseudonym: str) -> User | None:
    """The account a link names, if it may still set a password: active, in an active
    organisation."""
    return (
        User.objects.select_related("organisation")
        .filter(pseudonym=pseudonym, is_active=True, organisation__active=True)
        .first()
    )


@transaction.atomic
def set_password(*, user: User, password: str) -> User:
    """The user sets their password through a link (the form has checked it against the
    password validators). It lifts a lock-out too: the user has shown they hold the link."""
    user.set_password(password)
    user.save(update_fields=["password"])
    reset(username=user.username)
    record(Actor.for_user(user), AuditAction.ACCOUNTS_PASSWORD_SET, subjects=[user.pseudonym])
    return user
