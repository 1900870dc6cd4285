"""A notice rendered from a scenario (`safereport notice render`), for testing and translators:
the decide scenario without its request, and a language. Nothing is stored."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings

from safereport.notices.text import compose
from safereport.policy import ScenarioError, parse_sharing
from safereport.policy.position import PersonSituation, position
from safereport.policy.vocabulary import Category, Consent, Purpose, RegimeId

KEYS = {"regime", "person", "crime", "case", "consent", "language"}


def shipped() -> list[str]:
    """The shipped languages' codes."""
    return [code for code, _ in settings.LANGUAGES]


def render_scenario(data: Any, regime: RegimeId | None, language: str = "en") -> dict[str, Any]:
    """`{"regime", "regime_version", "language", "direction", "sharing", "protection", "rules",
    "title", "text", "sha256"}` for a scenario; bad input is a `ScenarioError` naming each field,
    as `decide` names them (a language not shipped is named with the list of those that are)."""
    if not isinstance(data, Mapping):
        raise ScenarioError({"(scenario)": "must be a JSON object"})
    problems: dict[str, str] = {}
    unknown = sorted(set(data) - KEYS)
    for key in unknown:
        problems[key] = f"is not a field of a notice scenario; expected {', '.join(sorted(KEYS))}"
    chosen = data.get("language", language)
    if not isinstance(chosen, str) or chosen not in shipped():
        problems["language"] = f"must be one of the shipped languages: {', '.join(shipped())}"
    # The decide scenario's parser names every other problem; the request is the position's own.
    as_decision = {k: v for k, v in data.items() if k in KEYS - {"language"}}
    as_decision["request"] = {"purpose": Purpose.VICTIM_REQUEST.value, "categories": list(Category)}
    try:
        situation = parse_sharing(as_decision, regime)
    except ScenarioError as error:
        problems = {**error.fields, **problems}
        raise ScenarioError(problems) from None
    if problems:
        raise ScenarioError(problems)
    # The scenario's consent is the person's to each category, whatever the purpose.
    consent: dict[Category, Consent] = situation.consent_by_category
    found = position(
        PersonSituation(
            situation.regime,
            situation.person,
            situation.crime,
            situation.case,
            PersonSituation.consent_of(dict.fromkeys(Purpose, consent)),
        )
    )
    written = compose(found, str(chosen))
    return {
        "regime": found.regime.value,
        "regime_version": found.regime_version,
        "language": written.language,
        "direction": written.direction,
        "sharing": {
            p.value: {c.value: v.value for c, v in verdicts.items()}
            for p, verdicts in found.sharing.items()
        },
        "protection": {a.value: o.value for a, o in found.protection.items()},
        "rules": [rule.id for rule in found.rules],
        "title": written.title,
        "text": written.text,
        "sha256": written.sha256,
    }
