"""The status question, in words an officer can act on: what each answer about a person's
immigration status and offending means (Recommendation 1 turns on the difference, and its notes
ask that the guidance make it clear), and which answer decided a sharing decision."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from safereport.policy.vocabulary import CrimeType, ImmigrationStatus, RegimeId, Role

STATUS_HINTS: Mapping[str, str] = {
    ImmigrationStatus.NOT_IN_QUESTION: (
        "There is no concern about the person's status. For example, they are a British "
        "citizen, or they told you they have settled status and nothing suggests otherwise."
    ),
    ImmigrationStatus.UNCERTAIN: (
        "You only have doubts or concerns: nothing shows that they lack leave. For example, they "
        "had no passport with them, or said their visa depends on their partner, and you have "
        "not checked."
    ),
    ImmigrationStatus.INSECURE: (
        "You know they have no leave, or that their leave is precarious or depends on another "
        "person. For example, their visa has expired, or their spouse visa depends on the "
        "partner who abused them."
    ),
}
OFFENDING_HINT = (
    "Yes only if there is evidence that the person has committed an offence themselves, for "
    "example evidence that they used a false document. Doubts about their status, or that they "
    "have no leave, are not evidence of an offence."
)

# The rule of Recommendation 1 (H1), in `hmicfrs-interim.cedar`.
RECOMMENDATION_1 = "hmicfrs-rec1"


def deciding_answer(regime: str, situation: Mapping[str, Any], rules: list[str]) -> str:
    """Which of the officer's answers about status and offending decided a decision, in words;
    empty where they did not (the rules of the regime do not turn on them).

    `situation` is the stored scenario (`sharing_as_json`); `rules` the ids the decision cites.
    """
    person = situation["person"]
    if regime != RegimeId.HMICFRS_INTERIM or person["role"] != Role.VICTIM:
        return ""
    if situation["crime"]["type"] != CrimeType.DOMESTIC_ABUSE:
        return ""
    if RECOMMENDATION_1 in rules:
        return (
            "This was decided because you recorded that you only have doubts about their status "
            "(uncertain) and no evidence that they committed an offence: Recommendation 1 "
            "protects them."
        )
    if person["suspected_offending"]:
        return (
            "Recommendation 1 did not protect them because you recorded evidence that they "
            "committed an offence themselves."
        )
    if person["immigration_status"] == ImmigrationStatus.INSECURE:
        return (
            "Recommendation 1 did not protect them because you recorded that their status is "
            "known to be insecure, not only in doubt."
        )
    return (
        "Recommendation 1 did not protect them because you recorded no concern about their status."
    )
