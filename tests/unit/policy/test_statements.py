"""The policies' @statement sentences are what a frightened victim or witness reads (the notices are
built only from them): plain English, held to Flesch-Kincaid grade 8 or lower and Flesch reading
ease 60 or higher, all together and each regime's set, measured with textstat (pinned at 0.7.4:
later versions fetch a dictionary at run time, which fails on a closed network)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
import textstat

from safereport.policy import load
from safereport.policy import vocabulary as v

REGIMES = list(v.RegimeId)
MAX_GRADE = 8.0
MIN_EASE = 60.0
WORST_SHOWN = 5


@dataclass(frozen=True)
class Score:
    grade: float  # Flesch-Kincaid grade level
    ease: float  # Flesch reading ease (0-100, higher is easier)

    @property
    def plain(self) -> bool:
        return self.grade <= MAX_GRADE and self.ease >= MIN_EASE


def score(statements: list[str]) -> Score:
    # Measured over the statements as one text, as a reader meets them in a notice.
    text = " ".join(statements)
    return Score(textstat.flesch_kincaid_grade(text), textstat.flesch_reading_ease(text))


def worst_sentences(statements: list[str]) -> str:
    sentences = [s for statement in statements for s in re.split(r"(?<=[.!?])\s+", statement)]
    ranked = sorted(sentences, key=lambda s: score([s]).grade, reverse=True)
    return "\n".join(
        f"  grade {score([s]).grade:4.1f}, ease {score([s]).ease:5.1f}: {s}"
        for s in ranked[:WORST_SHOWN]
    )


def regime_statements(regime: v.RegimeId) -> list[str]:
    return [rule.statement for rule in load(regime).rules]


def all_statements() -> list[str]:
    # A statement shared by two regimes (the protocol's registration, say) is counted once.
    return list(dict.fromkeys(s for regime in REGIMES for s in regime_statements(regime)))


def assert_plain(what: str, statements: list[str]) -> None:
    measured = score(statements)
    assert measured.plain, (
        f"{what}: grade {measured.grade} (at most {MAX_GRADE}), ease {measured.ease} "
        f"(at least {MIN_EASE}). The hardest sentences:\n{worst_sentences(statements)}"
    )


def test_all_the_statements_together_are_plain_english() -> None:
    assert_plain("all the statements", all_statements())


@pytest.mark.parametrize("regime", REGIMES)
def test_each_regimes_statements_are_plain_english(regime: v.RegimeId) -> None:
    assert_plain(f"{regime.value} (common.cedar and its own file)", regime_statements(regime))


def test_the_measure_rejects_the_legal_register_the_statements_were_rewritten_from() -> None:
    # Two of the statements as they read before they were rewritten for this reader.
    legal = [
        "While the police are investigating or prosecuting the crime and you are receiving "
        "support and advice, Immigration Enforcement will not arrest you, detain you, remove you "
        "from the UK or put reporting conditions on you; there is no time limit on this.",
        "Where none of the protections described here applies, Immigration Enforcement may still "
        "make decisions about your immigration status.",
    ]

    assert not score(legal).plain
    assert "Where none of the protections" in worst_sentences(legal)


# Words of the vocabulary a reader would not know: values written with an underscore or a
# hyphen (`victim_request`, `domestic_abuse`, `complete-firewall`), never a plain word.
VOCABULARY_IDS = sorted(
    {
        member.value
        for kind in (
            v.RegimeId,
            v.ImmigrationStatus,
            v.CrimeType,
            v.Nrm,
            v.Purpose,
            v.Category,
            v.EnforcementAction,
            v.Duty,
        )
        for member in kind
        if "_" in member.value or "-" in member.value
    }
)


@pytest.mark.parametrize("regime", REGIMES)
def test_no_statement_uses_a_vocabulary_id_or_a_rule_id(regime: v.RegimeId) -> None:
    rules = load(regime).rules
    ids = [*VOCABULARY_IDS, *(rule.id for rule in rules if "-" in rule.id)]

    for rule in rules:
        assert "_" not in rule.statement, rule.id
        assert not [i for i in ids if i in rule.statement], rule.id


@pytest.mark.parametrize("regime", REGIMES)
def test_every_statement_speaks_to_the_person(regime: v.RegimeId) -> None:
    for rule in load(regime).rules:
        assert re.search(r"\byou(r)?\b", rule.statement, re.IGNORECASE), rule.id
