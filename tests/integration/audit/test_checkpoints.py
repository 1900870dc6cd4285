"""Checkpoints: C2SP signed notes verifiable with the published key, signed automatically every
AUDIT_CHECKPOINT_EVERY events, and never signed when the tree no longer extends the last one."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from django.db import connection, transaction
from pytest_django import Settings

from safereport import ledger
from safereport.audit import checkpoints, storage
from safereport.audit.errors import CheckpointRefusedError, OutsideTransactionError, SigningKeyError
from safereport.audit.events import Actor, record
from safereport.audit.models import Checkpoint
from safereport.audit.names import AuditAction
from tests.integration.audit.triggers import triggers_dropped

ACTOR = Actor.system("tests")
ORIGIN = "safereport.test/safereport/audit"


def append_events(count: int) -> None:
    for number in range(count):
        with transaction.atomic():
            record(ACTOR, AuditAction.AUDIT_OPERATOR_NOTE_RECORDED, subjects=[f"ref_{number}"])


@pytest.mark.django_db
def test_a_checkpoint_is_a_signed_note_that_verifies_with_the_public_key(
    signing_key_file: Path,
) -> None:
    append_events(7)

    checkpoint = checkpoints.signed_checkpoint()

    verifier = ledger.Verifier.from_verifier_key(checkpoints.public_key())
    body = ledger.Checkpoint.parse(ledger.verify_note(checkpoint.note, verifier))
    assert body == ledger.Checkpoint(ORIGIN, 7, storage.root_at(7))
    assert checkpoint.note.startswith(f"{ORIGIN}\n7\n")
    assert checkpoints.public_key().startswith(f"{ORIGIN}+")
    # The key was generated on first use, readable by its owner only.
    assert stat.S_IMODE(signing_key_file.stat().st_mode) == 0o600
    assert signing_key_file.read_text().startswith(f"PRIVATE+KEY+{ORIGIN}+")


@pytest.mark.django_db
def test_a_note_signed_by_another_key_does_not_verify() -> None:
    append_events(2)
    other = ledger.Signer.generate(ORIGIN)

    checkpoint = checkpoints.signed_checkpoint()

    with pytest.raises(ledger.NoteError):
        ledger.verify_note(checkpoint.note, other.verifier())


@pytest.mark.django_db
def test_signing_on_demand_only_when_the_log_has_grown() -> None:
    empty = checkpoints.signed_checkpoint()
    append_events(3)
    grown = checkpoints.signed_checkpoint()
    again = checkpoints.signed_checkpoint()

    assert (empty.size, bytes(empty.root)) == (0, ledger.EMPTY_ROOT)
    assert grown.size == 3
    assert again.pk == grown.pk
    assert checkpoints.latest_checkpoint(sign_if_needed=False) == grown
    assert list(Checkpoint.objects.order_by("size").values_list("size", flat=True)) == [0, 3]


@pytest.mark.django_db
def test_checkpoints_are_signed_automatically_every_n_events(settings: Settings) -> None:
    settings.AUDIT_CHECKPOINT_EVERY = 5

    append_events(12)

    assert list(Checkpoint.objects.order_by("size").values_list("size", flat=True)) == [5, 10]
    verifier = ledger.Verifier.from_verifier_key(checkpoints.public_key())
    for checkpoint in Checkpoint.objects.all():
        body = checkpoints.open_checkpoint(checkpoint.note, verifier)
        assert body.root == storage.root_at(checkpoint.size)


@pytest.mark.django_db(transaction=True)
def test_an_automatic_checkpoint_rolls_back_with_its_event(settings: Settings) -> None:
    settings.AUDIT_CHECKPOINT_EVERY = 3
    append_events(2)

    class ChangeFailedError(Exception):
        pass

    def event_then_failure() -> None:
        with transaction.atomic():
            record(ACTOR, AuditAction.AUDIT_OPERATOR_NOTE_RECORDED)
            assert Checkpoint.objects.filter(size=3).exists()
            raise ChangeFailedError

    with pytest.raises(ChangeFailedError):
        event_then_failure()

    assert storage.size() == 2
    assert not Checkpoint.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_signing_outside_a_transaction_opens_its_own() -> None:
    append_events(2)

    assert checkpoints.signed_checkpoint().size == 2
    with pytest.raises(OutsideTransactionError):
        storage.lock_for_append()


@pytest.mark.django_db
def test_an_inconsistent_checkpoint_is_never_signed() -> None:
    append_events(8)
    checkpoints.signed_checkpoint()
    append_events(3)
    # Someone with database access rewrites the node over the 8 signed leaves.
    with triggers_dropped(), connection.cursor() as cursor:
        cursor.execute(
            'UPDATE audit_tree_node SET hash = %s WHERE level = 3 AND "index" = 0', [b"\x07" * 32]
        )

    with pytest.raises(CheckpointRefusedError, match="not consistent with the checkpoint for 8"):
        checkpoints.signed_checkpoint()

    assert list(Checkpoint.objects.values_list("size", flat=True)) == [8]


@pytest.mark.django_db
def test_a_forged_previous_checkpoint_stops_signing() -> None:
    append_events(4)
    checkpoints.signed_checkpoint()
    append_events(1)
    with triggers_dropped(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_checkpoint SET root = %s", [b"\x01" * 32])

    with pytest.raises(CheckpointRefusedError, match="other than its signed note"):
        checkpoints.signed_checkpoint()


@pytest.mark.django_db
def test_a_lost_key_is_not_silently_replaced_once_checkpoints_exist(
    signing_key_file: Path,
) -> None:
    append_events(2)
    checkpoints.signed_checkpoint()
    signing_key_file.unlink()
    append_events(1)

    with pytest.raises(SigningKeyError, match="restore the key file"):
        checkpoints.signed_checkpoint()
    assert not signing_key_file.exists()


@pytest.mark.django_db
def test_a_key_named_for_another_log_is_refused(signing_key_file: Path) -> None:
    signing_key_file.parent.mkdir(parents=True)
    signing_key_file.write_text(ledger.Signer.generate("elsewhere.example/log").private_key_text())

    with pytest.raises(SigningKeyError, match=r"named 'elsewhere\.example/log'"):
        checkpoints.signed_checkpoint()
