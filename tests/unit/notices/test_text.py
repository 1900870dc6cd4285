"""The notice's lists and dates as each language writes them, not as English does."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from safereport.notices.text import day, listed


@pytest.mark.parametrize(
    ("language", "separator"), [("en", ", "), ("pl", ", "), ("ar", "، "), ("zh-hans", "、")]
)
def test_lists_are_separated_as_the_language_separates_them(language: str, separator: str) -> None:
    with translation.override(language):
        written = listed(["one", "two", "three"])

    assert written.startswith(f"one{separator}two")
    assert written.endswith("three")


@pytest.mark.parametrize(
    ("language", "written"),
    [
        ("en", "3 March 2026"),  # as GOV.UK writes dates
        ("pl", "3 marca 2026"),  # the month's name as it follows a day
        ("zh-hans", "2026年3月3日"),
        ("so", "3 March 2026"),  # Django has no Somali formats: as in English
    ],
)
def test_dates_are_written_as_the_language_writes_them(language: str, written: str) -> None:
    with translation.override(language):
        assert day(date(2026, 3, 3)) == written
