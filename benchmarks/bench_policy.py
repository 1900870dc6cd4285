"""Benchmark of the policy engine: decide() against the bare Cedar call on the same requests,
and the exhaustive check. Run with `make bench`; figures go in the README with the machine."""

from __future__ import annotations

import os
import platform
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import cedarpy

from safereport.policy import decide, load
from safereport.policy.check import check
from safereport.policy.engine import (
    SHIPPED_ANSWERS_REMEMBERED,
    cedar_requests,
    sharing_contexts,
    sharing_questions,
)
from safereport.policy.situations import CaseState, Crime, Person, ShareRequest, SharingSituation
from safereport.policy.vocabulary import (
    AgeGroup,
    Category,
    Consent,
    CrimeType,
    ImmigrationStatus,
    Nrm,
    Purpose,
    RegimeId,
    Role,
    Stage,
    Support,
)

SITUATIONS = 10_000
SEED = 20261121  # fixed, so every run measures the same mixed batch


def machine() -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, cedarpy 4.12.2"


def mixed_batch(rng: random.Random) -> list[SharingSituation]:
    def pick(kind: type) -> object:
        return rng.choice(list(kind))

    batch = []
    for _ in range(SITUATIONS):
        categories = tuple(rng.sample(list(Category), rng.randint(1, len(Category))))
        batch.append(
            SharingSituation(
                pick(RegimeId),  # type: ignore[arg-type]
                Person(pick(Role), pick(AgeGroup), pick(ImmigrationStatus), rng.random() < 0.2),  # type: ignore[arg-type]
                Crime(pick(CrimeType)),  # type: ignore[arg-type]
                CaseState(pick(Stage), pick(Support), pick(Nrm)),  # type: ignore[arg-type]
                ShareRequest(pick(Purpose), categories),  # type: ignore[arg-type]
                pick(Consent),  # type: ignore[arg-type]
            )
        )
    return batch


def timed(calls: list[Callable[[], object]]) -> tuple[float, list[float]]:
    latencies = []
    started = time.perf_counter()
    for call in calls:
        t0 = time.perf_counter()
        call()
        latencies.append(time.perf_counter() - t0)
    return time.perf_counter() - started, latencies


def report(name: str, total: float, latencies: list[float]) -> float:
    ordered = sorted(latencies)
    p50 = statistics.median(ordered) * 1e6
    p99 = ordered[int(len(ordered) * 0.99) - 1] * 1e6
    print(f"{name:<34} {len(latencies) / total:>9,.0f}/s   p50 {p50:>6.0f} µs   p99 {p99:>6.0f} µs")
    return p50


def main() -> None:
    print(f"Machine: {machine()}")
    batch = mixed_batch(random.Random(SEED))  # noqa: S311 - a repeatable sample, not a secret
    entities = cedarpy.Entities.from_json_str("[]")
    prepared = []
    for situation in batch:
        regime = load(situation.regime)
        requests = cedar_requests(sharing_questions(regime, situation), sharing_contexts(situation))
        prepared.append((requests, regime.policy_set))
    count = sum(len(r) for r, _ in prepared)
    print(f"Batch: {SITUATIONS:,} mixed situations over 4 regimes, {count:,} Cedar requests")

    for situation in batch[:200]:  # warm up caches and the allocator
        decide(situation)

    def bare(
        requests: list[dict[str, object]], policies: cedarpy.PolicySet
    ) -> Callable[[], object]:
        return lambda: cedarpy.is_authorized_batch(requests, policies, entities)

    # Given the regime, decide() asks Cedar every time; without it, the service's answers for the
    # shipped regimes are remembered, which the last line measures.
    def ours(situation: SharingSituation) -> Callable[[], object]:
        regime = load(situation.regime)
        return lambda: decide(situation, regime=regime)

    def remembered(situation: SharingSituation) -> Callable[[], object]:
        return lambda: decide(situation)

    bare_total, bare_latencies = timed([bare(r, p) for r, p in prepared])
    ours_total, ours_latencies = timed([ours(s) for s in batch])
    bare_p50 = report("bare cedarpy.is_authorized_batch", bare_total, bare_latencies)
    ours_p50 = report("decide()", ours_total, ours_latencies)
    print(
        f"decide() overhead: {ours_total / bare_total:.2f}x the bare call in total, "
        f"{ours_p50 / bare_p50:.2f}x at p50 (target: within 2x)"
    )
    sample = batch[:SHIPPED_ANSWERS_REMEMBERED]  # as many as are remembered
    for situation in sample:
        decide(situation)  # remember each answer once
    remembered_total, remembered_latencies = timed([remembered(s) for s in sample])
    report("decide(), answer remembered", remembered_total, remembered_latencies)

    result = check()
    status = "all invariants hold" if result.passed else "COUNTEREXAMPLE FOUND"
    print(
        f"policy check: {sum(c.sharing_situations for c in result.counts):,} sharing and "
        f"{sum(c.gate_situations for c in result.counts):,} gate situations over 4 regimes in "
        f"{result.seconds:.1f} s, {status} (target: under 60 s on 2 cores)"
    )


if __name__ == "__main__":
    main()
