"""The shipped languages and their provenance: the languages issue 11 asks for, right to left
where they are written so, and every translation recorded truthfully as an unchecked machine
draft; `safereport notice languages` and the README say the same."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from safereport.notices import languages
from safereport.notices.languages import Direction, Provenance, UnknownLanguageError
from tests.command_line import run

README = Path(__file__).resolve().parents[3] / "README.md"
ASKED_FOR = {
    "en", "cy", "pl", "ro", "pt", "es", "ar", "ur", "fa", "bn", "zh-hans", "vi", "sq", "so", "tr",
    "lt",
}  # fmt: skip


def test_every_language_asked_for_ships_and_each_once() -> None:
    assert set(languages.codes()) >= ASKED_FOR
    assert len(languages.codes()) == len(languages.LANGUAGES)


def test_english_is_the_source_and_every_other_language_is_translated() -> None:
    assert [lang.code for lang in languages.LANGUAGES if lang.is_source] == ["en"]
    assert "en" not in {lang.code for lang in languages.TRANSLATED}
    assert len(languages.TRANSLATED) == len(languages.LANGUAGES) - 1


def test_arabic_urdu_and_farsi_are_written_right_to_left_and_nothing_else_is() -> None:
    rtl = {lang.code for lang in languages.LANGUAGES if lang.direction is Direction.RTL}

    assert rtl == {"ar", "ur", "fa"}


def test_no_translation_claims_a_check_it_has_not_had() -> None:
    for lang in languages.TRANSLATED:
        assert lang.provenance.checked is False, lang.code
        assert lang.provenance.checked_by is None, lang.code
        assert "AI model" in lang.provenance.translator, lang.code
        assert lang.needs_english_alongside, lang.code
    assert not languages.language("en").needs_english_alongside


def test_a_check_needs_the_name_of_who_checked() -> None:
    with pytest.raises(ValueError, match="names who checked"):
        Provenance("a translator", checked=True)
    with pytest.raises(ValueError, match="names who checked"):
        Provenance("a translator", checked=False, checked_by="someone")

    assert Provenance("a translator", checked=True, checked_by="a qualified translator").checked


def test_locale_names_are_gettexts_and_html_tags_are_bcp_47() -> None:
    chinese = languages.language("zh-hans")

    assert (chinese.locale, chinese.html_lang) == ("zh_Hans", "zh-Hans")
    assert (languages.language("cy").locale, languages.language("cy").html_lang) == ("cy", "cy")


def test_an_unknown_language_is_refused_naming_the_shipped_ones() -> None:
    with pytest.raises(UnknownLanguageError) as refused:
        languages.language("xx")

    assert refused.value.code == "unknown_language"
    assert "'xx'" in refused.value.message
    assert "cy" in refused.value.fields["language"]
    assert "zh-hans" in refused.value.fields["language"]


def test_a_persons_preferred_language_finds_the_notice_language() -> None:
    found = languages.for_person("zh")

    assert found is not None
    assert found.code == "zh-hans"
    assert languages.for_person("fr") is None
    assert languages.for_person(None) is None


def test_the_cli_lists_every_language_with_its_provenance(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(capsys, monkeypatch, "notice", "languages")

    assert code == 0
    for lang in languages.LANGUAGES:
        assert f"{lang.code:<8} {lang.name} ({lang.name_local})" in out
    assert out.count("NOT checked by a qualified translator") == len(languages.TRANSLATED)


def test_the_cli_gives_the_provenance_as_json(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(capsys, monkeypatch, "notice", "languages", "--json")

    listed = {row["code"]: row for row in json.loads(out)["languages"]}
    assert code == 0
    assert set(listed) == set(languages.codes())
    assert listed["ar"]["direction"] == "rtl"
    assert listed["en"]["source"] is True
    assert listed["so"] == {
        "code": "so",
        "name": "Somali",
        "name_local": "Soomaali",
        "direction": "ltr",
        "source": False,
        "translator": "machine draft by the Safe Reporting development team's AI model",
        "checked": False,
        "checked_by": None,
    }


def test_the_cli_gives_the_translated_locales_for_makemessages(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(capsys, monkeypatch, "notice", "languages", "--locales")

    assert code == 0
    assert out.split() == [lang.locale for lang in languages.TRANSLATED]


def test_the_readme_shows_the_registrys_provenance_table() -> None:
    assert languages.provenance_table() in README.read_text("utf-8"), (
        "README.md's provenance table is not the registry's: paste "
        "`safereport.notices.languages.provenance_table()` into it"
    )
