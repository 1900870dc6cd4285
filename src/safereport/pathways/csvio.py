"""The directory as CSV: reading an administrator's file row by row into `EntryDetails`, with
each problem named by row and column, and writing the directory in the same shape, so that an
export imports back unchanged.

Lists (services, communities, forces, languages) are separated by ';' within their cell;
true and false are `yes` and `no`; `forces` is `national` for an organisation working across
England and Wales. Row 1 is the header, so the first organisation is row 2, as a spreadsheet
numbers it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from safereport.pathways.directory import SEPARATOR, EntryDetails
from safereport.pathways.errors import PathwaysError

COLUMNS: tuple[str, ...] = (
    "code",
    "name",
    "services",
    "adviser_regulator",
    "adviser_registration",
    "by_and_for",
    "communities",
    "forces",
    "languages",
    "intake_channel",
    "intake_notes",
    "has_capacity",
    "illustrative",
    "listed",
)
NATIONAL = "national"
YES, NO = "yes", "no"
MAX_BYTES = 1_000_000  # a directory of some thousands of organisations fits well within it
MAX_ROWS = 5_000  # organisations in one file


@dataclass(frozen=True)
class Row:
    """One organisation read from a file, with the row number a spreadsheet shows."""

    number: int
    details: EntryDetails


def key(number: int, column: str) -> str:
    """How a problem in a cell is named: `row 3.languages`."""
    return f"row {number}.{column}"


def read(text: str) -> list[Row]:
    """The file's organisations; `PathwaysError` naming every problem of shape (unknown column,
    a yes/no that is neither, a repeated code...). The meaning of each value is checked with the
    rest of the entry by `directory.check_entry`."""
    if len(text.encode()) > MAX_BYTES:
        raise PathwaysError(
            "The file is too large.", {"file": f"must be at most {MAX_BYTES:,} bytes"}
        )
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    try:
        _check_header(reader.fieldnames)
        return _rows(reader)
    except csv.Error as error:
        raise PathwaysError(
            "The file could not be read as CSV: nothing was imported.", {"file": str(error)}
        ) from None


def _rows(reader: csv.DictReader[str]) -> list[Row]:
    rows: list[Row] = []
    problems: dict[str, str] = {}
    seen: dict[str, int] = {}
    for number, raw in enumerate(reader, start=2):
        if number - 1 > MAX_ROWS:
            raise PathwaysError("The file has too many rows.", {"file": f"at most {MAX_ROWS:,}"})
        if None in raw:  # more cells than columns
            problems.setdefault(key(number, "row"), f"has more than {len(COLUMNS)} cells")
            continue
        cells = {name: (raw.get(name) or "").strip() for name in COLUMNS}
        if not any(cells.values()):
            continue  # a blank line, as spreadsheets leave at the end
        details = _details(number, cells, problems)
        code = cells["code"]
        if code in seen:
            problems.setdefault(key(number, "code"), f"repeats the code of row {seen[code]}")
        seen.setdefault(code, number)
        rows.append(Row(number, details))
    if problems:
        raise PathwaysError("The file has problems: nothing was imported.", problems)
    if not rows:
        raise PathwaysError("The file lists no organisations.", {"file": "has no rows"})
    return rows


def _check_header(fieldnames: Sequence[str] | None) -> None:
    found = [name.strip() for name in fieldnames or ()]
    missing = [name for name in COLUMNS if name not in found]
    unknown = [name for name in found if name not in COLUMNS]
    if missing or unknown:
        why = "; ".join(
            part
            for part in (
                f"missing {', '.join(missing)}" if missing else "",
                f"unknown {', '.join(unknown)}" if unknown else "",
            )
            if part
        )
        raise PathwaysError(
            "The first row must name the columns.",
            {"row 1": f"{why}; the columns are {', '.join(COLUMNS)}"},
        )


def _details(number: int, cells: dict[str, str], problems: dict[str, str]) -> EntryDetails:
    flags = {}
    for name in ("by_and_for", "has_capacity", "illustrative", "listed"):
        value = cells[name].lower()
        if value not in (YES, NO):
            problems.setdefault(key(number, name), "must be yes or no")
        flags[name] = value == YES
    forces = _list(cells["forces"])
    national = forces == [NATIONAL]
    if NATIONAL in forces and not national:
        problems.setdefault(key(number, "forces"), "must be 'national' alone, or force codes")
    return EntryDetails(
        code=cells["code"],
        name=cells["name"],
        services=_list(cells["services"]),
        intake_channel=cells["intake_channel"],
        adviser_regulator=cells["adviser_regulator"],
        adviser_registration=cells["adviser_registration"],
        by_and_for=flags["by_and_for"],
        communities=_list(cells["communities"]),
        national=national,
        forces=[] if national else forces,
        languages=[code.lower() for code in _list(cells["languages"])],
        intake_notes=cells["intake_notes"],
        has_capacity=flags["has_capacity"],
        illustrative=flags["illustrative"],
        listed=flags["listed"],
    )


def _list(cell: str) -> list[str]:
    return [item.strip() for item in cell.split(SEPARATOR) if item.strip()]


def write(entries: Iterable[EntryDetails]) -> str:
    """The entries as CSV, in the columns `read` takes."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for entry in entries:
        writer.writerow(
            [
                entry.code,
                entry.name,
                SEPARATOR.join(entry.services),
                entry.adviser_regulator,
                entry.adviser_registration,
                _yes_no(entry.by_and_for),
                SEPARATOR.join(entry.communities),
                NATIONAL if entry.national else SEPARATOR.join(entry.forces),
                SEPARATOR.join(entry.languages),
                entry.intake_channel,
                entry.intake_notes,
                _yes_no(entry.has_capacity),
                _yes_no(entry.illustrative),
                _yes_no(entry.listed),
            ]
        )
    return out.getvalue()


def _yes_no(value: bool) -> str:
    return YES if value else NO
