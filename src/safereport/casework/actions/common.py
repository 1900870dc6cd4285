"""Helpers shared by the actions: locking reads that check access, category lists, and
withdrawing a consent."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import connection
from django.db.models import Model
from django.utils import timezone

from safereport.accounts.models import Organisation, User
from safereport.casework import access
from safereport.casework.errors import AlreadyDoneError, CaseworkError, NotFoundError, Problems
from safereport.casework.models import Case, ConsentBase, Party, Person
from safereport.casework.regimes import regime_in_force_sql
from safereport.crypto.fields import EncryptedField
from safereport.policy.vocabulary import Category, RegimeId
from safereport.rows import Columns, first_row


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
    found, _ = _locked(party, _EVERYTHING, with_regime=False)
    return _checked(actor, found, allowed)


def party_and_regime_for_update(actor: User, party: Party | str) -> tuple[Party, RegimeId | None]:
    """`party_for_update`, with the regime in force today for the party's case's force (None if
    it has none) read in the same query: a sharing decision needs both. Only the facts are
    read, none of the encrypted details (a decision never reads them): they stay deferred, and
    nothing is decrypted on every decision."""
    found, regime = _locked(party, _FACTS, with_regime=True)
    return _checked(actor, found, None), RegimeId(regime) if regime is not None else None


def _plain(model: type[Model]) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if not isinstance(f, EncryptedField)]


# The columns of the locking read (`rows`: SQL written once, not built by the ORM on every
# request), with everything, or with the facts only.
_EVERYTHING = (
    Columns(Party, "p"),
    Columns(Case, "c"),
    Columns(Organisation, "f"),
    Columns(Person, "pe"),
)
_FACTS = (
    Columns(Party, "p", _plain(Party)),
    Columns(Case, "c", _plain(Case)),
    Columns(Organisation, "f"),
    Columns(Person, "pe", _plain(Person)),
)


def _locked(
    party: Party | str, columns: tuple[Columns[Any], ...], *, with_regime: bool
) -> tuple[Party | None, str | None]:
    """The party with its case, force and person, locked (PostgreSQL: `FOR UPDATE OF` the party
    alone, since it cannot lock the nullable side of the join to the person); and the regime in
    force, when asked, in the same query."""
    parties, cases, forces, people = columns
    quote = connection.ops.quote_name
    regime, regime_values = (
        regime_in_force_sql(f"c.{quote('force_id')}") if with_regime else ("NULL", [])
    )
    chosen, key = ("reference", party) if isinstance(party, str) else ("id", party.pk)
    query = (
        f"SELECT {regime}, "  # noqa: S608 - names, no values
        f"{parties.sql}, {cases.sql}, {forces.sql}, {people.sql} "
        f"FROM {quote(Party._meta.db_table)} p "
        f"JOIN {quote(Case._meta.db_table)} c ON c.{quote('id')} = p.{quote('case_id')} "
        f"JOIN {quote(Organisation._meta.db_table)} f ON f.{quote('id')} = c.{quote('force_id')} "
        f"LEFT JOIN {quote(Person._meta.db_table)} pe ON pe.{quote('id')} = p.{quote('person_id')} "
        f"WHERE p.{quote(chosen)} = %s"
        + (" FOR UPDATE OF p" if connection.features.has_select_for_update_of else "")
    )
    row = first_row(query, [*regime_values, key])
    if row is None:
        return None, None
    found = parties.instance(row, 1)
    case = cases.instance(row, 1 + len(parties))
    case.force = forces.instance(row, 1 + len(parties) + len(cases))
    found.case = case
    person_at = 1 + len(parties) + len(cases) + len(forces)
    found.person = people.instance(row, person_at) if row[person_at] is not None else None
    return found, row[0]


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
