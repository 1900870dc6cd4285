"""Benchmark of the DPO's regime change (issue 13, item 5): the check page must answer in under 1
second because `policy diff` between the two regime versions is computed once and kept
(`casework.KeptRegimeDiff`). Run with `make bench` (needs PostgreSQL at 127.0.0.1).

In a scratch PostgreSQL database: a force under the Migrant Victims Protocol and its DPO. Times,
in this process through Django's test client signed in as the DPO: computing the comparison the
first time (what the background worker does once per pair of versions), then choosing a new
regime (`POST /force/regime/`) and opening the check page (`GET /force/regime/confirm/`) with the
comparison kept; and the check page while the comparison is still queued ("being compared").
"""

# ruff: noqa: PLC0415 - Django is configured from the environment the benchmark sets

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import bench_api
import bench_oversight
from bench_oversight import summary

DATABASE = "safereport_regime_change_bench"
RUNS = 10
TARGET = 1.0  # seconds: the check page


def timed(call: Callable[[], Any], runs: int = RUNS) -> list[float]:
    return bench_oversight.timings(call, runs)  # warms the process first: templates, regimes


def measure() -> None:
    bench_api.force_with_officer("bench-force")  # migrates, after configuring Django
    from django.test import Client
    from django.utils import timezone

    from safereport.accounts.models import User
    from safereport.casework import regimes
    from safereport.casework.models import KeptRegimeDiff
    from safereport.policy.vocabulary import RegimeId

    dpo = User.objects.get(username="bench-police_dpo")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(dpo)
    today = timezone.localdate()
    chosen = {
        "regime": RegimeId.HMICFRS_INTERIM.value,
        "effective_from_day": str(today.day),
        "effective_from_month": str(today.month),
        "effective_from_year": str(today.year),
        "reason": "A benchmark's change",
    }
    pair = (RegimeId.MIGRANT_VICTIMS_PROTOCOL, RegimeId.HMICFRS_INTERIM)

    KeptRegimeDiff.objects.all().delete()  # what migrate queued: compared here instead
    started = time.perf_counter()
    regimes.compare(*pair)
    print(f"  policy diff computed once and kept: {time.perf_counter() - started:,.1f} s")

    def choose_and_check() -> None:
        chosen_answer = client.post("/force/regime/", chosen)
        page = client.get("/force/regime/confirm/")
        if chosen_answer.status_code != 302 or b"kinds of situation" not in page.content:
            raise RuntimeError(f"the check page answered {page.status_code} without the diff")

    def check_only() -> None:
        page = client.get("/force/regime/confirm/")
        if page.status_code != 200:
            raise RuntimeError(f"the check page answered {page.status_code}")

    both = timed(choose_and_check)
    page = timed(check_only)
    print(f"  POST /force/regime/ then GET /force/regime/confirm/: {summary(both)}")
    print(f"  GET /force/regime/confirm/ alone: {summary(page)}")
    verdict = "met" if max(page) < TARGET else "NOT met"
    print(f"  target: the check page under {TARGET:.0f} s: {verdict}")

    KeptRegimeDiff.objects.all().delete()
    client.post("/force/regime/", chosen)
    queued = timed(check_only)
    if b"being compared" not in client.get("/force/regime/confirm/").content.lower():
        raise RuntimeError("the check page did not say the comparison is being made")
    print(f"  GET /force/regime/confirm/ while being compared: {summary(queued)}")


def main() -> int:
    print(
        f"Regime change benchmark: PostgreSQL at {bench_api.SERVER_URL.rsplit('@', 1)[-1]}, "
        f"{os.cpu_count()} cores, one process"
    )
    bench_api.recreate_database(DATABASE)
    try:
        with tempfile.TemporaryDirectory() as var:
            os.environ.update(bench_api.environment(Path(var), DATABASE))
            measure()
    finally:
        from django.db import connections

        connections.close_all()
        bench_api.drop_database(DATABASE)
    return 0


if __name__ == "__main__":
    sys.exit(main())
