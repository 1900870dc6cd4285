"""Every database test signs audit checkpoints with its own key, in a temporary directory; and a
module's tests can share records made once for them all (`module_db`)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from django.db import connections, transaction
from django.test import override_settings
from pytest_django import DjangoDbBlocker, Settings

from tests.integration.api import world

ORIGIN = "safereport.test/safereport/audit"


@pytest.fixture(scope="session")
def _signing_key_folders(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A folder name for each test's key, in one folder for the session, none made until a key
    is generated in it (`audit.signing` makes the folder then)."""
    root = tmp_path_factory.mktemp("audit-keys")
    return (root / str(n) for n in itertools.count())


@pytest.fixture(autouse=True)
def signing_key_file(settings: Settings, _signing_key_folders: Iterator[Path]) -> Path:
    """Where this test's checkpoint signing key goes: it does not exist yet, and is generated
    when the first checkpoint is signed (on demand, or when enough events trigger one).

    Not in the test's `tmp_path`: pytest makes that folder on request, and finds its number by
    listing every folder made before it, which over the suite's thousands of tests cost seconds.
    """
    path = next(_signing_key_folders) / "audit-signing.key"
    settings.AUDIT_SIGNING_KEY_FILE = path
    settings.AUDIT_ORIGIN = ORIGIN
    return path


@pytest.fixture(scope="module")
def module_db(
    django_db_setup: None,
    django_db_blocker: DjangoDbBlocker,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[None]:
    """Records that a module's tests share, made once, as Django's `TestCase.setUpTestData`
    makes a class's: a module-scoped fixture asking for this one writes them inside a
    transaction that spans the module's tests and is rolled back after the last, while each test
    (marked `django_db`) rolls its own changes back to a savepoint, as ever. Made once instead of
    for each of a corpus's hundreds of tests, they are most of what those tests cost."""
    keys = tmp_path_factory.mktemp("module-keys")
    with ExitStack() as stack:
        stack.enter_context(django_db_blocker.unblock())
        stack.enter_context(
            override_settings(
                AUDIT_SIGNING_KEY_FILE=keys / "audit-signing.key", AUDIT_ORIGIN=ORIGIN
            )
        )
        for alias in connections:
            stack.enter_context(transaction.atomic(using=alias))
        try:
            yield
        finally:
            for alias in connections:
                transaction.set_rollback(True, using=alias)


@pytest.fixture(scope="module")
def shared_case(module_db: None) -> tuple[world.ProtocolCase, world.Pathways]:
    """One case under the 2021 protocol, with a disclosure, and its pathways (a referral and a
    third-party report), for every test of a module that only reads them (`module_db`)."""
    case = world.protocol_case()
    return case, world.pathways(case)
