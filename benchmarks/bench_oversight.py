"""Benchmark of oversight at national scale (issue 12, item 9): the statistics, the comparison of
regimes and the audit log's event browser over a national year (`national_year.py`: about
1,000,000 cases, 40,000 sharing decisions and 5,000,000 audit events) in PostgreSQL. Run with
`make bench` (needs PostgreSQL at 127.0.0.1).

It creates a scratch database, loads the national year into it, then times, in this process:
the background worker's count of the national tables (`snapshots.count`), and, through
Django's test client signed in as an inspector, the national statistics page showing it, each of
the 44 forces' counts and pages, the comparison of regimes (`comparison.compare`) and its page,
and the event browser's first page and a filtered one; prints the median and the slowest of
several runs of each, then drops the database (unless BENCH_OVERSIGHT_KEEP is set, when it is
left for EXPLAIN ANALYZE and `BENCH_OVERSIGHT_REUSE=1` measures it again without loading;
BENCH_OVERSIGHT_DATABASE names another scratch database, to keep two).

The sizes come from BENCH_NATIONAL_CASES, BENCH_NATIONAL_EVENTS and BENCH_NATIONAL_DECISIONS
(default: the national year); the load takes most of the time (56 to 75 minutes at full size on 2
cores, most of it the audit log).
"""

# Django is configured from the environment the benchmark sets, so its modules are imported in
# the functions.
# ruff: noqa: PLC0415

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import bench_api
import national_year

DATABASE = os.environ.get("BENCH_OVERSIGHT_DATABASE", "safereport_oversight_bench")
RUNS = int(os.environ.get("BENCH_OVERSIGHT_RUNS", "5"))  # timed runs of each national measure
FORCE_RUNS = 3  # timed runs of each force's page
TARGET = 2.0  # seconds: the national statistics page
KEEP = bool(os.environ.get("BENCH_OVERSIGHT_KEEP"))  # leave the loaded database in place
REUSE = bool(os.environ.get("BENCH_OVERSIGHT_REUSE"))  # measure the database left in place


def sizes() -> national_year.Sizes:
    full = national_year.Sizes()
    return national_year.Sizes(
        cases=int(os.environ.get("BENCH_NATIONAL_CASES", full.cases)),
        events=int(os.environ.get("BENCH_NATIONAL_EVENTS", full.events)),
        decisions=int(os.environ.get("BENCH_NATIONAL_DECISIONS", full.decisions)),
    )


def timings(call: Callable[[], Any], runs: int) -> list[float]:
    """Seconds of each of `runs` calls, after one untimed call (which warms caches: the
    database's, and the rules' answers remembered by the process)."""
    call()
    found = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        found.append(time.perf_counter() - started)
    return found


def summary(values: list[float]) -> str:
    return (
        f"median {statistics.median(values) * 1000:,.0f} ms, "
        f"max {max(values) * 1000:,.0f} ms ({len(values)} runs)"
    )


def page(client: Any, path: str, *, contains: str = "") -> Callable[[], None]:
    """A GET of `path` that must answer 200 (with `contains` in it)."""

    def get() -> None:
        response = client.get(path)
        if response.status_code != 200 or contains.encode() not in response.content:
            raise RuntimeError(f"GET {path} answered {response.status_code}")

    return get


def queries(call: Callable[[], Any]) -> int:
    """How many queries one call makes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def table_sizes() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        (whole,) = cursor.fetchone()
        cursor.execute(
            "SELECT relname, pg_size_pretty(pg_total_relation_size(oid)) FROM pg_class "
            "WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace "
            "ORDER BY pg_total_relation_size(oid) DESC LIMIT 8"
        )
        largest = ", ".join(f"{name} {size}" for name, size in cursor.fetchall())
    return f"database {whole}; largest tables with their indexes: {largest}"


def measure(loaded: national_year.Loaded) -> None:
    from django.test import Client

    from safereport.oversight import comparison, snapshots
    from safereport.oversight import statistics as tables
    from safereport.oversight.statistics import Scope

    STATISTICS = snapshots.Kind.STATISTICS  # noqa: N806 - a constant, imported here
    period = loaded.period
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(loaded.inspector)
    print(f"timings (period {period.code}; each after one untimed run):")

    # The background worker's count (`oversight.tasks.count_statistics`): every table of the
    # scope and period, kept for the page. The page itself never counts: it reads the count.
    national = timings(lambda: snapshots.count(STATISTICS, snapshots.NATIONAL, period.code), RUNS)
    count = len(tables.TABLES)
    print(
        f"  the worker's count of the {count} national tables (snapshots.count): "
        f"{summary(national)}"
    )
    get_national = page(client, "/statistics/", contains='id="reports"')
    national_page = timings(get_national, RUNS)
    print(
        f"  GET /statistics/ (national page, showing that count, {queries(get_national)} "
        f"queries): {summary(national_page)}"
    )
    verdict = "met" if max(national_page) < TARGET else "NOT met"
    print(f"  target: the national page under {TARGET:.0f} s: {verdict}")

    counts, per_force = {}, {}
    for force in loaded.forces:
        started = time.perf_counter()
        snapshots.count(STATISTICS, force.code, period.code)
        counts[force.name] = time.perf_counter() - started
        get = page(
            client, f"/statistics/?force={force.code}&period={period.code}", contains='id="reports"'
        )
        per_force[force.name] = statistics.median(timings(get, FORCE_RUNS))
    for name, times in (("the worker's count", counts), ("GET /statistics/?force=...", per_force)):
        slowest = max(times, key=times.__getitem__)
        print(
            f"  {name} for each of the {len(times)} forces (period {period.code}): median "
            f"{statistics.median(times.values()) * 1000:,.0f} ms, max "
            f"{times[slowest] * 1000:,.0f} ms ({slowest})"
        )

    # The first comparison asks the rules about every decision under the three regimes it was
    # not made under (the load asked only its own); the service then remembers the answers.
    started = time.perf_counter()
    found = comparison.compare(Scope())
    first = time.perf_counter() - started
    print(
        f"  comparison.compare(Scope()), {found.decisions:,} decisions "
        f"({found.replayed_as_recorded:,} replayed as recorded, {found.not_replayable:,} not "
        f"replayable): first {first * 1000:,.0f} ms, then "
        f"{summary(timings(lambda: comparison.compare(Scope()), RUNS))}"
    )
    started = time.perf_counter()
    snapshots.count(snapshots.Kind.REGIMES, snapshots.NATIONAL, snapshots.EVERY_DECISION)
    print(f"  the worker's count of the regimes compared: {time.perf_counter() - started:,.1f} s")
    regimes = page(client, "/statistics/regimes/", contains='id="replay"')
    print(
        "  GET /statistics/regimes/ (national, showing that count): "
        f"{summary(timings(regimes, RUNS))}"
    )

    events = page(client, "/audit/events/")
    print(f"  GET /audit/events/ (the newest 50 events): {summary(timings(events, RUNS))}")
    filtered = (
        "/audit/events/?action=casework%3Asharing_decision%3Amade&force=metropolitan-police-service"
    )
    print(
        "  GET /audit/events/?action=casework:sharing_decision:made"
        f"&force=metropolitan-police-service: {summary(timings(page(client, filtered), RUNS))}"
    )


def reloaded() -> national_year.Loaded:
    """What `measure` needs, read back from a database an earlier run left in place."""
    from django.utils import timezone

    from safereport.accounts.models import Organisation, User
    from safereport.oversight.periods import year_of

    forces = [
        national_year.Force(code=o.code, name=o.name, share=0.0, regime="", pk=o.pk)
        for o in Organisation.objects.filter(kind="police_force").order_by("name")
    ]
    inspector = User.objects.filter(role="inspector").order_by("pk").first()
    if not forces or inspector is None:
        raise SystemExit(f"{DATABASE} holds no national year: run once with BENCH_OVERSIGHT_KEEP=1")
    return national_year.Loaded(year_of(timezone.localdate()), forces, inspector)


def main() -> int:
    wanted = sizes()
    print(
        f"Oversight benchmark at national scale: PostgreSQL at "
        f"{bench_api.SERVER_URL.rsplit('@', 1)[-1]}, {os.cpu_count()} cores, one process"
    )
    if not REUSE:
        bench_api.recreate_database(DATABASE)
    try:
        with tempfile.TemporaryDirectory() as var:
            os.environ.update(bench_api.environment(Path(var), DATABASE))
            import django

            django.setup()
            from django.core.management import call_command

            call_command("migrate", verbosity=0)
            loaded = reloaded() if REUSE else national_year.load(wanted)
            print(f"  {table_sizes()}")
            measure(loaded)
    finally:
        from django.db import connections

        connections.close_all()
        if KEEP or REUSE:
            print(f"  {DATABASE} left in place (dropdb -h 127.0.0.1 -U postgres {DATABASE})")
        else:
            bench_api.drop_database(DATABASE)
    return 0


if __name__ == "__main__":
    sys.exit(main())
