"""The database itself refuses UPDATE, DELETE (and on PostgreSQL TRUNCATE) on the log's tables,
so no code path, bug or hand-typed query can rewrite history without first dropping a trigger.

On SQLite, a later migration that rebuilds one of these tables (as Django does for most column
changes) drops its triggers with the old table: such a migration must create them again.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

APPEND_ONLY_TABLES = ("audit_leaf", "audit_tree_node", "audit_checkpoint")
MESSAGE = "audit log is append-only"


def _sqlite_create(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER {table}_refuse_{event.lower()} BEFORE {event} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
        for event in ("UPDATE", "DELETE")
    ]


def _sqlite_drop(table: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {table}_refuse_{event}" for event in ("update", "delete")]


# restrict_violation (SQLSTATE 23001) surfaces in Django as IntegrityError, as SQLite's ABORT does.
# Truncating a table that is already empty loses nothing, so it is let through: Django's test
# runner truncates every table after each transactional test, once the log has been emptied.
POSTGRESQL_FUNCTION = f"""
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    has_rows boolean;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I.%I)', TG_TABLE_SCHEMA, TG_TABLE_NAME)
            INTO has_rows;
        IF NOT has_rows THEN
            RETURN NULL;
        END IF;
    END IF;
    RAISE EXCEPTION USING
        MESSAGE = '{MESSAGE}: ' || TG_OP || ' on ' || TG_TABLE_NAME || ' refused',
        ERRCODE = 'restrict_violation';
END;
$$
"""


def _postgresql_create(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER {table}_refuse_change BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()",
        # Row triggers do not fire on TRUNCATE, which would otherwise empty the table at a stroke.
        f"CREATE TRIGGER {table}_refuse_truncate BEFORE TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()",
    ]


def _postgresql_drop(table: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {table}_refuse_change ON {table}",
        f"DROP TRIGGER IF EXISTS {table}_refuse_truncate ON {table}",
    ]


def install(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = [sql for table in APPEND_ONLY_TABLES for sql in _sqlite_create(table)]
    elif vendor == "postgresql":
        statements = [POSTGRESQL_FUNCTION]
        statements += [sql for table in APPEND_ONLY_TABLES for sql in _postgresql_create(table)]
    else:
        # An audit log without its guard must not be deployed quietly.
        raise NotImplementedError(
            f"append-only triggers exist for SQLite and PostgreSQL, not {vendor}"
        )
    for statement in statements:
        schema_editor.execute(statement, params=None)


def remove(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = [sql for table in APPEND_ONLY_TABLES for sql in _sqlite_drop(table)]
    else:
        statements = [sql for table in APPEND_ONLY_TABLES for sql in _postgresql_drop(table)]
        statements.append("DROP FUNCTION IF EXISTS audit_refuse_change()")
    for statement in statements:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_log_tables")]  # noqa: RUF012 - Django's own shape

    operations = [migrations.RunPython(install, remove, elidable=False)]  # noqa: RUF012
