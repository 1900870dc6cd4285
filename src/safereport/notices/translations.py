"""The statements in a shipped language, through the project's gettext catalogs.

A notice chooses its language explicitly (`translation.override`), never from the request: the
staff pages stay in English, and the person's notice is in the language recorded for them.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import pgettext

from safereport.notices.languages import language as shipped


def statement_in(rule_id: str, statement: str, language: str) -> str:
    """The policy `rule_id`'s `statement` in `language` (a shipped language's code, else
    `UnknownLanguageError`). Its English text where the catalog has no current translation of
    it, which the catalog tests do not let ship."""
    with translation.override(shipped(language).code):
        return pgettext(rule_id, statement)
