"""Disclosure control for published statistics (DOMAIN.md section 7), in one function: a table of
counts becomes the table that may be published.

Below national level a count from 1 to 7 is published as `[c]` (the Government Statistical
Service's symbol for confidential), every other count is rounded to the nearest 5, and 0 stays 0.
Where a row or column with a published total holds exactly one suppressed cell, the next smallest
cell of that line is suppressed too, so that no suppressed count can be recovered by subtracting
the published cells from the published total. The totals themselves are lines too: the column of
row totals adds up to the grand total, and so does the row of column totals. National tables are
published unrounded.

Framework-free, so the properties that make it safe are tested with Hypothesis in microseconds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

SUPPRESSED = "[c]"
# The largest count published as `[c]`, and the base counts are rounded to, below national level.
SMALLEST_PUBLISHED = 8
ROUNDED_TO = 5

Published = int | str  # a count as published: a number, or SUPPRESSED


@dataclass(frozen=True, slots=True)
class Counts:
    """A table of counts as counted: one row of cells per label, in `columns` order."""

    id: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[int, ...]], ...]

    def __post_init__(self) -> None:
        for label, cells in self.rows:
            if len(cells) != len(self.columns):
                raise ValueError(f"row {label!r} has {len(cells)} cells for {len(self.columns)}")
            if any(cell < 0 for cell in cells):
                raise ValueError(f"row {label!r} has a negative count")

    @classmethod
    def of(
        cls,
        id: str,
        title: str,
        columns: Sequence[str],
        rows: Mapping[str, Mapping[str, int]],
    ) -> Counts:
        """From counts by row label and column (a missing cell is 0), rows in the order given."""
        return cls(
            id,
            title,
            tuple(columns),
            tuple(
                (label, tuple(cells.get(column, 0) for column in columns))
                for label, cells in rows.items()
            ),
        )

    def grid(self) -> list[list[int]]:
        """The cells with their margins: each row ends with its total, and a last row holds the
        column totals and, last of all, the grand total."""
        body = [[*cells, sum(cells)] for _, cells in self.rows]
        totals = [sum(row[c] for row in body) for c in range(len(self.columns) + 1)]
        return [*body, totals]


@dataclass(frozen=True, slots=True)
class Table:
    """A table as published: every count either a number or `[c]`."""

    id: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[Published, ...], Published], ...]  # label, cells, row total
    column_totals: tuple[Published, ...]
    total: Published
    national: bool

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "columns": list(self.columns),
            "rows": [
                {
                    "label": label,
                    "cells": dict(zip(self.columns, cells, strict=True)),
                    "total": total,
                }
                for label, cells, total in self.rows
            ],
            "column_totals": dict(zip(self.columns, self.column_totals, strict=True)),
            "total": self.total,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any], *, national: bool = False) -> Table:
        """A table back from `as_json` (as a transparency return keeps it)."""
        columns = tuple(data["columns"])
        return cls(
            id=data["id"],
            title=data["title"],
            columns=columns,
            rows=tuple(
                (row["label"], tuple(row["cells"][c] for c in columns), row["total"])
                for row in data["rows"]
            ),
            column_totals=tuple(data["column_totals"][c] for c in columns),
            total=data["total"],
            national=national,
        )

    @classmethod
    def in_column_order(cls, stored: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Tables read back from the database with each row's cells in the columns' order again:
        PostgreSQL's `jsonb` keeps an object's keys in an order of its own, and the pages and
        files lay the cells out in the order the cells come."""
        return [cls.from_json(table).as_json() for table in stored]

    def grid(self) -> list[list[Published]]:
        """As `Counts.grid`: the published cells with their margins."""
        return [[*cells, total] for _, cells, total in self.rows] + [
            [*self.column_totals, self.total]
        ]


def controlled(counts: Counts, *, national: bool) -> Table:
    """The table that may be published: national tables as counted, others with small counts
    suppressed, the rest rounded to the nearest 5, and secondary suppression wherever a line with
    a published total would otherwise give a suppressed count away."""
    grid = counts.grid()
    if national:
        published: list[list[Published]] = [list(row) for row in grid]
    else:
        hidden = _suppressed(grid)
        published = [
            [SUPPRESSED if (r, c) in hidden else rounded(value) for c, value in enumerate(row)]
            for r, row in enumerate(grid)
        ]
    *body, totals = published
    return Table(
        id=counts.id,
        title=counts.title,
        columns=counts.columns,
        rows=tuple(
            (label, tuple(row[:-1]), row[-1])
            for (label, _), row in zip(counts.rows, body, strict=True)
        ),
        column_totals=tuple(totals[:-1]),
        total=totals[-1],
        national=national,
    )


def rounded(count: int) -> int:
    """A count rounded to the nearest 5 (halves cannot occur: counts are whole)."""
    return int((Decimal(count) / ROUNDED_TO).quantize(Decimal(1), ROUND_HALF_UP)) * ROUNDED_TO


def is_small(count: int) -> bool:
    """Whether a count is published as `[c]` whatever else the table holds."""
    return 0 < count < SMALLEST_PUBLISHED


def rate(numerator: int, denominator: int, *, national: bool) -> str:
    """A percentage computed from the counts as counted, and suppressed with its numerator (or
    when there is nothing to divide by: `..`, the GSS symbol for not available)."""
    if denominator == 0:
        return ".."
    if not national and is_small(numerator):
        return SUPPRESSED
    return f"{100 * numerator / denominator:.0f}%"


def lines(rows: int, columns: int) -> list[tuple[list[tuple[int, int]], tuple[int, int]]]:
    """Every line of a grid with margins (`rows` and `columns` include them): its cells and the
    cell holding its total. Each body row and the totals row add up to their last cell; each body
    column and the totals column add up to their bottom cell."""
    found = []
    for r in range(rows):
        found.append(([(r, c) for c in range(columns - 1)], (r, columns - 1)))
    for c in range(columns):
        found.append(([(r, c) for r in range(rows - 1)], (rows - 1, c)))
    return found


def _suppressed(grid: list[list[int]]) -> set[tuple[int, int]]:
    """Where `[c]` goes: small counts first, then, until nothing changes, the next smallest
    cell of every line whose total is published and which holds exactly one suppressed cell
    (the total itself when no other cell is left)."""
    hidden = {
        (r, c) for r, row in enumerate(grid) for c, value in enumerate(row) if is_small(value)
    }
    all_lines = lines(len(grid), len(grid[0]))
    changed = True
    while changed:
        changed = False
        for cells, total in all_lines:
            if total in hidden:
                continue
            if sum(cell in hidden for cell in cells) != 1:
                continue
            shown = [cell for cell in cells if cell not in hidden]
            # The smallest non-zero cell hides the most with the least loss; a zero only when
            # nothing else is left, and the total when the line has no other cell at all.
            shown.sort(key=lambda cell: (grid[cell[0]][cell[1]] == 0, grid[cell[0]][cell[1]]))
            hidden.add(shown[0] if shown else total)
            changed = True
    return hidden
