"""Model instances from SQL written once, for the few reads on every request's path.

The ORM builds a query's SQL afresh on every call, and for the reads behind a sharing decision
that cost several times the query itself (README, "A sharing decision through the API"). A read
on that path is written here once, as SQL naming its tables and columns from the models, and its
rows become instances as the ORM's would: each value passes the same converters (the backend's,
then the field's own, so encrypted fields are decrypted and SQLite's booleans and dates read
back), and `Model.from_db` builds the instance.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from django.db import connection
from django.db.models import Field, Model, signals

_M = TypeVar("_M", bound=Model)
Converter = Callable[[Any, Any, Any], Any]


class Columns(Generic[_M]):
    """Some of a model's columns, selected from the table under `alias`: their SQL, and the
    instance a row's values make. The fields left out are deferred, as `.only()` leaves them: a
    read that does not need a column does not fetch (or decrypt) it."""

    def __init__(self, model: type[_M], alias: str, fields: Sequence[str] | None = None) -> None:
        self.model = model
        self.alias = alias
        # In the model's order, which `from_db` expects of the values it is given.
        self.fields: list[Field[Any, Any]] = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, Field) and (fields is None or f.name in fields)
        ]
        self.names = [f.attname for f in self.fields]
        self._converters: dict[str, list[tuple[Any, list[Converter]]]] = {}
        self._sql: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self.fields)

    @property
    def sql(self) -> str:
        """The select list, e.g. `"p"."id", "p"."reference"` (once per kind of database)."""
        found = self._sql.get(connection.vendor)
        if found is None:
            quote = connection.ops.quote_name
            found = ", ".join(f"{quote(self.alias)}.{quote(str(f.column))}" for f in self.fields)
            self._sql[connection.vendor] = found
        return found

    def instance(self, row: Sequence[Any], start: int = 0) -> _M:
        """The instance made from `row[start:start + len(self)]`."""
        values = list(row[start : start + len(self.fields)])
        for position, (column, converters) in enumerate(self._converters_here()):
            for convert in converters:
                values[position] = convert(values[position], column, connection)
        return self.model.from_db(connection.alias, self.names, values)

    def _converters_here(self) -> list[tuple[Any, list[Converter]]]:
        # Worked out once per kind of database, as the compiler does per query: the backend's
        # converters for the column's type, then the field's (from_db_value).
        found = self._converters.get(connection.vendor)
        if found is None:
            found = []
            for field in self.fields:
                column = field.get_col(self.alias)
                converters = [
                    *connection.ops.get_db_converters(column),
                    *column.get_db_converters(connection),
                ]
                found.append((column, converters))
            self._converters[connection.vendor] = found
        return found


def first_row(query: str, params: Sequence[Any]) -> tuple[Any, ...] | None:
    """The first row `query` gives with `params`, or None when it gives none."""
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        row: tuple[Any, ...] | None = cursor.fetchone()
    return row


def all_rows(query: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    """Every row `query` gives with `params`."""
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return list(cursor.fetchall())


def insert(instance: Model) -> None:
    """Insert a new instance as `save()` would: each field's value as it saves it (`pre_save`,
    so `auto_now_add` is set, then `get_db_prep_save`), the same signals, the primary key set
    from the database; the statement written once per model and database."""
    model = type(instance)
    pk = model._meta.pk
    signals.pre_save.send(
        sender=model, instance=instance, raw=False, using=connection.alias, update_fields=None
    )
    fields = [f for f in model._meta.concrete_fields if f is not pk]
    values = [f.get_db_prep_save(f.pre_save(instance, add=True), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(_insert_sql(model, connection.vendor), values)
        if connection.features.can_return_columns_from_insert:
            (key,) = cursor.fetchone()
        else:  # not reached on PostgreSQL or SQLite 3.35 and later, which return it
            key = cursor.lastrowid
    setattr(instance, pk.attname, key)
    instance._state.adding, instance._state.db = False, connection.alias
    signals.post_save.send(
        sender=model,
        instance=instance,
        created=True,
        raw=False,
        using=connection.alias,
        update_fields=None,
    )


@functools.cache
def _insert_sql(model: type[Model], vendor: str) -> str:
    """`INSERT INTO <table> (<every column but the key>) VALUES (...)`, returning the key where
    the database can (`vendor` keys the cache: quoting and RETURNING are the database's)."""
    quote = connection.ops.quote_name
    pk = model._meta.pk
    columns = [str(f.column) for f in model._meta.concrete_fields if f is not pk]
    query = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    if connection.features.can_return_columns_from_insert:
        query += f" RETURNING {quote(str(pk.column))}"
    return query
