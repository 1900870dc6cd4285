"""Benchmark of notices (issue 11, item 12): rendering a notice (p50, p99) beside the bare cost of
the `decide()` and `gate()` calls behind its position, then the person's pages, `/notice/`, a
notice read at `/notice/read/`, `/your-information/` and a force's page, against gunicorn and
PostgreSQL at 1, 8 and 32 concurrent clients. Run with `make bench` (needs PostgreSQL at
127.0.0.1).

It reuses the API benchmark's scratch database, settings and gunicorn (`bench_api.py`): a force
under the Migrant Victims Protocol, one victim per client, each given their notice in person (so
each has a reference and an access code). Each client connects from its own loopback address
(127.0.0.2, 127.0.0.3, ...): the page that takes codes counts tries per address, and 32 people
reading their notices come from 32 addresses, not one.
"""

from __future__ import annotations

import http.client
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import bench_api

DATABASE = "safereport_notices_bench"
LEVELS = (1, 8, 32)  # concurrent clients
REQUESTS_AT = {1: 200, 8: 600, 32: 1200}  # bounded: each level stops after this many requests
WARM_UP = 40  # requests per page before timing, so every worker has loaded its catalogs
RENDERS = 300  # timed renders of each kind in-process
FORCE = "bench-force"


def rendering() -> dict[str, list[float]]:
    """Seconds per call in-process: the position's Cedar calls not remembered (the bare cost),
    the position remembered, and the notice composed from it in English and in Arabic."""
    from safereport.notices.text import compose  # noqa: PLC0415
    from safereport.policy import vocabulary as v  # noqa: PLC0415
    from safereport.policy.engine import CedarEvaluator  # noqa: PLC0415
    from safereport.policy.position import PersonSituation, position  # noqa: PLC0415
    from safereport.policy.situations import CaseState, Crime, Person  # noqa: PLC0415

    # An adult victim of domestic abuse with insecure status, who has given no consent.
    situation = PersonSituation(
        v.RegimeId.MIGRANT_VICTIMS_PROTOCOL,
        Person(v.Role.VICTIM, v.AgeGroup.ADULT, v.ImmigrationStatus.INSECURE, False),
        Crime(v.CrimeType.DOMESTIC_ABUSE),
        CaseState(v.Stage.INVESTIGATION, v.Support.NONE, v.Nrm.NONE),
    )
    timings: dict[str, list[float]] = {
        "position, Cedar asked (bare)": [],
        "position, remembered": [],
        "notice in English": [],
        "notice in Arabic": [],
    }
    # An evaluator other than the shipped one's: every decide() and gate() asks Cedar, as the
    # service does the first time it meets a situation (then it remembers the answers).
    asking = CedarEvaluator()
    found = position(situation)
    for _ in range(20):  # warm up: the regimes loaded, the catalogs read
        compose(found, "en")
        compose(found, "ar")
    for _ in range(RENDERS):
        started = time.perf_counter()
        position(situation, evaluator=asking)
        timings["position, Cedar asked (bare)"].append(time.perf_counter() - started)
        started = time.perf_counter()
        found = position(situation)
        timings["position, remembered"].append(time.perf_counter() - started)
        for language, name in (("en", "notice in English"), ("ar", "notice in Arabic")):
            started = time.perf_counter()
            compose(found, language, force="Bench Force", supporters=["A support organisation"])
            timings[name].append(time.perf_counter() - started)
    return timings


def load_data(clients: int) -> list[tuple[str, str]]:
    """Migrate; a force, its officer and `clients` victims, each given their notice in person:
    their (notice reference, access code)."""
    officer = bench_api.force_with_officer(FORCE)
    from django.utils import timezone  # noqa: PLC0415

    from safereport.casework import actions  # noqa: PLC0415
    from safereport.casework.inputs import PartyFacts, PersonDetails  # noqa: PLC0415
    from safereport.casework.models import Party  # noqa: PLC0415
    from safereport.notices.delivery import give_in_person, notice_for  # noqa: PLC0415

    opened = []
    for n in range(clients):
        reference = actions.record_report(
            actor=officer,
            crime_type="domestic_abuse",
            reporting_route="direct",
            reported_on=timezone.localdate(),
            party=PartyFacts(role="victim", age_group="adult", immigration_status="insecure"),
            person=PersonDetails(given_name="Example", family_name=f"Person {n}"),
            summary="Fictional benchmark case",
        ).reference
        notice = notice_for(officer, Party.objects.get(reference=reference))
        given = give_in_person(actor=officer, notice=notice)
        opened.append((notice.series.reference, given.access_code))
    return opened


class Reader:
    """One person's browser: their own loopback address, connection and session cookie."""

    def __init__(self, port: int, number: int, notice: tuple[str, str]) -> None:
        self.port, self.address, self.notice = port, f"127.0.0.{number + 2}", notice
        self.cookie = ""
        self.connection = self._connect()

    def _connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=30, source_address=(self.address, 0)
        )

    def get(self, path: str) -> int:
        headers = {"Cookie": self.cookie} if self.cookie else {}
        return self._send("GET", path, None, headers)

    def open_notice(self) -> int:
        reference, code = self.notice
        body = urlencode({"reference": reference, "code": code})
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        return self._send("POST", "/notice/", body, headers)

    def _send(self, method: str, path: str, body: str | None, headers: dict[str, str]) -> int:
        try:
            self.connection.request(method, path, body, headers)
            response = self.connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = self._connect()
            return 0
        cookie = response.getheader("Set-Cookie", "")
        if cookie.startswith("sessionid="):
            self.cookie = cookie.split(";", 1)[0]
        return response.status

    def close(self) -> None:
        self.connection.close()


PAGES: dict[str, tuple[Callable[[Reader], int], int]] = {
    "GET /notice/ (the code's form)": (lambda r: r.get("/notice/"), 200),
    "GET /notice/read/ (own notice, audited)": (lambda r: r.get("/notice/read/"), 200),
    "GET /notice/read/?language=ar": (lambda r: r.get("/notice/read/?language=ar"), 200),
    "GET /your-information/": (lambda r: r.get("/your-information/"), 200),
    f"GET /your-information/{FORCE}/?language=ar": (
        lambda r: r.get(f"/your-information/{FORCE}/?language=ar"),
        200,
    ),
}


def drive(readers: list[Reader], page: Callable[[Reader], int], wanted: int, total: int) -> Any:
    """`len(readers)` threads sharing `total` requests of `page`."""
    latencies: list[float] = []
    errors: list[int] = []
    lock = threading.Lock()
    remaining = [total]

    def client(reader: Reader) -> None:
        while True:
            with lock:
                if remaining[0] <= 0:
                    return
                remaining[0] -= 1
            started = time.perf_counter()
            status = page(reader)
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if status != wanted:
                    errors.append(status)

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(reader,)) for reader in readers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    return {
        "requests": len(latencies),
        "per_second": len(latencies) / seconds,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": bench_api.percentile(latencies, 0.99) * 1000,
        "errors": len(errors),
        "error_statuses": sorted(set(errors)),
    }


def milliseconds(values: list[float]) -> str:
    return (
        f"p50 {statistics.median(values) * 1000:.2f} ms, "
        f"p99 {bench_api.percentile(values, 0.99) * 1000:.2f} ms"
    )


def main() -> int:
    clients = max(LEVELS)
    print(
        f"Notices benchmark: gunicorn {bench_api.WORKERS} workers x {bench_api.THREADS} threads "
        f"({bench_api.WORKER_CLASS}), PostgreSQL at {bench_api.SERVER_URL.rsplit('@', 1)[-1]}, "
        f"{os.cpu_count()} cores"
    )
    bench_api.recreate_database(DATABASE)
    server: subprocess.Popen[bytes] | None = None
    readers: list[Reader] = []
    try:
        with tempfile.TemporaryDirectory() as var:
            env = bench_api.environment(Path(var), DATABASE)
            os.environ.update(env)
            notices = load_data(clients)
            print(f"rendering in-process, {RENDERS} times each (an adult victim, no consent):")
            for name, values in rendering().items():
                print(f"  {name}: {milliseconds(values)}")
            port = bench_api.free_port()
            server = bench_api.start_gunicorn(env, port)
            readers = [Reader(port, n, notice) for n, notice in enumerate(notices)]
            for reader in readers:  # each person opens their notice once: a session each
                if reader.open_notice() != 302:
                    raise RuntimeError(f"{reader.notice[0]} did not open with its code")
            for name, (page, wanted) in PAGES.items():
                drive(readers[:4], page, wanted, WARM_UP)
                print(name)
                for level in LEVELS:
                    result = drive(readers[:level], page, wanted, REQUESTS_AT[level])
                    print(
                        f"  {level:>2} clients: {result['requests']} requests, "
                        f"{result['per_second']:.0f}/s, p50 {result['p50_ms']:.1f} ms, "
                        f"p99 {result['p99_ms']:.1f} ms, errors {result['errors']}"
                        + (f" (statuses {result['error_statuses']})" if result["errors"] else "")
                    )
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
            server = None
    finally:
        for reader in readers:
            reader.close()
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        from django.db import connections  # noqa: PLC0415

        connections.close_all()
        bench_api.drop_database(DATABASE)
    return 0


if __name__ == "__main__":
    sys.exit(main())
