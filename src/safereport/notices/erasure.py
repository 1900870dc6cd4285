"""Erasing a person's notices: each version's texts (which say what was shared, who supports
them and what protects them) and the access code's hash, so their own page no longer opens.
The versions stay with their hashes, positions and audit leaves: what was issued when is still
provable, and no new version is issued for an erased party (`issuing.refresh`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from safereport.audit.events import Actor
from safereport.casework.models import Party
from safereport.notices.models import Notice, NoticeSeries


def erase_on_parties_erased(
    sender: object, *, parties: Iterable[Party], actor: Actor, basis: str, **_: Any
) -> None:
    """Case work's signal: the erasure's own audit events name the parties, and so these
    series; what is overwritten here holds no reference of its own to record."""
    chosen = list(parties)
    # A plain value in update() is encrypted like any other (`crypto.fields`).
    Notice.objects.filter(series__party__in=chosen).update(text="", english_text="")
    NoticeSeries.objects.filter(party__in=chosen).update(
        code_hash="", code_set_at=None, failures=0, locked_until=None
    )
