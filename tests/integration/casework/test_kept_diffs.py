"""Fast regime change (issue 13, item 5): `policy diff` between two regime versions is computed
once and kept; after a migration every pair of shipped regimes is queued for the background
worker; until a pair is kept, the DPO's confirmation page says it is being compared (and refuses
to confirm) instead of hanging, then shows it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from safereport.casework import regimes, tasks
from safereport.casework.models import ForceRegime, KeptRegimeDiff
from safereport.policy.vocabulary import RegimeId
from tests.integration.casework import builders as cw
from tests.integration.casework.test_pages_dpo import change_fields, stand_in_diff

INTERIM, PROTOCOL = RegimeId.HMICFRS_INTERIM, RegimeId.MIGRANT_VICTIMS_PROTOCOL


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> list[tuple[RegimeId, RegimeId]]:
    """`policy diff` stood in for (the real one takes 10 to 30 s), counting what it compares."""
    calls: list[tuple[RegimeId, RegimeId]] = []

    def diff(before: RegimeId, after: RegimeId, *args: Any) -> Any:
        calls.append((before, after))
        return stand_in_diff(before, after)

    monkeypatch.setattr(regimes, "diff", diff)
    monkeypatch.setattr(tasks, "diff", diff)
    return calls


@pytest.mark.django_db
def test_every_pair_of_shipped_regimes_is_queued_after_migrating() -> None:
    pairs = {(k.before, k.after) for k in KeptRegimeDiff.objects.all()}

    assert len(pairs) == 12
    assert (INTERIM.value, PROTOCOL.value) in pairs


@pytest.mark.django_db
def test_a_comparison_is_computed_once_and_kept(computed: list[Any]) -> None:
    first = regimes.compare(INTERIM, PROTOCOL)
    again = regimes.compare(INTERIM, PROTOCOL, wait=False)

    assert computed == [(INTERIM, PROTOCOL)]
    assert first is not None
    assert again is not None
    assert again.as_json() == first.as_json()
    kept = regimes.comparing(INTERIM, PROTOCOL)
    assert kept is not None
    assert kept.status == KeptRegimeDiff.Status.DONE


# The worker commits and closes its connections, as it does in service: a real transaction.
@pytest.mark.django_db(transaction=True)
def test_the_page_waits_for_the_worker_then_shows_the_comparison(
    client: Client, computed: list[Any]
) -> None:
    force = cw.force()
    dpo = cw.dpo(force)
    cw.regime(force, INTERIM, by=dpo)  # no comparison for a first regime
    client.force_login(dpo)

    client.post("/force/regime/", {"regime": PROTOCOL.value, **change_fields(timezone.localdate())})
    waiting = client.get("/force/regime/confirm/").content.decode()
    refused = client.post("/force/regime/confirm/").content.decode()
    call_command(
        "db_worker", "--batch", "--no-startup-delay", "--queue-name", "comparisons", verbosity=0
    )
    ready = client.get("/force/regime/confirm/").content.decode()
    done = client.post("/force/regime/confirm/")

    assert "The two regimes are being compared" in waiting
    assert "safereport/progress.js" in waiting
    assert "Confirm the change" not in waiting
    assert "Wait for the comparison of the two regimes" in refused
    assert (INTERIM, PROTOCOL) in computed
    assert "Sharing decisions: 810 of 97,200 situations change outcome" in ready
    assert done.status_code == 302
    change = ForceRegime.objects.filter(force=force).first()
    assert change is not None
    assert change.regime == PROTOCOL.value
    assert change.diff_counts["sharing"]["changed"] == 810
