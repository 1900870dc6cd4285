"""Matching a victim or witness to support organisations: which ones can help, in what order,
and why. Deterministic and explained; framework-free (the directory is read into `Candidate`s by
`queries.candidates`).

An organisation is a candidate only if it serves the force's area (or works nationally) and
offers at least one service the person needs: the specialist service for the crime, or regulated
immigration advice. Candidates are ranked: those with capacity first; then by points (below);
then by name and code, so that the same facts always give the same order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from safereport.iso639 import language_name
from safereport.policy.vocabulary import CrimeType

# The specialist service for each crime type; `other` crimes have none in the directory.
CRIME_SERVICE: Mapping[CrimeType, str] = {
    CrimeType.DOMESTIC_ABUSE: "domestic_abuse",
    CrimeType.MODERN_SLAVERY: "modern_slavery",
    CrimeType.SEXUAL_VIOLENCE: "sexual_violence",
}
IMMIGRATION_ADVICE = "immigration_advice"
ENGLISH = "en"

# Points, by what fits. The crime's service weighs most: it is why the victim is referred.
# Working in the person's language comes next (more when they need an interpreter, since
# then the alternative is support only through one), then advice on their status, then a
# 'by and for' organisation of their community, then being local rather than national.
POINTS_SERVICE = 40
POINTS_IMMIGRATION_ADVICE = 20
POINTS_LANGUAGE = 20
POINTS_LANGUAGE_WITH_INTERPRETER_NEED = 30
POINTS_COMMUNITY = 10
POINTS_LOCAL = 5


class Aspect(StrEnum):
    """What a reason is about."""

    SERVICE = "service"
    IMMIGRATION_ADVICE = "immigration_advice"
    AREA = "area"
    LANGUAGE = "language"
    COMMUNITY = "community"
    CAPACITY = "capacity"


@dataclass(frozen=True)
class Needs:
    """What the person needs, from the case and the person's record (or as the officer says)."""

    crime_type: CrimeType
    force_code: str
    force_name: str
    language: str = ""  # ISO 639-1; empty when not known
    interpreter: bool = False
    immigration_advice: bool = False
    community: str = ""

    @property
    def services(self) -> tuple[str, ...]:
        """The services that would help, the crime's first."""
        crime = CRIME_SERVICE.get(self.crime_type)
        wanted = [crime] if crime else []
        return (*wanted, *([IMMIGRATION_ADVICE] if self.immigration_advice else []))


@dataclass(frozen=True)
class Candidate:
    """A directory entry as matching sees it."""

    code: str
    name: str
    services: frozenset[str]
    regulator: str  # the adviser regulator's name, when it gives immigration advice
    national: bool
    forces: frozenset[str]
    languages: frozenset[str]
    communities: tuple[str, ...]
    by_and_for: bool
    has_capacity: bool


@dataclass(frozen=True)
class Reason:
    """One thing that fits (or does not) about an organisation, in words for the officer."""

    aspect: Aspect
    fits: bool
    text: str


@dataclass(frozen=True)
class Match:
    """A candidate, its points and the reasons for its place."""

    candidate: Candidate
    points: int
    reasons: tuple[Reason, ...]

    @property
    def fits(self) -> tuple[Reason, ...]:
        return tuple(r for r in self.reasons if r.fits)

    @property
    def misses(self) -> tuple[Reason, ...]:
        return tuple(r for r in self.reasons if not r.fits)


SERVICE_WORDS: Mapping[str, str] = {
    "domestic_abuse": "domestic abuse",
    "modern_slavery": "modern slavery",
    "sexual_violence": "sexual violence",
}


def rank(needs: Needs, candidates: Iterable[Candidate]) -> list[Match]:
    """The organisations that can help, best first, each with its reasons."""
    wanted = set(needs.services)
    matches = [
        _match(needs, candidate)
        for candidate in candidates
        if _serves_area(needs, candidate) and wanted & candidate.services
    ]
    return sorted(
        matches,
        key=lambda m: (
            not m.candidate.has_capacity,
            -m.points,
            m.candidate.name.casefold(),
            m.candidate.code,
        ),
    )


def _serves_area(needs: Needs, candidate: Candidate) -> bool:
    return candidate.national or needs.force_code in candidate.forces


def _match(needs: Needs, candidate: Candidate) -> Match:
    scored = [
        *_service(needs, candidate),
        *_advice(needs, candidate),
        _area(needs, candidate),
        *_language(needs, candidate),
        *_community(needs, candidate),
    ]
    capacity = Reason(
        Aspect.CAPACITY,
        candidate.has_capacity,
        "Has capacity to take referrals now"
        if candidate.has_capacity
        else "Has no capacity at present",
    )
    return Match(
        candidate=candidate,
        points=sum(points for points, _ in scored),
        reasons=(*(reason for _, reason in scored), capacity),
    )


def _service(needs: Needs, candidate: Candidate) -> list[tuple[int, Reason]]:
    service = CRIME_SERVICE.get(needs.crime_type)
    if service is None:
        return []
    words = SERVICE_WORDS[service]
    if service in candidate.services:
        return [(POINTS_SERVICE, Reason(Aspect.SERVICE, True, f"Offers {words} support"))]
    return [(0, Reason(Aspect.SERVICE, False, f"Does not offer {words} support"))]


def _advice(needs: Needs, candidate: Candidate) -> list[tuple[int, Reason]]:
    if not needs.immigration_advice:
        return []
    if IMMIGRATION_ADVICE in candidate.services:
        text = f"Gives regulated immigration advice ({candidate.regulator})"
        return [(POINTS_IMMIGRATION_ADVICE, Reason(Aspect.IMMIGRATION_ADVICE, True, text))]
    text = "Does not give regulated immigration advice"
    return [(0, Reason(Aspect.IMMIGRATION_ADVICE, False, text))]


def _area(needs: Needs, candidate: Candidate) -> tuple[int, Reason]:
    if needs.force_code in candidate.forces:
        return POINTS_LOCAL, Reason(Aspect.AREA, True, f"Serves the {needs.force_name} area")
    return 0, Reason(Aspect.AREA, True, "Works nationally, including this area")


def _language(needs: Needs, candidate: Candidate) -> list[tuple[int, Reason]]:
    if not needs.language or needs.language == ENGLISH:
        return []
    name = language_name(needs.language)
    if needs.language in candidate.languages:
        points = POINTS_LANGUAGE_WITH_INTERPRETER_NEED if needs.interpreter else POINTS_LANGUAGE
        extra = ": no interpreter needed" if needs.interpreter else ""
        return [(points, Reason(Aspect.LANGUAGE, True, f"Works in {name}{extra}"))]
    extra = ": an interpreter would be needed" if needs.interpreter else ""
    return [(0, Reason(Aspect.LANGUAGE, False, f"Does not list {name}{extra}"))]


def _community(needs: Needs, candidate: Candidate) -> list[tuple[int, Reason]]:
    wanted = needs.community.strip().casefold()
    if not wanted:
        return []
    served = next((c for c in candidate.communities if c.casefold() == wanted), None)
    if served is None:
        return []
    if candidate.by_and_for:
        text = f"A 'by and for' organisation of {served}"
    else:
        text = f"Serves {served}"
    return [(POINTS_COMMUNITY, Reason(Aspect.COMMUNITY, True, text))]
