"""Setting a force's regime, with the comparison its data protection officer was shown."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from safereport.accounts.models import Organisation, User
from safereport.audit.events import Actor, record
from safereport.audit.names import AuditAction
from safereport.casework import access
from safereport.casework.errors import CaseworkError, NotPermittedError, Problems
from safereport.casework.models import ForceRegime
from safereport.casework.regimes import compare, diff_counts, regime_on
from safereport.errors import vouched
from safereport.policy.diff import RegimeDiff
from safereport.policy.vocabulary import RegimeId


def set_force_regime(
    *,
    actor: User,
    regime: RegimeId | str,
    effective_from: date | None = None,
    shown_diff: RegimeDiff | None = None,
) -> ForceRegime:
    """Set the regime the actor's force operates under from `effective_from` (default today).

    Only the force's data protection officer may. `shown_diff` is the `policy diff` from the
    regime it replaces that the officer was shown; when not given it is computed here, before the
    transaction opens (it takes about 10 s). Its counts are kept with the change.
    """
    force = actor.organisation
    if not access.may_set_regime(actor, force):
        raise NotPermittedError("Only the force's data protection officer may set its regime.")
    problems = Problems()
    chosen = problems.word(RegimeId, regime, "regime")
    day = effective_from or timezone.localdate()
    if day < timezone.localdate():
        problems.add("effective_from", "cannot be in the past: the history is not rewritten")
    problems.raise_if_any()
    chosen = vouched(chosen)
    if shown_diff is None:
        previous = regime_on(force, day)
        if previous is not None and previous.regime != chosen:
            shown_diff = compare(RegimeId(previous.regime), chosen)
    return _set_force_regime(actor=actor, regime=chosen, day=day, shown_diff=shown_diff)


@transaction.atomic
def _set_force_regime(
    *, actor: User, regime: RegimeId, day: date, shown_diff: RegimeDiff | None
) -> ForceRegime:
    force = Organisation.objects.select_for_update().get(pk=actor.organisation_id)
    previous = regime_on(force, day)
    if previous is not None and previous.regime == regime:
        raise CaseworkError(
            f"{force.name} already operates under {regime.value} from that day.",
            {"regime": "unchanged"},
        )
    expected = None if previous is None else (RegimeId(previous.regime), regime)
    shown = None if shown_diff is None else (shown_diff.before, shown_diff.after)
    if shown != expected:
        # Someone changed the regime after the comparison was shown, or the wrong one was shown.
        raise CaseworkError(
            "The comparison shown is not between the regime in force and the one chosen: "
            "show the current comparison and confirm again.",
            {"shown_diff": "out of date"},
        )
    counts = diff_counts(shown_diff)
    change = ForceRegime.objects.create(
        force=force, regime=regime.value, effective_from=day, set_by=actor, diff_counts=counts
    )
    record(
        Actor.for_user(actor),
        AuditAction.CASEWORK_FORCE_REGIME_CHANGED,
        subjects=[f"org:{force.code}"],
        details={
            "regime": regime.value,
            "previous": previous.regime if previous else None,
            "effective_from": day.isoformat(),
            "diff": counts,
        },
    )
    return change
