"""Setting a force's regime, with the comparison its data protection officer was shown.

The rules of a change are checked here and nowhere else: only the force's data protection
officer; a day that is today or later (the regime in force on a past day is never rewritten);
a regime other than the one in force on that day. `plan_force_regime` checks them and computes
the comparison to show; `set_force_regime` checks them again inside its transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from safereport.accounts.models import Organisation, User
from safereport.audit.events import Actor, record
from safereport.audit.names import AuditAction
from safereport.casework import access, regimes, signals
from safereport.casework.errors import CaseworkError, NotPermittedError, Problems
from safereport.casework.models import ForceRegime, Party
from safereport.casework.regimes import diff_counts, regime_on
from safereport.errors import vouched
from safereport.policy.diff import RegimeDiff
from safereport.policy.regimes import REGIME_INFO
from safereport.policy.vocabulary import RegimeId


@dataclass(frozen=True)
class RegimeChange:
    """A change a data protection officer has chosen: the regime, the day, the regime it replaces
    (None for the force's first) and `policy diff`'s comparison of the two."""

    regime: RegimeId
    effective_from: date
    previous: RegimeId | None
    diff: RegimeDiff | None  # None for a first regime, or while it is being compared

    @property
    def comparing(self) -> bool:
        """The comparison is not ready yet: the background worker is making it."""
        return self.previous is not None and self.diff is None


def plan_force_regime(
    *, actor: User, regime: RegimeId | str, effective_from: date | None = None, wait: bool = True
) -> RegimeChange:
    """Check a change the actor chose and compare it with the regime it replaces: the kept
    comparison, else (with `wait`) computed here (10 to 30 s: call it outside a transaction),
    or (without) queued for the background worker, `comparing` until it is done. Nothing is
    changed."""
    chosen, day = _checked(actor, regime, effective_from)
    previous = _previous(actor.organisation, chosen, day)
    return RegimeChange(
        regime=chosen,
        effective_from=day,
        previous=previous,
        diff=regimes.compare(previous, chosen, wait=wait) if previous is not None else None,
    )


def set_force_regime(
    *,
    actor: User,
    regime: RegimeId | str,
    effective_from: date | None = None,
    shown_diff: RegimeDiff | None = None,
    compute_diff: bool = True,
    reason: str = "",
    review_on: date | None = None,
) -> ForceRegime:
    """Set the regime the actor's force operates under from `effective_from` (default today).

    `shown_diff` is the `policy diff` from the regime it replaces that the officer was shown;
    when none is given it is computed here, before the transaction opens (about 10 s), unless
    `compute_diff` is false: a page that showed no comparison (the force had no regime) must not
    have one computed behind its back if a regime was set meanwhile. Its counts are kept with the
    change.
    """
    chosen, day = _checked(actor, regime, effective_from)
    problems = Problems()
    if len(reason) > REASON_LENGTH:
        problems.add("reason", f"must be {REASON_LENGTH:,} characters or fewer")
    if review_on is not None and review_on <= day:
        problems.add("review_on", "must be after the day the regime takes effect")
    problems.raise_if_any("The change of regime cannot be made.")
    if shown_diff is None and compute_diff:
        previous = regime_on(actor.organisation, day)
        if previous is not None and previous.regime != chosen:
            shown_diff = regimes.compare(RegimeId(previous.regime), chosen)
    return _set_force_regime(
        actor=actor,
        regime=chosen,
        day=day,
        shown_diff=shown_diff,
        reason=reason.strip(),
        review_on=review_on,
    )


# How long the DPO's reason for a change may be, in characters.
REASON_LENGTH = 5_000


def _checked(
    actor: User, regime: RegimeId | str, effective_from: date | None
) -> tuple[RegimeId, date]:
    force = actor.organisation
    if not access.may_set_regime(actor, force):
        raise NotPermittedError("Only the force's data protection officer may set its regime.")
    problems = Problems()
    chosen = problems.word(RegimeId, regime, "regime")
    day = effective_from or timezone.localdate()
    if day < timezone.localdate():
        problems.add("effective_from", "must be today or in the future")
    problems.raise_if_any()
    return vouched(chosen), day


def _previous(force: Organisation, chosen: RegimeId, day: date) -> RegimeId | None:
    """The regime in force on `day`, refused if it is the one chosen."""
    previous = regime_on(force, day)
    if previous is None:
        return None
    if previous.regime == chosen:
        raise CaseworkError(
            f"{force.name} already operates under {chosen.value} from that day.",
            {
                "regime": f"{force.name} already operates under {REGIME_INFO[chosen].title} on "
                "that date: choose another regime"
            },
        )
    return RegimeId(previous.regime)


@transaction.atomic
def _set_force_regime(
    *,
    actor: User,
    regime: RegimeId,
    day: date,
    shown_diff: RegimeDiff | None,
    reason: str = "",
    review_on: date | None = None,
) -> ForceRegime:
    force = Organisation.objects.select_for_update().get(pk=actor.organisation_id)
    previous = _previous(force, regime, day)
    expected = None if previous is None else (previous, regime)
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
        force=force,
        regime=regime.value,
        effective_from=day,
        set_by=actor,
        diff_counts=counts,
        reason=reason,
        review_on=review_on,
    )
    record(
        Actor.for_user(actor),
        AuditAction.CASEWORK_FORCE_REGIME_CHANGED,
        subjects=[f"org:{force.code}"],
        details={
            "regime": regime.value,
            "previous": previous.value if previous else None,
            "effective_from": day.isoformat(),
            "diff": counts,
            "review_on": review_on.isoformat() if review_on else None,
        },
    )
    if day <= timezone.localdate():
        # In force from today: every victim's and witness's position may read differently now.
        # A change from a later day reaches each notice when it is next opened
        # (`notices.issuing.caught_up`), or at once with `safereport notice refresh`.
        signals.tell(
            actor,
            "regime",
            Party.objects.filter(case__force=force).select_related("case__force", "person"),
        )
    return change
