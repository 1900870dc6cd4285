"""The oversight tests' records (`test_statistics.fixture`: two forces, a disclosure with its
protection, protocol checks, referrals and a third-party report), made once for each module's
tests instead of once for each (about 0.25 s apiece), as Django's `setUpTestData` makes a
class's: inside `module_db`'s transaction, each test rolling its own changes back to a savepoint.
A test that commits (`transaction=True`) makes its own with `fixture()`."""

from __future__ import annotations

import copy

import pytest

from tests.integration.oversight.test_statistics import Fixture, fixture


@pytest.fixture(scope="module")
def _module_records(module_db: None) -> Fixture:
    return fixture()


@pytest.fixture
def oversight_records(_module_records: Fixture, db: None) -> Fixture:
    """The module's records; each test gets its own copy of the objects, as `setUpTestData`
    gives, so that a test changing one in memory leaves the next test's alone."""
    return copy.deepcopy(_module_records)
