"""What `oversight_records` promises (`conftest.py`, on `module_db`): the records are made once
for a module, and what one test changes, in the database or in the objects it was given, is gone
before the next. These two run in this order in one process (one xdist group): the second fails
if the first's changes reached it."""

from __future__ import annotations

import pytest

from safereport.casework.models import Case, Party
from tests.integration.casework import builders as cw
from tests.integration.oversight.test_statistics import Fixture

pytestmark = pytest.mark.xdist_group("oversight_module_records")

# The number of cases the first test found before it added one.
seen: dict[str, int] = {}


@pytest.mark.django_db
def test_a_test_changes_the_records_it_was_given(oversight_records: Fixture) -> None:
    seen["cases"] = Case.objects.count()
    victim = oversight_records.victim
    Party.objects.filter(pk=victim.pk).update(role="witness")
    cw.report(oversight_records.officer)
    victim.role = "witness"  # in memory only

    assert Case.objects.count() == seen["cases"] + 1
    assert Party.objects.get(pk=victim.pk).role == "witness"


@pytest.mark.django_db
def test_the_next_test_has_them_as_they_were_made(oversight_records: Fixture) -> None:
    victim = oversight_records.victim

    assert seen, "the first test did not run before this one, in this process"
    assert victim.role == "victim"
    assert Party.objects.get(pk=victim.pk).role == "victim"
    assert Case.objects.count() == seen["cases"]
