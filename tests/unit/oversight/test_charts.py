"""The statistics' charts (issue 12, item 3): a bar a row, each column's segment as wide as its
count on one scale; `[c]` cells are not drawn and the chart says so; tables not charted, or
with nothing to draw, get none."""

from __future__ import annotations

from safereport.oversight.charts import LABELS, chart
from safereport.oversight.disclosure_control import Counts, controlled


def table(id: str, rows: dict[str, dict[str, int]], *, national: bool = True) -> dict[str, object]:
    counted = Counts.of(id, "Reports", ["Direct", "Third party"], rows)
    return controlled(counted, national=national).as_json()


def test_each_segment_is_as_wide_as_its_count_on_one_scale() -> None:
    drawn = chart(table("reports", {"A": {"Direct": 30, "Third party": 10}, "B": {"Direct": 20}}))

    assert drawn is not None
    a, b = drawn.bars
    direct, third = a.segments
    assert direct.x == LABELS
    assert third.x == direct.x + direct.width
    assert direct.width == 3 * third.width
    assert b.segments[0].width == 2 * third.width
    assert (a.total, b.total) == (40, 20)
    assert drawn.legend == (("#1d70b8", "Direct"), ("#f47738", "Third party"))
    assert "not drawn" not in drawn.description


def test_suppressed_counts_are_left_out_and_the_chart_says_so() -> None:
    drawn = chart(
        table(
            "reports", {"A": {"Direct": 30, "Third party": 3}, "B": {"Direct": 40}}, national=False
        )
    )

    assert drawn is not None
    assert [len(bar.segments) for bar in drawn.bars] == [0, 1]  # A's 30 went with its partner
    assert "Counts shown as [c] are not drawn." in drawn.description


def test_tables_not_charted_or_empty_have_no_chart() -> None:
    assert chart(table("notices", {"A": {"Direct": 30}})) is None
    assert chart(table("reports", {"A": {}})) is None
