"""The audit log for inspectors (issue 12, item 7): the event browser filters by action, acting
organisation and day, newest first a page at a time, showing what the log holds (references, no
names); a verification started from the page is queued, run by the database worker with its
progress kept, and its result shown."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from safereport.accounts.roles import Role
from safereport.audit.models import EventIndex, Leaf
from safereport.oversight import events_views
from safereport.oversight.models import VerificationRun
from tests import builders
from tests.integration.casework import builders as cw
from tests.integration.oversight.test_statistics import Fixture, fixture

PERSONAL = ("Ana", "Quispe", "Rosa", "Fictitious", "07700", "ana.quispe")


def indices(html: str) -> list[int]:
    return [int(i) for i in re.findall(r"\?index=(\d+)#inclusion-result", html)]


@pytest.mark.django_db
@pytest.mark.usefixtures("oversight_records")
def test_every_event_is_indexed_as_it_is_appended() -> None:

    assert EventIndex.objects.count() == Leaf.objects.count()
    made = EventIndex.objects.filter(action="casework:sharing_decision:made")
    assert made.count() == 1


@pytest.mark.django_db
def test_the_browser_filters_by_action_organisation_and_day(
    client: Client, oversight_records: Fixture
) -> None:
    f = oversight_records
    client.force_login(builders.user(Role.INSPECTOR))

    everything = client.get("/audit/events/").content.decode()
    decisions = client.get("/audit/events/", {"action": "casework:sharing_decision:made"})
    by_force = client.get("/audit/events/", {"force": f.force.code}).content.decode()
    tomorrow = timezone.localdate() + timedelta(days=1)
    later = client.get(
        "/audit/events/",
        {"since_day": tomorrow.day, "since_month": tomorrow.month, "since_year": tomorrow.year},
    ).content.decode()

    shown = indices(everything)
    assert shown == sorted(shown, reverse=True)  # newest first
    assert shown[0] == Leaf.objects.count() - 1
    [decision] = indices(decisions.content.decode())
    assert "casework:sharing_decision:made" in decisions.content.decode()
    force_events = set(
        EventIndex.objects.filter(organisation=f.force.code).values_list("index", flat=True)
    )
    assert set(indices(by_force)) == force_events
    assert decision in force_events
    assert indices(later) == []
    assert "No event matches." in later
    for html in (everything, by_force):
        for personal in PERSONAL:
            assert personal not in html, personal


@pytest.mark.django_db
@pytest.mark.usefixtures("oversight_records")
def test_events_come_a_page_at_a_time(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(events_views, "PAGE", 10)
    client.force_login(builders.user(Role.INSPECTOR))

    first = client.get("/audit/events/").content.decode()
    older = re.search(r'href="\?([^"]+)" rel="next"', first)
    assert older is not None
    second = client.get("/audit/events/?" + older.group(1).replace("&amp;", "&")).content.decode()

    assert len(indices(first)) == 10
    assert indices(second)[0] == indices(first)[-1] - 1


@pytest.mark.django_db
def test_a_reversed_range_is_refused_naming_the_field(client: Client) -> None:
    client.force_login(builders.user(Role.INSPECTOR))

    page = client.get(
        "/audit/events/",
        {
            "since_day": "2",
            "since_month": "3",
            "since_year": "2026",
            "until_day": "1",
            "until_month": "3",
            "until_year": "2026",
        },
    ).content.decode()

    assert "To must be the same as or after From" in page


# The worker commits and closes its connections, as it does in service: a real transaction.
@pytest.mark.django_db(transaction=True)
def test_a_verification_started_from_the_page_runs_in_the_background(client: Client) -> None:
    fixture()
    inspector = builders.user(Role.INSPECTOR)
    client.force_login(inspector)

    started = client.post("/audit/verification/")
    again = client.post("/audit/verification/")  # one at a time: the same run
    waiting = client.get(started["Location"]).content.decode()
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    done = client.get(started["Location"]).content.decode()

    run = VerificationRun.objects.get()
    assert started["Location"] == again["Location"] == f"/audit/verification/{run.reference}/"
    assert "Waiting to start." in waiting
    assert "safereport/progress.js" in waiting  # keeps the page up to date while it runs
    assert run.ok is True
    assert run.total == run.done == Leaf.objects.count()  # its own request event included
    assert "The log verified" in done
    assert "progress.js" not in done
    [event] = cw.events("oversight:log_verification:requested")
    assert event["subjects"] == [run.reference]
