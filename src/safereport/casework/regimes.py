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
from safereport.casework.models import ForceRegime
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
