"""What every app's views share: the signed-in user as an actor, 404 for what is not found or
not theirs to see, and a page shown again with an action's refusal."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from safereport.accounts.models import User
from safereport.errors import NotFoundError, ServiceError
from safereport.web.kit.forms import error_links


def actor(request: HttpRequest) -> User:
    """The signed-in user (`roles_required` has already turned everyone else away)."""
    user = request.user
    if not isinstance(user, User):
        raise Http404
    return user


@contextmanager
def or_404() -> Iterator[None]:
    """Answer 404 for a reference that does not exist or that the user may not see."""
    try:
        yield
    except NotFoundError:
        raise Http404 from None


def error_page(
    request: HttpRequest, template: str, context: dict[str, Any], error: ServiceError
) -> HttpResponse:
    """Show the page again with the action's refusal in the error summary (status 400)."""
    return render(request, template, {**context, "errors": error_links(error)}, status=400)
