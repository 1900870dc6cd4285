"""Charts of the statistics (issue 12, item 3): a stacked bar a row, drawn on the server as SVG
(no script in the browser), each an image with a title and a description, its data table
beside it. Only published numbers are drawn: a `[c]` cell is left out of its bar, and the chart
says so. The geometry is computed here; `templates/oversight/_chart.html` draws it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from safereport.oversight.disclosure_control import SUPPRESSED

# The tables a person would rather look at than read.
CHARTED = frozenset(
    {
        "reports",
        "decisions",
        "checks",
        "referrals",
        "first_contact",
        "by_regime",
        "disclosures_under",
    }
)
# GOV.UK Design System colours, each distinct from its neighbours and from white.
COLOURS = ("#1d70b8", "#f47738", "#00703c", "#4c2c92", "#d4351c", "#505a5f")

WIDTH = 640
LABELS = 190  # room for the row labels, left of the bars
BAR = 22
GAP = 12
TOP = 8


@dataclass(frozen=True, slots=True)
class Segment:
    x: float
    width: float
    colour: str
    column: str
    count: int


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    y: int
    text_y: int
    segments: tuple[Segment, ...]
    total: int
    total_x: float


@dataclass(frozen=True, slots=True)
class Chart:
    id: str
    title: str
    description: str
    height: int
    label_x: int
    bars: tuple[Bar, ...]
    legend: tuple[tuple[str, str], ...]  # (colour, column)


def chart(table: Mapping[str, Any]) -> Chart | None:
    """The chart of a published table, or None for a table not charted or with nothing drawn."""
    if table["id"] not in CHARTED:
        return None
    columns = list(table["columns"])
    drawn = [{c: n for c, n in row["cells"].items() if isinstance(n, int)} for row in table["rows"]]
    largest = max((sum(cells.values()) for cells in drawn), default=0)
    if largest == 0:
        return None
    scale = (WIDTH - LABELS - 50) / largest
    colour = {column: COLOURS[i % len(COLOURS)] for i, column in enumerate(columns)}
    bars = []
    for number, (row, cells) in enumerate(zip(table["rows"], drawn, strict=True)):
        y = TOP + number * (BAR + GAP)
        x = float(LABELS)
        segments = []
        for column in columns:
            if cells.get(column):
                width = cells[column] * scale
                segments.append(Segment(x, width, colour[column], column, cells[column]))
                x += width
        bars.append(Bar(row["label"], y, y + BAR - 6, tuple(segments), sum(cells.values()), x + 6))
    hidden = any(SUPPRESSED in row["cells"].values() for row in table["rows"])
    return Chart(
        id=table["id"],
        title=table["title"],
        description=(
            "A bar for each row of the table that follows, split by its columns; the table has "
            "the same counts." + (f" Counts shown as {SUPPRESSED} are not drawn." if hidden else "")
        ),
        height=TOP + len(bars) * (BAR + GAP),
        label_x=LABELS - 8,
        bars=tuple(bars),
        legend=tuple((colour[c], c) for c in columns),
    )
