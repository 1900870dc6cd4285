"""Which regime a force operates under on a given day, and what a change would alter.

A force has no regime until its data protection officer sets one: deciding under a default the
force never chose would make every decision's citation of "the regime in force" untrue.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from safereport.accounts.models import Organisation
from safereport.casework.errors import NoRegimeError
from safereport.casework.models import ForceRegime, KeptRegimeDiff, RegimeText
from safereport.policy import regimes
from safereport.policy.diff import ChangeGroup, RegimeDiff, SpaceDiff, diff
from safereport.policy.vocabulary import RegimeId


def regime_on(force: Organisation, day: date | None = None) -> ForceRegime | None:
    """The force's regime on `day` (default today): the latest taking effect on or before it."""
    return _taking_effect_by(day or timezone.localdate()).filter(force=force).first()


def regime_in_force_sql(force_column: str) -> tuple[str, list[Any]]:
    """The regime id in force today for the force whose key is in `force_column` (a column of
    the caller's own query, e.g. `c."force_id"`), or NULL: `regime_on` as a subquery in SQL,
    with its values, for the sharing decision's one read of its party (SQL written once)."""
    quote = connection.ops.quote_name
    # Each of IN_FORCE_FIRST's fields is its own column, and every one is descending.
    newest_first = ", ".join(f"r.{quote(name.lstrip('-'))} DESC" for name in IN_FORCE_FIRST)
    subquery = (
        f"(SELECT r.{quote('regime')} FROM {quote(ForceRegime._meta.db_table)} r "  # noqa: S608
        f"WHERE r.{quote('effective_from')} <= %s AND r.{quote('force_id')} = {force_column} "
        f"ORDER BY {newest_first} LIMIT 1)"
    )
    return subquery, [connection.ops.adapt_datefield_value(timezone.localdate())]


# The regime in force on a day is the latest taking effect by then; of two taking effect the
# same day, the one set last.
IN_FORCE_FIRST = ("-effective_from", "-created_at", "-id")


def _taking_effect_by(day: date) -> QuerySet[ForceRegime]:
    """Every force's regimes taking effect on or before `day`, the one in force first."""
    return ForceRegime.objects.filter(effective_from__lte=day).order_by(*IN_FORCE_FIRST)


def current_regime(force: Organisation) -> ForceRegime:
    """The regime in force today, or `NoRegimeError`."""
    found = regime_on(force)
    if found is None:
        raise no_regime(force)
    return found


def no_regime(force: Organisation) -> NoRegimeError:
    """The refusal of a decision asked of a force with no regime in force."""
    return NoRegimeError(
        f"{force.name} has no regime in force yet: its data protection officer must set one "
        "before any sharing decision can be made.",
        {"regime": "not set"},
    )


def compare(before: RegimeId, after: RegimeId, *, wait: bool = True) -> RegimeDiff | None:
    """`policy diff before after` as kept for the two regimes' current versions (`KeptRegimeDiff`).
    Not kept yet: with `wait`, computed here and kept (10 to 30 s: run it before opening a
    transaction); without, queued for the background worker, and None until it is done."""
    before, after = RegimeId(before), RegimeId(after)
    kept = _kept(before, after)
    if kept is not None and kept.status == KeptRegimeDiff.Status.DONE and kept.result:
        return diff_from_json(kept.result)
    if not wait:
        queue_diff(before, after)
        return None
    computed = diff(before, after)
    keep_diff(before, after, computed)
    return computed


def comparing(before: RegimeId, after: RegimeId) -> KeptRegimeDiff | None:
    """The kept (or queued) comparison of the two regimes' current versions, if any."""
    return _kept(RegimeId(before), RegimeId(after))


def _kept(before: RegimeId, after: RegimeId) -> KeptRegimeDiff | None:
    return KeptRegimeDiff.objects.filter(
        before_version=regimes.load(before).version, after_version=regimes.load(after).version
    ).first()


def queue_diff(before: RegimeId, after: RegimeId) -> None:
    """Ask the background worker to compare the two regimes, unless kept or asked already (or
    failed: then asked again)."""
    from safereport.casework.tasks import compute_regime_diff  # noqa: PLC0415 - tasks import us

    with transaction.atomic():
        kept, created = KeptRegimeDiff.objects.get_or_create(
            before_version=regimes.load(before).version,
            after_version=regimes.load(after).version,
            defaults={"before": before.value, "after": after.value},
        )
        if not created and kept.status != KeptRegimeDiff.Status.FAILED:
            return
        if not created:
            kept.status, kept.message = KeptRegimeDiff.Status.QUEUED, ""
            kept.save(update_fields=["status", "message"])
        compute_regime_diff.enqueue(before.value, after.value)


def keep_diff(before: RegimeId, after: RegimeId, computed: RegimeDiff) -> None:
    """Keep a comparison made: it never changes for these two versions."""
    KeptRegimeDiff.objects.update_or_create(
        before_version=regimes.load(before).version,
        after_version=regimes.load(after).version,
        defaults={
            "before": before.value,
            "after": after.value,
            "status": KeptRegimeDiff.Status.DONE,
            "result": computed.as_json(),
            "finished_at": timezone.now(),
        },
    )


def queue_every_diff(**_: Any) -> None:
    """After a migration: queue the comparison of every pair of shipped regimes not yet kept, so
    a DPO's change of regime never waits for one."""
    for before in RegimeId:
        for after in RegimeId:
            if before != after:
                queue_diff(before, after)


def diff_from_json(data: dict[str, Any]) -> RegimeDiff:
    """A comparison back from its JSON (`RegimeDiff.as_json` read the other way)."""

    def space(part: dict[str, Any]) -> SpaceDiff:
        groups = [
            ChangeGroup(
                before=g["from"],
                after=g["to"],
                rules_stop=tuple(g["rules_stop"]),
                rules_start=tuple(g["rules_start"]),
                count=g["count"],
                where=g["where"],
                exact=g["exact"],
            )
            for g in part["groups"]
        ]
        return SpaceDiff(part["compared"], part["changed"], groups)

    return RegimeDiff(
        RegimeId(data["from"]),
        RegimeId(data["to"]),
        space(data["sharing"]),
        space(data["gate"]),
        seconds=float(data.get("seconds", 0.0)),
    )


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
