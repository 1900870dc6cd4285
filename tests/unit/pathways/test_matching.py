"""Matching is deterministic and explained: who can help, in what order, and why."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from safereport.pathways.matching import Aspect, Candidate, Needs, rank
from safereport.policy.vocabulary import CrimeType

MET = "metropolitan-police-service"


def candidate(code: str, **overrides: Any) -> Candidate:
    values: dict[str, Any] = {
        "code": code,
        "name": code.replace("-", " ").title(),
        "services": frozenset({"domestic_abuse"}),
        "regulator": "",
        "national": False,
        "forces": frozenset({MET}),
        "languages": frozenset({"en"}),
        "communities": (),
        "by_and_for": False,
        "has_capacity": True,
    }
    values.update(overrides)
    return Candidate(**values)


def needs(**overrides: Any) -> Needs:
    values: dict[str, Any] = {
        "crime_type": CrimeType.DOMESTIC_ABUSE,
        "force_code": MET,
        "force_name": "Metropolitan Police Service",
    }
    values.update(overrides)
    return Needs(**values)


def codes(matches: list[Any]) -> list[str]:
    return [m.candidate.code for m in matches]


def test_only_organisations_serving_the_area_with_a_needed_service_are_candidates() -> None:
    found = rank(
        needs(),
        [
            candidate("local"),
            candidate("national", national=True, forces=frozenset()),
            candidate("elsewhere", forces=frozenset({"kent-police"})),
            candidate("wrong-service", services=frozenset({"modern_slavery"})),
        ],
    )

    assert codes(found) == ["local", "national"]


def test_the_persons_language_ranks_first_and_the_reason_says_so() -> None:
    found = rank(
        needs(language="es", interpreter=True),
        [candidate("english-only"), candidate("spanish", languages=frozenset({"en", "es"}))],
    )

    assert codes(found) == ["spanish", "english-only"]
    spanish, english = found
    assert any(
        r.aspect == Aspect.LANGUAGE
        and r.fits
        and r.text == "Works in Spanish: no interpreter needed"
        for r in spanish.reasons
    )
    assert [r.text for r in english.misses] == [
        "Does not list Spanish: an interpreter would be needed"
    ]


def test_capacity_comes_before_everything_else() -> None:
    full = candidate("full", languages=frozenset({"es"}), has_capacity=False)
    found = rank(needs(language="es"), [full, candidate("room")])

    assert codes(found) == ["room", "full"]
    assert [r.text for r in found[1].misses] == ["Has no capacity at present"]


def test_immigration_advice_is_matched_only_to_regulated_advisers() -> None:
    adviser = candidate(
        "adviser",
        services=frozenset({"domestic_abuse", "immigration_advice"}),
        regulator="Immigration Advice Authority (formerly OISC)",
    )
    found = rank(needs(immigration_advice=True), [candidate("plain"), adviser])

    assert codes(found) == ["adviser", "plain"]
    assert found[0].fits[1].text == (
        "Gives regulated immigration advice (Immigration Advice Authority (formerly OISC))"
    )
    assert "Does not give regulated immigration advice" in [r.text for r in found[1].misses]


def test_an_adviser_alone_is_a_candidate_for_a_crime_with_no_specialist_service() -> None:
    adviser = candidate("adviser", services=frozenset({"immigration_advice"}), regulator="IAA")

    assert codes(rank(needs(crime_type=CrimeType.OTHER), [adviser])) == []
    assert codes(rank(needs(crime_type=CrimeType.OTHER, immigration_advice=True), [adviser])) == [
        "adviser"
    ]


def test_a_by_and_for_organisation_of_the_community_ranks_higher() -> None:
    community = candidate("community", communities=("Latin American women",), by_and_for=True)
    found = rank(needs(community="latin american women"), [candidate("general"), community])

    assert codes(found) == ["community", "general"]
    assert "A 'by and for' organisation of Latin American women" in [r.text for r in found[0].fits]


def test_local_is_preferred_to_national_and_each_says_where_it_works() -> None:
    national = candidate("a-national", national=True, forces=frozenset())
    found = rank(needs(), [national, candidate("z-local")])

    assert codes(found) == ["z-local", "a-national"]
    assert found[0].fits[1].text == "Serves the Metropolitan Police Service area"
    assert found[1].fits[1].text == "Works nationally, including this area"


def test_ties_are_broken_by_name_then_code_so_the_order_never_varies() -> None:
    first = candidate("b-code", name="Same Name")
    second = candidate("a-code", name="Same Name")
    third = candidate("c-code", name="Another Name")
    pool = [first, second, third]

    orders = {
        tuple(codes(rank(needs(), order))) for order in (pool, pool[::-1], pool[1:] + pool[:1])
    }

    assert orders == {("c-code", "a-code", "b-code")}


def test_english_needs_no_language_reason() -> None:
    found = rank(needs(language="en"), [candidate("local")])

    assert Aspect.LANGUAGE not in {r.aspect for r in found[0].reasons}


def test_every_match_says_why_about_service_area_and_capacity() -> None:
    (match,) = rank(needs(language="es"), [replace(candidate("x"), languages=frozenset({"es"}))])

    assert [r.aspect for r in match.reasons] == [
        Aspect.SERVICE,
        Aspect.AREA,
        Aspect.LANGUAGE,
        Aspect.CAPACITY,
    ]
    assert all(r.fits for r in match.reasons)
    assert match.points == 40 + 5 + 20
