"""The API's own CPU for one sharing decision, in one process: `POST
/api/v1/parties/<ref>/decisions` through Django's test client (the whole middleware stack, ninja,
the action and the audit append) on PostgreSQL with production settings, the same data as
`bench_api.py`. What the API's throughput is made of besides the database's share (README, "A
sharing decision through the API").

    .venv/bin/python benchmarks/api_cpu.py [--requests N] [--profile]

`--profile` prints cProfile's costliest functions over the same requests (cProfile's own
overhead inflates every figure it prints; the CPU per request is measured without it).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

import bench_api

WARM_UP = 60  # requests before timing: the regime loaded, the decision remembered


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--profile", action="store_true")
    options = parser.parse_args()
    bench_api.recreate_database()
    try:
        with tempfile.TemporaryDirectory() as var:
            os.environ.update(bench_api.environment(Path(var)))
            token, parties, _ = bench_api.load_data()
            from django.test import Client  # noqa: PLC0415 - configured just before

            client = Client(HTTP_HOST="127.0.0.1")
            body = json.dumps(bench_api.REQUEST)

            def requests(count: int) -> None:
                for n in range(count):
                    answer = client.post(
                        f"/api/v1/parties/{parties[n % len(parties)]}/decisions",
                        body,
                        content_type="application/json",
                        headers={"Authorization": f"Bearer {token}"},
                    )
                    if answer.status_code != 201:
                        raise RuntimeError(f"the request failed: {answer.content[:300]!r}")

            requests(WARM_UP)
            cpu, wall = time.process_time(), time.perf_counter()
            requests(options.requests)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            print(
                f"{options.requests} requests: CPU {cpu / options.requests * 1000:.2f} ms a "
                f"request in this process, wall {wall / options.requests * 1000:.2f} ms"
            )
            if options.profile:
                profile = cProfile.Profile(time.process_time)
                profile.runcall(requests, options.requests)
                out = io.StringIO()
                pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(40)
                print(out.getvalue())
    finally:
        from django.db import connections  # noqa: PLC0415

        connections.close_all()
        bench_api.drop_database()
    return 0


if __name__ == "__main__":
    sys.exit(main())
