"""The exhaustive check, `safereport policy check`, once a session and in the background.

It decides every situation of every regime in one worker process per core, for most of the
suite's time. Started as soon as the tests are collected, it shares the machine with the other
tests instead of making them wait; the tests that read its answer (those asking for the
`exhaustive_check` fixture) run last. If none of them is selected, it does not run at all.

With pytest-xdist (`make test` runs the suite in one process per core) every worker collects
the same tests, so the first worker to claim the run's shared directory starts the one check,
and whichever worker runs the test waits for it there: the check holds a lock on a file in that
directory while it runs, and writes its exit status last. The controller, which never runs a
test, removes the directory and ends a check still running when the session ends.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pytest

TIMEOUT = 15 * 60  # seconds: many times what the check takes on a busy 2-core machine
# Where the workers of one xdist run share the check: named by the controller before it starts
# them, inherited through their environment.
SHARED = "SAFEREPORT_TEST_EXHAUSTIVE_CHECK_DIR"


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
# Run as `python -c WRAPPER RC_FD LOCK_FD SCRIPT`: the check, with its exit status written to RC_FD
# at the end, from a child that holds LOCK_FD until then.
WRAPPER = """
import os, subprocess, sys
status, lock, script = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
if os.fork():
    os._exit(0)
code = subprocess.call([script, "policy", "check"], stdin=subprocess.DEVNULL)
os.write(status, str(code).encode())
"""


def _script() -> str:
    return str(Path(sys.executable).with_name("safereport"))


def _start() -> Running:
    # Files rather than pipes: nothing reads the output until the end, and a full pipe would
    # stop the check. pytest_sessionfinish closes them.
    stdout = tempfile.TemporaryFile()  # noqa: SIM115 - outlives this function, closed at the end
    stderr = tempfile.TemporaryFile()  # noqa: SIM115 - likewise
    # In a process group of its own, which pytest_sessionfinish can end whole: the check's
    # worker processes with it.
    process = subprocess.Popen(  # noqa: S603 - our own console script, fixed arguments
        [_script(), "policy", "check"], stdout=stdout, stderr=stderr, start_new_session=True
    )
    return Running(process, stdout, stderr)


def _start_shared(shared: Path) -> None:
    """Start the check for every worker of the run, unless another worker already has.

    The directory appears under its shared name only once the check holds its lock (a rename
    is atomic, and fails for every worker but the first), so a worker that finds it can wait on
    the lock at once."""
    claim = Path(tempfile.mkdtemp(prefix="check-", dir=shared.parent))
    opened = {
        name: os.open(claim / name, os.O_CREAT | os.O_WRONLY, 0o600)
        for name in ("lock", "out", "err", "rc")
    }
    fcntl.flock(opened["lock"], fcntl.LOCK_EX)
    # The wrapper starts the check from a child of its own and returns at once, so no worker
    # holds a child that outlives it; the child keeps the locked file open until it has
    # written the check's exit status, which releases the lock. One process group for all of
    # them (the wrapper's, a session's leader): the controller ends it whole.
    try:
        wrapper = subprocess.Popen(  # noqa: S603 - this interpreter, our own script
            [sys.executable, "-c", WRAPPER, str(opened["rc"]), str(opened["lock"]), _script()],
            stdout=opened["out"],
            stderr=opened["err"],
            pass_fds=(opened["rc"], opened["lock"]),
            start_new_session=True,
        )
        wrapper.wait()  # at once: it only starts its child
        (claim / "group").write_text(str(wrapper.pid))
    finally:
        for fd in opened.values():
            os.close(fd)
    try:
        claim.rename(shared)
    except OSError:  # another worker was first: this check is not needed
        _end(claim)


def _wait_shared(shared: Path) -> CheckRun:
    lock = os.open(shared / "lock", os.O_RDONLY)
    try:
        fcntl.flock(lock, fcntl.LOCK_SH)  # blocks until the check has ended
    finally:
        os.close(lock)
    status = (shared / "rc").read_text().strip()
    code = int(status) if status else -signal.SIGKILL
    return CheckRun(code, (shared / "out").read_text(), (shared / "err").read_text())


def _shared(config: pytest.Config) -> Path | None:
    """The run's shared directory, in an xdist worker; None otherwise."""
    if not hasattr(config, "workerinput") or SHARED not in os.environ:
        return None
    return Path(os.environ[SHARED])


def pytest_configure(config: pytest.Config) -> None:
    # In the controller of an xdist run, before it starts the workers.
    if not hasattr(config, "workerinput") and getattr(config.option, "numprocesses", None):
        base = tempfile.mkdtemp(prefix="safereport-exhaustive-check-")
        os.environ[SHARED] = str(Path(base) / "run")


@pytest.hookimpl(trylast=True)  # after pytest-django has put the database tests first
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests that wait for the check go last, so that every other test runs beside it."""
    waiting = [item for item in items if FIXTURE in getattr(item, "fixturenames", ())]
    if waiting:
        items[:] = [item for item in items if item not in waiting] + waiting


def pytest_collection_finish(session: pytest.Session) -> None:
    if session.config.option.collectonly:
        return
    if not any(FIXTURE in getattr(item, "fixturenames", ()) for item in session.items):
        return
    shared = _shared(session.config)
    if shared is None:
        session.config.stash[RUNNING] = _start()
    elif not shared.exists():
        _start_shared(shared)


@pytest.fixture(scope="session")
def exhaustive_check(pytestconfig: pytest.Config) -> CheckRun:
    """What `safereport policy check` printed and its exit status, once it has finished."""
    shared = _shared(pytestconfig)
    if shared is not None:
        if not shared.exists():  # selected some other way than by collection (a plugin, say)
            _start_shared(shared)
        return _wait_shared(shared)
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
    if not hasattr(session.config, "workerinput") and SHARED in os.environ:
        _end_shared(Path(os.environ[SHARED]))
    running = session.config.stash.get(RUNNING, None)
    if running is None:
        return
    if running.process.poll() is None:
        os.killpg(running.process.pid, signal.SIGKILL)
        running.process.wait()
    running.stdout.close()
    running.stderr.close()


def _end_shared(shared: Path) -> None:
    """In the controller: end the run's check if it is still going (and any a worker was still
    starting when the session ended), and remove their files."""
    for group in shared.parent.glob("*/group"):
        _end(group.parent)
    shutil.rmtree(shared.parent, ignore_errors=True)


def _end(directory: Path) -> None:
    """End the check started in `directory` if it still holds its lock; remove its files."""
    lock = os.open(directory / "lock", os.O_RDONLY)
    try:
        fcntl.flock(lock, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:  # still running
        with contextlib.suppress(ProcessLookupError):
            os.killpg(int((directory / "group").read_text()), signal.SIGKILL)
    finally:
        os.close(lock)
    shutil.rmtree(directory, ignore_errors=True)
