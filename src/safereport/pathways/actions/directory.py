"""Managing the directory: one entry from a page, or a whole CSV file, all or nothing."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction

from safereport.accounts.actions import ensure_organisation
from safereport.accounts.models import Organisation, User
from safereport.accounts.roles import OrganisationKind
from safereport.audit.events import Actor, record
from safereport.audit.names import AuditAction
from safereport.pathways import access, csvio
from safereport.pathways.directory import EntryDetails, check_entry
from safereport.pathways.errors import NotPermittedError, Problems
from safereport.pathways.models import DirectoryEntry


@dataclass(frozen=True)
class ImportResult:
    """What an import did: the codes of the entries created and of those updated."""

    created: tuple[str, ...]
    updated: tuple[str, ...]


def save_directory_entry(*, actor: User, details: EntryDetails) -> DirectoryEntry:
    """Create or update the entry with this code (an administrator's page).

    A new code creates its support organisation too; an existing organisation must be a support
    organisation, under the same name (names are managed with the organisations themselves).
    """
    _require_admin(actor)
    return _store(Actor.for_user(actor), [(None, details)])[0]


def import_directory(*, actor: User, text: str) -> ImportResult:
    """Create or update an entry for each row of a CSV file (`csvio.COLUMNS`); entries not in the
    file are left as they are. Every row is checked before anything is written: one problem
    anywhere, named `row N.column`, and nothing is imported."""
    _require_admin(actor)
    rows = csvio.read(text)
    before = set(
        DirectoryEntry.objects.filter(
            organisation__code__in=[row.details.code for row in rows]
        ).values_list("organisation__code", flat=True)
    )
    _store(Actor.for_user(actor), [(row.number, row.details) for row in rows], imported=True)
    codes = [row.details.code for row in rows]
    return ImportResult(
        created=tuple(c for c in codes if c not in before),
        updated=tuple(c for c in codes if c in before),
    )


def store_directory_entries(
    *, actor: Actor, entries: Iterable[EntryDetails], only_new: bool = False
) -> list[DirectoryEntry]:
    """Store entries as the service itself (the demonstration directory); with `only_new`, an
    entry whose code is already listed is left as it is."""
    wanted = list(entries)
    if only_new:
        listed = set(DirectoryEntry.objects.values_list("organisation__code", flat=True))
        wanted = [entry for entry in wanted if entry.code not in listed]
    if not wanted:
        return []
    return _store(actor, [(None, entry) for entry in wanted], imported=True)


def _require_admin(actor: User) -> None:
    if not access.is_admin(actor):
        raise NotPermittedError("Only administrators manage the directory.")


@transaction.atomic
def _store(
    actor: Actor, rows: Sequence[tuple[int | None, EntryDetails]], *, imported: bool = False
) -> list[DirectoryEntry]:
    """Check every row, then write them all in this one transaction."""
    problems = Problems()
    checked = []
    for number, details in rows:
        prefix = "" if number is None else f"{csvio.key(number, '')}"
        values = check_entry(details, problems, prefix)
        _check_organisation(details, problems, prefix)
        checked.append((details, values))
    message = (
        "Some details need correcting."
        if not imported
        else ("The file has problems: nothing was imported.")
    )
    problems.raise_if_any(message)
    stored = []
    for details, values in checked:
        organisation = ensure_organisation(
            actor=actor,
            code=details.code,
            name=details.name.strip(),
            kind=OrganisationKind.SUPPORT_ORGANISATION,
        )
        entry, created = DirectoryEntry.objects.update_or_create(
            organisation=organisation, defaults=values
        )
        stored.append(entry)
        if not imported:
            record(
                actor,
                AuditAction.PATHWAYS_DIRECTORY_ENTRY_CREATED
                if created
                else AuditAction.PATHWAYS_DIRECTORY_ENTRY_UPDATED,
                subjects=[f"org:{organisation.code}"],
                details={"services": entry.services, "has_capacity": entry.has_capacity},
            )
    if imported:
        record(
            actor,
            AuditAction.PATHWAYS_DIRECTORY_IMPORTED,
            subjects=[f"org:{entry.organisation.code}" for entry in stored],
            details={"rows": len(stored)},
        )
    return stored


def _check_organisation(details: EntryDetails, problems: Problems, prefix: str) -> None:
    existing = Organisation.objects.filter(code=details.code).first()
    if existing is None:
        return
    if existing.kind != OrganisationKind.SUPPORT_ORGANISATION:
        problems.add(
            f"{prefix}code", "belongs to an organisation that is not a support organisation"
        )
    elif existing.name != details.name.strip():
        problems.add(
            f"{prefix}name",
            f"must be the organisation's registered name, {existing.name!r} "
            "(names are changed with the organisation's account)",
        )
