"""The CPU that processes spend over a span of a benchmark, from Linux's /proc: what the API's
throughput and the database floor's are made of, process by process (the gunicorn workers, the
PostgreSQL backends of the benchmark's database, the load generator).

Processes are followed while the span runs (PostgreSQL backends come and go with connections),
read every POLL seconds: a process that ends loses at most its last POLL of CPU.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

POLL = 0.2  # seconds between reads
TICKS = os.sysconf("SC_CLK_TCK")  # /proc's unit of CPU time, per second


def cpu_seconds(pid: int) -> float | None:
    """User and system CPU of a process so far, or None once it has gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except (OSError, UnicodeDecodeError):
        return ""


def backends_of(database: str) -> Callable[[int], bool]:
    """PostgreSQL's backends connected to `database`: their titles read `postgres: user db ...`."""

    def matches(pid: int) -> bool:
        line = command_line(pid)
        return line.startswith("postgres: ") and f" {database} " in line

    return matches


def children_of(parent: int) -> Callable[[int], bool]:
    """The children of `parent` now (gunicorn's workers, children of its arbiter)."""
    children = {
        int(child)
        for task in Path(f"/proc/{parent}/task").iterdir()
        for child in (task / "children").read_text().split()
    }
    return lambda pid: pid in children


class Spent:
    """`with Spent(matches) as spent: ...`, then `spent.seconds`: the CPU of every process that
    `matches` (given its pid) over the block."""

    def __init__(self, matches: Callable[[int], bool]) -> None:
        self.matches = matches
        self.first: dict[int, float] = {}
        self.last: dict[int, float] = {}
        self._seen: dict[int, bool] = {}
        self._started = False
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._follow, daemon=True)

    def __enter__(self) -> Spent:
        self._read()
        self._started = True
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._done.set()
        self._thread.join()
        self._read()

    @property
    def seconds(self) -> float:
        return sum(self.last[pid] - self.first[pid] for pid in self.last)

    def _follow(self) -> None:
        while not self._done.wait(POLL):
            self._read()

    def _read(self) -> None:
        for name in os.listdir("/proc"):
            if not name.isdigit():
                continue
            pid = int(name)
            if pid not in self._seen:
                self._seen[pid] = self.matches(pid)
            if self._seen[pid]:
                spent = cpu_seconds(pid)
                if spent is not None:
                    # A process that began inside the block spent all its CPU in it.
                    self.first.setdefault(pid, spent if not self._started else 0.0)
                    self.last[pid] = spent
