"""Disclosure control (issue 12, item 2; DOMAIN.md section 7): worked tables, then the properties
that make a published table safe, over tables Hypothesis makes up: no published count from 1 to
7, every other count a multiple of 5, and no suppressed count recoverable from a published total
by subtraction; national tables exactly as counted."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safereport.oversight.disclosure_control import (
    SUPPRESSED,
    Counts,
    controlled,
    lines,
    rate,
    rounded,
)

C = SUPPRESSED


def table(*rows: tuple[int, ...]) -> Counts:
    columns = tuple(f"c{n}" for n in range(len(rows[0])))
    return Counts("t", "A table", columns, tuple((f"r{n}", row) for n, row in enumerate(rows)))


@pytest.mark.parametrize(
    ("count", "published"), [(0, 0), (8, 10), (12, 10), (13, 15), (15, 15), (537, 535)]
)
def test_counts_round_to_the_nearest_five(count: int, published: int) -> None:
    assert rounded(count) == published


def test_small_counts_are_suppressed_and_zero_stays_zero() -> None:
    published = controlled(table((0, 3, 40), (20, 30, 50)), national=False)

    # 3 is small; its row total (43) is published, so the row's next smallest cell goes too:
    # not the 0 (nothing to hide behind), the 40. Then column c2 holds one suppressed cell, so
    # its next smallest, 50, goes; and column c1 likewise loses 30.
    assert published.rows[0][1] == (0, C, C)
    assert published.rows[0][2] == 45
    assert published.rows[1][1] == (20, C, C)
    assert published.column_totals == (20, 35, 90)
    assert published.total == 145


def test_a_small_total_is_suppressed_and_needs_no_partner() -> None:
    published = controlled(table((2, 0), (30, 40)), national=False)

    # Row r0's total is 2, itself suppressed: subtracting gives nothing away in that row. But
    # column c0's total (32) is published with one suppressed cell, so its 30 goes too; and the
    # column of row totals adds up to the published grand total, so r1's total (70) goes too.
    assert published.rows[0] == ("r0", (C, 0), C)
    assert published.rows[1] == ("r1", (C, 40), C)
    assert published.column_totals == (30, 40)
    assert published.total == 70


def test_national_tables_are_published_as_counted() -> None:
    published = controlled(table((0, 3, 41), (22, 1, 7)), national=True)

    assert [cells for _, cells, _ in published.rows] == [(0, 3, 41), (22, 1, 7)]
    assert published.column_totals == (22, 4, 48)
    assert published.total == 74


def test_the_json_names_each_cell_by_its_column() -> None:
    published = controlled(Counts.of("t", "T", ["a", "b"], {"x": {"a": 10}}), national=False)

    assert published.as_json() == {
        "id": "t",
        "title": "T",
        "columns": ["a", "b"],
        "rows": [{"label": "x", "cells": {"a": 10, "b": 0}, "total": 10}],
        "column_totals": {"a": 10, "b": 0},
        "total": 10,
    }


def test_rates_are_computed_unrounded_and_suppressed_with_their_numerator() -> None:
    assert rate(9, 12, national=False) == "75%"
    assert rate(3, 12, national=False) == C
    assert rate(3, 12, national=True) == "25%"
    assert rate(0, 0, national=False) == ".."


def test_a_table_refuses_rows_of_the_wrong_width_and_negative_counts() -> None:
    with pytest.raises(ValueError, match="row 'r0' has 1 cells for 2"):
        Counts("t", "T", ("a", "b"), (("r0", (1,)),))
    with pytest.raises(ValueError, match="negative"):
        Counts("t", "T", ("a",), (("r0", (-1,)),))


counts = st.integers(min_value=0, max_value=60) | st.sampled_from([0, 0, 1, 7, 8])
tables = st.integers(min_value=1, max_value=5).flatmap(
    lambda width: st.lists(st.tuples(*[counts] * width).map(tuple), min_size=1, max_size=6).map(
        lambda rows: table(*rows)
    )
)


@given(tables)
def test_no_published_count_is_small_and_every_other_is_a_multiple_of_five(
    counted: Counts,
) -> None:
    for row in controlled(counted, national=False).grid():
        for cell in row:
            assert cell == C or (cell % 5 == 0 and not 0 < cell < 8)  # type: ignore[operator]


@given(tables)
def test_no_suppressed_count_can_be_recovered_by_subtraction(counted: Counts) -> None:
    grid = controlled(counted, national=False).grid()

    for cells, (tr, tc) in lines(len(grid), len(grid[0])):
        if grid[tr][tc] != C:
            suppressed = [cell for cell in cells if grid[cell[0]][cell[1]] == C]
            assert len(suppressed) != 1, (cells, grid)


@given(tables)
def test_only_small_counts_and_their_partners_are_suppressed_and_zeros_stay(
    counted: Counts,
) -> None:
    raw = counted.grid()
    published = controlled(counted, national=False).grid()

    for raw_row, row in zip(raw, published, strict=True):
        for value, cell in zip(raw_row, row, strict=True):
            if 0 < value < 8:
                assert cell == C
            elif cell != C:
                assert cell == rounded(value)


@given(tables)
def test_national_tables_keep_every_count(counted: Counts) -> None:
    assert controlled(counted, national=True).grid() == counted.grid()
