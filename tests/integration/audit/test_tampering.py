"""Someone with database access drops the triggers and rewrites history: `audit verify` fails and
names the first index where the log diverges, from the log alone or from a witness's checkpoint."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from pytest_django import Settings

from safereport import ledger
from safereport.audit import checkpoints, signing, verification
from safereport.audit.events import Actor, record
from safereport.audit.models import Leaf
from safereport.audit.names import AuditAction
from safereport.audit.verification import last_verification, verify_log
from tests.integration.audit.triggers import rewrite_leaf_with_every_hash, triggers_dropped

ACTOR = Actor.system("tests")


@pytest.fixture(autouse=True, params=[verification.LEAF_BLOCK_LEVEL, 3])
def block_level(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    """Every test at the shipped block size (50 leaves: blocks of 32, 16 and 2) and in blocks of
    8, so that each tampering lands inside a block, at its edge and under a larger subtree."""
    level: int = request.param
    monkeypatch.setattr(verification, "LEAF_BLOCK_LEVEL", level)
    return level


@pytest.fixture
def log_of_50(settings: Settings, tmp_path: Path) -> Path:
    """50 events, checkpoints every 10 (10 to 50), and a witness's copy of the one at 50."""
    settings.AUDIT_CHECKPOINT_EVERY = 10
    for number in range(50):
        with transaction.atomic():
            record(ACTOR, AuditAction.AUDIT_OPERATOR_NOTE_RECORDED, subjects=[f"ref_{number}"])
    witness = tmp_path / "witness-50.txt"
    witness.write_text(checkpoints.signed_checkpoint().note)
    return witness


def sql(statement: str, params: list[object] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def verify(*witnesses: Path) -> dict[str, object]:
    out = io.StringIO()
    options = [arg for path in witnesses for arg in ("--checkpoint", str(path))]
    call_command("audit", "verify", *options, stdout=out)
    result: dict[str, object] = json.loads(out.getvalue())
    return result


def verify_fails(*witnesses: Path) -> str:
    with pytest.raises(CommandError) as failure:
        verify(*witnesses)
    return str(failure.value)


@pytest.mark.django_db
def test_an_untouched_log_verifies_with_its_witness(log_of_50: Path) -> None:
    result = verify(log_of_50)

    assert result["ok"] is True
    assert result["size"] == 50
    stored = last_verification()
    assert stored is not None
    assert (stored.ok, stored.size) == (True, 50)


@pytest.mark.django_db
def test_edited_leaf_data(log_of_50: Path) -> None:
    with triggers_dropped():
        sql('UPDATE audit_leaf SET data = %s WHERE "index" = 41', [b'{"index":41}'])

    message = verify_fails(log_of_50)

    assert message.endswith("leaf 41: stored hash does not match its data")
    stored = last_verification()
    assert stored is not None
    assert not stored.ok
    assert stored.message == "leaf 41: stored hash does not match its data"


@pytest.mark.django_db
def test_a_leaf_nested_too_deep_to_parse_is_named_not_a_crash(log_of_50: Path) -> None:
    """JSON nested past the parser's recursion limit, its hash recomputed: a divergence named
    like any other, never a RecursionError out of `audit verify`."""
    deep = b'{"index":41,"details":' + b"[" * 200_000 + b"]" * 200_000 + b"}"
    with triggers_dropped():
        sql(
            'UPDATE audit_leaf SET data = %s, hash = %s WHERE "index" = 41',
            [deep, ledger.leaf_hash(deep)],
        )

    message = verify_fails(log_of_50)

    assert message.endswith("leaf 41: its data is not an audit event")


@pytest.mark.django_db
def test_edited_leaf_data_with_its_hash_recomputed(log_of_50: Path) -> None:
    forged = bytes(Leaf.objects.get(index=41).data).replace(b"ref_41", b"ref_99")
    with triggers_dropped():
        sql(
            'UPDATE audit_leaf SET data = %s, hash = %s WHERE "index" = 41',
            [forged, ledger.leaf_hash(forged)],
        )

    message = verify_fails(log_of_50)

    assert "leaf 40: stored tree node at level 1, index 20 (leaves 40 to 41)" in message
    assert message.endswith("does not match the leaves")


@pytest.mark.django_db
def test_deleted_leaf(log_of_50: Path) -> None:
    with triggers_dropped():
        sql('DELETE FROM audit_leaf WHERE "index" = 12')

    assert verify_fails(log_of_50).endswith("leaf 12 missing (indices jump from 11 to 13)")


@pytest.mark.django_db
def test_deleted_first_leaf(log_of_50: Path) -> None:
    with triggers_dropped():
        sql('DELETE FROM audit_leaf WHERE "index" = 0')

    assert verify_fails(log_of_50).endswith("leaf 0 missing (indices start at 1)")


@pytest.mark.django_db
def test_two_leaves_reordered(log_of_50: Path) -> None:
    with triggers_dropped():
        # Swap the indices of leaves 20 and 21 (each keeps its own data and hash).
        sql('UPDATE audit_leaf SET "index" = 1000000 WHERE "index" = 20')
        sql('UPDATE audit_leaf SET "index" = 20 WHERE "index" = 21')
        sql('UPDATE audit_leaf SET "index" = 21 WHERE "index" = 1000000')

    message = verify_fails(log_of_50)

    assert message.endswith("leaf 20: its data records index 21: leaves were moved or reordered")


@pytest.mark.django_db
def test_last_leaves_truncated_against_the_stored_checkpoints(log_of_50: Path) -> None:
    with triggers_dropped():
        sql('DELETE FROM audit_leaf WHERE "index" >= 40')
        sql('DELETE FROM audit_tree_node WHERE ("index" + 1) * (1 << level) > 40')

    message = verify_fails()

    assert message.endswith("log has 40 leaves but a stored checkpoint is for 50: truncated")


@pytest.mark.django_db
def test_last_leaves_and_checkpoints_truncated_against_a_witness(log_of_50: Path) -> None:
    with triggers_dropped():
        sql('DELETE FROM audit_leaf WHERE "index" >= 40')
        sql('DELETE FROM audit_tree_node WHERE ("index" + 1) * (1 << level) > 40')
        sql("DELETE FROM audit_checkpoint WHERE size > 40")

    # Without the witness the shortened log is self-consistent; with it, the truncation shows.
    assert verify()["ok"] is True
    message = verify_fails(log_of_50)

    assert message.endswith(
        f"log has 40 leaves but witness checkpoint {log_of_50} is for 50: truncated"
    )


@pytest.mark.django_db
def test_tampered_interior_node(log_of_50: Path) -> None:
    with triggers_dropped():
        sql('UPDATE audit_tree_node SET hash = %s WHERE level = 3 AND "index" = 4', [b"\x05" * 32])

    message = verify_fails(log_of_50)

    assert message.endswith(
        "leaf 32: stored tree node at level 3, index 4 (leaves 32 to 39) does not match the leaves"
    )


@pytest.mark.django_db
def test_missing_interior_node(log_of_50: Path) -> None:
    with triggers_dropped():
        sql('DELETE FROM audit_tree_node WHERE level = 2 AND "index" = 3')

    assert verify_fails(log_of_50).endswith(
        "leaf 12: stored tree node at level 2, index 3 (leaves 12 to 15) is missing"
    )


@pytest.mark.django_db
def test_history_rewritten_consistently_is_caught_by_the_signed_checkpoints(
    log_of_50: Path,
) -> None:
    # A forger rewrites leaf 25 and recomputes every hash and node: only signatures stop them.
    with triggers_dropped():
        rewrite_leaf_with_every_hash(25, b"ref_25", b"ref_77")

    message = verify_fails(log_of_50)

    # Every hash agrees with its data: only the signed checkpoint for 30 leaves disagrees, and
    # the one for 20 agreed, so the rewrite is among leaves 20 to 29; which one cannot be known.
    assert message.endswith(
        "stored checkpoint for 30 leaves: the leaves do not hash to its root (those below 20 "
        "agree with an earlier checkpoint): a leaf from 20 to 29 was rewritten, with its hashes "
        "recomputed, so which one cannot be known"
    )
    result = verify_log()
    assert (result.index, result.among) == (None, (20, 29))


@pytest.mark.django_db
def test_a_stored_checkpoint_whose_note_was_edited(log_of_50: Path) -> None:
    with triggers_dropped():
        sql("UPDATE audit_checkpoint SET note = REPLACE(note, '\n20\n', '\n21\n') WHERE size = 20")

    message = verify_fails()

    assert "stored checkpoint for 20 leaves: note has an invalid signature" in message


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("edited", "first"),
    [
        # The note for 20 is checked once the checkpoint for 10 is reached: leaf 5 comes first,
        (5, "leaf 5: stored hash does not match its data"),
        # and leaf 25 after it.
        (25, "stored checkpoint for 20 leaves: note has an invalid signature"),
    ],
)
def test_an_edited_note_and_an_edited_leaf_are_named_in_the_order_reached(
    log_of_50: Path, edited: int, first: str
) -> None:
    with triggers_dropped():
        sql("UPDATE audit_checkpoint SET note = REPLACE(note, '\n20\n', '\n21\n') WHERE size = 20")
        sql('UPDATE audit_leaf SET data = %s WHERE "index" = %s', [b'{"index":0}', edited])

    message = verify_fails()

    assert first in message


@pytest.mark.django_db
def test_a_witness_checkpoint_of_another_history_is_caught(log_of_50: Path, tmp_path: Path) -> None:
    # A split view: the log once showed a witness a different tree of 30 leaves, signed by it.
    signer = signing.load_signer(may_create=False)
    other = ledger.Checkpoint(signing.origin(), 30, b"\x09" * 32).to_body()
    witness = tmp_path / "witness-30.txt"
    witness.write_text(signer.sign(other))

    message = verify_fails(witness)

    assert message.endswith(
        f"witness checkpoint {witness}: its root is not the one another checkpoint signed for "
        "the same 30 leaves: the log showed it a different history (a split view)"
    )


@pytest.mark.django_db
def test_a_witness_checkpoint_from_another_key_is_refused(log_of_50: Path, tmp_path: Path) -> None:
    stranger = ledger.Signer.generate(signing.origin())
    witness = tmp_path / "stranger.txt"
    witness.write_text(
        stranger.sign(ledger.Checkpoint(signing.origin(), 50, b"\x00" * 32).to_body())
    )

    message = verify_fails(witness)

    assert f"witness checkpoint {witness}: note has no signature by key" in message
