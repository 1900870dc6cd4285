"""The translation catalogs: Django speaks every shipped language (Somali too, which it does not
know itself), and no language ships without a current translation of every string.

"Current" is gettext's own keying: a translation belongs to its English text (msgid) and context,
so an English statement that changes has none until it is translated again (`make messages`
carries the old one over marked fuzzy, which does not count). Every string counts: the policies'
statements, every msgid in any language's catalog, and every string the source marks for
translation today (extracted afresh, so a string nobody ran `make messages` for counts too).
"""

from __future__ import annotations

import gettext
import shutil
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

from safereport.notices import catalog, languages
from safereport.notices.languages import UnknownLanguageError
from safereport.notices.translations import statement_in

LOCALE_DIR = catalog.LOCALE_DIR
TRANSLATED = [lang.code for lang in languages.TRANSLATED]
EXTENSIONS = ["html", "txt", "py"]  # as `make messages` runs makemessages


@dataclass(frozen=True)
class Key:
    context: str | None
    msgid: str

    def sort_key(self) -> tuple[str, str]:
        return (self.context or "", self.msgid)

    @property
    def gettext_key(self) -> str:
        # How a compiled catalog keys a string with a context: "context\x04msgid".
        return self.msgid if self.context is None else f"{self.context}\x04{self.msgid}"

    def __str__(self) -> str:
        return f"[{self.context}] {self.msgid[:60]}" if self.context else self.msgid[:70]


def po_path(code: str, root: Path = LOCALE_DIR) -> Path:
    return root / languages.language(code).locale / "LC_MESSAGES" / f"{catalog.DOMAIN}.po"


def keys(po: polib.POFile) -> set[Key]:
    return {Key(entry.msgctxt, entry.msgid) for entry in po if not entry.obsolete}


def compiled(mo: Path) -> dict[str | tuple[str, int], str]:
    """A compiled catalog's strings, keyed as Python's gettext keys them (a plural form by its
    msgid and the form's index), without the header."""
    with mo.open("rb") as file:
        catalogue: dict[str | tuple[str, int], str] = gettext.GNUTranslations(file)._catalog
    return {key: value for key, value in catalogue.items() if key != ""}


def compiled_form(entry: polib.POEntry) -> dict[str | tuple[str, int], str]:
    """What the compiled catalog holds for a translated entry of a .po file."""
    key = Key(entry.msgctxt, entry.msgid).gettext_key
    if entry.msgid_plural:
        return {(key, index): text for index, text in entry.msgstr_plural.items()}
    return {key: entry.msgstr}


def problems(po: polib.POFile, mo: Path, required: Iterable[Key]) -> list[str]:
    """What keeps this catalog from holding a current translation of every required string."""
    found = {Key(entry.msgctxt, entry.msgid): entry for entry in po if not entry.obsolete}
    shipped = compiled(mo) if mo.is_file() else {}
    wrong = []
    for key in sorted(required, key=Key.sort_key):
        entry = found.get(key)
        if entry is None:
            wrong.append(f"missing: {key}")
        elif "fuzzy" in entry.flags:
            wrong.append(f"fuzzy (the English changed; translate it again): {key}")
        elif not entry.translated():
            wrong.append(f"not translated: {key}")
        elif any(shipped.get(k) != text for k, text in compiled_form(entry).items()):
            wrong.append(f"translated but not compiled (run `make messages`): {key}")
    return wrong


def statement_keys() -> set[Key]:
    return {Key(s.rule_id, s.text) for s in catalog.statements()}


def source_keys(tmp: Path, monkeypatch: pytest.MonkeyPatch) -> set[Key]:
    """The strings the source marks for translation now: `makemessages` as `make messages` runs
    it (in the package's folder, which it walks), on a copy of the package so that the real
    catalogs are not touched, for one language."""
    copy = tmp / "safereport"
    shutil.copytree(
        catalog.PACKAGE_DIR,
        copy,
        ignore=shutil.ignore_patterns("locale", "static", "__pycache__", "*.pyc"),
    )
    (copy / "locale").mkdir()
    monkeypatch.chdir(copy)
    with override_settings(LOCALE_PATHS=[copy / "locale"]):
        call_command(
            "makemessages",
            locale=["cy"],
            extensions=EXTENSIONS,
            no_obsolete=True,
            ignore_patterns=["static/*"],
            verbosity=0,
        )
    return keys(polib.pofile(str(copy / "locale" / "cy" / "LC_MESSAGES" / "django.po")))


@pytest.fixture(scope="module")
def every_msgid() -> set[Key]:
    found = set(statement_keys())
    for code in TRANSLATED:
        found |= keys(polib.pofile(str(po_path(code))))
    return found


def test_the_settings_ship_the_registrys_languages_and_catalogs() -> None:
    assert [code for code, _ in settings.LANGUAGES] == list(languages.codes())
    assert [Path(p) for p in settings.LOCALE_PATHS] == [LOCALE_DIR]
    assert set(settings.LANGUAGES_BIDI) >= {"ar", "ur", "fa"}


def test_the_staff_pages_stay_in_english() -> None:
    # No language from the request: a notice chooses its own with `translation.override`.
    assert "django.middleware.locale.LocaleMiddleware" not in settings.MIDDLEWARE
    assert settings.LANGUAGE_CODE == "en-gb"
    assert translation.get_language() == "en-gb"


@pytest.mark.parametrize("code", languages.codes())
def test_django_speaks_every_shipped_language(code: str) -> None:
    lang = languages.language(code)

    info = translation.get_language_info(code)
    with translation.override(code):
        active, bidi = translation.get_language(), translation.get_language_bidi()

    assert info["code"] == code
    assert info["bidi"] == (lang.direction == "rtl")
    assert (active, bidi) == (code, lang.direction == "rtl")
    assert translation.check_for_language(code)
    assert translation.to_locale(code) == lang.locale


def test_somali_which_django_does_not_ship_is_translated_through_override() -> None:
    statement = next(s for s in catalog.statements() if s.rule_id == "lawful-basis")

    with translation.override("so"):
        said = translation.pgettext(statement.rule_id, statement.text)

    assert translation.get_language_info("so")["name_local"] == "Soomaali"
    assert said.startswith("Booliisku waa inay qoraan")


@pytest.mark.parametrize("code", TRANSLATED)
def test_each_language_has_a_current_translation_of_every_string(
    code: str, every_msgid: set[Key]
) -> None:
    po = polib.pofile(str(po_path(code)))

    wrong = problems(po, po_path(code).with_suffix(".mo"), every_msgid)

    assert not wrong, f"{code} lacks {len(wrong)} translation(s):\n" + "\n".join(wrong)


@pytest.mark.parametrize("code", TRANSLATED)
def test_each_catalogs_header_says_its_language_charset_and_plurals(code: str) -> None:
    po = polib.pofile(str(po_path(code)))

    assert not po.metadata_is_fuzzy  # msgfmt would drop a fuzzy header, and the charset with it
    assert po.metadata["Language"] == languages.language(code).locale
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert "nplurals=" in po.metadata["Plural-Forms"]
    assert "INTEGER" not in po.metadata["Plural-Forms"]
    assert "AI model" in po.metadata["Last-Translator"]


@pytest.mark.parametrize("code", TRANSLATED)
def test_each_compiled_catalog_is_its_po_file_compiled(code: str) -> None:
    po = polib.pofile(str(po_path(code)))
    expected = {
        k: text for entry in po.translated_entries() for k, text in compiled_form(entry).items()
    }

    assert compiled(po_path(code).with_suffix(".mo")) == expected, (
        f"{code}: the .mo is not its .po compiled: run `make messages`"
    )


def test_the_catalogs_hold_every_string_the_source_marks_for_translation(
    tmp_path: Path, every_msgid: set[Key], monkeypatch: pytest.MonkeyPatch
) -> None:
    in_source = source_keys(tmp_path, monkeypatch)

    assert in_source >= statement_keys()
    missing = sorted(in_source - every_msgid, key=Key.sort_key)
    assert not missing, "not in the catalogs (run `make messages`):\n" + "\n".join(
        map(str, missing)
    )
    gone = sorted(every_msgid - in_source, key=Key.sort_key)
    assert not gone, "in the catalogs but no longer in the source (run `make messages`):\n" + (
        "\n".join(map(str, gone))
    )


def test_the_check_finds_a_stale_an_empty_and_an_uncompiled_translation(tmp_path: Path) -> None:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "cy"}
    po.append(polib.POEntry(msgctxt="a", msgid="Current.", msgstr="Cyfredol."))
    po.append(polib.POEntry(msgctxt="b", msgid="Changed.", msgstr="Hen.", flags=["fuzzy"]))
    po.append(polib.POEntry(msgctxt="c", msgid="New.", msgstr=""))
    po.append(
        polib.POEntry(
            msgctxt="p",
            msgid="one day",
            msgid_plural="%(n)s days",
            msgstr_plural={0: "un dydd", 1: ""},
        )
    )
    po.append(
        polib.POEntry(
            msgctxt="q",
            msgid="one week",
            msgid_plural="%(n)s weeks",
            msgstr_plural={0: "un wythnos", 1: "%(n)s wythnos"},
        )
    )
    mo = tmp_path / "django.mo"
    po.save_as_mofile(str(mo))  # compiles fuzzy entries too: the .po flag must still count
    po.append(polib.POEntry(msgctxt="d", msgid="Added after.", msgstr="Wedyn."))

    wanted = [Key(c, m) for c, m in (("a", "Current."), ("b", "Changed."), ("c", "New."))]
    also = [Key("d", "Added after."), Key("e", "Never extracted."), Key("p", "one day")]
    also.append(Key("q", "one week"))  # every plural form translated and compiled: no problem
    wrong = problems(po, mo, [*wanted, *also])

    assert wrong == [
        "fuzzy (the English changed; translate it again): [b] Changed.",
        "not translated: [c] New.",
        "translated but not compiled (run `make messages`): [d] Added after.",
        "missing: [e] Never extracted.",
        "not translated: [p] one day",
    ]


@pytest.mark.parametrize("code", TRANSLATED)
def test_statement_in_gives_each_statement_in_the_language(code: str) -> None:
    po = {Key(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(po_path(code)))}

    for statement in catalog.statements():
        said = statement_in(statement.rule_id, statement.text, code)
        assert said == po[Key(statement.rule_id, statement.text)]
        assert said != statement.text


def test_statement_in_english_is_the_statement() -> None:
    for statement in catalog.statements():
        assert statement_in(statement.rule_id, statement.text, "en") == statement.text


def test_a_changed_statement_has_no_translation_until_translated_again() -> None:
    statement = next(s for s in catalog.statements() if s.rule_id == "lawful-basis")
    changed = statement.text.replace("write down", "record")

    assert statement_in(statement.rule_id, statement.text, "cy") != statement.text
    assert statement_in(statement.rule_id, changed, "cy") == changed
    # The context is part of the key: the same words under another rule are another string.
    assert statement_in("another-rule", statement.text, "cy") == statement.text


def test_statement_in_refuses_a_language_that_does_not_ship() -> None:
    with pytest.raises(UnknownLanguageError):
        statement_in("lawful-basis", "Anything.", "xx")


def test_the_catalogs_ship_in_the_package() -> None:
    # An installed service reads its catalogs from the package (LOCALE_PATHS), compiled: serving
    # never runs gettext. setuptools ships only what `package-data` matches.
    pyproject = tomllib.loads(
        (catalog.PACKAGE_DIR.parents[1] / "pyproject.toml").read_text("utf-8")
    )
    patterns = pyproject["tool"]["setuptools"]["package-data"]["safereport"]
    files = sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.[mp]o"))

    assert len(files) == 2 * len(TRANSLATED)
    for path in files:
        inside = PurePosixPath(path.relative_to(catalog.PACKAGE_DIR).as_posix())
        assert any(inside.match(pattern) for pattern in patterns), inside
