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
from notifications_python_client.errors import HTTPError

from safereport.accounts.models import User
from safereport.audit.events import Actor, record
from safereport.audit.names import AuditAction
from safereport.casework import access
from safereport.casework.contact import Channel, SafeContact, refusal
from safereport.casework.models import DutyTask, Party, Person
from safereport.casework.vocabulary import TaskStatus
from safereport.errors import NotFoundError
from safereport.notices.callbacks import DeliveryReceipt
from safereport.notices.codes import code_hash, display_code, new_access_code
from safereport.notices.errors import NoticesError, Problems
from safereport.notices.issuing import caught_up
from safereport.notices.models import Delivery, Notice, NoticeSeries
from safereport.notices.notify import SentNotification, notify_client
from safereport.notices.notify import Status as NotifyStatus
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
    if person.safe_contact:
        return SafeContact.from_json(person.safe_contact)
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
    notice, series, party, latest = _locked(actor, notice)
    problems = Problems()
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
    code = _new_code(actor, series)
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
    return Given(delivery, code)


def _locked(actor: User, notice: Notice) -> tuple[Notice, NoticeSeries, Party, int | None]:
    """`notice` and its series locked for a delivery, their party, and the series' latest
    version; not found for anyone but police working on the case."""
    notice = (
        Notice.objects.select_for_update(of=("self",))
        .select_related("series__party__case__force", "series__party__person")
        .get(pk=notice.pk)
    )
    series = NoticeSeries.objects.select_for_update().get(pk=notice.series_id)
    party = series.party
    if not access.may_work_on_case(actor, party.case):
        raise NotFoundError
    latest = series.versions.order_by("-version").values_list("version", flat=True).first()
    return notice, series, party, latest


def _new_code(actor: User, series: NoticeSeries) -> str:
    """A new access code for the person's own page, replacing the last (which stops working),
    kept only as a keyed hash; the wrong tries counted so far are forgotten."""
    code = new_access_code()
    series.code_hash = code_hash(code, key=code_key(), reference=series.reference)
    series.code_set_at, series.failures, series.locked_until = timezone.now(), 0, None
    series.save(update_fields=["code_hash", "code_set_at", "failures", "locked_until"])
    record(
        Actor.for_user(actor), AuditAction.NOTICES_ACCESS_CODE_ISSUED, subjects=[series.reference]
    )
    return code


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
    """The party's current notice, for police of its force (issued again first if its position
    changed since: `caught_up`); `NoticesError` if none was issued (the force has no regime
    yet)."""
    if not access.may_work_on_case(actor, party.case):
        raise NotFoundError
    if party.erased_at is not None:
        raise NoticesError(
            "This person's data has been erased: the texts of their notices are no longer "
            "held, and no notice can be given or sent to them.",
            {"notice": "erased"},
        )
    caught_up(party)
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


# Through GOV.UK Notify -------------------------------------------------------------------------

SENT_BY = {
    Delivery.Channel.SMS: Channel.SMS,
    Delivery.Channel.EMAIL: Channel.EMAIL,
    Delivery.Channel.LETTER: Channel.LETTER,
}


@transaction.atomic
def send(*, actor: User, notice: Notice, channel: str, read_at: str) -> Delivery:
    """Send the current version by text message, email or letter through GOV.UK Notify, if the
    person's safe-contact instructions allow that channel now; the reason is given when they do
    not. A text message carries where and how to read the notice (with a new access code); an
    email or a letter, the notice itself too. The delivery is `sending` until Notify's receipt.
    """
    notice, series, party, latest = _locked(actor, notice)
    problems = Problems()
    try:
        chosen = Delivery.Channel(channel)
    except ValueError:
        problems.add("channel", f"must be one of {', '.join(Delivery.Channel.values)}")
        problems.raise_if_any("The notice cannot be sent.")
        raise  # not reached
    if chosen == Delivery.Channel.IN_PERSON:
        problems.add("channel", "A notice given in person is recorded as given, not sent")
    if notice.version != latest:
        problems.add("notice", f"Send the current version, {latest}: the person's notice changed")
    person = party.person
    if chosen in SENT_BY:
        refused = refusal(safe_contact(party), SENT_BY[chosen], timezone.now())
        if refused:
            problems.add("channel", refused)
    address = _address(person, chosen) if person is not None else ""
    if not problems.fields and not address:
        problems.add("channel", f"No {chosen.label.lower()} address is held for the person")
    problems.raise_if_any("The notice cannot be sent.")
    code = _new_code(actor, series)
    delivery = Delivery(
        notice=notice,
        channel=chosen,
        status=Delivery.Status.SENDING,
        recorded_by=actor,
    )
    personalisation = {
        "reference": series.reference,
        "code": display_code(code),
        "read_at": read_at,
    }
    try:
        sent = _through_notify(chosen, address, personalisation, notice, delivery.reference)
    except HTTPError as error:
        # Notify's own words about what it refused: never the address or the content.
        raise NoticesError(
            f"GOV.UK Notify did not accept the {chosen.label.lower()}: {error.message}",
            {"channel": "refused by GOV.UK Notify"},
        ) from None
    delivery.notify_id = str(sent["id"])
    delivery.save()
    record(
        Actor.for_user(actor),
        AuditAction.NOTICES_NOTICE_SENT,
        subjects=[series.reference, delivery.reference, party.reference],
        details={"version": notice.version, "sha256": notice.sha256, "channel": chosen.value},
    )
    return delivery


def _through_notify(
    channel: Delivery.Channel,
    address: str,
    personalisation: dict[str, str],
    notice: Notice,
    reference: str,
) -> SentNotification:
    client = notify_client()
    if channel == Delivery.Channel.SMS:
        return client.send_sms_notification(
            address, settings.NOTIFY_TEMPLATE_SMS, personalisation, reference
        )
    if channel == Delivery.Channel.EMAIL:
        return client.send_email_notification(
            address,
            settings.NOTIFY_TEMPLATE_EMAIL,
            {**personalisation, "notice": notice.text},
            reference,
        )
    lines = [line.strip() for line in address.splitlines() if line.strip()]
    letter = {f"address_line_{n}": line for n, line in enumerate(lines[:7], start=1)}
    return client.send_letter_notification(
        settings.NOTIFY_TEMPLATE_LETTER,
        {**letter, **personalisation, "notice": notice.text},
        reference,
    )


def _address(person: Person, channel: Delivery.Channel) -> str:
    if channel == Delivery.Channel.SMS:
        return person.phone
    if channel == Delivery.Channel.EMAIL:
        return person.email
    return person.address


@transaction.atomic
def receipt(received: DeliveryReceipt) -> Delivery | None:
    """Notify's delivery receipt: the delivery's status follows it, and a delivered current
    version does the `give_notice` duty. An unknown notification is ignored (None)."""
    delivery = (
        Delivery.objects.select_for_update()
        .select_related("notice__series__party")
        .filter(notify_id=received.id)
        .first()
    )
    if delivery is None:
        return None
    status = Delivery.Status.DELIVERED if received.delivered else Delivery.Status.FAILED
    if received.status in PENDING:
        status = Delivery.Status.SENDING
    delivery.status = status
    delivery.save(update_fields=["status", "updated_at"])
    series = delivery.notice.series
    latest = series.versions.order_by("-version").values_list("version", flat=True).first()
    task = None
    if status == Delivery.Status.DELIVERED and delivery.notice.version == latest:
        task = _done_by_notify(series.party)
    record(
        Actor.system("notify"),
        AuditAction.NOTICES_NOTICE_DELIVERED,
        subjects=[
            series.reference,
            delivery.reference,
            series.party.reference,
            *([task.reference] if task else []),
        ],
        details={
            "version": delivery.notice.version,
            "sha256": delivery.notice.sha256,
            "channel": delivery.channel,
            "status": received.status.value,
        },
    )
    return delivery


def _done_by_notify(party: Party) -> DutyTask | None:
    task = DutyTask.objects.filter(
        party=party, duty=Duty.GIVE_NOTICE, status=TaskStatus.OPEN
    ).first()
    if task is None:
        return None
    task.status, task.done_at = TaskStatus.DONE, timezone.now()
    task.save(update_fields=["status", "done_at"])
    return task


# Notify's statuses while it is still trying.
PENDING = frozenset({NotifyStatus.CREATED, NotifyStatus.SENDING, NotifyStatus.TEMPORARY_FAILURE})
