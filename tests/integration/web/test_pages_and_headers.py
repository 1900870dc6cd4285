"""The layout, the security headers, the health check and the error pages."""

from __future__ import annotations

import pytest
from django.test import Client

from safereport.accounts.roles import Role
from tests import builders


@pytest.mark.django_db
def test_pages_carry_the_security_headers(client: Client) -> None:
    client.force_login(builders.user(Role.POLICE_OFFICER))

    response = client.get("/")

    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cache-Control"] == "no-store"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_pages_have_no_inline_script(client: Client) -> None:
    client.force_login(builders.user(Role.INSPECTOR))

    html = client.get("/").content.decode()

    assert '<script type="module" src="/static/safereport/init.js"></script>' in html
    assert "<script>" not in html
    assert 'class="govuk-skip-link"' in html
    assert "govuk-phase-banner" in html
    assert "govuk-service-navigation" in html
    assert "govuk-footer" in html


@pytest.mark.django_db
def test_navigation_shows_only_the_roles_pages(client: Client) -> None:
    client.force_login(builders.user(Role.INSPECTOR))
    inspector_html = client.get("/").content.decode()
    client.force_login(builders.user(Role.POLICE_OFFICER))
    officer_html = client.get("/").content.decode()

    assert "Audit log" in inspector_html
    assert "Audit log" not in officer_html


@pytest.mark.django_db
def test_the_health_check_is_public_and_checks_the_database(client: Client) -> None:
    response = client.get("/health")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_static_assets_are_served_by_the_app_and_may_be_cached(client: Client) -> None:
    response = client.get("/static/govuk/govuk-frontend.min.css")

    assert response.status_code == 200
    assert response.get("Cache-Control") != "no-store"
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert b"url(assets/fonts/" in body
    assert b"url(/assets/" not in body


@pytest.mark.django_db
def test_an_unknown_page_is_a_gov_uk_404(client: Client) -> None:
    client.force_login(builders.user(Role.ADMIN))

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
