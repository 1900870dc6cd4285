"""What someone with direct database access can do to the log's append-only triggers: drop them
(as raw SQL, per vendor) and put them back afterwards; and, meanwhile, rewrite history."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

from safereport import ledger
from safereport.audit.models import Leaf

APPEND_ONLY_TABLES = (
    "audit_leaf",
    "audit_tree_node",
    "audit_checkpoint",
    "audit_witness_cosignature",
)


SQLITE_TRIGGERS = (
    "SELECT name, tbl_name, sql FROM sqlite_master "
    "WHERE type = 'trigger' AND tbl_name IN (%s, %s, %s, %s) ORDER BY name"
)
POSTGRESQL_TRIGGERS = (
    "SELECT t.tgname, c.relname, pg_get_triggerdef(t.oid) FROM pg_trigger t "
    "JOIN pg_class c ON c.oid = t.tgrelid "
    "WHERE NOT t.tgisinternal AND c.relname IN (%s, %s, %s, %s) ORDER BY t.tgname"
)


def trigger_definitions() -> list[tuple[str, str, str]]:
    """(name, table, CREATE statement) of every trigger on the log's tables."""
    query = SQLITE_TRIGGERS if connection.vendor == "sqlite" else POSTGRESQL_TRIGGERS
    with connection.cursor() as cursor:
        cursor.execute(query, APPEND_ONLY_TABLES)
        return [(str(name), str(table), str(sql)) for name, table, sql in cursor.fetchall()]


@contextmanager
def triggers_dropped() -> Iterator[None]:
    """Drop the append-only triggers for the duration, then recreate them exactly."""
    saved = trigger_definitions()
    assert saved, "the append-only triggers should be installed"
    with connection.cursor() as cursor:
        for name, table, _ in saved:
            on_table = "" if connection.vendor == "sqlite" else f" ON {table}"
            cursor.execute(f"DROP TRIGGER {name}{on_table}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for _, _, sql in saved:
                cursor.execute(sql)


def empty_audit_log() -> None:
    """Remove every row of the log (triggers dropped meanwhile), e.g. before Django's test flush,
    which the triggers would otherwise refuse."""
    with triggers_dropped(), connection.cursor() as cursor:
        for table in APPEND_ONLY_TABLES:
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names


def rewrite_leaf_with_every_hash(index: int, old: bytes, new: bytes) -> None:
    """A forger's rewrite of one leaf (`old` replaced by `new` in its data) with its hash and
    every stored node recomputed, so that only the signed checkpoints betray it. The triggers
    must be dropped (`triggers_dropped`)."""
    forged = bytes(Leaf.objects.get(index=index).data).replace(old, new)
    hashes = [bytes(h) for h in Leaf.objects.order_by("index").values_list("hash", flat=True)]
    hashes[index] = ledger.leaf_hash(forged)
    tree = ledger.CompactTree()
    with connection.cursor() as cursor:
        cursor.execute(
            'UPDATE audit_leaf SET data = %s, hash = %s WHERE "index" = %s',
            [forged, hashes[index], index],
        )
        for value in hashes:
            for node in tree.append(value)[1:]:
                cursor.execute(
                    'UPDATE audit_tree_node SET hash = %s WHERE level = %s AND "index" = %s',
                    [node.hash, node.level, node.index],
                )
