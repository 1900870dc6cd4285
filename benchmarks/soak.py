"""A soak (issue 14, item 11): a bounded mixed load at a fixed rate against gunicorn and
PostgreSQL on loopback, for SOAK_SECONDS (default 300). Run with `make bench` (needs PostgreSQL
at 127.0.0.1).

The load is the working day of the people the service serves, each through the way they use it:
officers recording reports and asking for sharing decisions, Immigration Enforcement checking
the protocol, support workers working their referral inbox (reading it, acknowledging a referral,
recording first contact), all through the API with their own bearer tokens, and inspectors
reading the national statistics page with a signed-in session.

The rate is fixed (open loop): each kind of request is sent on its own schedule whether or not
earlier ones have been answered, as real users do, so a slow answer shows as latency and a
growing backlog, never as a quieter load. It prints errors (the target is none), p50 and p99 per
endpoint, and each gunicorn worker's resident memory at the start and the end (a leak shows as
growth over the five minutes).

The demo data (`safereport demo`: the forces, organisations, directory and one user per role) is
loaded into a scratch database first, with the parties, disclosures and sent referrals the load
works on; the database is dropped at the end.
"""

# Django is configured from the environment the benchmark sets, so its modules are imported in
# the functions.
# ruff: noqa: PLC0415

from __future__ import annotations

import http.client
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import bench_api

DATABASE = "safereport_soak"
SECONDS = float(os.environ.get("SOAK_SECONDS", "300"))
WARM_UP = 5  # seconds of the same load before measuring, so every worker has loaded the regimes
# Requests per second of each kind. Together about 20 a second: several hundred times a national
# deployment's average (DOMAIN.md section 7: about a million cases a year), and well inside what
# three sync workers answer on 2 cores (README: about 150 decisions a second), so that what the
# soak finds is errors and growth, not saturation.
RATES = {
    "POST /api/v1/cases": 2.0,
    "POST /api/v1/parties/{ref}/decisions": 6.0,
    "POST /api/v1/protocol-checks": 6.0,
    "GET /api/v1/referrals": 2.0,
    "POST /api/v1/referrals/{ref}/acknowledgement": 1.0,
    "POST /api/v1/referrals/{ref}/first-contact": 1.0,
    "GET /statistics/": 0.5,
}
IN_FLIGHT = 64  # requests the load generator keeps open at once at most
# The demo's users whose work the soak does: the Metropolitan Police Service follows HMICFRS's
# interim Recommendation 1, West Midlands the Migrant Victims Protocol (protocol references).
OFFICER, PROTOCOL_OFFICER = "demo-officer", "demo-officer-wmp"
IE, SUPPORT, INSPECTOR = "demo-ie", "demo-support", "demo-inspector"
SUPPORT_ORGANISATION = "lawrs"
PARTIES = 64  # each asked for decisions in turn
PROTOCOL_REFERENCES = 32  # each checked in turn


@dataclass
class World:
    """What the load works on: the users' credentials and the records they work on."""

    tokens: dict[str, str]
    inspector_cookie: str
    parties: list[str]
    protocol_references: list[str]
    referrals: list[str]


@dataclass
class Endpoint:
    """One kind of request: how to send it, which status it must answer, what was measured."""

    name: str
    send: Callable[[int], tuple[str, str, str | None, dict[str, str]]]
    wanted: int
    delay: float = 0.0  # seconds after its schedule's usual start (half a period in)
    latencies: list[float] = field(default_factory=list)
    errors: dict[int, int] = field(default_factory=dict)
    first_error: str = ""


def _case_body(number: int) -> str:
    return json.dumps(
        {
            "crime_type": "domestic_abuse",
            "reporting_route": "direct",
            "reported_on": time.strftime("%Y-%m-%d"),
            "summary": "Fictional soak case",
            "parties": [
                {
                    "role": "victim",
                    "age_group": "adult",
                    "immigration_status": "uncertain",
                    "person": {"given_name": "Example", "family_name": f"Soak {number}"},
                }
            ],
        }
    )


def load_world(referrals: int) -> World:
    """Migrate, load the demo, then the parties, disclosures and sent referrals the load uses."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from safereport.accounts.models import User
    from safereport.accounts.tokens import create_token
    from safereport.audit.events import Actor
    from safereport.casework import actions
    from safereport.casework.inputs import PartyFacts, PersonDetails
    from safereport.casework.vocabulary import LawfulBasis
    from safereport.pathways import actions as pathways
    from safereport.web.demo import load_demo

    call_command("migrate", verbosity=0)
    load_demo()
    users = {name: User.objects.get(username=name) for name in (OFFICER, PROTOCOL_OFFICER, IE)}
    users |= {name: User.objects.get(username=name) for name in (SUPPORT, INSPECTOR)}
    system = Actor.system("soak")
    tokens = {
        name: create_token(actor=system, user=users[name])
        for name in (OFFICER, PROTOCOL_OFFICER, IE, SUPPORT)
    }

    def report(officer: User, number: int) -> Any:
        return actions.record_report(
            actor=officer,
            crime_type="domestic_abuse",
            reporting_route="direct",
            reported_on=timezone.localdate(),
            party=PartyFacts(role="victim", age_group="adult", immigration_status="insecure"),
            person=PersonDetails(given_name="Example", family_name=f"Person {number}"),
            summary="Fictional soak case",
        )

    officer, protocol_officer = users[OFFICER], users[PROTOCOL_OFFICER]
    parties = [report(protocol_officer, n).reference for n in range(PARTIES)]
    protocol_references = []
    for n in range(PROTOCOL_REFERENCES):
        decision = actions.request_sharing_decision(
            actor=protocol_officer,
            party=report(protocol_officer, PARTIES + n),
            purpose="safeguarding",
            categories=["identity"],
        )
        shared = actions.disclose(
            actor=protocol_officer,
            decision=decision,
            categories=decision.permitted,
            lawful_basis=LawfulBasis.LAW_ENFORCEMENT,
            justification="Fictional soak disclosure.",
        )
        protocol_references.append(str(shared.protocol_reference))
    sent = []
    for n in range(referrals):
        referral = pathways.offer_referral(
            actor=officer, party=report(officer, n), organisation=SUPPORT_ORGANISATION
        )
        pathways.record_referral_answer(
            actor=officer,
            referral=referral,
            answer="given",
            method="spoken",
            categories=["identity"],
        )
        sent.append(pathways.send_referral(actor=officer, referral=referral).reference)
    browser = Client()
    browser.force_login(users[INSPECTOR])
    cookie = f"sessionid={browser.cookies['sessionid'].value}"
    return World(tokens, cookie, parties, protocol_references, sent)


def endpoints(world: World) -> list[Endpoint]:
    def api(user: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {world.tokens[user]}", "Content-Type": "application/json"}

    decision = json.dumps(bench_api.REQUEST)
    actions = ("arrest", "detention", "removal", "casework_decision")

    def check(n: int) -> str:
        reference = world.protocol_references[n % len(world.protocol_references)]
        return json.dumps({"protocol_reference": reference, "action": actions[n % len(actions)]})

    referral = world.referrals
    return [
        Endpoint(
            "POST /api/v1/cases",
            lambda n: ("POST", "/api/v1/cases", _case_body(n), api(OFFICER)),
            201,
        ),
        Endpoint(
            "POST /api/v1/parties/{ref}/decisions",
            lambda n: (
                "POST",
                f"/api/v1/parties/{world.parties[n % len(world.parties)]}/decisions",
                decision,
                api(PROTOCOL_OFFICER),
            ),
            201,
        ),
        Endpoint(
            "POST /api/v1/protocol-checks",
            lambda n: ("POST", "/api/v1/protocol-checks", check(n), api(IE)),
            200,
        ),
        Endpoint(
            "GET /api/v1/referrals", lambda n: ("GET", "/api/v1/referrals", None, api(SUPPORT)), 200
        ),
        # Each referral is acknowledged once and then has its first contact recorded once: the
        # two schedules run at the same rate, the second a little behind the first.
        Endpoint(
            "POST /api/v1/referrals/{ref}/acknowledgement",
            lambda n: (
                "POST",
                f"/api/v1/referrals/{referral[n]}/acknowledgement",
                None,
                api(SUPPORT),
            ),
            200,
        ),
        Endpoint(
            "POST /api/v1/referrals/{ref}/first-contact",
            lambda n: (
                "POST",
                f"/api/v1/referrals/{referral[n]}/first-contact",
                None,
                api(SUPPORT),
            ),
            200,
            delay=2.0,
        ),
        Endpoint(
            "GET /statistics/",
            lambda n: ("GET", "/statistics/", None, {"Cookie": world.inspector_cookie}),
            200,
        ),
    ]


def send(port: int, endpoint: Endpoint, number: int, measure: bool, lock: threading.Lock) -> None:
    method, path, body, headers = endpoint.send(number)
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(method, path, body, headers)
        response = connection.getresponse()
        answer = response.read()
        status = response.status
    except (OSError, http.client.HTTPException) as error:
        status, answer = 0, str(error).encode()
    finally:
        connection.close()
    elapsed = time.perf_counter() - started
    if not measure:
        return
    with lock:
        endpoint.latencies.append(elapsed)
        if status != endpoint.wanted:
            endpoint.errors[status] = endpoint.errors.get(status, 0) + 1
            endpoint.first_error = endpoint.first_error or answer.decode(errors="replace")[:300]


def run_load(
    port: int, load: list[Endpoint], seconds: float, warm_up: float, warmed: Callable[[], None]
) -> float:
    """Send every endpoint's requests on its own fixed schedule for `warm_up` + `seconds`;
    measure those of the last `seconds`, calling `warmed` when measuring starts. Returns the
    largest lag of a send behind its schedule."""
    lock = threading.Lock()
    lag, measuring = 0.0, False
    with ThreadPoolExecutor(max_workers=IN_FLIGHT) as pool:
        start = time.monotonic()
        schedule = [
            (start + e.delay + (n + 0.5) / RATES[e.name], e, n)
            for e in load
            for n in range(int((warm_up + seconds) * RATES[e.name]))
        ]
        schedule.sort(key=lambda item: item[0])
        for due, endpoint, number in schedule:
            wait = due - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            lag = max(lag, -wait)
            measure = due - start >= warm_up
            if measure and not measuring:
                measuring = True
                warmed()
            pool.submit(send, port, endpoint, number, measure, lock)
    return lag


def worker_memory(server: subprocess.Popen[bytes]) -> dict[int, int]:
    """Each gunicorn worker's resident set size in KiB, by process id (Linux's /proc)."""
    found = {}
    for task in Path(f"/proc/{server.pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            status = Path(f"/proc/{child}/status").read_text()
            rss = next(line for line in status.splitlines() if line.startswith("VmRSS:"))
            found[int(child)] = int(rss.split()[1])
    return found


def report(load: list[Endpoint], start: dict[int, int], end: dict[int, int], lag: float) -> int:
    total = sum(len(e.latencies) for e in load)
    errors = sum(sum(e.errors.values()) for e in load)
    print(f"{total} requests in {SECONDS:.0f} s ({total / SECONDS:.1f}/s), errors {errors}")
    print(f"{'endpoint':<48} {'rate':>6} {'requests':>8} {'p50':>9} {'p99':>9} errors")
    for e in load:
        values = e.latencies or [0.0]
        print(
            f"{e.name:<48} {RATES[e.name]:>4.1f}/s {len(e.latencies):>8} "
            f"{statistics.median(values) * 1000:>6.1f} ms "
            f"{bench_api.percentile(values, 0.99) * 1000:>6.1f} ms "
            f"{sum(e.errors.values())}" + (f" {e.errors}: {e.first_error}" if e.errors else "")
        )
    print("gunicorn workers' resident memory (start -> end):")
    for pid in sorted(start.keys() | end.keys()):
        before, after = start.get(pid), end.get(pid)
        if before is None or after is None:
            print(f"  worker {pid}: {'started' if before is None else 'ended'} during the soak")
        else:
            print(f"  worker {pid}: {before / 1024:.1f} MiB -> {after / 1024:.1f} MiB")
    print(f"the load generator's largest lag behind its schedule: {lag * 1000:.0f} ms")
    print("target: no errors")
    return 1 if errors else 0


def main() -> int:
    referrals = int((WARM_UP + SECONDS) * RATES["POST /api/v1/referrals/{ref}/acknowledgement"])
    print(
        f"Soak: {sum(RATES.values()):.1f} requests/s of {len(RATES)} kinds for {SECONDS:.0f} s, "
        f"gunicorn {bench_api.WORKERS} workers ({bench_api.WORKER_CLASS}), PostgreSQL at "
        f"{bench_api.SERVER_URL.rsplit('@', 1)[-1]}, {os.cpu_count()} cores"
    )
    bench_api.recreate_database(DATABASE)
    server: subprocess.Popen[bytes] | None = None
    try:
        with tempfile.TemporaryDirectory() as var:
            env = bench_api.environment(Path(var), DATABASE)
            os.environ.update(env)
            started = time.perf_counter()
            world = load_world(referrals)
            seconds = time.perf_counter() - started
            print(f"demo data and {referrals} sent referrals loaded in {seconds:.0f} s")
            port = bench_api.free_port()
            server = bench_api.start_gunicorn(env, port)
            load = endpoints(world)
            at_start: dict[int, int] = {}
            running = server
            lag = run_load(
                port, load, SECONDS, WARM_UP, lambda: at_start.update(worker_memory(running))
            )
            at_end = worker_memory(server)
            return report(load, at_start, at_end, lag)
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        from django.db import connections

        connections.close_all()
        bench_api.drop_database(DATABASE)


if __name__ == "__main__":
    sys.exit(main())
