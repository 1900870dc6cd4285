"""What the police see of a third-party report must not give away who the person is: names are
found ignoring case, accents and spacing; phone numbers by their digits; email addresses whole."""

from __future__ import annotations

import pytest

from safereport.pathways.anonymity import folded, identifies, pseudonym_names

NAMES = ("Ana María", "Quispe Mamani")


def test_folding_ignores_case_accents_and_spacing() -> None:
    assert folded("  ANA   María-Quíspe ") == "ana maria quispe"


@pytest.mark.parametrize(
    "pseudonym",
    ["Ana María", "ana maria", "ANAMARIA", "Client Quispe", "quíspe", "Mrs Mamani", "AnaMaría Q"],
)
def test_a_pseudonym_that_is_or_holds_a_name_is_found(pseudonym: str) -> None:
    assert pseudonym_names(pseudonym, NAMES)


@pytest.mark.parametrize("pseudonym", ["Client A", "Rosa", "Person 7", "An"])
def test_a_pseudonym_free_of_the_names_is_not(pseudonym: str) -> None:
    assert not pseudonym_names(pseudonym, NAMES)


def test_a_one_or_two_letter_name_is_not_looked_for() -> None:
    # "Li" would otherwise match "Client", "police" and most of the language.
    assert not pseudonym_names("Client B", ("Li", ""))


@pytest.mark.parametrize(
    "summary",
    [
        "Ana was threatened by her partner.",
        "Her partner hit QUISPE at home.",
        "Call her on +44 7700 900 123 after six.",
        "Write to ana.q@example.org only.",
        "Mrs Mamani's partner took her passport.",
    ],
)
def test_a_summary_that_names_or_reaches_the_person_is_found(summary: str) -> None:
    assert identifies(summary, names=NAMES, phone="07700 900123", email="Ana.Q@example.org")


@pytest.mark.parametrize(
    "summary",
    [
        "Controlling behaviour and threats by her partner.",
        "She was called names at the bus stop.",  # "names" is not a name
        "The banana was thrown.",  # a name inside another word is not the name
        "Incident reported on 12 March, ref 4521.",
    ],
)
def test_a_summary_that_does_not_identify_is_not(summary: str) -> None:
    assert not identifies(summary, names=NAMES, phone="07700 900123", email="ana.q@example.org")
