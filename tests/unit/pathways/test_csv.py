"""The directory as CSV, without the database: reading names each problem by row and column,
and what is written reads back the same."""

from __future__ import annotations

import pytest

from safereport.pathways import csvio
from safereport.pathways.directory import EntryDetails
from safereport.pathways.errors import PathwaysError

HEADER = ",".join(csvio.COLUMNS)
GOOD = (
    "lawrs-test,Test Rights Service,domestic_abuse;immigration_advice,iaa,F201900123,yes,"
    "Latin American women;Brazilian women,metropolitan-police-service;city-of-london-police,"
    "en;es;pt,service_inbox,,yes,yes,yes"
)
NATIONAL = "national-test,National Test,modern_slavery,,,no,,national,en,phone,,no,no,yes"


def test_a_file_reads_into_entries() -> None:
    rows = csvio.read(f"{HEADER}\r\n{GOOD}\r\n{NATIONAL}\r\n")

    assert [row.number for row in rows] == [2, 3]
    first, second = (row.details for row in rows)
    assert first.services == ["domestic_abuse", "immigration_advice"]
    assert first.adviser_regulator == "iaa"
    assert first.communities == ["Latin American women", "Brazilian women"]
    assert first.forces == ["metropolitan-police-service", "city-of-london-police"]
    assert first.languages == ["en", "es", "pt"]
    assert (first.by_and_for, first.has_capacity, first.illustrative) == (True, True, True)
    assert second.national is True
    assert second.forces == []
    assert second.has_capacity is False


def test_written_entries_read_back_unchanged() -> None:
    entries = [row.details for row in csvio.read(f"{HEADER}\n{GOOD}\n{NATIONAL}\n")]

    again = [row.details for row in csvio.read(csvio.write(entries))]

    assert again == entries


def test_a_spreadsheets_byte_order_mark_and_blank_lines_are_ignored() -> None:
    rows = csvio.read(f"\ufeff{HEADER}\n{GOOD}\n,,,,,,,,,,,,,\n")

    assert len(rows) == 1


def test_shape_problems_are_named_by_row_and_column_together() -> None:
    bad_flag = NATIONAL.replace(",no,no,yes", ",maybe,no,yes").replace("national-test", "x-1")
    mixed = GOOD.replace(
        "metropolitan-police-service;city-of-london-police", "national;kent-police"
    ).replace("lawrs-test", "x-2")
    repeated = NATIONAL.replace("national-test", "x-1")

    with pytest.raises(PathwaysError) as raised:
        csvio.read("\n".join([HEADER, bad_flag, mixed, repeated]))

    assert raised.value.fields == {
        "row 2.has_capacity": "must be yes or no",
        "row 3.forces": "must be 'national' alone, or force codes",
        "row 4.code": "repeats the code of row 2",
    }
    assert raised.value.message == "The file has problems: nothing was imported."


def test_the_header_must_name_every_column_and_no_other() -> None:
    header = HEADER.replace("intake_notes", "notes")

    with pytest.raises(PathwaysError) as raised:
        csvio.read(f"{header}\n{GOOD}\n")

    assert raised.value.fields["row 1"].startswith("missing intake_notes; unknown notes;")


def test_a_row_with_more_cells_than_columns_is_named() -> None:
    with pytest.raises(PathwaysError) as raised:
        csvio.read(f"{HEADER}\n{GOOD},extra\n")

    assert raised.value.fields == {"row 2.row": f"has more than {len(csvio.COLUMNS)} cells"}


def test_an_empty_file_and_a_huge_one_are_refused() -> None:
    with pytest.raises(PathwaysError, match="no organisations"):
        csvio.read(f"{HEADER}\n")
    with pytest.raises(PathwaysError, match="too large"):
        csvio.read("x" * (csvio.MAX_BYTES + 1))


def test_writing_quotes_what_needs_quoting() -> None:
    entry = EntryDetails(
        code="quoted",
        name='The "Quoted", Service',
        services=["domestic_abuse"],
        national=True,
        languages=["en"],
        communities=[],
        forces=[],
    )

    (row,) = csvio.read(csvio.write([entry]))

    assert row.details == entry
