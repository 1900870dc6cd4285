"""The periods statistics are published for: years to 31 March and calendar quarters."""

from __future__ import annotations

from datetime import date

import pytest

from safereport.oversight.periods import PeriodError, parse, year_of


def test_a_year_runs_from_april_to_march() -> None:
    year = parse("2026-27")

    assert (year.start, year.end) == (date(2026, 4, 1), date(2027, 3, 31))
    assert year.label == "April 2026 to March 2027"
    assert date(2027, 3, 31) in year
    assert date(2027, 4, 1) not in year


@pytest.mark.parametrize(
    ("code", "start", "end"),
    [
        ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("2026-q2", date(2026, 4, 1), date(2026, 6, 30)),
        ("2024-Q1", date(2024, 1, 1), date(2024, 3, 31)),
        (" 2026-Q4 ", date(2026, 10, 1), date(2026, 12, 31)),
    ],
)
def test_a_quarter_is_a_calendar_quarter(code: str, start: date, end: date) -> None:
    quarter = parse(code)

    assert (quarter.start, quarter.end) == (start, end)


@pytest.mark.parametrize(
    ("day", "code"), [(date(2026, 12, 1), "2026-27"), (date(2027, 3, 31), "2026-27")]
)
def test_each_day_belongs_to_one_year(day: date, code: str) -> None:
    assert year_of(day).code == code


@pytest.mark.parametrize("typed", ["2026", "2026-28", "2026-Q5", "1999-00", "last year", ""])
def test_anything_else_is_refused_saying_what_is_allowed(typed: str) -> None:
    with pytest.raises(PeriodError) as refused:
        parse(typed)

    assert refused.value.fields == {
        "period": "must be a year to 31 March such as 2026-27, or a quarter such as 2026-Q2,"
        " from 2000 on"
    }
