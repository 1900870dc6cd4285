"""The whole suite's settings: a fast password hasher and a Hypothesis profile without deadlines;
the exhaustive check once, in the background (tests/exhaustive_check.py), and `policy diff`
deciding each regime's whole space at most once per session. Fixtures for the database tests: a
file-based SQLite test database (threads must share it), and an empty audit log before Django
flushes the database after a transactional test."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from hypothesis import HealthCheck, settings
from pytest_django import DjangoDbBlocker

from safereport.policy import diff as policy_diff
from safereport.policy.vocabulary import RegimeId
from tests.integration.audit.triggers import empty_audit_log

pytest_plugins = ["tests.exhaustive_check"]

# A correct test must not fail because the machine is busy: no per-example deadline, and no
# complaint that generating examples is slow. Loaded here, before any test module is imported,
# so that every @settings(...) in the suite inherits it.
settings.register_profile("suite", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("suite")

FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing() -> Iterator[None]:
    """Hash the test users' passwords with MD5: Argon2 at its production cost took most of the
    integration tests' time. The service's own settings keep Argon2, and
    tests/integration/web/test_settings.py proves that they do."""
    with override_settings(PASSWORD_HASHERS=[FAST_HASHER]):
        yield


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


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under pytest-xdist, the tests that share each regime's decided space run in one worker,
    which decides it once, instead of every worker deciding it again (`--dist loadgroup`)."""
    for item in items:
        if "each_space_decided_once" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("each_space_decided_once"))


@pytest.fixture(scope="session")
def each_space_decided_once() -> Iterator[None]:
    """While in use, and for the rest of the session, `policy diff` decides a regime's whole
    space (about 160,000 situations) only the first time it is asked for: the diff tests and the
    DPO's end-to-end comparison share the answers instead of deciding them again.

    Each regime's outcomes are kept by its policy text, so a changed text is decided afresh; they
    are the same whoever asks, because a decision is a pure function of the situation and the
    regime's text.
    """
    known: dict[tuple[Callable[..., Any], RegimeId, str], Any] = {}
    deciding = policy_diff.in_processes

    def remembering(
        work: Callable[[RegimeId, str], Any], texts: Mapping[RegimeId, str], workers: int | None
    ) -> list[Any]:
        missing = {r: text for r, text in texts.items() if (work, r, text) not in known}
        if missing:
            for (regime, text), found in zip(
                missing.items(), deciding(work, missing, workers), strict=True
            ):
                known[work, regime, text] = _shared(found)
        return [known[work, regime, text] for regime, text in texts.items()]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(policy_diff, "in_processes", remembering)
        yield


def _shared(found: Any) -> Any:
    """One regime's outcomes with equal entries as one object: about 1 MB kept instead of 60."""
    canonical: dict[Any, Any] = {}
    return tuple([canonical.setdefault(entry, entry) for entry in part] for part in found)


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
