"""Bearer tokens, and the roles each endpoint serves.

Every endpoint declares its roles with `serves(...)`: ninja then runs `BearerToken` before
anything else, and the OpenAPI document lists the roles (`x-roles`). No token, an unknown or
replaced one, or a closed account: 401, each such refusal counted against the client and audited;
past BEARER_TOKENS' share in a window, 429 with Retry-After, even for a good token, until the
window ends. A valid token of a role the endpoint does not serve: 404, exactly as if the
endpoint did not exist (`may_use` is the one check).

Bearer tokens are not cookies, so CSRF does not arise: a browser never sends one on its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.http import Http404, HttpRequest
from ninja.security import HttpBearer

from safereport.accounts.models import User
from safereport.accounts.roles import Role
from safereport.accounts.signals import attempt_reference
from safereport.accounts.tokens import user_for_token
from safereport.audit.events import Actor, record
from safereport.audit.names import AuditAction
from safereport.notices import throttle

IMMIGRATION_ENFORCEMENT = frozenset({Role.IE_CASEWORKER.value})
EVERY_ROLE = frozenset(Role.values)


def may_use(user: User, roles: frozenset[str]) -> bool:
    """Whether this user may use an endpoint that serves `roles`."""
    if not user.is_active:
        return False
    return user.role in roles


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>`, for the users of the given roles."""

    def __init__(self, roles: Iterable[str]) -> None:
        self.roles = frozenset(roles)
        unknown = self.roles - EVERY_ROLE
        if not self.roles or unknown:
            raise ValueError(f"an endpoint must serve known roles, got {sorted(unknown) or 'none'}")
        super().__init__()

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        address = request.META.get("REMOTE_ADDR", "")
        # Whether the client is slowed comes with the token's row, in one query; a token that
        # finds no row is checked on its own, so a slowed client is refused (429) either way.
        user, slowed = user_for_token(
            token, also=throttle.over_the_limit_condition(address, throttle.BEARER_TOKENS)
        )
        if slowed or (user is None and throttle.over_the_limit(address, throttle.BEARER_TOKENS)):
            raise TooManyAttempts
        if user is None:
            refused(address)
            return None  # ninja answers 401
        if not may_use(user, self.roles):
            raise Http404  # as if the endpoint did not exist
        return user


class TooManyAttempts(Exception):  # noqa: N818 - named for what the caller is told
    """This client has sent too many tokens that were not ones: 429 until its window ends."""


def refused(address: str) -> None:
    """A token that is not one: counted against the client (`notices.throttle`, shared by every
    worker) and audited under a keyed hash of the client's address, never the token or the
    address itself."""
    throttle.too_many_tries(address, throttle.BEARER_TOKENS)
    with transaction.atomic():
        record(
            Actor.anonymous(),
            AuditAction.ACCOUNTS_API_TOKEN_REFUSED,
            subjects=[attempt_reference(f"api-client:{address}")],
        )


def serves(roles: Iterable[str], **openapi: Any) -> dict[str, Any]:
    """The options that declare who an endpoint serves: `@router.get(..., **serves(POLICE_ROLES))`.

    `openapi` adds to the endpoint's entry in the OpenAPI document.
    """
    chosen = BearerToken(roles)
    return {"auth": chosen, "openapi_extra": {"x-roles": sorted(chosen.roles), **openapi}}


def signed_in(request: HttpRequest) -> User:
    """The user whose token authenticated this request."""
    user = getattr(request, "auth", None)
    if not isinstance(user, User):
        raise RuntimeError("an endpoint ran without its authentication")  # a 500: a bug
    return user
