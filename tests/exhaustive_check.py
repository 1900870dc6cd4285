"""The exhaustive check, `safereport policy check`, once a session and in the background.

It decides every situation of every regime in one worker process per core, for most of the
suite's time. Started as soon as the tests are collected, it shares the machine with the other
tests instead of making them wait; the tests that read its answer (those asking for the
`exhaustive_check` fixture) run last. If none of them is selected, it does not run at all.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pytest

TIMEOUT = 15 * 60  # seconds: many times what the check takes on a busy 2-core machine


@dataclass
class Running:
    process: subprocess.Popen[bytes]
    stdout: IO[bytes]
    stderr: IO[bytes]


@dataclass(frozen=True)
class CheckRun:
    returncode: int
    stdout: str
    stderr: str


RUNNING = pytest.StashKey[Running]()
FIXTURE = "exhaustive_check"


def _start() -> Running:
    # Files rather than pipes: nothing reads the output until the end, and a full pipe would
    # stop the check. pytest_sessionfinish closes them.
    stdout = tempfile.TemporaryFile()  # noqa: SIM115 - outlives this function, closed at the end
    stderr = tempfile.TemporaryFile()  # noqa: SIM115 - likewise
    script = Path(sys.executable).with_name("safereport")
    # In a process group of its own, which pytest_sessionfinish can end whole: the check's
    # worker processes with it.
    process = subprocess.Popen(  # noqa: S603 - our own console script, fixed arguments
        [str(script), "policy", "check"], stdout=stdout, stderr=stderr, start_new_session=True
    )
    return Running(process, stdout, stderr)


@pytest.hookimpl(trylast=True)  # after pytest-django has put the database tests first
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests that wait for the check go last, so that every other test runs beside it."""
    waiting = [item for item in items if FIXTURE in getattr(item, "fixturenames", ())]
    if waiting:
        items[:] = [item for item in items if item not in waiting] + waiting


def pytest_collection_finish(session: pytest.Session) -> None:
    if session.config.option.collectonly:
        return
    if any(FIXTURE in getattr(item, "fixturenames", ()) for item in session.items):
        session.config.stash[RUNNING] = _start()


@pytest.fixture(scope="session")
def exhaustive_check(pytestconfig: pytest.Config) -> CheckRun:
    """What `safereport policy check` printed and its exit status, once it has finished."""
    running = pytestconfig.stash.get(RUNNING, None)
    if running is None:  # selected some other way than by collection (a plugin, say)
        running = pytestconfig.stash[RUNNING] = _start()
    code = running.process.wait(timeout=TIMEOUT)
    outputs = []
    for stream in (running.stdout, running.stderr):
        stream.seek(0)
        outputs.append(stream.read().decode())
    return CheckRun(code, *outputs)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """An interrupted or failed session leaves no check running behind it."""
    running = session.config.stash.get(RUNNING, None)
    if running is None:
        return
    if running.process.poll() is None:
        os.killpg(running.process.pid, signal.SIGKILL)
        running.process.wait()
    running.stdout.close()
    running.stderr.close()
