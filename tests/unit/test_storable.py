"""What text can be stored (`safereport.storable`), and the form kit refusing the rest on the
field, by name: a NUL character (PostgreSQL refuses it in text) and an unpaired surrogate (not
Unicode text; UTF-8, the key ring and both databases cannot encode it). A browser's form cannot
send a surrogate (Django decodes forms with replacement), so the kit's check of it is tested
here, on the form itself."""

from __future__ import annotations

import pytest

from safereport import storable
from safereport.web.kit.forms import GovukDateField, GovukForm, radios, text_field


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("Ana Quispe", None),
        ("", None),
        ("\u00e1\u4e2d\U0001f600", None),  # any Unicode text, astral planes too
        ("prot_\x00", storable.HAS_NUL),
        ("\x00", storable.HAS_NUL),
        ("\ud800x", storable.HAS_SURROGATE),
        ("x\udfff", storable.HAS_SURROGATE),
    ],
)
def test_what_can_be_stored(text: str, why: str | None) -> None:
    assert storable.problem(text) == why


class Example(GovukForm):
    given_name = text_field("Given name")
    stage = radios("Stage", [("investigation", "Investigation")], required_message="Select a stage")
    born = GovukDateField(label="Date of birth", required=False)


@pytest.mark.parametrize(
    ("text", "why"), [("Ana\x00", storable.HAS_NUL), ("\ud800x", storable.HAS_SURROGATE)]
)
def test_the_kit_refuses_it_on_the_field_naming_it(text: str, why: str) -> None:
    form = Example({"given_name": text, "stage": text, "born_day": text, "born_month": "1"})

    assert not form.is_valid()
    assert form.errors == {
        "given_name": [f"Given name {why}"],
        "stage": [f"Stage {why}"],
        "born": [f"Date of birth {why}"],
    }


def test_the_kit_still_cleans_what_can_be_stored() -> None:
    form = Example({"given_name": " Ana ", "stage": "investigation"})

    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"given_name": "Ana", "stage": "investigation", "born": None}
