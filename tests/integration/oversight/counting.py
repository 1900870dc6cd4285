"""The statistics and the regimes compared show the latest count, made by the background worker
(`snapshots`): these helpers do the worker's part in the test's own transaction, as
`count_statistics` does (the task and the real worker are tested in `test_snapshots.py`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.test import Client

from safereport.oversight import snapshots
from safereport.oversight.models import StatisticsSnapshot

if TYPE_CHECKING:  # the test client's answer, as django-stubs names it
    from django.test.client import _MonkeyPatchedWSGIResponse as Response


def count_queued() -> int:
    """Make every count a page has asked for; how many there were."""
    queued = StatisticsSnapshot.objects.filter(queued_at__isnull=False)
    asked = list(queued.values_list("kind", "scope", "period"))
    for kind, scope, period in asked:
        snapshots.count(kind, scope, period)
    return len(asked)


def counted(client: Client, path: str = "/statistics/", data: Any = None) -> Response:
    """The page once the worker has made the count its first view asked for."""
    client.get(path, data)
    count_queued()
    return client.get(path, data)
