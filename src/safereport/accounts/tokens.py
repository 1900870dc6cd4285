"""API tokens: making a user's bearer token, and finding the user a token belongs to.

Only the token's SHA-256 digest is stored; the token itself is returned once, to be shown once.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from typing import Any

from django.db import connection, transaction

from safereport.accounts.actions import AccountError, require_admin
from safereport.accounts.models import ApiToken, Organisation, User
from safereport.audit.events import Actor, record
from safereport.audit.names import AuditAction
from safereport.rows import Columns, first_row

PREFIX = "srt_"  # marks a Safe Reporting token, so secret scanners and people can tell what it is
LONGEST = 200  # characters: anything longer is not a token of ours, and is not hashed


def digest(token: str) -> str:
    """The SHA-256 of a token, in hex: what the database holds instead of the token."""
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def create_token(*, actor: Actor, user: User) -> str:
    """Make a new token for `user`, replacing any they had; return it (it cannot be read again).

    The audit event names the user by pseudonym only.
    """
    token = PREFIX + secrets.token_urlsafe(32)  # 256 random bits
    replaced, _ = ApiToken.objects.filter(user=user).delete()
    ApiToken.objects.create(user=user, digest=digest(token))
    record(
        actor,
        AuditAction.ACCOUNTS_API_TOKEN_CREATED,
        subjects=[user.pseudonym],
        details={"replaced": bool(replaced)},
    )
    return token


@transaction.atomic
def revoke_token(*, actor: User, user: User) -> None:
    """An administrator deletes a user's token: it stops working at once."""
    require_admin(actor)
    deleted, _ = ApiToken.objects.filter(user=user).delete()
    if not deleted:
        raise AccountError("user", "This account has no API token")
    record(Actor.for_user(actor), AuditAction.ACCOUNTS_API_TOKEN_REVOKED, subjects=[user.pseudonym])


# The token's user with their organisation, read on every API request: written once (`rows`),
# not built by the ORM each time.
_USER = Columns(User, "u")
_ORGANISATION = Columns(Organisation, "o")


def user_for_token(
    token: str, *, also: tuple[str, Sequence[Any]] | None = None
) -> tuple[User | None, bool]:
    """The active user, of an active organisation, whose token this is, or None; and whether
    `also` (a condition of the caller's, as SQL with its values) holds, read in the same query:
    False when there is no such user, so a caller that needs to know then must ask again."""
    if not token.startswith(PREFIX) or len(token) > LONGEST:
        return None, False
    condition, values = also if also is not None else ("1 = 0", ())
    quote = connection.ops.quote_name
    query = (
        f"SELECT {condition}, {_USER.sql}, {_ORGANISATION.sql} "  # noqa: S608 - names, no values
        f"FROM {quote(ApiToken._meta.db_table)} t "
        f"JOIN {quote(User._meta.db_table)} u ON u.{quote('id')} = t.{quote('user_id')} "
        f"JOIN {quote(Organisation._meta.db_table)} o "
        f"ON o.{quote('id')} = u.{quote('organisation_id')} "
        f"WHERE t.{quote('digest')} = %s AND u.{quote('is_active')} AND o.{quote('active')}"
    )
    row = first_row(query, [*values, digest(token)])
    if row is None:
        return None, False
    user = _USER.instance(row, 1)
    user.organisation = _ORGANISATION.instance(row, 1 + len(_USER))
    return user, bool(row[0])
