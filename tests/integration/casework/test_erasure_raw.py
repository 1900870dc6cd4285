"""After an erasure, a raw read of the database finds no trace of what was erased (issue 14,
item 8): neither the plaintexts nor the ciphertexts that held them, in any text or binary column
of any table; on SQLite, not in the database file's bytes nor its write-ahead log either, as
`secure_delete` zeroes what was overwritten. Committed for real (`transaction=True`): a rolled
back test transaction would prove nothing about the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from safereport.casework import actions
from safereport.casework.actions import ErasureRequest
from safereport.casework.erasure import truncate_wal
from safereport.web import retention
from tests.integration.casework import erasure_builders as eb

# Column types whose values could hold a ciphertext or a name, as each database names them.
TEXTUAL = ("char", "text", "json", "bytea", "blob", "clob")


def textual_columns(table: str) -> list[str]:
    """The table's columns that can hold text or bytes, from the schema itself: PostgreSQL's
    information schema, SQLite's table_info."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = %s",
                [table],
            )
        else:
            cursor.execute("SELECT name, type FROM pragma_table_info(%s)", [table])
        return [name for name, kind in cursor.fetchall() if any(t in kind.lower() for t in TEXTUAL)]


def every_value() -> list[str]:
    """Every text, JSON and binary value of every table, as text: a raw read of it all."""
    found: list[str] = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in textual_columns(table):
                cursor.execute(f"SELECT {quote(column)} FROM {quote(table)}")  # noqa: S608 - names from the schema
                found.extend(
                    bytes(value).decode("utf-8", "replace")
                    if isinstance(value, bytes | memoryview)
                    else str(value)
                    for (value,) in cursor.fetchall()
                    if value is not None
                )
    return found


def file_bytes() -> bytes:
    """On SQLite, the database file and its write-ahead log, byte for byte; on PostgreSQL,
    nothing (its files are the server's: README)."""
    if connection.vendor != "sqlite":
        return b""
    name = Path(str(connection.settings_dict["NAME"]))
    return b"".join(p.read_bytes() for p in (name, Path(f"{name}-wal")) if p.exists())


def pieces(value: str) -> list[bytes]:
    """A value cut into 32-byte pieces: a long one is split over SQLite's overflow pages, each
    piece whole in one page or across two, so a raw read looks for every piece (32 characters
    of a random ciphertext turn up nowhere by chance)."""
    data = value.encode()
    return [data[i : i + 32] for i in range(0, max(len(data) - 31, 1), 32)]


def assert_no_trace(erased: set[str]) -> None:
    values = "\n".join(every_value())
    raw = file_bytes()
    for value in (*eb.PLAINTEXTS, *erased):
        assert value not in values, f"{value[:24]}... is still in a column"
        found = [piece for piece in pieces(value) if piece in raw]
        assert not found, f"{value[:24]}... is still in the database file: {found[:1]}"


@pytest.mark.django_db(transaction=True)
def test_the_sqlite_connections_zero_what_is_deleted() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA secure_delete")
            assert cursor.fetchone()[0] == 1
        else:  # PostgreSQL keeps dead rows until VACUUM (README): the columns are what it shows
            cursor.execute("SHOW server_version")
            assert cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_a_raw_read_finds_no_trace_of_a_person_erased_on_request() -> None:
    h = eb.held()
    assert h.world.dpo is not None
    before = eb.stored_values()
    assert len(before) >= len(eb.COLUMNS)
    truncate_wal()
    raw = file_bytes()
    # The reads see them before, so they would see them after.
    assert before <= set(every_value())
    if connection.vendor == "sqlite":
        assert all(any(piece in raw for piece in pieces(value)) for value in before)

    actions.erase_person(
        actor=h.world.dpo,
        party=h.party,
        request=ErasureRequest(reference="DPA-2026-7", received_on=timezone.localdate()),
    )

    assert_no_trace(before)


@pytest.mark.django_db(transaction=True)
def test_a_raw_read_finds_no_trace_of_a_case_erased_past_its_period() -> None:
    h = eb.held()
    eb.concluded_years_ago(h.party.case, 7)
    before = eb.stored_values()

    erased = retention.apply()

    assert erased.references[retention.Kind.CASE] == [h.party.case.reference]
    assert_no_trace(before)
