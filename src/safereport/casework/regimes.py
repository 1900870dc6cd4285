"""Which regime a force operates under on a given day, and what a change would alter.

A force has no regime until its data protection officer sets one: deciding under a default the
force never chose would make every decision's citation of "the regime in force" untrue.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from safereport.accounts.models import Organisation
from safereport.casework.errors import NoRegimeError
from safereport.casework.models import ForceRegime, RegimeText
from safereport.policy import regimes
from safereport.policy.diff import RegimeDiff, diff
from safereport.policy.vocabulary import RegimeId


def regime_on(force: Organisation, day: date | None = None) -> ForceRegime | None:
    """The force's regime on `day` (default today): the latest taking effect on or before it."""
    day = day or timezone.localdate()
    return (
        ForceRegime.objects.filter(force=force, effective_from__lte=day)
        .order_by("-effective_from", "-created_at", "-id")
        .first()
    )


def current_regime(force: Organisation) -> ForceRegime:
    """The regime in force today, or `NoRegimeError`."""
    found = regime_on(force)
    if found is None:
        raise NoRegimeError(
            f"{force.name} has no regime in force yet: its data protection officer must set one "
            "before any sharing decision can be made.",
            {"regime": "not set"},
        )
    return found


def compare(before: RegimeId, after: RegimeId) -> RegimeDiff:
    """`policy diff before after` (about 10 s: run it before opening a transaction)."""
    return diff(before, after)


def diff_counts(shown: RegimeDiff | None) -> dict[str, Any]:
    """What a comparison said, as counts only (the groups' wording can be recomputed)."""
    if shown is None:
        return {}
    return {
        "from": shown.before.value,
        "to": shown.after.value,
        "sharing": {
            "compared": shown.sharing.compared,
            "changed": shown.sharing.changed,
            "groups": len(shown.sharing.groups),
        },
        "gate": {
            "compared": shown.gate.compared,
            "changed": shown.gate.changed,
            "groups": len(shown.gate.groups),
        },
    }


def store_regime_texts(**_: Any) -> None:
    """Keep the policy text of every shipped regime's current version (`RegimeText`): run after
    every migration, so every version the service has ever decided under is kept."""
    for regime in RegimeId:
        loaded = regimes.load(regime)
        RegimeText.objects.get_or_create(
            version=loaded.version, defaults={"regime": regime.value, "text": loaded.text}
        )


def regime_of_version(regime: RegimeId, version: str) -> regimes.Regime | None:
    """The regime as it was at `version`: the shipped one if current, else built from its kept
    text; None when the text of that version was never kept."""
    if regimes.load(regime).version == version:
        return regimes.load(regime)
    return _built(regime, version)


# Regimes built from kept texts, by version (a version's text never changes: it is its hash).
_BUILT: dict[str, regimes.Regime] = {}


def _built(regime: RegimeId, version: str) -> regimes.Regime | None:
    if version not in _BUILT:
        kept = RegimeText.objects.filter(version=version, regime=regime.value).first()
        if kept is None:
            return None
        _BUILT[version] = regimes.build(regime, kept.text)
    return _BUILT[version]
