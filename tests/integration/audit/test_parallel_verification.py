"""`audit verify` checks blocks of leaves in worker processes, side by side: it must find exactly
what one process finds, for an untouched log and for each way of rewriting one. Committed for
real (`transaction=True`): a worker reads through its own connection, which sees only what is
committed."""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable
from types import FrameType

import pytest
from django.db import connection, transaction
from pytest_django import Settings

from safereport import ledger
from safereport.audit import verification
from safereport.audit.events import Actor, record
from safereport.audit.models import Leaf
from safereport.audit.names import AuditAction
from safereport.audit.verification import VerificationResult, verify_log
from tests.integration.audit.triggers import rewrite_leaf_with_every_hash, triggers_dropped

ACTOR = Actor.system("tests")


def sql(statement: str, params: list[object] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def edit_leaf() -> None:
    sql('UPDATE audit_leaf SET data = %s WHERE "index" = 41', [b'{"index":41}'])


def edit_leaf_and_its_hash() -> None:
    forged = bytes(Leaf.objects.get(index=41).data).replace(b"ref_41", b"ref_99")
    sql(
        'UPDATE audit_leaf SET data = %s, hash = %s WHERE "index" = 41',
        [forged, ledger.leaf_hash(forged)],
    )


def delete_leaf() -> None:
    sql('DELETE FROM audit_leaf WHERE "index" = 12')


def reorder_leaves() -> None:
    sql('UPDATE audit_leaf SET "index" = 1000000 WHERE "index" = 20')
    sql('UPDATE audit_leaf SET "index" = 20 WHERE "index" = 21')
    sql('UPDATE audit_leaf SET "index" = 21 WHERE "index" = 1000000')


def edit_node_above_a_block() -> None:
    # Level 4 is above the blocks of 8 leaves: the walk, not a worker, checks it.
    sql('UPDATE audit_tree_node SET hash = %s WHERE level = 4 AND "index" = 1', [b"\x05" * 32])


def delete_node_inside_a_block() -> None:
    sql('DELETE FROM audit_tree_node WHERE level = 2 AND "index" = 3')


def rewrite_history_consistently() -> None:
    rewrite_leaf_with_every_hash(25, b"ref_25", b"ref_77")


def truncate() -> None:
    sql('DELETE FROM audit_leaf WHERE "index" >= 40')
    sql('DELETE FROM audit_tree_node WHERE ("index" + 1) * (1 << level) > 40')


TAMPERINGS: dict[str, Callable[[], None]] = {
    "leaf data edited": edit_leaf,
    "leaf data and hash edited": edit_leaf_and_its_hash,
    "leaf deleted": delete_leaf,
    "leaves reordered": reorder_leaves,
    "node above a block edited": edit_node_above_a_block,
    "node inside a block deleted": delete_node_inside_a_block,
    "history rewritten with every hash": rewrite_history_consistently,
    "last leaves truncated": truncate,
}


@pytest.fixture
def processes_used(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of processes each verification checked its blocks in."""
    used: list[int] = []
    choose = verification._usable_processes

    def spy(requested: int, blocks: int) -> int:
        used.append(choose(requested, blocks))
        return used[-1]

    monkeypatch.setattr(verification, "_usable_processes", spy)
    return used


@pytest.fixture
def log_of_50(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """50 events with checkpoints every 10, in blocks of 8 leaves: 7 blocks to share out."""
    settings.AUDIT_CHECKPOINT_EVERY = 10
    monkeypatch.setattr(verification, "LEAF_BLOCK_LEVEL", 3)
    for number in range(50):
        with transaction.atomic():
            record(ACTOR, AuditAction.AUDIT_OPERATOR_NOTE_RECORDED, subjects=[f"ref_{number}"])


def outcome(result: VerificationResult) -> tuple[object, ...]:
    return (result.ok, result.size, result.message, result.index, result.among)


@pytest.mark.django_db(transaction=True)
def test_an_untouched_log_verifies_in_worker_processes(
    log_of_50: None, processes_used: list[int]
) -> None:
    parallel = verify_log(processes=2)
    serial = verify_log(processes=1)

    assert processes_used == [2, 1]
    assert parallel.ok
    assert outcome(parallel) == outcome(serial)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("tamper", TAMPERINGS.values(), ids=TAMPERINGS.keys())
def test_worker_processes_find_what_one_process_finds(
    tamper: Callable[[], None], log_of_50: None, processes_used: list[int]
) -> None:
    with triggers_dropped():
        tamper()

    parallel = verify_log(processes=2)
    serial = verify_log(processes=1)

    assert processes_used == [2, 1]
    assert not serial.ok
    assert outcome(parallel) == outcome(serial)


class InterruptionError(Exception):
    pass


class InterruptingBar:
    """A progress bar whose last update fails, as Ctrl-C or an error would once the workers
    have every block and wait on the pool's queue for more."""

    def __init__(self, total: int) -> None:
        self.left = total

    def update(self, n: float | None = 1) -> bool | None:
        self.left -= int(n or 0)
        if self.left == 0:
            raise InterruptionError
        return None

    def close(self) -> None:
        return None


@pytest.mark.django_db(transaction=True)
def test_an_interruption_ends_the_workers_whatever_this_process_does_with_sigterm(
    log_of_50: None, processes_used: list[int]
) -> None:
    """An error or Ctrl-C ends the workers at once (the pool sends them SIGTERM), even with a
    SIGTERM handler set in this process that does not exit, as `db_worker`, which runs the
    inspectors' verifications, sets one. The alarm turns a hang into a failure."""

    def hung(signum: int, frame: FrameType | None) -> None:
        raise AssertionError("the verification's workers did not end")

    kept_term = signal.signal(signal.SIGTERM, lambda signum, frame: None)
    kept_alarm = signal.signal(signal.SIGALRM, hung)
    signal.alarm(30)
    try:
        with pytest.raises(InterruptionError):
            verify_log(progress=InterruptingBar, processes=2)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, kept_alarm)
        signal.signal(signal.SIGTERM, kept_term)

    assert processes_used == [2]
    assert multiprocessing.active_children() == []


@pytest.mark.django_db
def test_inside_a_transaction_the_blocks_are_checked_here(
    log_of_50: None, processes_used: list[int]
) -> None:
    """Workers would not see what this transaction has not committed: one process, and the
    same answer."""
    result = verify_log(processes=2)

    assert processes_used == [1]
    assert result.ok
