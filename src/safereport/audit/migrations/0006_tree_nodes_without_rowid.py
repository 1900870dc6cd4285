"""On SQLite, the tree nodes are stored in their key's order (a WITHOUT ROWID table): reading a
range of nodes then walks one B-tree, where a rowid table walks the key's index and then looks
each row up in the table, which made reading the stored nodes cost as much as hashing the leaves.

Django cannot declare this, so the table is rebuilt here from its own definition with the clause
added (or, undoing it, removed), rows copied and the append-only triggers (0002) created again.
A later migration that makes Django rebuild this table would lose the clause:
`tests/integration/audit/test_storage_migrations.py` says so.
"""

import importlib

from django.db import migrations

_triggers = importlib.import_module("safereport.audit.migrations.0002_append_only_triggers")
TABLE = "audit_tree_node"
CLAUSE = " WITHOUT ROWID"


def _rebuild(schema_editor, without_rowid):
    if schema_editor.connection.vendor != "sqlite":
        return  # PostgreSQL's tables have no rowid; its primary key index serves the ranges
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = %s", [TABLE])
        (definition,) = cursor.fetchone()
    definition = definition.removesuffix(CLAUSE)
    if without_rowid:
        definition += CLAUSE
    head = f'CREATE TABLE "{TABLE}"'
    if not definition.startswith(head):
        raise RuntimeError(f"unexpected definition of {TABLE}: {definition}")
    statements = [
        definition.replace(head, f'CREATE TABLE "new__{TABLE}"', 1),
        f'INSERT INTO "new__{TABLE}" (level, "index", hash) '
        f'SELECT level, "index", hash FROM "{TABLE}" ORDER BY level, "index"',
        f'DROP TABLE "{TABLE}"',  # its triggers go with it, dropped before its rows
        f'ALTER TABLE "new__{TABLE}" RENAME TO "{TABLE}"',
        *_triggers._sqlite_create(TABLE),
    ]
    for statement in statements:
        schema_editor.execute(statement, params=None)


def without_rowid(apps, schema_editor):
    _rebuild(schema_editor, without_rowid=True)


def with_rowid(apps, schema_editor):
    _rebuild(schema_editor, without_rowid=False)


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0005_leaf_index_is_the_rowid'),
    ]

    operations = [
        migrations.RunPython(without_rowid, with_rowid, elidable=False),
    ]
