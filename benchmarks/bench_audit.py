"""Benchmark of the audit log (`make bench`), on a scratch copy of the configured database:
appends per second, inclusion proofs at a million leaves, and full verification beside the floor
of hashing the same bytes."""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from operator import methodcaller
from pathlib import Path

from safereport.audit.names import AuditAction


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print what each figure measured."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--leaves", type=int, default=1_000_000, help="log size for proofs")
    parser.add_argument("--appends", type=int, default=2_000, help="events appended one by one")
    parser.add_argument("--proofs", type=int, default=1_000, help="inclusion proofs timed")
    args = parser.parse_args(argv)
    if not 0 < args.appends <= args.leaves or args.proofs < 1:
        parser.error("need 0 < --appends <= --leaves and --proofs >= 1")

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safereport.web.settings")
    import django  # noqa: PLC0415 - configured only when the benchmark runs

    django.setup()
    with tempfile.TemporaryDirectory() as scratch, _scratch_database(Path(scratch)):
        _run(args.leaves, args.appends, args.proofs)
    return 0


@contextmanager
def _scratch_database(scratch: Path) -> Iterator[None]:
    """A fresh, migrated database beside the configured one (a file for SQLite, `test_<name>`
    for PostgreSQL), a throwaway signing key, and no query logging; all removed afterwards."""
    from django.db import connection  # noqa: PLC0415
    from django.test.utils import override_settings  # noqa: PLC0415

    test = connection.settings_dict.setdefault("TEST", {})
    if connection.vendor == "sqlite":
        # In memory would flatter SQLite: measure a file, as the service uses.
        test["NAME"] = str(scratch / "bench.sqlite3")
    else:
        # Not test_<name>, which a test run at the same time would clobber.
        test["NAME"] = f"{connection.settings_dict['NAME']}_audit_bench"
    key = scratch / "audit-signing.key"
    with override_settings(DEBUG=False, AUDIT_SIGNING_KEY_FILE=key):
        original = connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False
        )
        try:
            yield
        finally:
            connection.creation.destroy_test_db(original, verbosity=0)


def _run(leaves: int, appends: int, proofs: int) -> None:
    from django.conf import settings  # noqa: PLC0415
    from django.db import connection, transaction  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

    from safereport import ledger  # noqa: PLC0415
    from safereport.audit import storage  # noqa: PLC0415
    from safereport.audit.events import Actor, event_bytes, record  # noqa: PLC0415

    actor = Actor.system("bench")
    _say(f"audit log benchmark on {connection.vendor}, one process, one thread")

    # 1. Appends through record(), one event per transaction, as the service writes them.
    latencies = []
    started = time.perf_counter()
    for number in range(appends):
        begun = time.perf_counter()
        with transaction.atomic():
            record(
                actor,
                AuditAction.AUDIT_BENCHMARK_EVENT_RECORDED,
                subjects=[f"ref_{number}"],
                details={"n": number},
            )
        latencies.append(time.perf_counter() - begun)
    elapsed = time.perf_counter() - started
    _say(
        f"  appends via record(), one event per transaction: {appends / elapsed:,.0f} events/s "
        f"(p50 {_ms(latencies, 50)}, p99 {_ms(latencies, 99)}; {appends:,} events, "
        f"a signed checkpoint every {settings.AUDIT_CHECKPOINT_EVERY})"
    )

    # 2. Bulk load to `leaves` (same tables, tree and lock; 10,000 leaves per transaction).
    def encode(index: int, moment: datetime) -> bytes:
        return event_bytes(
            index,
            moment,
            actor=actor,
            action=AuditAction.AUDIT_BENCHMARK_EVENT_RECORDED,
            subjects=[f"ref_{index}"],
            details={"n": index},
        )

    started = time.perf_counter()
    size = storage.append_batch(encode, leaves - appends)
    elapsed = time.perf_counter() - started
    with connection.cursor() as cursor:
        # Planner statistics, as autovacuum (PostgreSQL) would gather for a log grown over time;
        # without them a freshly loaded table looks empty and every query scans it whole.
        cursor.execute("ANALYZE")
    _say(
        f"  bulk load via storage.append_batch (setup, not an append rate): {leaves - appends:,} "
        f"leaves in {elapsed:.1f} s, then ANALYZE"
    )

    # 3. Inclusion proofs at full size, from the stored nodes.
    chooser = random.Random(9162)  # noqa: S311 - reproducible sample, not security
    indices = [chooser.randrange(size) for _ in range(proofs)]
    root = storage.root_at(size)
    with CaptureQueriesContext(connection) as queries:
        sample = storage.inclusion_proof(indices[0], size)
    timings = []
    for index in indices:
        begun = time.perf_counter()
        proof = storage.inclusion_proof(index, size)
        timings.append(time.perf_counter() - begun)
        ledger.verify_inclusion(storage.get_node(0, index), index, size, proof, root)
    _say(
        f"  inclusion proof at {size:,} leaves: p50 {_ms(timings, 50)}, p99 {_ms(timings, 99)} "
        f"({proofs:,} random leaves, {len(sample)} hashes and {len(queries)} queries each; "
        "verification of each proof not timed)"
    )

    # 4. Full verification against the floor: SHA-256 of exactly the same leaf bytes.
    _verification_and_floor(size)


def _verification_and_floor(size: int) -> None:
    from django.conf import settings  # noqa: PLC0415

    from safereport.audit import storage  # noqa: PLC0415
    from safereport.audit.verification import verify_log  # noqa: PLC0415

    # CPU time beside the wall clock: on a shared machine it is what load does not stretch (on
    # PostgreSQL it leaves out the server's own work, which the wall clock includes). It counts
    # the worker processes verification checks blocks in, which have ended when it returns.
    started, cpu_started = time.perf_counter(), _cpu_with_children()
    result = verify_log()
    verify_seconds = time.perf_counter() - started
    verify_cpu = _cpu_with_children() - cpu_started
    if not result.ok:
        raise SystemExit(f"verification failed: {result.message}")
    floor_seconds = floor_cpu = 0.0
    leaf_bytes = 0
    digest = methodcaller("digest")
    for chunk in _chunks(storage.leaves_in_order(size), 10_000):
        # Each leaf's RFC 9162 hash, SHA-256(0x00 || data), with the loop in C (chained maps) so
        # that the floor is hashlib's own work, not Python's bytecode between the calls.
        begun, cpu_begun = time.perf_counter(), time.process_time()
        list(map(digest, map(hashlib.sha256, map(b"\x00".__add__, chunk))))
        floor_seconds += time.perf_counter() - begun
        floor_cpu += time.process_time() - cpu_begun
        leaf_bytes += sum(len(data) for data in chunk)
    _say(
        f"  full verification (audit verify) of {size:,} leaves: {verify_seconds:.1f} s, "
        f"{size / verify_seconds:,.0f} leaves/s (reads, hashes, order, nodes, checkpoints; "
        f"{settings.AUDIT_VERIFY_PROCESSES} process(es) checking blocks)"
    )
    _say(
        f"  floor, hashlib SHA-256 of the same {leaf_bytes / 1e6:,.0f} MB of leaf bytes held "
        f"in memory, one process: {floor_seconds:.2f} s"
    )
    _say(
        f"  verification / floor: {verify_seconds / floor_seconds:.1f}x (CPU time of this "
        f"process and its workers: {verify_cpu:.2f} s / {floor_cpu:.2f} s = "
        f"{verify_cpu / floor_cpu:.1f}x)"
    )


def _cpu_with_children() -> float:
    """CPU seconds of this process and of its children that have ended."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def _chunks(rows: Iterator[tuple[int, bytes, bytes]], size: int) -> Iterator[list[bytes]]:
    chunk: list[bytes] = []
    for _, data, _ in rows:
        chunk.append(data)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _ms(values: list[float], percentile: int) -> str:
    cut = statistics.quantiles(values, n=100, method="inclusive")[percentile - 1]
    return f"{cut * 1000:.2f} ms"


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    raise SystemExit(main())
