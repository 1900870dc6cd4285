"""The periods statistics are published for (DOMAIN.md section 7): a year to 31 March, as
police and Home Office statistics are, written `2026-27` (1 April 2026 to 31 March 2027), and a
calendar quarter, written `2026-Q2` (April to June 2026), four of which make up each such year
(Q2, Q3, Q4 and the next year's Q1).

Framework-free: parsing and the dates are pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from safereport.errors import ServiceError

YEAR = re.compile(r"^(\d{4})-(\d{2})$")
QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
MONTHS = ("January", "April", "July", "October")
LAST_MONTHS = ("March", "June", "September", "December")
FIRST_YEAR = 2000


class PeriodError(ServiceError):
    code = "invalid_period"


@dataclass(frozen=True, slots=True)
class Period:
    """From `start` up to and including `end`."""

    code: str
    start: date
    end: date

    @property
    def label(self) -> str:
        """As the period is written in a table's title: "April 2026 to March 2027"."""
        return f"{self.start:%B %Y} to {self.end:%B %Y}"

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


def year_ending_march(start_year: int) -> Period:
    """The year from 1 April `start_year` to 31 March of the next."""
    return Period(
        f"{start_year}-{(start_year + 1) % 100:02d}",
        date(start_year, 4, 1),
        date(start_year + 1, 3, 31),
    )


def quarter(year: int, number: int) -> Period:
    """Calendar quarter `number` (1 to 4) of `year`."""
    start = date(year, 3 * number - 2, 1)
    following = date(year + 1, 1, 1) if number == 4 else date(year, 3 * number + 1, 1)
    return Period(f"{year}-Q{number}", start, following - timedelta(days=1))


def year_of(day: date) -> Period:
    """The year to 31 March that holds `day`."""
    return year_ending_march(day.year if day.month >= 4 else day.year - 1)


def parse(code: str) -> Period:
    """A period from how it is written, or a `PeriodError` saying what is allowed."""
    typed = code.strip().upper()
    if match := YEAR.match(typed):
        start = int(match[1])
        if int(match[2]) == (start + 1) % 100 and start >= FIRST_YEAR:
            return year_ending_march(start)
    elif (match := QUARTER.match(typed)) and int(match[1]) >= FIRST_YEAR:
        return quarter(int(match[1]), int(match[2]))
    raise PeriodError(
        f"{code!r} is not a period",
        {
            "period": "must be a year to 31 March such as 2026-27, or a quarter such as 2026-Q2,"
            f" from {FIRST_YEAR} on"
        },
    )
