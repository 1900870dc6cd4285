"""Concurrent writers, each on its own connection: the log still has indices 0..n-1 with no gap or
repeat, checkpoints signed along the way, and a tree that verifies."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction
from pytest_django import Settings

from safereport.audit import storage
from safereport.audit.events import Actor, record
from safereport.audit.models import Checkpoint, Leaf
from safereport.audit.names import AuditAction
from safereport.audit.verification import verify_log

THREADS = 8
APPENDS_PER_THREAD = 25


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_leave_a_gapless_log_that_verifies(settings: Settings) -> None:
    settings.AUDIT_CHECKPOINT_EVERY = 10
    start = threading.Barrier(THREADS)
    indices: list[list[int]] = [[] for _ in range(THREADS)]
    failures: list[BaseException] = []

    def writer(number: int) -> None:
        try:
            actor = Actor.system(f"writer{number}")
            start.wait()
            for _ in range(APPENDS_PER_THREAD):
                with transaction.atomic():
                    indices[number].append(record(actor, AuditAction.AUDIT_OPERATOR_NOTE_RECORDED))
        except BaseException as error:  # noqa: BLE001 - reported by the main thread below
            failures.append(error)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    total = THREADS * APPENDS_PER_THREAD
    assert not failures, failures
    assert sorted(index for found in indices for index in found) == list(range(total))
    # Each writer's own events are in the order it wrote them.
    assert all(found == sorted(found) for found in indices)
    assert list(Leaf.objects.order_by("index").values_list("index", flat=True)) == list(
        range(total)
    )
    assert list(Checkpoint.objects.order_by("size").values_list("size", flat=True)) == list(
        range(10, total + 1, 10)
    )
    assert storage.size() == total
    result = verify_log()
    assert result.ok, result.message
    assert result.size == total
