"""Working days in England and Wales from the bundled bank holidays: the first-contact deadline
of the Victims' Code (right 4) skips weekends and bank holidays."""

from __future__ import annotations

from datetime import date

import pytest

from safereport.workingdays import (
    add_working_days,
    first_contact_due,
    holidays_known_until,
    is_bank_holiday,
    is_working_day,
)


def test_the_bundled_list_knows_the_england_and_wales_bank_holidays() -> None:
    assert is_bank_holiday(date(2026, 4, 3))  # Good Friday
    assert is_bank_holiday(date(2026, 4, 6))  # Easter Monday
    assert is_bank_holiday(date(2025, 12, 25))
    assert is_bank_holiday(date(2025, 12, 26))
    assert not is_bank_holiday(date(2026, 4, 7))
    # St Andrew's Day is a bank holiday in Scotland only.
    assert not is_bank_holiday(date(2026, 11, 30))


def test_weekends_and_bank_holidays_are_not_working_days() -> None:
    assert is_working_day(date(2026, 1, 9))  # a Friday
    assert not is_working_day(date(2026, 1, 10))  # Saturday
    assert not is_working_day(date(2026, 1, 11))  # Sunday
    assert not is_working_day(date(2026, 4, 6))  # Easter Monday


@pytest.mark.parametrize(
    ("sent", "due"),
    [
        (date(2026, 1, 12), date(2026, 1, 14)),  # Monday: Wednesday
        (date(2026, 1, 8), date(2026, 1, 12)),  # Thursday: across the weekend to Monday
        (date(2026, 1, 9), date(2026, 1, 13)),  # Friday: Tuesday
        (date(2026, 1, 10), date(2026, 1, 13)),  # Saturday: Monday is the first working day
        (date(2026, 1, 11), date(2026, 1, 13)),  # Sunday: likewise
        # Thursday before Easter: Good Friday, the weekend and Easter Monday are skipped.
        (date(2026, 4, 2), date(2026, 4, 8)),
        # Christmas Eve 2025 (a Wednesday): Christmas, Boxing Day and the weekend skipped.
        (date(2025, 12, 24), date(2025, 12, 30)),
        # Friday before the early May bank holiday (Monday 4 May 2026).
        (date(2026, 5, 1), date(2026, 5, 6)),
    ],
)
def test_first_contact_is_due_on_the_second_working_day_after_sending(
    sent: date, due: date
) -> None:
    assert first_contact_due(sent) == due


def test_the_day_of_sending_never_counts() -> None:
    assert add_working_days(date(2026, 1, 12), 1) == date(2026, 1, 13)


def test_at_least_one_working_day_must_be_asked_for() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        add_working_days(date(2026, 1, 12), 0)


def test_the_bundled_list_runs_to_the_end_of_2028() -> None:
    assert holidays_known_until() >= date(2028, 12, 26)
