"""The person reading their own notice (issue 11, item 6): by the notice reference and the
access code printed on it. A wrong code and an unknown reference get the same answer; five
wrong codes lock the reference for 30 minutes; every read, and every refusal, is an audit event
naming only the reference, and only when it has the shape of one."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from safereport.audit.events import Actor, record
from safereport.audit.names import AuditAction
from safereport.notices.codes import NOTICE_REFERENCE, code_matches, typed_notice_reference
from safereport.notices.delivery import code_key
from safereport.notices.issuing import caught_up
from safereport.notices.models import Notice, NoticeSeries
from safereport.notices.text import NoticeText, compose
from safereport.policy.position import position_from_json

ENGLISH = "en"
FAILURES_BEFORE_LOCK = 5
LOCK = timedelta(minutes=30)
READER = Actor("notice-reader", "public", "public")  # the person: no account, no name


@transaction.atomic
def open_series(reference_typed: str, code_typed: str) -> NoticeSeries | None:
    """The series the reference and code open, or None: unknown, locked or wrong alike."""
    reference = typed_notice_reference(reference_typed)
    series = (
        NoticeSeries.objects.select_for_update().filter(reference=reference).first()
        if reference
        else None
    )
    now = timezone.now()
    if series is None or (series.locked_until is not None and series.locked_until > now):
        _refused(reference_typed)
        return None
    if not series.code_hash or not code_matches(
        code_typed, series.code_hash, key=code_key(), reference=series.reference
    ):
        series.failures += 1
        if series.failures >= FAILURES_BEFORE_LOCK:
            series.locked_until, series.failures = now + LOCK, 0
        series.save(update_fields=["failures", "locked_until"])
        _refused(series.reference)
        return None
    if series.failures:
        series.failures = 0
        series.save(update_fields=["failures"])
    return series


def read(series: NoticeSeries, language: str) -> Notice:
    """The series' current version, read by the person (in `language`): an audit event. Issued
    again first if the position changed since (`issuing.caught_up`)."""
    with transaction.atomic():
        caught_up(series.party)
        notice = series.versions.order_by("-version").first()
        if notice is None:  # not reached: a series is made with its first version
            raise LookupError("a notice series without a version")
        record(
            READER,
            AuditAction.NOTICES_NOTICE_READ,
            subjects=[series.reference],
            details={"version": notice.version, "language": language},
        )
        return notice


def written(notice: Notice, language: str) -> NoticeText:
    """The version in `language`: as issued in its own language and in English (the texts
    stored, hashed and proved); in any other, written from the situation and the names stored
    with it, or, should the policies' text have changed since, the English as issued."""
    if language == notice.language:
        return NoticeText.from_text(notice.text, language)
    found = position_from_json(notice.position["situation"])
    if language == ENGLISH or found.digest != notice.position_digest:
        return NoticeText.from_text(notice.english_text, ENGLISH)
    named = notice.position["named"]
    return compose(found, language, force=named["force"], supporters=named["supporters"])


def _refused(typed: str) -> None:
    record(
        READER,
        AuditAction.NOTICES_NOTICE_READ_REFUSED,
        subjects=[typed] if NOTICE_REFERENCE.fullmatch(typed) else [],
    )
