"""`audit verify` checks the leaves in aligned blocks in bulk, and replays a block leaf by leaf
only where something in it differs: the same answers at every block size, without the replay on
an untouched log, and its progress reported block by block."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from pytest_django import Settings

from safereport.audit import storage, verification
from safereport.audit.events import Actor, record
from safereport.audit.names import AuditAction
from safereport.audit.verification import verify_log
from safereport.ledger.encoding import encode_base64
from tests.integration.audit.triggers import triggers_dropped

ACTOR = Actor.system("tests")


def append(count: int, note: str = "") -> None:
    for number in range(count):
        with transaction.atomic():
            details = {"note": note} if note else {}
            record(
                ACTOR,
                AuditAction.AUDIT_OPERATOR_NOTE_RECORDED,
                subjects=[f"ref_{number}"],
                details=details,
            )


class Bar:
    """A progress bar that keeps what it was told."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.updates: list[float | None] = []
        self.closed = False

    def update(self, n: float | None = 1) -> bool | None:
        self.updates.append(n)
        return None

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def no_replay(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if any block is checked leaf by leaf."""

    original = verification._Walk.replay

    def replay(walk: verification._Walk, start: int, stop: int, due: verification._Due) -> None:
        # The empty tree's checkpoints go through it with no leaves at all.
        if start < stop:
            raise AssertionError("a block of an untouched log was replayed leaf by leaf")
        original(walk, start, stop, due)

    monkeypatch.setattr(verification._Walk, "replay", replay)


@pytest.mark.django_db
@pytest.mark.parametrize("level", [0, 1, 3, 14])
def test_an_untouched_log_passes_in_bulk_at_every_block_size(
    level: int, settings: Settings, monkeypatch: pytest.MonkeyPatch, no_replay: None
) -> None:
    settings.AUDIT_CHECKPOINT_EVERY = 7  # checkpoints inside blocks and at their ends
    append(45)
    monkeypatch.setattr(verification, "LEAF_BLOCK_LEVEL", level)
    bar: list[Bar] = []

    def progress(total: int) -> Bar:
        bar.append(Bar(total))
        return bar[-1]

    result = verify_log(progress=progress)

    assert result.ok, result.message
    root = encode_base64(storage.root_at(45))
    assert result.message.startswith(f"45 leaves verified, root {root}; ")
    # One update per block: 45 is 32 + 8 + 4 + 1, and blocks are at most 2**level leaves.
    expected = {0: [1] * 45, 1: [2] * 22 + [1], 3: [8] * 5 + [4, 1], 14: [32, 8, 4, 1]}
    assert bar[0].total == 45
    assert bar[0].updates == expected[level]
    assert bar[0].closed


@pytest.mark.django_db
def test_events_not_of_the_written_shape_are_parsed_and_pass(no_replay: None) -> None:
    append(5, note="Zoë's café: non-ASCII bytes, which the pattern leaves to json.loads")
    with transaction.atomic():
        record(ACTOR, AuditAction.AUDIT_OPERATOR_NOTE_RECORDED, details={"a": [[[["deep"]]]]})

    assert verify_log().ok


@pytest.mark.django_db
@pytest.mark.parametrize("level", [1, 3, 14])
def test_a_divergence_is_named_the_same_at_every_block_size(
    level: int, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.AUDIT_CHECKPOINT_EVERY = 10
    append(40)
    monkeypatch.setattr(verification, "LEAF_BLOCK_LEVEL", level)
    index_column = connection.ops.quote_name("index")
    with triggers_dropped(), connection.cursor() as cursor:
        # Leaf 37 deleted, and leaf 26's data edited with its hash left alone: the first is 26.
        cursor.execute(f"DELETE FROM audit_leaf WHERE {index_column} = 37")  # noqa: S608
        cursor.execute(
            f"UPDATE audit_leaf SET data = %s WHERE {index_column} = 26",  # noqa: S608
            [b'{"index":26}'],
        )

    result = verify_log()

    assert (result.ok, result.index) == (False, 26)
    assert result.message == "leaf 26: stored hash does not match its data"
