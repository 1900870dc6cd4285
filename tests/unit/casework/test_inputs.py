"""A person's details as the police form and the API check them: the preferred language comes
from the same ISO 639-1 list as the directory's (issue 13, item 7)."""

from __future__ import annotations

import pytest

from safereport.casework.inputs import PersonDetails, check_person
from safereport.errors import Problems


def problems_of(details: PersonDetails) -> dict[str, str]:
    found = Problems()
    check_person(details, found)
    return dict(found.fields)


@pytest.mark.parametrize("code", ["es", "pt", "tl", "cy", "ur"])
def test_a_language_in_the_list_is_accepted(code: str) -> None:
    assert problems_of(PersonDetails(given_name="A", preferred_language=code)) == {}


@pytest.mark.parametrize("code", ["qq", "xx", "e1", "eng"])
def test_a_code_that_only_looks_like_one_is_refused_naming_the_field(code: str) -> None:
    assert problems_of(PersonDetails(given_name="A", preferred_language=code)) == {
        "person.preferred_language": "must be a two-letter ISO 639-1 code, like es or pt"
    }
