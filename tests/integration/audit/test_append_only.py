"""While the triggers are in place, the database itself refuses to change or remove any row of the
log's tables, whichever way the statement arrives."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from safereport import ledger
from safereport.audit import checkpoints
from safereport.audit.events import Actor, record
from safereport.audit.models import Checkpoint, Leaf, TreeNode, WitnessCosignature
from safereport.audit.names import AuditAction

ACTOR = Actor.system("tests")


def fill_log() -> None:
    for number in range(4):
        with transaction.atomic():
            record(ACTOR, AuditAction.AUDIT_OPERATOR_NOTE_RECORDED, subjects=[f"ref_{number}"])
    signed = checkpoints.signed_checkpoint()
    body = ledger.open_note(signed.note).text
    now = timezone.now()
    WitnessCosignature.objects.create(
        witness="inspectorate.test/witness",
        size=signed.size,
        root=bytes(signed.root),
        body=body,
        line=ledger.Cosigner.generate("inspectorate.test/witness").cosign(body, 1).rstrip("\n"),
        time=now,
        received=now,
    )


def refused(change: Callable[[], object]) -> None:
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        change()


def raw(sql: str) -> Callable[[], None]:
    def run() -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql)

    return run


@pytest.mark.django_db
def test_orm_updates_and_deletes_are_refused() -> None:
    fill_log()

    refused(lambda: Leaf.objects.filter(index=2).update(data=b"{}"))
    refused(lambda: Leaf.objects.filter(index=3).delete())
    refused(lambda: TreeNode.objects.filter(level=1).update(hash=b"\0" * 32))
    refused(lambda: TreeNode.objects.all().delete())
    refused(lambda: Checkpoint.objects.update(note="forged"))
    refused(lambda: Checkpoint.objects.all().delete())
    refused(lambda: WitnessCosignature.objects.update(size=5))
    refused(lambda: WitnessCosignature.objects.all().delete())

    assert Leaf.objects.count() == 4
    assert TreeNode.objects.count() == 3
    assert Checkpoint.objects.get().size == 4


# Per table: rewrite every row, remove one row, empty the table (TRUNCATE on PostgreSQL; on
# SQLite, which has no TRUNCATE, a DELETE of every row).
STATEMENTS = {
    "audit_leaf": (
        "UPDATE audit_leaf SET hash = hash",
        'DELETE FROM audit_leaf WHERE "index" = 0',
        "TRUNCATE audit_leaf",
        "DELETE FROM audit_leaf",
    ),
    "audit_tree_node": (
        "UPDATE audit_tree_node SET hash = hash",
        "DELETE FROM audit_tree_node WHERE level = 1",
        "TRUNCATE audit_tree_node",
        "DELETE FROM audit_tree_node",
    ),
    "audit_checkpoint": (
        "UPDATE audit_checkpoint SET note = note",
        "DELETE FROM audit_checkpoint WHERE size = 4",
        "TRUNCATE audit_checkpoint",
        "DELETE FROM audit_checkpoint",
    ),
    "audit_witness_cosignature": (
        "UPDATE audit_witness_cosignature SET size = size",
        "DELETE FROM audit_witness_cosignature WHERE size = 4",
        "TRUNCATE audit_witness_cosignature",
        "DELETE FROM audit_witness_cosignature",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("table", sorted(STATEMENTS))
def test_raw_sql_cannot_rewrite_or_empty_a_table(table: str) -> None:
    fill_log()
    update, delete, truncate, delete_all = STATEMENTS[table]

    refused(raw(update))
    refused(raw(delete))
    refused(raw(truncate if connection.vendor == "postgresql" else delete_all))

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 - a fixed table name
        (rows,) = cursor.fetchone()
    assert rows > 0


@pytest.mark.django_db
def test_appending_is_still_allowed() -> None:
    fill_log()

    with transaction.atomic():
        index = record(ACTOR, AuditAction.AUDIT_OPERATOR_NOTE_RECORDED)

    assert index == 4
    assert checkpoints.signed_checkpoint().size == 5
