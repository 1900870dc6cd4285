"""The audit log's background work (django-tasks, run by `safereport db_worker`): submitting a
new checkpoint to the outside witnesses, off the path of the audited action that signed it."""

from __future__ import annotations

import logging

from django.conf import settings
from django_tasks import task

from safereport.audit import witnesses

logger = logging.getLogger("safereport.audit.witnesses")


@task()
def submit_to_witnesses() -> int:
    """Submit the latest checkpoint to every configured witness; the number that cosigned."""
    return sum(outcome.cosigned for outcome in witnesses.submit_latest())


def queue_submission() -> None:
    """Run on commit of a new checkpoint: queue its submission, if any witness is configured.
    If queuing fails the checkpoint stays signed and stored, and the next one (or `safereport
    audit witness`) submits the latest; the failure is logged, never raised into the action."""
    if not settings.AUDIT_WITNESSES:
        return
    try:
        submit_to_witnesses.enqueue()
    except Exception:
        logger.exception("could not queue the submission of a checkpoint to the witnesses")
