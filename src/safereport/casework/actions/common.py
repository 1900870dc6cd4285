"""Helpers shared by the actions: locking reads that check access, category lists, and
withdrawing a consent."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db.models import Q, QuerySet
from django.utils import timezone

from safereport.accounts.models import User
from safereport.casework import access
from safereport.casework.errors import AlreadyDoneError, CaseworkError, NotFoundError, Problems
from safereport.casework.models import Case, ConsentBase, Party
from safereport.casework.regimes import regime_in_force_of
from safereport.policy.vocabulary import Category, RegimeId


def case_for_update(actor: User, case: Case) -> Case:
    """The case re-read and locked for this transaction, if the actor may work on it."""
    found = Case.objects.select_for_update().select_related("force").filter(pk=case.pk).first()
    if found is None or not access.may_work_on_case(actor, found):
        raise NotFoundError
    return found


# Who may act on a party, when a part of the service above case work acts for its own users
# (the pathways, for the support organisation a victim was referred or reported to): it passes
# its own rule to the action, which applies it in place of "the police of the case's force".
Access = Callable[[User, Party], bool]


def party_for_update(actor: User, party: Party | str, allowed: Access | None = None) -> Party:
    """The party (or the party with this reference) re-read and locked, with its case and person,
    if the actor may work on it (or, when `allowed` is given, if it says yes).

    Given a reference, this is the only read: the API need not look the party up first.
    """
    return _checked(actor, _locking(party).first(), allowed)


def party_and_regime_for_update(actor: User, party: Party | str) -> tuple[Party, RegimeId | None]:
    """`party_for_update`, with the regime in force today for the party's case's force (None if
    it has none) read in the same query: a sharing decision needs both."""
    found = _locking(party).annotate(regime_in_force=regime_in_force_of("case__force")).first()
    checked = _checked(actor, found, None)
    regime = found.regime_in_force if found is not None else None
    return checked, RegimeId(regime) if regime is not None else None


def _locking(party: Party | str) -> QuerySet[Party]:
    chosen = Q(reference=party) if isinstance(party, str) else Q(pk=party.pk)
    # `of=("self",)`: PostgreSQL cannot lock the nullable side of the join to the person.
    return (
        Party.objects.select_for_update(of=("self",))
        .select_related("case__force", "person")
        .filter(chosen)
    )


def _checked(actor: User, found: Party | None, allowed: Access | None) -> Party:
    if found is None:
        raise NotFoundError
    permitted = allowed(actor, found) if allowed else access.may_work_on_case(actor, found.case)
    if not permitted:
        raise NotFoundError
    return found


def refuse_if_erased(party: Party) -> None:
    """An erased party is closed to anything that would record or send personal data again
    (its facts may still change: they hold none)."""
    if party.erased_at is not None:
        raise CaseworkError(
            "This person's data has been erased: nothing more can be recorded, shared or sent "
            "about them.",
            {"party": "erased"},
        )


def categories_of(
    values: Iterable[Category | str],
    problems: Problems,
    missing: str = "Select at least one category of data",
) -> list[Category]:
    """Known categories, each once, at least one (`missing` says so when there is none)."""
    found: list[Category] = []
    for position, value in enumerate(values):
        category = problems.word(Category, value, f"categories[{position}]")
        if category in found:
            problems.add(f"categories[{position}]", "repeats a category; list each once")
        elif category is not None:
            found.append(category)
    if not found:
        problems.add("categories", missing)
    return found


def withdraw(consent: ConsentBase, actor: User) -> None:
    """Mark a consent withdrawn now by `actor` (the record stays), or `AlreadyDoneError`: the one
    way every kind of consent is withdrawn, so each refuses and records it alike."""
    if consent.withdrawn_at is not None:
        raise AlreadyDoneError("This consent was already withdrawn.", {"consent": "withdrawn"})
    consent.withdrawn_at, consent.withdrawn_by = timezone.now(), actor
    consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
