"""Giving a person their notice: in person (read aloud through an interpreter where they need
one), recorded as a delivery of the current version, which does the `give_notice` duty; only
through a channel their safe-contact instructions allow. Giving it in person prints a new
access code for their own page, shown this once and kept only as a keyed hash."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from safereport.accounts.models import User
from safereport.audit.events import Actor, record
from safereport.audit.names import AuditAction
from safereport.casework import access
from safereport.casework.models import DutyTask, Party
from safereport.casework.vocabulary import TaskStatus
from safereport.errors import NotFoundError
from safereport.notices.codes import code_hash, new_access_code
from safereport.notices.contact import Channel, SafeContact, refusal
from safereport.notices.errors import NoticesError, Problems
from safereport.notices.models import Delivery, Notice, NoticeSeries
from safereport.policy.vocabulary import Duty

CODE_KEY_PURPOSE = b"safereport:notices:access-code-key:v1"


def code_key() -> bytes:
    """The key access codes are hashed with: derived from the service's secret key (so nothing
    more needs keeping), for this use only. Changing the secret key invalidates every code: a
    new one is printed with the next notice given."""
    return hashlib.sha256(CODE_KEY_PURPOSE + settings.SECRET_KEY.encode()).digest()


def safe_contact(party: Party) -> SafeContact:
    """The person's safe-contact instructions; for a person recorded before they were
    structured, the old text read as in person only (never guessing permission from prose)."""
    person = party.person
    if person is None:
        return SafeContact(only_through_support_worker=True)  # known only to an organisation
    return SafeContact.from_legacy_text(person.safe_contact_instructions)


@dataclass(frozen=True)
class Given:
    """A notice given in person: the delivery, and the access code printed on it (shown once)."""

    delivery: Delivery
    access_code: str


@transaction.atomic
def give_in_person(*, actor: User, notice: Notice, interpreter_language: str = "") -> Given:
    """Record that the officer gave the person the current version in person, reading it aloud
    through an interpreter where they need one (`interpreter_language`: the interpreter's
    language code). A new access code is made for the person's own page."""
    notice = (
        Notice.objects.select_for_update(of=("self",))
        .select_related("series__party__case__force", "series__party__person")
        .get(pk=notice.pk)
    )
    series = NoticeSeries.objects.select_for_update().get(pk=notice.series_id)
    party = series.party
    if not access.may_work_on_case(actor, party.case):
        raise NotFoundError
    problems = Problems()
    latest = series.versions.order_by("-version").values_list("version", flat=True).first()
    if notice.version != latest:
        problems.add("notice", f"Give the current version, {latest}: the person's notice changed")
    refused = refusal(safe_contact(party), Channel.IN_PERSON)
    if refused:
        problems.add("channel", refused)
    needs_interpreter = party.person is not None and party.person.interpreter_needed
    if needs_interpreter and not interpreter_language.strip():
        problems.add(
            "interpreter_language",
            "Enter the language the interpreter read the notice in: the person needs one",
        )
    if len(interpreter_language) > 16:
        problems.add("interpreter_language", "must be 16 characters or fewer")
    problems.raise_if_any("The notice cannot be recorded as given.")
    delivery = Delivery.objects.create(
        notice=notice,
        channel=Delivery.Channel.IN_PERSON,
        status=Delivery.Status.DELIVERED,
        interpreter_language=interpreter_language.strip().lower(),
        recorded_by=actor,
    )
    code = new_access_code()
    series.code_hash = code_hash(code, key=code_key(), reference=series.reference)
    series.code_set_at, series.failures, series.locked_until = timezone.now(), 0, None
    series.save(update_fields=["code_hash", "code_set_at", "failures", "locked_until"])
    task = notice_given(actor, party)
    record(
        Actor.for_user(actor),
        AuditAction.NOTICES_NOTICE_DELIVERED,
        subjects=[
            series.reference,
            delivery.reference,
            party.reference,
            *([task.reference] if task else []),
        ],
        details={
            "version": notice.version,
            "sha256": notice.sha256,
            "channel": delivery.channel,
            "language": notice.language,
            "interpreter_language": delivery.interpreter_language or None,
        },
    )
    record(
        Actor.for_user(actor),
        AuditAction.NOTICES_ACCESS_CODE_ISSUED,
        subjects=[series.reference],
    )
    return Given(delivery, code)


def notice_given(actor: User, party: Party) -> DutyTask | None:
    """The party's open `give_notice` task, done now: the current version was delivered."""
    task = DutyTask.objects.filter(
        party=party, duty=Duty.GIVE_NOTICE, status=TaskStatus.OPEN
    ).first()
    if task is None:
        return None
    task.status, task.done_by, task.done_at = TaskStatus.DONE, actor, timezone.now()
    task.save(update_fields=["status", "done_by", "done_at"])
    return task


def notice_for(actor: User, party: Party) -> Notice:
    """The party's current notice, for police of its force; `NoticesError` if none was issued
    (the force has no regime yet)."""
    if not access.may_work_on_case(actor, party.case):
        raise NotFoundError
    found = (
        Notice.objects.filter(series__party=party)
        .select_related("series")
        .order_by("-version")
        .first()
    )
    if found is None:
        raise NoticesError(
            "No notice has been issued: the force has no regime in force yet.", {"notice": "none"}
        )
    return found
