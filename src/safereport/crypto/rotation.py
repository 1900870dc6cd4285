"""Re-encrypting stored values under the newest key of the ring, one batch of rows at a time.

The caller runs each batch in its own transaction (and records it in the audit log), so a long
rotation holds no lock for long and can be interrupted and run again: rows already under the
newest key are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models.functions import Cast

from safereport.crypto.fields import EncryptedField, key_ring


@dataclass(frozen=True)
class EncryptedModel:
    """A model and its encrypted fields."""

    model: type[models.Model]
    fields: tuple[EncryptedField[Any, Any], ...]

    @property
    def label(self) -> str:
        """e.g. `casework.person`."""
        return self.model._meta.label_lower


@dataclass(frozen=True)
class BatchResult:
    """What one batch did: rows read, rows and values rewritten, and where to carry on."""

    scanned: int
    rows: int
    values: int
    last_pk: Any


def encrypted_models() -> list[EncryptedModel]:
    """Every installed concrete model with at least one encrypted field, in a stable order."""
    found = []
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        fields = tuple(f for f in meta.concrete_fields if isinstance(f, EncryptedField))
        if fields:
            found.append(EncryptedModel(model, fields))
    return sorted(found, key=lambda m: m.label)


def reencrypt_batch(target: EncryptedModel, after_pk: Any, batch_size: int) -> BatchResult:
    """Rewrite, under the newest key, the next `batch_size` rows after `after_pk` whose values are
    under an older key. Must run inside `transaction.atomic()`: the rows are locked while read."""
    ring = key_ring()
    manager = target.model._base_manager
    rows = manager.order_by("pk")
    if after_pk is not None:
        rows = rows.filter(pk__gt=after_pk)
    # Cast to plain text so the ORM hands back the stored ciphertext, not the decrypted value.
    raw = {
        f"raw_{f.attname}": Cast(f.attname, output_field=models.TextField()) for f in target.fields
    }
    batch = list(rows.select_for_update().annotate(**raw).values_list("pk", *raw)[:batch_size])
    stale = []
    values = 0
    for pk, *ciphertexts in batch:
        old = sum(1 for text in ciphertexts if text is not None and not ring.is_current(text))
        if not old:
            continue
        values += old
        instance = target.model(pk=pk)
        for field, text in zip(target.fields, ciphertexts, strict=True):
            # Decrypt as a load would (under whichever key); bulk_update encrypts under the newest.
            plain = (
                None if text is None else field.from_text(ring.decrypt(text, context=field.context))
            )
            setattr(instance, field.attname, plain)
        stale.append(instance)
    if stale:
        manager.bulk_update(stale, [f.attname for f in target.fields])
    return BatchResult(
        scanned=len(batch),
        rows=len(stale),
        values=values,
        last_pk=batch[-1][0] if batch else after_pk,
    )
