"""Re-encrypting every encrypted field of every app's models under the newest key of the ring.

Each batch of rows is one transaction with its own audit event (counts only), so a rotation of
millions of rows holds no lock for long, and an interrupted one is simply run again: rows
already under the newest key are skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from safereport.audit.events import Actor, record
from safereport.audit.names import AuditAction
from safereport.crypto.fields import key_ring
from safereport.crypto.rotation import encrypted_models, reencrypt_batch

DEFAULT_BATCH = 500  # rows per transaction


@dataclass
class RotationReport:
    """What a rotation did, per model label: rows read, rows and values re-encrypted."""

    key_id: str
    scanned: dict[str, int] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    values: dict[str, int] = field(default_factory=dict)

    @property
    def total_rows(self) -> int:
        """Rows re-encrypted across every model."""
        return sum(self.rows.values())


def rotate_keys(
    *,
    actor: Actor,
    batch_size: int = DEFAULT_BATCH,
    progress: Callable[[str, int], None] | None = None,
) -> RotationReport:
    """Re-encrypt under the newest key every value written under an older one.

    `progress(model label, rows read so far)` is called after each batch.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    report = RotationReport(key_id=key_ring().current_id)
    for target in encrypted_models():
        label = target.label
        report.scanned[label] = report.rows[label] = report.values[label] = 0
        after = None
        while True:
            with transaction.atomic():
                batch = reencrypt_batch(target, after, batch_size)
                if batch.rows:
                    record(
                        actor,
                        AuditAction.CRYPTO_FIELD_KEYS_ROTATED,
                        subjects=[f"key:{report.key_id}"],
                        details={"model": label, "rows": batch.rows, "values": batch.values},
                    )
            report.scanned[label] += batch.scanned
            report.rows[label] += batch.rows
            report.values[label] += batch.values
            if progress is not None:
                progress(label, report.scanned[label])
            if batch.scanned < batch_size:
                break
            after = batch.last_pk
    return report
