"""The source documents the rules cite, by title: a rule's `@source` names a seed document by its
file name (`002_5d3773e54a66fdb4.txt`), which is exact but means nothing to an officer. Pages
say the document's title instead ("HMICFRS, 'Safe to share?', Recommendation 1") and keep the
file names for whoever needs to look the text up (issue 13, item 6)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from safereport.policy.vocabulary import DUTY_TEXT, Duty

DUTY_RULE = "duty:"  # the prefix of a rule that imposes a duty: `duty:give_notice`

# The seeds of ../shared/seeds/, each by who wrote it and what it is (read from the documents).
TITLES: dict[str, str] = {
    "000_9cc3747c4ea37c01.txt": (
        "Home Office, letter to HMICFRS answering 'Safe to share?' (14 December 2021)"
    ),
    "001_254dc38fcff2b4b2.txt": (
        "Independent Anti-Slavery Commissioner, response to the Home Office review of data sharing"
    ),
    "002_5d3773e54a66fdb4.txt": "HMICFRS, 'Safe to share?'",
    "003_10dcae4fb6beeab4.txt": (
        "Latin American Women's Rights Service and others, joint response calling for a "
        "complete firewall"
    ),
    "004_960044b7495469e0.txt": (
        "National Police Chiefs' Council, letter to HMICFRS on 'Safe to share?' (25 January 2022)"
    ),
}

_FILE = re.compile(r"\b\d{3}_[0-9a-f]{16}\.txt\b")


@dataclass(frozen=True, slots=True)
class Citation:
    text: str  # the source with each document named by its title
    files: tuple[str, ...]  # the seed files it cites, in order, for a details component


def cite(source: str) -> Citation:
    """`source` (a rule's @source, a regime's source) with its seed file names turned into the
    documents' titles. A file name not in TITLES is left as it is: better exact than blank."""
    files = tuple(dict.fromkeys(_FILE.findall(source)))
    return Citation(_FILE.sub(lambda found: TITLES.get(found[0], found[0]), source), files)


def with_citations(rules: list[dict[str, str]]) -> list[dict[str, object]]:
    """Rules as an answer cites them (`id`, `rule`, `effect`, `statement`, `source`), each with its
    `citation` for a page to show."""
    return [{**rule, "citation": cite(rule.get("source", ""))} for rule in rules]


@dataclass(frozen=True, slots=True)
class CitedDuty:
    text: str  # the duty as a sentence: "Tell the person what will and will not be shared..."
    rule: dict[str, object] | None  # the rule that imposes it (with its citation), if cited


def duties_and_rules(
    duties: list[str], rules: list[dict[str, str]]
) -> tuple[list[CitedDuty], list[dict[str, object]]]:
    """An answer's duties, each once and with the rule that imposes it, and its other rules: a
    page lists each duty once, under what follows, rather than again among the rules."""
    cited = {str(rule["rule"]): rule for rule in with_citations(rules)}
    listed = [
        CitedDuty(_sentence(DUTY_TEXT[Duty(duty)]), cited.get(f"{DUTY_RULE}{duty}"))
        for duty in dict.fromkeys(duties)
    ]
    others = [rule for name, rule in cited.items() if not name.startswith(DUTY_RULE)]
    return listed, others


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]
