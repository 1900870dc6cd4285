"""Duties that another part of the service carries out, and so sees done: a referral offered
through the pathways is what `offer_specialist_support` asks, one sent is what
`refer_to_third_party` asks. Case work sits below the pathways and cannot ask them itself
(ARCHITECTURE.md, the layers), so they say here, when their app is ready, how to tell; a
decision then makes no task for a duty already done for the party, and a duty done stays done
when a later decision owes it again."""

from __future__ import annotations

from collections.abc import Callable

from safereport.casework.models import Party
from safereport.policy.vocabulary import Duty

# Whether the duty has been done for the party, by what the registering part holds.
DoneFor = Callable[[Party], bool]

_checks: dict[Duty, list[DoneFor]] = {}


def register(duty: Duty, done_for: DoneFor) -> None:
    """Say how to tell that `duty` has been done for a party (once per duty and check)."""
    checks = _checks.setdefault(duty, [])
    if done_for not in checks:
        checks.append(done_for)


def already_done(party: Party, duty: Duty) -> bool:
    """Whether a part of the service has done `duty` for the party."""
    return any(done_for(party) for done_for in _checks.get(duty, ()))
