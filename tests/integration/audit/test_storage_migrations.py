"""Migrations 0005 and 0006 change how SQLite stores a log already in use (the leaf's index
becomes the rowid, the tree nodes a WITHOUT ROWID table): every leaf and node kept, the
append-only triggers back in place, and the log still verifying; PostgreSQL keeps bigint."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from safereport.audit import storage
from safereport.audit.events import Actor, record
from safereport.audit.names import AuditAction
from safereport.audit.verification import verify_log
from tests.integration.audit.triggers import trigger_definitions

BEFORE = ("audit", "0004_witness_cosignatures")
AFTER = ("audit", "0006_tree_nodes_without_rowid")


def _migrate(target: tuple[str, str]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()  # what was applied may have changed since the last executor
    executor.migrate([target])


def _leaves() -> list[tuple[int, bytes, bytes]]:
    with connection.cursor() as cursor:
        cursor.execute('SELECT "index", data, hash FROM audit_leaf ORDER BY "index"')
        return [(int(index), bytes(data), bytes(value)) for index, data, value in cursor]


def _nodes() -> list[tuple[int, int, bytes]]:
    with connection.cursor() as cursor:
        cursor.execute('SELECT level, "index", hash FROM audit_tree_node ORDER BY level, "index"')
        return [(int(level), int(index), bytes(value)) for level, index, value in cursor]


def _nodes_without_rowid() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'audit_tree_node'")
        (definition,) = cursor.fetchone()
    return str(definition).endswith(" WITHOUT ROWID")


def _index_column() -> tuple[str, bool]:
    """The declared type of audit_leaf.index, and whether it is the primary key."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT type, pk FROM pragma_table_info('audit_leaf') WHERE name = 'index'"
            )
        else:
            cursor.execute(
                "SELECT c.data_type, EXISTS (SELECT 1 FROM information_schema.key_column_usage k "
                "JOIN information_schema.table_constraints t USING (constraint_name) "
                "WHERE t.constraint_type = 'PRIMARY KEY' AND k.table_name = 'audit_leaf' "
                "AND k.column_name = 'index') FROM information_schema.columns c "
                "WHERE c.table_name = 'audit_leaf' AND c.column_name = 'index'"
            )
        declared, key = cursor.fetchone()
    return str(declared).lower(), bool(key)


def _range_plan() -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            'EXPLAIN QUERY PLAN SELECT data, hash FROM audit_leaf WHERE "index" >= 0 '
            'AND "index" < 10 ORDER BY "index"'
        )
        return " ".join(str(row[-1]) for row in cursor.fetchall())


@pytest.mark.django_db(transaction=True)
def test_a_populated_log_keeps_its_leaves_and_triggers_through_the_migration() -> None:
    triggers = trigger_definitions()
    _migrate(BEFORE)
    assert trigger_definitions() == triggers  # undoing it rebuilt the table and its triggers
    if connection.vendor == "sqlite":
        assert _index_column() == ("bigint", True)
        assert "USING INTEGER PRIMARY KEY" not in _range_plan()
        assert not _nodes_without_rowid()
    actor = Actor.system("tests")
    for number in range(37):
        with transaction.atomic():
            record(actor, AuditAction.AUDIT_OPERATOR_NOTE_RECORDED, subjects=[f"ref_{number}"])
    leaves, nodes = _leaves(), _nodes()
    assert len(nodes) == 18 + 9 + 4 + 2 + 1  # every perfect subtree of two or more leaves

    _migrate(AFTER)

    assert (_leaves(), _nodes()) == (leaves, nodes)
    assert trigger_definitions() == triggers
    if connection.vendor == "sqlite":
        assert _index_column() == ("integer", True)
        # The rowid itself: a range is one search of the table's own B-tree, in order.
        assert "SEARCH audit_leaf USING INTEGER PRIMARY KEY" in _range_plan()
        assert "TEMP B-TREE" not in _range_plan()
        assert _nodes_without_rowid()
    else:
        assert _index_column() == ("bigint", True)
    for table in ("audit_leaf", "audit_tree_node"):
        with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
            connection.cursor().execute(f"DELETE FROM {table}")  # noqa: S608 - fixed names
    with transaction.atomic():
        assert record(actor, AuditAction.AUDIT_OPERATOR_NOTE_RECORDED) == len(leaves)
    result = verify_log()
    assert result.ok, result.message
    assert storage.size() == len(leaves) + 1


@pytest.mark.django_db
def test_the_migrated_log_is_stored_in_key_order() -> None:
    # A later migration that has Django rebuild either table on SQLite would undo this silently.
    if connection.vendor == "sqlite":
        assert _index_column() == ("integer", True)
        assert _nodes_without_rowid()
    else:
        assert _index_column() == ("bigint", True)
