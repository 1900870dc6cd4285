"""The languages notices ship in, each with who translated it and whether a qualified translator
has checked it (issue 11, item 3). Framework-free: the settings build `LANGUAGES` from it, and
`safereport notice languages` prints it.

Provenance is recorded as it is, never as hoped: every translation here is a machine draft that
no qualified translator has checked, so a notice in any of them must say that the English
version is alongside. Mark a language checked only when a named, qualified translator has
checked every string of its catalog, and say who in `checked_by`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from safereport.notices.errors import NoticesError

SOURCE = "en"  # the language the statements and templates are written in: the msgids


class Direction(StrEnum):
    LTR = "ltr"
    RTL = "rtl"


@dataclass(frozen=True, slots=True)
class Provenance:
    translator: str  # who wrote the text in this language
    checked: bool  # whether a qualified translator has checked every string
    checked_by: str | None = None  # who checked it, when checked

    def __post_init__(self) -> None:
        # A checked translation without a name behind it would be a claim nobody made.
        if self.checked != (self.checked_by is not None):
            raise ValueError("a translation is checked exactly when it names who checked it")


@dataclass(frozen=True, slots=True)
class Language:
    code: str  # Django's language code (lower case), as `translation.override` takes it
    name: str  # in English
    name_local: str  # in the language itself, as a language switch shows it
    direction: Direction
    provenance: Provenance
    iso639_1: str  # the ISO 639-1 code a person's preferred language is recorded with

    @property
    def is_source(self) -> bool:
        return self.code == SOURCE

    @property
    def needs_english_alongside(self) -> bool:
        """A notice in this language must say that the English version is alongside."""
        return not self.is_source and not self.provenance.checked

    @property
    def locale(self) -> str:
        """The gettext locale name of the catalog's folder (`zh-hans` is `zh_Hans`), as
        Django's `to_locale` makes it."""
        language, _, country = self.code.partition("-")
        if not country:
            return language
        return f"{language}_{country.title() if len(country) > 2 else country.upper()}"

    @property
    def html_lang(self) -> str:
        """The BCP 47 tag for an HTML `lang` attribute (`zh-Hans`)."""
        return self.locale.replace("_", "-")

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "name_local": self.name_local,
            "direction": self.direction.value,
            "source": self.is_source,
            "translator": self.provenance.translator,
            "checked": self.provenance.checked,
            "checked_by": self.provenance.checked_by,
        }


class UnknownLanguageError(NoticesError):
    """A language code that is not one of the shipped languages."""

    code = "unknown_language"

    def __init__(self, code: str) -> None:
        shipped = ", ".join(language.code for language in LANGUAGES)
        super().__init__(
            f"{code!r} is not a shipped language",
            {"language": f"is not a shipped language; the shipped ones are {shipped}"},
        )


AUTHORS = "the Safe Reporting development team"
SOURCE_TEXT = Provenance(translator=f"source text, by {AUTHORS}", checked=False)
MACHINE_DRAFT = Provenance(
    translator=f"machine draft by {AUTHORS}'s AI model",
    checked=False,
)
_LTR, _RTL = Direction.LTR, Direction.RTL

LANGUAGES: tuple[Language, ...] = (
    Language("en", "English", "English", _LTR, SOURCE_TEXT, "en"),
    Language("cy", "Welsh", "Cymraeg", _LTR, MACHINE_DRAFT, "cy"),
    Language("pl", "Polish", "Polski", _LTR, MACHINE_DRAFT, "pl"),
    Language("ro", "Romanian", "Română", _LTR, MACHINE_DRAFT, "ro"),
    Language("pt", "Portuguese", "Português", _LTR, MACHINE_DRAFT, "pt"),
    Language("es", "Spanish", "Español", _LTR, MACHINE_DRAFT, "es"),
    Language("ar", "Arabic", "العربية", _RTL, MACHINE_DRAFT, "ar"),
    Language("ur", "Urdu", "اردو", _RTL, MACHINE_DRAFT, "ur"),
    Language("fa", "Farsi", "فارسی", _RTL, MACHINE_DRAFT, "fa"),
    Language("bn", "Bengali", "বাংলা", _LTR, MACHINE_DRAFT, "bn"),
    Language("zh-hans", "Simplified Chinese", "简体中文", _LTR, MACHINE_DRAFT, "zh"),
    Language("vi", "Vietnamese", "Tiếng Việt", _LTR, MACHINE_DRAFT, "vi"),
    Language("sq", "Albanian", "Shqip", _LTR, MACHINE_DRAFT, "sq"),
    Language("so", "Somali", "Soomaali", _LTR, MACHINE_DRAFT, "so"),
    Language("tr", "Turkish", "Türkçe", _LTR, MACHINE_DRAFT, "tr"),
    Language("lt", "Lithuanian", "Lietuvių", _LTR, MACHINE_DRAFT, "lt"),
)
_BY_CODE = {language.code: language for language in LANGUAGES}

# The languages with a catalog of their own: every one but the source, whose text is the msgids.
TRANSLATED: tuple[Language, ...] = tuple(lang for lang in LANGUAGES if not lang.is_source)


def language(code: str) -> Language:
    """The shipped language of `code` (`UnknownLanguageError`, naming the shipped ones, if none)."""
    try:
        return _BY_CODE[code]
    except KeyError:
        raise UnknownLanguageError(code) from None


def codes() -> tuple[str, ...]:
    return tuple(_BY_CODE)


def for_person(iso639_1: str | None) -> Language | None:
    """The shipped language for a person's preferred language (an ISO 639-1 code, as case work
    records it), or None when no notice ships in it."""
    return next((lang for lang in LANGUAGES if lang.iso639_1 == iso639_1), None)


def provenance_table() -> str:
    """The shipped languages and their provenance as a Markdown table (the README's)."""
    rows = [
        "| code | language | own name | direction | translated by | checked by a qualified "
        "translator |",
        "|---|---|---|---|---|---|",
    ]
    for lang in LANGUAGES:
        if lang.is_source:
            checked = "not applicable: the source"
        elif lang.provenance.checked:
            checked = f"yes, by {lang.provenance.checked_by}"
        else:
            checked = "no"
        rows.append(
            f"| `{lang.code}` | {lang.name} | {lang.name_local} | {lang.direction.value} "
            f"| {lang.provenance.translator} | {checked} |"
        )
    return "\n".join(rows) + "\n"
