"""ISO 639-1 language codes and their English names: the one list every part of the service checks
a language against (the police form, the directory, the matching, the statistics). Taken from
pycountry, which ships Debian's iso-codes database (ISO 639-3 and its two-letter codes, kept up to
date by the registration authority's changes). Framework-free.

Names are the database's, without its qualifiers ("Modern Greek (1453-)" is "Modern Greek",
"Swahili (macrolanguage)" is "Swahili"): a person reads them, and the code stays exact.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

import pycountry

_QUALIFIER = re.compile(r"\s*\([^)]*\)$")

LANGUAGES: Mapping[str, str] = MappingProxyType(
    dict(
        sorted(
            (language.alpha_2, _QUALIFIER.sub("", language.name))
            for language in pycountry.languages
            if hasattr(language, "alpha_2")
        )
    )
)


def is_language(code: str) -> bool:
    """Whether `code` is an ISO 639-1 code (two lowercase letters, as the list has them)."""
    return code in LANGUAGES


def language_name(code: str) -> str:
    """The English name of a code, or the code itself when it is not one (never raises)."""
    return LANGUAGES.get(code, code)
