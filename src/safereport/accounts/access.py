"""Who may reach which page: a few small functions, each condition on its own line.

Every view says which roles it serves (`roles_required`) or that it is public (`public`);
`SignInRequiredMiddleware` refuses anything else, so a page that forgets to say is closed, not
open. A signed-in user of another role gets 404, as if the page did not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from safereport.accounts.roles import Role

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def public(view: View) -> View:
    """Mark a view as reachable without signing in (sign-in, health check)."""
    view.public = True  # type: ignore[attr-defined]
    return view


def roles_required(*roles: str) -> Callable[[View], View]:
    """Serve the view only to signed-in users holding one of `roles`; anyone else gets 404."""
    unknown = set(roles) - set(Role.values)
    if not roles or unknown:
        raise ValueError(f"roles_required needs known roles, got {sorted(unknown) or 'none'}")

    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not may_see(request, roles):
                raise Http404
            return view(request, *args, **kwargs)

        guarded.allowed_roles = frozenset(roles)  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]

    return decorate


def may_see(request: HttpRequest, roles: tuple[str, ...] | frozenset[str]) -> bool:
    user = request.user
    if not user.is_authenticated:
        return False
    if not user.is_active:
        return False
    return getattr(user, "role", None) in roles


def declared_roles(view: Callable[..., Any]) -> frozenset[str] | None:
    """The roles a view declares, following class-based views to their function."""
    for candidate in (view, getattr(view, "view_class", None), getattr(view, "cls", None)):
        roles = getattr(candidate, "allowed_roles", None)
        if roles is not None:
            return frozenset(roles)
    return None


def is_public(view: Callable[..., Any]) -> bool:
    return any(
        getattr(candidate, "public", False)
        for candidate in (view, getattr(view, "view_class", None))
    )
