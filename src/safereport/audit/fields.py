"""A model field for the log's integer keys that SQLite stores as the table's own rowid."""

from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper


class RowidIntegerField(models.BigIntegerField[Any, Any]):
    """A 64-bit integer, declared `integer` on SQLite: as the primary key, that makes it the
    rowid itself, so the rows are stored in its order and a read by range walks one B-tree
    instead of a separate index and then the table (a `bigint` key is an index beside the rowid).
    SQLite's integer is 64-bit too, so the values are the same; other databases keep `bigint`."""

    def db_type(self, connection: BaseDatabaseWrapper) -> str | None:
        if connection.vendor == "sqlite":
            return "integer"
        return super().db_type(connection)
