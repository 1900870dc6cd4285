"""The system check warns before the bundled bank holidays run out, and is quiet until then."""

from __future__ import annotations

from datetime import date
from unittest import mock

from safereport.pathways.apps import bank_holidays_check
from safereport.workingdays import holidays_known_until


def test_quiet_while_the_bank_holidays_run_well_ahead() -> None:
    with mock.patch("django.utils.timezone.localdate", return_value=date(2026, 11, 21)):
        assert bank_holidays_check() == []


def test_warns_half_a_year_before_they_run_out() -> None:
    last = holidays_known_until()
    soon = date(last.year, 9, 1)

    with mock.patch("django.utils.timezone.localdate", return_value=soon):
        (warning,) = bank_holidays_check()

    assert warning.id == "pathways.W001"
    assert last.isoformat() in warning.msg
