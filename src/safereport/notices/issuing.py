"""Issuing notices: a new version whenever a person's position changes (the position's digest
decides, so a change that alters nothing issues nothing), in their language with the English
alongside, each an audit event holding references, the version, the language and the hashes,
never personal data. The `give_notice` duty is owed again for every new version."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import translation

from safereport.accounts.models import User
from safereport.audit.events import Actor, record
from safereport.audit.names import AuditAction
from safereport.casework.models import DutyTask, Party
from safereport.casework.vocabulary import TaskStatus
from safereport.notices.models import Notice, NoticeSeries
from safereport.notices.situation import (
    disclosures_of,
    person_situation,
    protections_of,
    supporters_of,
)
from safereport.notices.text import NoticeText, compose
from safereport.policy.position import Position, position, situation_json
from safereport.policy.vocabulary import Duty

ENGLISH = "en"


def refresh_on_change(
    sender: object, *, parties: Iterable[Party], actor: User, reason: str, **_: Any
) -> None:
    """Case work's signal (`casework.signals`): issue a new version for each party whose
    position changed."""
    for party in parties:
        refresh(party, actor=Actor.for_user(actor), reason=reason)


# Who issues a notice that was behind when someone opened it: the service itself.
CATCHING_UP = Actor.system("notice-refresh")


def caught_up(party: Party) -> Notice | None:
    """Issue the party's notice again if it is behind its position, as anyone opens it: a
    regime that takes effect on a later day changes positions with no action to say so, and
    the person must never read a notice the rules no longer match. The new version, if any."""
    return refresh(party, actor=CATCHING_UP, reason="refresh")


def refresh(party: Party, *, actor: Actor, reason: str) -> Notice | None:
    """Issue the party's notice again if its position (or its language) is not what the latest
    version says; return the new version, or None when nothing changed or the force has no
    regime yet. Runs in the caller's transaction, or its own."""
    if party.erased_at is not None:
        return None  # erased: nothing is written about them again (`notices.erasure`)
    with transaction.atomic():
        situation = person_situation(party)
        if situation is None:
            return None
        disclosed, protected = disclosures_of(party), protections_of(party)
        found = position(situation, disclosed, protected)
        series, _ = NoticeSeries.objects.select_for_update().get_or_create(party=party)
        latest = series.versions.order_by("-version").first()
        language = language_of(party)
        if (
            latest is not None
            and latest.position_digest == found.digest
            and latest.language == language
        ):
            return None
        force, supporters = party.case.force.name, supporters_of(party)
        texts = _texts(found, language, force=force, supporters=supporters)
        notice = Notice.objects.create(
            series=series,
            version=latest.version + 1 if latest else 1,
            language=language,
            regime=found.regime.value,
            regime_version=found.regime_version,
            position={
                **found.as_json(),
                "situation": situation_json(situation, disclosed, protected),
                # Whom it names, as issued: its other languages are written from the same.
                "named": {"force": force, "supporters": supporters},
            },
            position_digest=found.digest,
            catalog_version=catalog_version(language),
            text=texts[language].text,
            sha256=texts[language].sha256,
            english_text=texts[ENGLISH].text,
            english_sha256=texts[ENGLISH].sha256,
            reason=reason,
        )
        task = _owe_notice(party)
        notice.audit_index = record(
            actor,
            AuditAction.NOTICES_NOTICE_ISSUED,
            subjects=[
                series.reference,
                party.reference,
                party.case.reference,
                *([task.reference] if task else []),
            ],
            details={
                "version": notice.version,
                "language": notice.language,
                "sha256": notice.sha256,
                "english_sha256": notice.english_sha256,
                "regime": notice.regime,
                "regime_version": notice.regime_version,
                "catalog_version": notice.catalog_version,
                "reason": reason,
            },
        )
        notice.save(update_fields=["audit_index"])
        return notice


def _texts(
    found: Position, language: str, *, force: str, supporters: list[str]
) -> dict[str, NoticeText]:
    texts = {ENGLISH: compose(found, ENGLISH, force=force, supporters=supporters)}
    if language != ENGLISH:
        texts[language] = compose(found, language, force=force, supporters=supporters)
    return texts


def language_of(party: Party) -> str:
    """The language the party's notice is written in: their preferred language where the
    service ships it, otherwise English (and the English version is always alongside)."""
    wanted = party.person.preferred_language if party.person else ""
    if not wanted:
        return ENGLISH
    try:
        return translation.get_supported_language_variant(wanted)
    except LookupError:
        return ENGLISH


def catalog_version(language: str) -> str:
    """SHA-256 of the compiled catalog a notice in `language` was written with ("source" for
    English, the language the strings are written in)."""
    if language == ENGLISH:
        return "source"
    for folder in settings.LOCALE_PATHS:
        compiled = Path(folder) / translation.to_locale(language) / "LC_MESSAGES" / "django.mo"
        if compiled.exists():
            return hashlib.sha256(compiled.read_bytes()).hexdigest()
    return "none"


def _owe_notice(party: Party) -> DutyTask | None:
    """The person must be given the new version: their `give_notice` task, open (made now if
    none is). Done only when a delivery of the current version is recorded."""
    task = DutyTask.objects.filter(
        party=party, duty=Duty.GIVE_NOTICE, status=TaskStatus.OPEN
    ).first()
    if task is not None:
        return task
    return DutyTask.objects.create(
        case=party.case, party=party, duty=Duty.GIVE_NOTICE, decision=None
    )


def current(party: Party) -> Notice | None:
    """The party's current notice version, if one was issued."""
    return (
        Notice.objects.filter(series__party=party)
        .select_related("series")
        .order_by("-version")
        .first()
    )
