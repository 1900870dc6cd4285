"""Outages told apart from bugs (issue 14, item 6): a database that cannot be reached answers 503
with Retry-After, on pages and in the API, whether the failure comes in a view or in the
middleware before it; connections are health-checked before reuse; request logs name the route,
never the path typed."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client, RequestFactory, override_settings
from django.urls import resolve

from safereport.web.logs import RouteNotPath
from tests.integration.api import world
from tests.integration.casework import builders as cw
from tests.integration.web.fresh_settings import read_afresh


def _refused(*args: object, **kwargs: object) -> None:
    raise OperationalError("server closed the connection unexpectedly")


@pytest.fixture
def database_down(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on, every statement fails as it does when PostgreSQL is restarting."""
    monkeypatch.setattr(CursorWrapper, "_execute", _refused)
    monkeypatch.setattr(CursorWrapper, "_executemany", _refused)


@pytest.mark.django_db
def test_a_page_whose_database_is_down_answers_503_with_retry_after(database_down: None) -> None:
    # The sign-in page reads the session first: the failure comes in the middleware.
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "a-session-the-database-would-be-asked-about"
    page = client.get("/sign-in/")

    assert page.status_code == 503
    assert page["Retry-After"] == "30"
    html = page.content.decode()
    assert "Sorry, the service is unavailable" in html
    assert "report" not in html.lower().split("<body")[1]


@pytest.mark.django_db
def test_a_signed_in_page_answers_503_too(client: Client) -> None:
    client.force_login(cw.officer(cw.force()))
    client.raise_request_exception = False

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(CursorWrapper, "_execute", _refused)
        page = client.get("/cases/")

    assert page.status_code == 503
    assert page["Retry-After"] == "30"


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [True, False])
def test_a_view_that_loses_its_database_answers_503_in_either_mode(debug: bool) -> None:
    with override_settings(DEBUG=debug, ROOT_URLCONF="tests.integration.web.failing_urls"):
        page = Client(raise_request_exception=False).get("/unreachable/")

    assert page.status_code == 503
    assert page["Retry-After"] == "30"
    assert "Sorry, the service is unavailable" in page.content.decode()


@pytest.mark.django_db
def test_the_api_answers_503_in_its_own_shape(client: Client) -> None:
    token = world.token(cw.officer(cw.force()))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(CursorWrapper, "_execute", _refused)
        answer = Client(raise_request_exception=False).get(
            "/api/v1/cases/case_0123456789abcdef0123456789abcdef",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )

    assert answer.status_code == 503
    assert answer["Retry-After"] == "30"
    assert answer.json()["error"]["code"] == "unavailable"


def test_a_kept_connection_is_checked_before_it_is_reused(tmp_path: Path) -> None:
    """The service as it starts on PostgreSQL (the database is not contacted): connections kept
    between requests are health-checked."""
    url = "postgresql://postgres@127.0.0.1:5432/not_contacted"
    kept = "s.DATABASES['default']['CONN_MAX_AGE'], s.DATABASES['default']['CONN_HEALTH_CHECKS']"

    assert read_afresh(tmp_path, kept, DATABASE_URL=url) == "60 True"


@pytest.mark.django_db
def test_request_logs_name_the_route_not_the_path_typed(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    client.force_login(cw.officer(cw.force()))
    typed = "/cases/case_Maria_Lopez_Garcia/"

    with caplog.at_level(logging.WARNING, logger="django.request"):
        client.get(typed)

    # The console handler's filter (the settings' LOGGING) has rewritten the record by the time
    # the test's own handler reads it; applied again, it changes nothing.
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.getMessage() == "Not Found: GET /cases/<str:reference>/ (404)"
    assert RouteNotPath().filter(record)
    assert record.getMessage() == "Not Found: GET /cases/<str:reference>/ (404)"
    assert "Maria" not in caplog.text


def test_a_request_that_matched_no_route_is_logged_as_such() -> None:
    request = RequestFactory().get("/no-such-page/Maria/")
    record = logging.makeLogRecord(
        {"name": "django.request", "msg": "Not Found: %s", "args": (request.path,)}
    )
    record.request = request
    record.status_code = 404

    RouteNotPath().filter(record)

    assert record.getMessage() == "Not Found: GET (no route matched) (404)"
    assert resolve("/").route == ""


def test_the_development_servers_access_line_keeps_the_method_and_status_not_the_path() -> None:
    record = logging.makeLogRecord(
        {
            "name": "django.server",
            "msg": '"%s" %s %s',
            "args": ("GET /cases/case_Maria_Lopez/ HTTP/1.1", "302", "0"),
            "status_code": 302,
        }
    )

    RouteNotPath().filter(record)

    assert record.getMessage() == "GET (302)"
    server = logging.getLogger("django.server")
    assert any(isinstance(f, RouteNotPath) for h in server.handlers for f in h.filters)
