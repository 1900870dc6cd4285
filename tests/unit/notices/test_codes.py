"""Access codes: drawn from an alphabet without look-alikes, typed forgivingly (case, spaces,
dashes, full-width forms) but never guessed at, and stored only as a keyed hash bound to the
notice."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safereport.notices.codes import (
    ALPHABET,
    LENGTH,
    code_hash,
    code_matches,
    display_code,
    is_code,
    new_access_code,
    new_notice_reference,
    normalise_code,
    typed_notice_reference,
)

KEY = b"k" * 32
REFERENCE = "ntc_" + "0" * 32
CODE = "ACDEF9GHJK"
codes = st.text(alphabet=ALPHABET, min_size=LENGTH, max_size=LENGTH)


def test_the_alphabet_has_no_look_alikes_and_no_lower_case() -> None:
    assert not set("0O1IL5S2Z8B") & set(ALPHABET)
    assert ALPHABET.upper() == ALPHABET
    assert len(set(ALPHABET)) == len(ALPHABET) == 25


def test_new_codes_are_ten_characters_of_the_alphabet_and_do_not_repeat() -> None:
    drawn = [new_access_code() for _ in range(2000)]

    assert all(re.fullmatch(f"[{ALPHABET}]{{10}}", code) for code in drawn)
    assert len(set(drawn)) == len(drawn)
    assert set("".join(drawn)) == set(ALPHABET)  # every symbol used: ~1e-86 to fail by chance


def test_a_code_is_shown_in_two_groups() -> None:
    assert display_code(CODE) == "ACDEF-9GHJK"


@pytest.mark.parametrize(
    "typed",
    [
        "ACDEF9GHJK",
        "acdef9ghjk",
        "ACDEF-9GHJK",
        " acdef 9ghjk ",
        "AC-DE F9-GH JK",
        "ACDEF\u20139GHJK",  # en dash
        "ACDEF\u22129GHJK",  # minus sign
        "ACDEF\u00a09GHJK",  # no-break space
        "\uff21\uff23\uff24\uff25\uff26\uff19\uff27\uff28\uff2a\uff2b",  # full width
    ],
)
def test_what_a_person_types_is_read_as_the_code(typed: str) -> None:
    assert normalise_code(typed) == CODE
    assert code_matches(
        typed, code_hash(CODE, key=KEY, reference=REFERENCE), key=KEY, reference=REFERENCE
    )


@pytest.mark.parametrize(
    "typed", ["0CDEF9GHJK", "OCDEF9GHJK", "ACDEF9GHJ", "ACDEF9GHJKA", "ACDEF_9GHJK"]
)
def test_a_look_alike_or_a_wrong_length_is_not_guessed_at(typed: str) -> None:
    assert not is_code(normalise_code(typed))
    assert not code_matches(
        typed, code_hash(CODE, key=KEY, reference=REFERENCE), key=KEY, reference=REFERENCE
    )


def test_the_hash_is_hex_and_depends_on_the_key_the_reference_and_the_code() -> None:
    stored = code_hash(CODE, key=KEY, reference=REFERENCE)

    assert re.fullmatch(r"[0-9a-f]{64}", stored)
    assert CODE not in stored
    assert stored == code_hash(CODE, key=KEY.decode(), reference=REFERENCE)
    assert stored != code_hash(CODE, key=b"j" * 32, reference=REFERENCE)
    assert stored != code_hash(CODE, key=KEY, reference="ntc_" + "1" * 32)
    assert stored != code_hash("ACDEF9GHJM", key=KEY, reference=REFERENCE)


def test_a_code_opens_only_its_own_notice_under_its_own_key() -> None:
    stored = code_hash(CODE, key=KEY, reference=REFERENCE)

    assert code_matches(CODE, stored, key=KEY, reference=REFERENCE)
    assert not code_matches("ACDEF9GHJM", stored, key=KEY, reference=REFERENCE)
    assert not code_matches(CODE, stored, key=KEY, reference="ntc_" + "1" * 32)
    assert not code_matches(CODE, stored, key=b"j" * 32, reference=REFERENCE)


@pytest.mark.parametrize("stored", ["", "nothex", "A" * 64, "0" * 63])
def test_a_malformed_stored_hash_matches_nothing(stored: str) -> None:
    assert not code_matches(CODE, stored, key=KEY, reference=REFERENCE)


def test_a_short_key_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 32 bytes"):
        code_hash(CODE, key=b"k" * 31, reference=REFERENCE)


TYPINGS: list[Callable[[str], str]] = [str.lower, str.upper, display_code, " ".join]


@given(codes, st.sampled_from(TYPINGS))
def test_any_code_typed_any_way_matches_its_hash(code: str, typing: Callable[[str], str]) -> None:
    typed = typing(code)
    assert code_matches(
        typed, code_hash(code, key=KEY, reference=REFERENCE), key=KEY, reference=REFERENCE
    )


def test_a_notice_reference_has_the_service_s_shape() -> None:
    assert re.fullmatch(r"ntc_[0-9a-f]{32}", new_notice_reference())
    assert new_notice_reference() != new_notice_reference()


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        (REFERENCE, REFERENCE),
        (f"  {REFERENCE.upper()} ", REFERENCE),
        ("ntc_" + "\uff10" * 32, REFERENCE),  # full-width digits
        ("ntc_123", None),
        ("case_" + "0" * 32, None),
        ("", None),
    ],
)
def test_a_typed_notice_reference_is_read_only_when_it_has_the_shape(
    typed: str, read: str | None
) -> None:
    assert typed_notice_reference(typed) == read
