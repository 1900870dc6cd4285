"""Every URL of the service, taken from the URL configuration so no new page escapes: refused to
a signed-out visitor (unless public) and to every role it does not serve (404, as if absent)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from safereport.accounts.access import declared_roles, is_public
from safereport.accounts.roles import Role
from tests import builders
from tests.integration.casework import builders as cw

SAMPLE = {
    "int": "1",
    "str": "sample",
    "slug": "sample",
    "uuid": "00000000-0000-0000-0000-000000000000",
    "path": "sample",
}


def patterns(resolvers: list[Any] | None = None, prefix: str = "") -> Iterator[tuple[str, Any]]:
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from patterns(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route, entry.callback


def sample_url(route: str) -> str:
    url = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE[m.group(1) or "str"], route)
    return "/" + url.lstrip("^").rstrip("$")


URLS = sorted(set(patterns()), key=lambda p: p[0])
# The JSON API authenticates each request by bearer token and answers in its error shape, never
# with the sign-in page; its own matrix is tests/integration/api/test_access.py.
API_PREFIX = "api/v1/"


def test_the_url_configuration_is_not_empty() -> None:
    assert len(URLS) >= 5


@pytest.mark.parametrize(("route", "view"), URLS, ids=[r for r, _ in URLS])
def test_every_view_is_public_or_declares_its_roles(route: str, view: Any) -> None:
    assert is_public(view) or declared_roles(view), f"{route} says nothing about who may see it"


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "view"), URLS, ids=[r for r, _ in URLS])
def test_signed_out_visitors_are_sent_to_sign_in(client: Client, route: str, view: Any) -> None:
    response = client.get(sample_url(route))

    if route.startswith(API_PREFIX):
        assert response.status_code in (200, 401, 404, 405), route
        assert response["Content-Type"].startswith("application/json"), route
    elif is_public(view):
        # A public page of something named in its path is 404 for a name that is nobody's.
        assert response.status_code in (200, 302, 405) or (
            "<" in route and response.status_code == 404
        ), route
    else:
        assert response.status_code == 302
        assert response["Location"].startswith("/sign-in/?next=")


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_each_role_reaches_only_its_pages(client: Client, role: str) -> None:
    client.force_login(builders.user(role))

    for route, view in URLS:
        if is_public(view):
            continue
        response = client.get(sample_url(route))
        allowed = role in (declared_roles(view) or ())
        if allowed:
            assert response.status_code != 404 or "<int:" in route or "<str:" in route, route
            assert response.status_code not in (302, 403, 500), route
        else:
            assert response.status_code == 404, f"{role} reached {route}"


@pytest.mark.django_db
def test_a_role_that_may_not_use_a_route_gets_404_before_any_csrf_check() -> None:
    """Without a CSRF token, an IE caseworker posting to a police form hears what an unknown
    address answers (404), not the CSRF refusal (403) that would tell police routes apart."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(cw.ie_caseworker())

    police_form = client.post("/cases/new/", {"crime_type": "other"})
    unknown = client.post("/cases/nothing-here/new/", {"crime_type": "other"})

    assert police_form.status_code == unknown.status_code == 404
    officer = Client(enforce_csrf_checks=True)
    officer.force_login(cw.officer(cw.force()))
    assert officer.post("/cases/new/", {}).status_code == 403  # the check still holds for them
