"""ISO 639-1 codes from the maintained list: the codes in use, and nothing that merely looks
like one."""

from __future__ import annotations

import pytest

from safereport.iso639 import LANGUAGES, is_language, language_name


def test_the_table_holds_the_two_letter_codes_in_use_in_order() -> None:
    assert len(LANGUAGES) >= 183  # ISO 639-1 had 183 codes when the service was first built
    assert list(LANGUAGES) == sorted(LANGUAGES)
    assert all(len(code) == 2 and code.islower() for code in LANGUAGES)


@pytest.mark.parametrize("code", ["en", "es", "pt", "tl", "ur", "pa", "ar", "zh", "cy"])
def test_codes_in_use_are_languages(code: str) -> None:
    assert is_language(code)


@pytest.mark.parametrize("code", ["xx", "qq", "EN", "eng", "e", ""])
def test_other_codes_are_not(code: str) -> None:
    assert not is_language(code)


def test_names_are_english_and_unknown_codes_are_echoed() -> None:
    assert language_name("es") == "Spanish"
    assert language_name("tl") == "Tagalog"
    assert language_name("xx") == "xx"


def test_names_lose_the_databases_qualifiers() -> None:
    assert language_name("el") == "Modern Greek"
    assert language_name("sw") == "Swahili"
    assert not any("(" in name for name in LANGUAGES.values())
