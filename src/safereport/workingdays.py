"""Working days in England and Wales, for the Victims' Code deadline (right 4: a victim referred
to support services is contacted within 2 working days) and the police's duties, which the
case list counts overdue by the same measure. Framework-free, and below every app so that
case work and the pathways count alike.

Bank holidays come from `govuk-bank-holidays`, the Ministry of Justice's package of GOV.UK's
published list, read from the copy bundled with the package: the service never fetches it at
run time (it runs on closed networks), so a new release of the package brings new years. Past
the last year the bundled list covers, only weekends are skipped; `holidays_known_until` says
when that is, and the app's system check warns before it comes.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

from govuk_bank_holidays.bank_holidays import BankHolidays

FIRST_CONTACT_WORKING_DAYS = 2  # Victims' Code, right 4
SATURDAY = 5  # date.weekday()
DIVISION = BankHolidays.ENGLAND_AND_WALES  # police forces of England and Wales


@cache
def _holidays() -> frozenset[date]:
    # `use_cached_holidays`: the bundled copy, never a download.
    calendar = BankHolidays(use_cached_holidays=True)
    return frozenset(holiday["date"] for holiday in calendar.get_holidays(division=DIVISION))


def holidays_known_until() -> date:
    """The last bank holiday in the bundled list: working days after its year miss holidays."""
    return max(_holidays())


def is_bank_holiday(day: date) -> bool:
    """A bank holiday in England and Wales."""
    return day in _holidays()


def is_working_day(day: date) -> bool:
    """Monday to Friday, and not a bank holiday in England and Wales."""
    return day.weekday() < SATURDAY and not is_bank_holiday(day)


def add_working_days(start: date, days: int) -> date:
    """The `days`-th working day after `start` (`start` itself never counts, working or not)."""
    if days < 1:
        raise ValueError("days must be at least 1")
    day, counted = start, 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def first_contact_due(sent_on: date) -> date:
    """The last day on which first contact keeps to the Victims' Code: the second working day
    after the day the referral was sent (a referral sent on a Friday is due on Tuesday)."""
    return add_working_days(sent_on, FIRST_CONTACT_WORKING_DAYS)


def latest_start_overdue(today: date, days: int) -> date:
    """The last day something could have started and be overdue today, when it must be done
    within `days` working days of starting: overdue means today is after its due day."""
    day = today - timedelta(days=1)
    while add_working_days(day, days) >= today:
        day -= timedelta(days=1)
    return day
