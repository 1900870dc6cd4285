"""The recommendations the service tracks (issue 12, item 4), as data: the 'Safe to share?'
recommendations addressed to police forces, with their text and recipients as the report gives
them (seed `002_5d3773e54a66fdb4.txt`), and the commitments the Home Office (seed
`000_9cc3747c4ea37c01.txt`) and the National Police Chiefs' Council (seed
`004_960044b7495469e0.txt`) made in answer. Forces track the recommendations addressed to chief
constables; the national commitments are shown beside them for context.

Framework-free: what the service holds as evidence is counted in `tracker`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

# 'Safe to share?' was published on 17 December 2020: Rec 1 runs from then, and Rec 8's first
# update was due six months later.
PUBLISHED = date(2020, 12, 17)
REPORT = "002_5d3773e54a66fdb4.txt"
HOME_OFFICE_LETTER = "000_9cc3747c4ea37c01.txt"
NPCC_LETTER = "004_960044b7495469e0.txt"


class Status(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    IMPLEMENTED = "implemented"
    NOT_ACCEPTED = "not_accepted"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


@dataclass(frozen=True, slots=True)
class Recommendation:
    id: str  # as addresses and audit events name it: "rec-1"
    title: str
    recipients: str
    text: str
    source: str  # the seed file it is quoted from
    for_forces: bool  # addressed to chief constables: each force tracks it

    @property
    def is_home_office_or_npcc(self) -> bool:
        return not self.for_forces


RECOMMENDATIONS: tuple[Recommendation, ...] = (
    Recommendation(
        "rec-1",
        "Recommendation 1",
        "Chief constables",
        "As an interim measure, pending the outcome of recommendation 2, where officers only have "
        "concerns or doubts about a victim's immigration status, we recommend that they "
        "immediately stop sharing information on domestic abuse victims with Immigration "
        "Enforcement. Instead, police officers should link the victim to a third party that can "
        "provide advice and assistance, as set out in recommendation 4 (on the creation of safe "
        "reporting pathways).",
        REPORT,
        True,
    ),
    Recommendation(
        "rec-4",
        "Recommendation 4",
        "Chief constables",
        "With reference to recommendation 1, and in consultation/collaboration with local or "
        "national specialist organisations, chief constables should take steps to ensure that "
        "all migrant victims and witnesses of crime are effectively supported through safe "
        "reporting pathways to the police and other statutory agencies.",
        REPORT,
        True,
    ),
    Recommendation(
        "rec-5",
        "Recommendation 5",
        "Chief constables and police and crime commissioners (or equivalents)",
        "With reference to recommendation 1, pending the developments outlined in other "
        "recommendations, and in consultation/collaboration with local or national specialist "
        "organisations, chief constables and police and crime commissioners should take steps, "
        "through the appropriate channels, to promote migrant victims' and witnesses' confidence "
        "in reporting crimes to the police through safe reporting pathways, without fear of "
        "prioritised immigration control.",
        REPORT,
        True,
    ),
    Recommendation(
        "rec-8",
        "Recommendation 8",
        "All recipients of recommendations from this investigation",
        "Provide an update to Her Majesty's Chief Inspector of Constabulary on progress in "
        "implementing these recommendations within six months of the date of publication of "
        "this report.",
        REPORT,
        True,
    ),
    Recommendation(
        "ho-protocol",
        "Home Office: the Immigration Enforcement Migrant Victims Protocol",
        "The Home Office",
        "As an alternative, the Home Office will introduce an Immigration Enforcement Migrant "
        "Victims Protocol which "
        "will set out that no immigration enforcement action should be taken against a victim "
        "whilst investigation and prosecution proceedings are ongoing, and the victim is "
        "receiving support and advice, including on making an application to regularise their "
        "stay.",
        HOME_OFFICE_LETTER,
        False,
    ),
    Recommendation(
        "npcc-referral-pathway",
        "NPCC: a routine referral pathway",
        "The National Police Chiefs' Council",
        "The NPCC will support the Home Office to create or enhance referral pathways as we work "
        "towards a routine referral pathway available nationally for all victims of domestic "
        "abuse.",
        NPCC_LETTER,
        False,
    ),
)
BY_ID = {recommendation.id: recommendation for recommendation in RECOMMENDATIONS}
FOR_FORCES = tuple(r for r in RECOMMENDATIONS if r.for_forces)


def updates_due(until: date) -> list[date]:
    """When each six-monthly progress update (Rec 8) fell due, from six months after the
    report's publication, up to and including `until`."""
    due: list[date] = []
    months = 6
    while True:
        year, month = divmod(PUBLISHED.month - 1 + months, 12)
        day = date(PUBLISHED.year + year, month + 1, PUBLISHED.day)
        if day > until:
            return due
        due.append(day)
        months += 6
