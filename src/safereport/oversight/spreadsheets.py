"""Statistics as files to download (issue 12, item 3): CSV, a row per count, and an OpenDocument
spreadsheet (ODS, written with odfpy) laid out as the Government Statistical Service's guidance
on releasing statistics in spreadsheets asks: a cover sheet first (what the data is, its period,
its source, when it was made, its symbols), a contents sheet, a notes sheet, then one table a
sheet, each starting in cell A1 with its title, with no blank rows or merged cells inside the
table, numbers stored as numbers and `[c]` explained wherever it appears.

Both take tables as published (`Table.as_json()`): disclosure control is already applied.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from odf.opendocument import OpenDocumentSpreadsheet
from odf.style import Style, TableColumnProperties, TextProperties
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import P

from safereport.oversight.disclosure_control import SMALLEST_PUBLISHED, SUPPRESSED

TableJson = Mapping[str, Any]

SOURCE = (
    "Safe Reporting: the records of the police forces, Immigration Enforcement and support "
    "organisations that use the service."
)
SYMBOL = (
    f"{SUPPRESSED} means confidential: a count from 1 to {SMALLEST_PUBLISHED - 1}, not shown so "
    "that nobody can be identified."
)
DISCLOSURE_CONTROL = (
    f"Below national level, counts from 1 to {SMALLEST_PUBLISHED - 1} are shown as {SUPPRESSED}, "
    "other counts are rounded to the nearest 5 and 0 is shown as 0; where one hidden count could "
    "be worked out from a published total, the next smallest count is hidden too. Totals are "
    "computed before rounding, so a row may not add up to its total."
)
NATIONAL = "Counts for England and Wales are published as counted: nothing is rounded or hidden."


@dataclass(frozen=True, slots=True)
class About:
    """What a download is: its title, the scope and period it counts, when it was made, and
    whether disclosure control applies (below national level)."""

    title: str
    scope: str
    period: str
    made_on: date
    controlled: bool

    @property
    def notes(self) -> list[str]:
        return [DISCLOSURE_CONTROL if self.controlled else NATIONAL, SYMBOL]


def csv_rows(tables: Iterable[TableJson]) -> Iterator[list[object]]:
    """Each count of each table, totals included, as `table, table_title, row, column, count`."""
    for table in tables:
        head = [table["id"], table["title"]]
        for row in table["rows"]:
            for column, count in row["cells"].items():
                yield [*head, row["label"], column, count]
            yield [*head, row["label"], "Total", row["total"]]
        for column, count in table["column_totals"].items():
            yield [*head, "Total", column, count]
        yield [*head, "Total", "Total", table["total"]]


CSV_HEADER = ["table", "table_title", "row", "column", "count"]


def as_csv(about: About, tables: Sequence[TableJson]) -> str:
    """The tables as one CSV: a row per count, after the header."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["scope", "period", *CSV_HEADER])
    for row in csv_rows(tables):
        writer.writerow([about.scope, about.period, *row])
    return out.getvalue()


def as_ods(about: About, tables: Sequence[TableJson]) -> bytes:
    """The tables as an ODS spreadsheet: cover sheet, contents, notes, a sheet a table."""
    document = OpenDocumentSpreadsheet()
    bold = Style(name="heading", family="paragraph")
    bold.addElement(TextProperties(fontweight="bold"))
    wide = Style(name="wide", family="table-column")
    wide.addElement(TableColumnProperties(columnwidth="9cm"))
    document.automaticstyles.addElement(bold)
    document.automaticstyles.addElement(wide)

    def sheet(name: str, rows: Iterable[Sequence[object]], *, heading_rows: int = 1) -> None:
        table = Table(name=name)
        table.addElement(TableColumn(stylename=wide))
        for number, values in enumerate(rows):
            row = TableRow()
            for value in values:
                row.addElement(_cell(value, bold if number < heading_rows else None))
            table.addElement(row)
        document.spreadsheet.addElement(table)

    sheet(
        "Cover_sheet",
        [
            [about.title],
            ["This spreadsheet contains statistics counted from the service's records."],
            [f"Scope: {about.scope}"],
            [f"Period: {about.period}"],
            [f"Source: {SOURCE}"],
            [f"Made on: {about.made_on.day} {about.made_on:%B %Y}"],
            ["Symbols: " + SYMBOL],
            ["The notes are on the Notes sheet; the tables are listed on the Contents sheet."],
        ],
    )
    sheet(
        "Contents",
        [
            ["Contents"],
            ["This worksheet contains one table: each sheet of the spreadsheet and what it holds."],
            ["Sheet name", "Table title"],
            ["Notes", "Notes about the tables"],
            *[[_sheet_name(t["id"]), t["title"]] for t in tables],
        ],
        heading_rows=3,
    )
    sheet(
        "Notes",
        [
            ["Notes"],
            ["This worksheet contains one table of notes, which apply to every table."],
            ["Note number", "Note text"],
            *[[f"[note {n}]", text] for n, text in enumerate(about.notes, start=1)],
        ],
        heading_rows=3,
    )
    for table in tables:
        columns = list(table["columns"])
        sheet(
            _sheet_name(table["id"]),
            [
                [table["title"]],
                [
                    "This worksheet contains one table. "
                    + (
                        f"Counts as published [note 1]; {SUPPRESSED} [note 2]."
                        if about.controlled
                        else "Counts as counted [note 1]."
                    )
                ],
                ["", *columns, "Total"],
                *[
                    [row["label"], *(row["cells"][c] for c in columns), row["total"]]
                    for row in table["rows"]
                ],
                ["Total", *(table["column_totals"][c] for c in columns), table["total"]],
            ],
            heading_rows=3,
        )
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def _cell(value: object, style: Style | None) -> TableCell:
    """A number as a number (so it sums), anything else (`[c]`, words) as text."""
    if isinstance(value, int) and not isinstance(value, bool):
        cell = TableCell(valuetype="float", value=value)
    else:
        cell = TableCell(valuetype="string")
    paragraph = P(text=str(value)) if style is None else P(text=str(value), stylename=style)
    cell.addElement(paragraph)
    return cell


def _sheet_name(table_id: str) -> str:
    """A sheet's name: the table's id, as the guidance asks short names without spaces."""
    return table_id[:31]
