"""The statistics page, and the regimes compared, show the latest count (issue 12, item 9:
`oversight.snapshots`): the first view asks the background worker for a count, once however many
views come; the worker's counts are the tables `statistics.published` and `comparison.published`
give; a count older than the maximum age, or from an earlier day, is shown while a newer one is
asked for; a count lost with its worker is asked for again; a download with no count yet is
counted at once."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from safereport.accounts.roles import Role
from safereport.oversight import comparison, snapshots, statistics
from safereport.oversight.models import StatisticsSnapshot
from safereport.oversight.periods import year_of
from tests import builders
from tests.integration.oversight.counting import count_queued
from tests.integration.oversight.test_statistics import Fixture, fixture
from tests.integration.oversight.test_statistics_pages import cells


def _moved(**ago: float) -> None:
    """Every count made as long `ago` as given (timedelta's keywords)."""
    StatisticsSnapshot.objects.update(counted_at=timezone.now() - timedelta(**ago))


# The worker commits and closes its connections, as it does in service: a real transaction.
@pytest.mark.django_db(transaction=True)
def test_the_first_view_asks_the_worker_once_and_then_shows_its_count(client: Client) -> None:
    fixture()
    client.force_login(builders.user(Role.INSPECTOR))

    first = client.get("/statistics/").content.decode()
    second = client.get("/statistics/").content.decode()
    asked = StatisticsSnapshot.objects.get()
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    shown = client.get("/statistics/").content.decode()

    assert 'id="counting"' in first
    assert "These figures are being counted" in second
    assert 'id="reports"' not in first
    year = year_of(timezone.localdate()).code
    assert (asked.kind, asked.scope, asked.period) == ("statistics", snapshots.NATIONAL, year)
    assert asked.queued_at is not None
    assert asked.counted_at is None
    counted = StatisticsSnapshot.objects.get()
    assert counted.queued_at is None
    assert counted.counted_at is not None
    assert counted.seconds is not None
    assert counted.seconds >= 0
    assert ["Domestic abuse", "2", "1", "3"] in cells(shown, "reports")
    assert "Counted at" in shown
    assert "A newer count has been asked for" not in shown


@pytest.mark.django_db
def test_the_counts_are_the_published_tables(client: Client, oversight_records: Fixture) -> None:
    f = oversight_records
    scope = statistics.Scope(f.force)

    made = snapshots.count(snapshots.Kind.STATISTICS, f.force.code, f.period.code)
    replayed = snapshots.count(snapshots.Kind.REGIMES, f.force.code, snapshots.EVERY_DECISION)

    assert made.tables == [t.as_json() for t in statistics.published(scope, f.period)]
    assert replayed.tables == [t.as_json() for t in comparison.published(scope)]


@pytest.mark.django_db
@pytest.mark.usefixtures("oversight_records")
def test_a_fresh_count_is_shown_without_asking_again(client: Client) -> None:
    client.force_login(builders.user(Role.INSPECTOR))
    client.get("/statistics/")
    count_queued()
    _moved(minutes=14)

    page = client.get("/statistics/").content.decode()

    assert count_queued() == 0
    assert "A newer count has been asked for" not in page
    assert 'id="reports"' in page


@pytest.mark.django_db
@pytest.mark.parametrize("ago", [{"minutes": 16}, {"days": 1}])
@pytest.mark.usefixtures("oversight_records")
def test_a_stale_count_is_shown_while_a_newer_one_is_asked_for(
    client: Client, ago: dict[str, float]
) -> None:
    client.force_login(builders.user(Role.INSPECTOR))
    client.get("/statistics/")
    count_queued()
    _moved(**ago)

    page = client.get("/statistics/").content.decode()
    again = client.get("/statistics/").content.decode()

    assert ["Domestic abuse", "2", "1", "3"] in cells(page, "reports")
    assert "A newer count has been asked for" in page
    assert "A newer count has been asked for" in again
    assert count_queued() == 1  # two views, one count
    assert "A newer count has been asked for" not in client.get("/statistics/").content.decode()


@pytest.mark.django_db
@pytest.mark.usefixtures("oversight_records")
def test_a_count_lost_with_its_worker_is_asked_for_again(client: Client) -> None:
    client.force_login(builders.user(Role.INSPECTOR))
    client.get("/statistics/")
    lost = timezone.now() - snapshots.LOST_AFTER - timedelta(minutes=1)
    StatisticsSnapshot.objects.update(queued_at=lost)

    client.get("/statistics/")

    asked = StatisticsSnapshot.objects.get()
    assert asked.queued_at is not None
    assert asked.queued_at > lost


@pytest.mark.django_db
@pytest.mark.usefixtures("oversight_records")
def test_a_download_with_no_count_yet_is_counted_at_once_and_kept(client: Client) -> None:
    client.force_login(builders.user(Role.INSPECTOR))

    download = client.get("/statistics/statistics.csv").content.decode()
    page = client.get("/statistics/").content.decode()

    kept = StatisticsSnapshot.objects.get()
    assert kept.counted_at is not None
    rows = list(csv.DictReader(io.StringIO(download)))
    domestic = [r for r in rows if (r["table"], r["row"]) == ("reports", "Domestic abuse")]
    assert [r["count"] for r in domestic] == ["2", "1", "3"]
    assert ["Domestic abuse", "2", "1", "3"] in cells(page, "reports")
    assert count_queued() == 0


@pytest.mark.django_db
def test_the_regimes_compared_are_counted_by_the_worker_too(
    client: Client, oversight_records: Fixture
) -> None:
    f = oversight_records
    client.force_login(builders.user(Role.INSPECTOR))

    first = client.get("/statistics/regimes/", {"force": f.force.code}).content.decode()
    asked = count_queued()
    shown = client.get("/statistics/regimes/", {"force": f.force.code}).content.decode()

    assert 'id="counting"' in first
    assert 'id="replay"' not in first
    assert asked == 1
    assert 'id="replay"' in shown
    assert "Counted at" in shown
    kept = StatisticsSnapshot.objects.get()
    assert (kept.kind, kept.scope, kept.period) == ("regimes", f.force.code, "")
