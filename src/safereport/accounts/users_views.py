"""The administrator's pages for users: the list, adding a user (who is sent a link to set their
password), and each user's page, from which an account is unlocked, sent a new password link,
its API token revoked, deactivated or reactivated. Users are addressed by pseudonym, never by
username or email address. Every change is an action with its audit event."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safereport.accounts import actions, lockouts, passwords, tokens
from safereport.accounts.access import roles_required
from safereport.accounts.forms import UserForm
from safereport.accounts.models import ApiToken, Organisation, User
from safereport.accounts.roles import Role
from safereport.errors import ServiceError
from safereport.web.kit.forms import add_problems
from safereport.web.kit.views import actor, error_page

USERS_PER_PAGE = 50
# The list's filters, by the `status` parameter.
STATUSES = {"locked": "Locked out", "deactivated": "Deactivated"}


def site(request: HttpRequest) -> str:
    """Where the links in emails lead: this service, as the request reached it (its host is one
    of ALLOWED_HOSTS, which production must name)."""
    return request.build_absolute_uri("/")


@roles_required(Role.ADMIN)
@require_GET
def user_list(request: HttpRequest) -> HttpResponse:
    """Every user, by organisation; only the locked-out or deactivated ones, or one
    organisation's, when asked."""
    users = User.objects.select_related("organisation").order_by("organisation__name", "username")
    status = request.GET.get("status", "")
    if status == "locked":
        users = users.filter(username__in=lockouts.locked_usernames())
    elif status == "deactivated":
        users = users.filter(is_active=False)
    organisation = Organisation.objects.filter(code=request.GET.get("organisation", "")).first()
    if organisation is not None:
        users = users.filter(organisation=organisation)
    query = request.GET.copy()
    query.pop("page", None)
    page = Paginator(users, USERS_PER_PAGE).get_page(request.GET.get("page"))
    locked = lockouts.locked_usernames(u.username for u in page.object_list)
    rows = [{"user": u, "status": _status(u, u.username in locked)} for u in page.object_list]
    return render(
        request,
        "accounts/user_list.html",
        {
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "status": STATUSES.get(status, ""),
            "organisation": organisation,
        },
    )


def _status(user: User, locked: bool) -> str:
    if not user.is_active:
        return "Deactivated"
    if locked:
        return "Locked out"
    if not user.has_usable_password():
        return "Waiting for a password"
    return "Active"


@roles_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def user_new(request: HttpRequest) -> HttpResponse:
    """Add a user with one role in one organisation; a link to set their password goes to their
    email address."""
    form = UserForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = passwords.add_user(
                actor=actor(request),
                site=site(request),
                username=data["username"],
                email=data["email"],
                role=data["role"],
                organisation_code=data["organisation"],
                first_name=data["first_name"],
                last_name=data["last_name"],
            )
        except ServiceError as error:
            add_problems(form, error)
        else:
            messages.success(
                request,
                f"{user.username} was added. A link to set a password was sent to {user.email}",
            )
            return redirect("accounts:user", user.pseudonym)
    status = 400 if form.errors else 200
    return render(request, "accounts/user_new.html", {"form": form}, status=status)


def _user_context(user: User) -> dict[str, Any]:
    locked = lockouts.locked_until(user.username)
    return {
        "person": user,
        "role": Role(user.role).label,
        "status": _status(user, locked is not None),
        "locked_until": locked,
        "has_token": ApiToken.objects.filter(user=user).exists(),
        "password_set": user.has_usable_password(),
        "hours": passwords.link_hours(),
    }


def _user(pseudonym: str) -> User:
    return get_object_or_404(User.objects.select_related("organisation"), pseudonym=pseudonym)


@roles_required(Role.ADMIN)
@require_GET
def user_page(request: HttpRequest, pseudonym: str) -> HttpResponse:
    """One user: who they are, their role and organisation, their account's state, and what an
    administrator can do about it."""
    return render(request, "accounts/user.html", _user_context(_user(pseudonym)))


def _act(request: HttpRequest, pseudonym: str, change: Callable[[User], str]) -> HttpResponse:
    """Carry out one change to the user and come back to their page saying what was done, or
    show the page again with the refusal."""
    user = _user(pseudonym)
    try:
        done = change(user)
    except ServiceError as error:
        return error_page(request, "accounts/user.html", _user_context(user), error)
    messages.success(request, done)
    return redirect("accounts:user", user.pseudonym)


@roles_required(Role.ADMIN)
@require_POST
def user_unlock(request: HttpRequest, pseudonym: str) -> HttpResponse:
    def unlock(user: User) -> str:
        lockouts.unlock_user(actor=actor(request), user=user)
        return f"{user.username} can sign in again now"

    return _act(request, pseudonym, unlock)


@roles_required(Role.ADMIN)
@require_POST
def user_password_link(request: HttpRequest, pseudonym: str) -> HttpResponse:
    def reset(user: User) -> str:
        passwords.send_password_link(actor=actor(request), user=user, site=site(request))
        return f"A link to choose a new password was sent to {user.email}"

    return _act(request, pseudonym, reset)


@roles_required(Role.ADMIN)
@require_POST
def user_revoke_token(request: HttpRequest, pseudonym: str) -> HttpResponse:
    def revoke(user: User) -> str:
        tokens.revoke_token(actor=actor(request), user=user)
        return f"{user.username}'s API token was revoked: it no longer works"

    return _act(request, pseudonym, revoke)


@roles_required(Role.ADMIN)
@require_POST
def user_reactivate(request: HttpRequest, pseudonym: str) -> HttpResponse:
    def reactivate(user: User) -> str:
        actions.reactivate_user(actor=actor(request), user=user)
        return f"{user.username}'s account is active again"

    return _act(request, pseudonym, reactivate)


@roles_required(Role.ADMIN)
@require_http_methods(["GET", "POST"])
def user_deactivate(request: HttpRequest, pseudonym: str) -> HttpResponse:
    """Asks first, then closes the account: it signs out, and its API token stops working."""
    if request.method == "GET":
        user = _user(pseudonym)
        return render(request, "accounts/user_deactivate.html", _user_context(user))

    def deactivate(user: User) -> str:
        actions.deactivate_user(actor=actor(request), user=user)
        return f"{user.username}'s account was deactivated"

    return _act(request, pseudonym, deactivate)
