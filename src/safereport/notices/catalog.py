"""The policies' statements as entries of the translation catalog (issue 11, item 3).
Framework-free.

Django's `makemessages` finds strings only in source and templates, and the statements live in
the Cedar files, so `safereport notice statements --write` writes them into a template that
`makemessages` reads and nothing renders: one `{% translate %}` per statement, with the rule's id
as its context. gettext keys a translation by its English text and context, so a statement whose
English changes has no translation until it is translated again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from safereport.policy.regimes import load
from safereport.policy.vocabulary import RegimeId

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # src/safereport
LOCALE_DIR = PACKAGE_DIR / "locale"  # the project's catalogs: LOCALE_PATHS
TEMPLATE = Path(__file__).resolve().parent / "templates" / "notices" / "statements.txt"
DOMAIN = "django"  # the gettext domain of the project's catalogs (Django's, for templates)


class StatementError(ValueError):
    """A statement that cannot be written as a template string: a bug in the policy files."""


@dataclass(frozen=True, order=True, slots=True)
class Statement:
    rule_id: str  # the policy's @id: the catalog entry's context
    text: str  # the policy's @statement: the catalog entry's msgid
    rule: str  # the policy's @rule, for the translators' comment


def statements() -> list[Statement]:
    """Every distinct (rule id, statement) of every regime, sorted by rule id: a policy that two
    regimes share (the protocol's registration) is one entry."""
    found = {
        Statement(rule.id, rule.statement, rule.rule)
        for regime in RegimeId
        for rule in load(regime).rules
    }
    return sorted(found)


def _tag(statement: Statement) -> str:
    # The template language has no escape for a double quote inside a translated string that
    # xgettext would read back as the same msgid; typographic quotes (“ ”) need none.
    for forbidden in ('"', "{", "}", "%"):
        if forbidden in statement.text or forbidden in statement.rule_id:
            raise StatementError(
                f"the statement of {statement.rule_id} contains {forbidden!r}, which cannot be "
                "written in the catalog's template; write typographic quotes (“ ”) instead"
            )
    return (
        f"{{# Translators: what the rule {statement.rule} ({statement.rule_id}) does, said to "
        f"the victim or witness. #}}\n"
        f'{{% translate "{statement.text}" context "{statement.rule_id}" %}}\n'
    )


def template_text() -> str:
    """The template the current policies give."""
    header = (
        "{% load i18n %}{% comment %}\n"
        "Written by `safereport notice statements --write` (`make messages` runs it) from the\n"
        "policies' @statement annotations: do not edit. `makemessages` reads it to put the\n"
        "statements in the catalogs; nothing renders it.\n"
        "{% endcomment %}\n"
    )
    return header + "".join(_tag(statement) for statement in statements())


def template_is_current() -> bool:
    return TEMPLATE.is_file() and TEMPLATE.read_text("utf-8") == template_text()


def write_template() -> bool:
    """Write the template if it is not what the policies give; True when it was rewritten."""
    if template_is_current():
        return False
    TEMPLATE.parent.mkdir(parents=True, exist_ok=True)
    TEMPLATE.write_text(template_text(), "utf-8")
    return True
