"""Work the inspectors' pages start in the background (issue 12, item 7), queued with
django-tasks in the database and run by `safereport db_worker`: the verification of the whole
audit log, which on a national log takes minutes, with its progress kept where the page reads it;
and the statistics and the regimes compared, counted for their pages to show (`snapshots`).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from safereport.accounts.models import User
from safereport.audit.events import Actor, record
from safereport.audit.names import AuditAction
from safereport.audit.verification import verify_log as verify_whole_log
from safereport.oversight import snapshots
from safereport.oversight.models import VerificationRun


class _Progress:
    """Keeps a run's count of leaves checked, for the page (each update commits on its own)."""

    def __init__(self, run: VerificationRun, total: int) -> None:
        self.run = run
        VerificationRun.objects.filter(pk=run.pk).update(total=total)

    def update(self, n: float | None = 1) -> bool | None:
        self.run.done += int(n or 0)
        VerificationRun.objects.filter(pk=self.run.pk).update(done=self.run.done)
        return None

    def close(self) -> None:
        return None


@task()
def verify_log(run_id: int) -> bool:
    """Verify the whole log for the run, keeping its progress and result; the result is also
    stored as the log's last verification (`audit.Verification`)."""
    run = VerificationRun.objects.get(pk=run_id)
    VerificationRun.objects.filter(pk=run.pk).update(started_at=timezone.now())
    result = verify_whole_log(progress=lambda total: _Progress(run, total))
    VerificationRun.objects.filter(pk=run.pk).update(
        finished_at=timezone.now(), ok=result.ok, message=result.message, done=result.size
    )
    return result.ok


def start_verification(requested_by: User) -> VerificationRun:
    """Queue a verification, or give the one already queued or running: one at a time. The
    request is an audit event; the queued task commits with it, so the worker finds the run."""
    with transaction.atomic():
        running = VerificationRun.objects.select_for_update().filter(finished_at__isnull=True)
        found = running.first()
        if found is not None:
            return found
        run = VerificationRun.objects.create(requested_by=requested_by)
        record(
            Actor.for_user(requested_by),
            AuditAction.OVERSIGHT_LOG_VERIFICATION_REQUESTED,
            subjects=[run.reference],
        )
        verify_log.enqueue(run.pk)
    return run


@task()
def count_statistics(kind: str, scope: str, period: str) -> float:
    """Count a page's tables (`snapshots.Kind`) for a scope (a force's code, or England and
    Wales) and period, and keep them for the page; returns the seconds the count took."""
    return snapshots.count(kind, scope, period).seconds or 0.0
