"""Plain English (issue 11, item 2): every English notice scores Flesch-Kincaid grade 8 or lower
and Flesch reading ease 60 or higher (textstat 0.7.4, which counts syllables offline), and names
no vocabulary id. Swept over every regime, role, crime, status, stage, support and NRM state a
victim or witness can have (no database: the notice is written from the position alone)."""

from __future__ import annotations

import itertools
import re
from functools import cache

import textstat

from safereport.notices import languages
from safereport.notices.text import NoticeText, compose
from safereport.policy import vocabulary as v
from safereport.policy.position import PersonSituation, Position, position
from safereport.policy.situations import CaseState, Crime, Person
from safereport.policy.space import MemoEvaluator

GRADE_AT_MOST = 8.0
EASE_AT_LEAST = 60.0
# A vocabulary id, such as victim_request or domestic_abuse, or a rule id, such as hmicfrs-rec1.
IDS = re.compile(r"\b[a-z]+_[a-z_]+\b|\b[a-z]+-[a-z]+-[a-z0-9-]+\b")


@cache
def every_english_notice() -> list[tuple[str, str]]:
    # The exhaustive check's memoising evaluator: equal to asking Cedar directly (a property test
    # in tests/unit/policy says so), and fast enough to write every notice.
    evaluator = MemoEvaluator()
    found = []
    for regime, role, crime, status, offending, stage, support, nrm in itertools.product(
        v.RegimeId,
        (v.Role.VICTIM, v.Role.WITNESS),
        v.CrimeType,
        v.ImmigrationStatus,
        (False, True),
        v.Stage,
        v.Support,
        (v.Nrm.NONE, v.Nrm.POSITIVE_REASONABLE_GROUNDS),
    ):
        situation = PersonSituation(
            regime,
            Person(role, v.AgeGroup.ADULT, status, offending),
            Crime(crime),
            CaseState(stage, support, nrm),
        )
        found.append(
            (
                f"{regime} {role} {crime} {status} {stage} {support} {nrm}",
                english(position(situation, evaluator=evaluator)),
            )
        )
    return found


def english(found: Position) -> str:
    # A notice is written from its position alone, and the 3,456 situations have about 50
    # positions between them: each is written once.
    if found.digest not in WRITTEN:
        WRITTEN[found.digest] = compose(
            found, "en", force="Example Police", supporters=["A Support Group"]
        ).text
    return WRITTEN[found.digest]


WRITTEN: dict[str, str] = {}


def test_every_english_notice_is_plain() -> None:
    notices = every_english_notice()
    scores = [
        (textstat.flesch_kincaid_grade(text), textstat.flesch_reading_ease(text), which)
        for which, text in notices
    ]
    hardest = max(scores)
    least_easy = min(scores, key=lambda s: s[1])

    assert len(notices) == 4 * 2 * 4 * 3 * 2 * 3 * 3 * 2
    assert hardest[0] <= GRADE_AT_MOST, hardest
    assert least_easy[1] >= EASE_AT_LEAST, least_easy


def test_no_notice_names_a_vocabulary_or_rule_id() -> None:
    for which, text in every_english_notice():
        assert not IDS.findall(text), (which, IDS.findall(text))


def test_a_stored_text_reads_back_as_the_notice_it_was_written_from() -> None:
    # What the person's page shows of a version is its stored text, read back into sections.
    evaluator = MemoEvaluator()
    for regime, role in itertools.product(v.RegimeId, (v.Role.VICTIM, v.Role.WITNESS)):
        found = position(
            PersonSituation(
                regime,
                Person(role, v.AgeGroup.ADULT, v.ImmigrationStatus.INSECURE, False),
                Crime(v.CrimeType.DOMESTIC_ABUSE),
                CaseState(v.Stage.INVESTIGATION, v.Support.NONE, v.Nrm.NONE),
            ),
            evaluator=evaluator,
        )
        for language in languages.codes():
            written = compose(found, language, force="Example Police", supporters=["A", "B"])
            assert NoticeText.from_text(written.text, language) == written, (regime, language)
