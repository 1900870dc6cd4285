"""A directory entry as an administrator gives it (a page or a CSV row), and its checking: every
problem is collected and named by field, so one pass says everything to fix."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from safereport.accounts.forces import FORCE_NAMES, force_code
from safereport.iso639 import is_language
from safereport.pathways.errors import Problems
from safereport.pathways.vocabulary import AdviserRegulator, IntakeChannel, Service

FORCE_CODES: frozenset[str] = frozenset(force_code(name) for name in FORCE_NAMES)
FORCE_NAME_BY_CODE: dict[str, str] = {force_code(name): name for name in FORCE_NAMES}
CODE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # a slug: lowercase words joined by hyphens
REGISTRATION = re.compile(r"[A-Za-z0-9][A-Za-z0-9 /.-]*")
# A cell starting with one of these is run as a formula by spreadsheets (CSV injection): refuse
# it, so that an export opened in a spreadsheet cannot run anything.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SEPARATOR = ";"  # between the items of a list in a CSV cell

MAX_CODE = 80  # characters, as `accounts.Organisation.code`
MAX_NAME = 200  # characters, as `accounts.Organisation.name`
MAX_REGISTRATION = 40  # characters
MAX_COMMUNITY = 100  # characters
MAX_COMMUNITIES = 20
MAX_NOTES = 300  # characters


@dataclass(frozen=True)
class EntryDetails:
    """A support organisation's directory entry, in plain values."""

    code: str
    name: str
    services: Sequence[str]
    intake_channel: str = IntakeChannel.SERVICE_INBOX.value
    adviser_regulator: str = ""
    adviser_registration: str = ""
    by_and_for: bool = False
    communities: Sequence[str] = ()
    national: bool = False
    forces: Sequence[str] = ()
    languages: Sequence[str] = ()
    intake_notes: str = ""
    has_capacity: bool = True
    illustrative: bool = False
    listed: bool = True


def check_entry(details: EntryDetails, problems: Problems, prefix: str = "") -> dict[str, Any]:
    """The entry's column values, with every problem noted under `prefix` + the field name."""
    values: dict[str, Any] = {}
    _code(details.code, problems, f"{prefix}code")
    _text(
        details.name, problems, f"{prefix}name", MAX_NAME, missing="Enter the organisation's name"
    )
    values["services"] = _services(details, problems, prefix)
    regulator = details.adviser_regulator.strip()
    if regulator:
        problems.word(AdviserRegulator, regulator, f"{prefix}adviser_regulator")
    advises = "immigration_advice" in values["services"]
    if advises and not regulator:
        problems.add(
            f"{prefix}adviser_regulator",
            "Select who regulates its immigration advisers: only regulated advisers may give "
            "immigration advice",
        )
    if regulator and not advises:
        problems.add(
            f"{prefix}adviser_regulator", "is only for organisations giving immigration_advice"
        )
    values["adviser_regulator"] = regulator
    registration = details.adviser_registration.strip()
    if registration and (
        len(registration) > MAX_REGISTRATION or not REGISTRATION.fullmatch(registration)
    ):
        problems.add(
            f"{prefix}adviser_registration",
            f"must be letters, digits, spaces, '/', '.' or '-', at most {MAX_REGISTRATION}",
        )
    values["adviser_registration"] = registration
    values["communities"] = _communities(details.communities, problems, prefix)
    values["forces"] = _forces(details, problems, prefix)
    values["languages"] = _languages(details.languages, problems, prefix)
    problems.word(IntakeChannel, details.intake_channel, f"{prefix}intake_channel")
    values["intake_channel"] = details.intake_channel
    _text(details.intake_notes, problems, f"{prefix}intake_notes", MAX_NOTES)
    values["intake_notes"] = details.intake_notes.strip()
    for name in ("by_and_for", "national", "has_capacity", "illustrative", "listed"):
        value = getattr(details, name)
        if not isinstance(value, bool):
            problems.add(f"{prefix}{name}", "must be yes or no")
        values[name] = value
    return values


def _code(code: str, problems: Problems, key: str) -> None:
    if not code:
        problems.add(key, "Enter a code, like latin-american-womens-aid")
    elif len(code) > MAX_CODE or not CODE.fullmatch(code):
        problems.add(
            key, f"must be lowercase letters and digits joined by hyphens, at most {MAX_CODE}"
        )


def _text(value: str, problems: Problems, key: str, limit: int, *, missing: str = "") -> None:
    """A text of at most `limit` characters; required when `missing` says what to enter."""
    if missing and not value.strip():
        problems.add(key, missing)
    elif len(value) > limit:
        problems.add(key, f"must be {limit:,} characters or fewer")
    elif value.startswith(FORMULA_STARTS):
        problems.add(key, "must not start with =, +, -, @ or a tab (spreadsheets run those)")


def _services(details: EntryDetails, problems: Problems, prefix: str) -> list[str]:
    found: list[str] = []
    for value in details.services:
        word = problems.word(Service, value, f"{prefix}services")
        if word is not None and word.value in found:
            problems.add(f"{prefix}services", f"lists {word.value} twice")
        elif word is not None:
            found.append(word.value)
    if not details.services:
        problems.add(
            f"{prefix}services", f"Select at least one service: {', '.join(Service.values)}"
        )
    return [s for s in Service.values if s in found]


def _communities(communities: Sequence[str], problems: Problems, prefix: str) -> list[str]:
    found: list[str] = []
    key = f"{prefix}communities"
    if len(communities) > MAX_COMMUNITIES:
        problems.add(key, f"must list at most {MAX_COMMUNITIES}")
    for community in communities:
        text = community.strip()
        if SEPARATOR in text:
            problems.add(key, f"must not contain '{SEPARATOR}', which separates them in CSV")
        _text(text, problems, key, MAX_COMMUNITY)
        if text and text.casefold() not in {c.casefold() for c in found}:
            found.append(text)
    return found


def _forces(details: EntryDetails, problems: Problems, prefix: str) -> list[str]:
    key = f"{prefix}forces"
    found: list[str] = []
    for code in details.forces:
        if code not in FORCE_CODES:
            problems.add(key, f"'{code[:MAX_CODE]}' is not the code of a police force")
        elif code in found:
            problems.add(key, f"lists {code} twice")
        else:
            found.append(code)
    if details.national and found:
        problems.add(key, "must be empty for a national organisation: it serves every area")
    if not details.national and not found and key not in problems.fields:
        problems.add(key, "Select at least one police force area, or say it works nationally")
    return sorted(found)


def _languages(languages: Sequence[str], problems: Problems, prefix: str) -> list[str]:
    key = f"{prefix}languages"
    found: list[str] = []
    for code in languages:
        if not is_language(code):
            problems.add(key, f"'{code[:10]}' is not an ISO 639-1 language code, like en or es")
        elif code in found:
            problems.add(key, f"lists {code} twice")
        else:
            found.append(code)
    if not languages:
        problems.add(key, "Enter at least one language, as ISO 639-1 codes like en or es")
    return sorted(found)
