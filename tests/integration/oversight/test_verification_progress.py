"""The background verification writes its count of leaves checked to its run as the pass goes,
block by block, where the inspectors' page reads it."""

from __future__ import annotations

from itertools import accumulate

import pytest
from django.db import transaction

from safereport.accounts.roles import Role
from safereport.audit import storage, verification
from safereport.audit.events import Actor, record
from safereport.audit.names import AuditAction
from safereport.oversight import tasks
from safereport.oversight.models import VerificationRun
from tests import builders


@pytest.mark.django_db
def test_the_run_records_each_block_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    run = VerificationRun.objects.create(requested_by=builders.user(Role.INSPECTOR))
    for number in range(19):
        with transaction.atomic():
            record(Actor.system("tests"), AuditAction.AUDIT_OPERATOR_NOTE_RECORDED, [f"r_{number}"])
    size = storage.size()
    monkeypatch.setattr(verification, "LEAF_BLOCK_LEVEL", 3)  # blocks of 8 leaves
    seen: list[tuple[int | None, int]] = []
    update = tasks._Progress.update

    def watched(self: tasks._Progress, n: float | None = 1) -> bool | None:
        answer = update(self, n)
        stored = VerificationRun.objects.get(pk=run.pk)  # what the page would read now
        seen.append((stored.total, stored.done))
        return answer

    monkeypatch.setattr(tasks._Progress, "update", watched)

    assert tasks.verify_log.call(run.pk) is True

    # Blocks of 8, then one per binary digit of the remainder, largest first.
    blocks = [8] * (size // 8) + [1 << bit for bit in (2, 1, 0) if (size % 8) >> bit & 1]
    assert seen == [(size, count) for count in accumulate(blocks)]
    assert seen[-1] == (size, size)
    run.refresh_from_db()
    assert (run.ok, run.done, run.total) == (True, size, size)
