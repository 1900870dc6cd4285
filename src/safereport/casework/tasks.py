"""Case work's background tasks (django-tasks, database backend; `safereport db_worker`): the
comparison of two regimes (`policy diff`), which takes 10 to 30 seconds and is kept once made
(`regimes.KeptRegimeDiff`)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from safereport.casework.models import KeptRegimeDiff
from safereport.casework.regimes import keep_diff
from safereport.policy import regimes
from safereport.policy.diff import diff
from safereport.policy.vocabulary import RegimeId


@task(queue_name="comparisons")
def compute_regime_diff(before: str, after: str) -> bool:
    """Compare the two regimes' current versions and keep the result (or why it failed)."""
    old, new = RegimeId(before), RegimeId(after)
    try:
        computed = diff(old, new)
    except Exception as error:
        KeptRegimeDiff.objects.filter(
            before_version=regimes.load(old).version, after_version=regimes.load(new).version
        ).update(
            status=KeptRegimeDiff.Status.FAILED,
            message=f"{type(error).__name__}",
            finished_at=timezone.now(),
        )
        raise
    keep_diff(old, new, computed)
    return True
