"""Fixtures for the database tests: a file-based SQLite test database (threads must share it),
and an empty audit log before Django flushes the database after a transactional test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_django import DjangoDbBlocker

from tests.integration.audit.triggers import empty_audit_log


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """On SQLite, test in a file rather than in memory: concurrent audit appends from several
    threads need one database that every thread's connection opens."""
    from django.conf import settings  # noqa: PLC0415 - Django is configured by now

    database = settings.DATABASES["default"]
    test = database.setdefault("TEST", {})
    if database["ENGINE"] == "django.db.backends.sqlite3" and not test.get("NAME"):
        test["NAME"] = str(Path(tmp_path_factory.mktemp("database")) / "test.sqlite3")


def _transactional(request: pytest.FixtureRequest) -> bool:
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and (
        marker.kwargs.get("transaction")
        or marker.kwargs.get("reset_sequences")
        or (marker.args and marker.args[0])
    ):
        return True
    return any(
        name in request.fixturenames
        for name in ("transactional_db", "live_server", "django_db_reset_sequences")
    )


@pytest.fixture(autouse=True)
def _audit_log_emptied_before_flush(
    request: pytest.FixtureRequest, django_db_blocker: DjangoDbBlocker
) -> Iterator[None]:
    """The audit log's triggers refuse the DELETE (SQLite) or TRUNCATE (PostgreSQL) with which
    Django empties the database after a transactional test, so empty the log first."""
    if not _transactional(request):
        yield
        return
    # Requested here so that it is torn down (and flushes) after this fixture's clean-up.
    request.getfixturevalue("transactional_db")
    yield
    with django_db_blocker.unblock():
        empty_audit_log()
