"""Proving what a person was told (DOMAIN.md section 6, "Proof"): a stored notice version's text
hashes to the SHA-256 its audit event holds, and that event is in the log under the latest signed
checkpoint. Nothing of the notice's content is shown by a proof: references and hashes only."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from safereport import ledger
from safereport.audit import checkpoints, storage
from safereport.audit.errors import AuditError
from safereport.audit.names import AuditAction
from safereport.notices.errors import NoticesError
from safereport.notices.models import Notice


@dataclass
class NoticeProof:
    """What could be shown about one version, and anything that failed."""

    reference: str
    version: int
    sha256: str  # the stored text's hash, recomputed
    event_index: int | None
    erased: bool = False  # the texts were erased: `sha256` is the one stored, not recomputed
    checkpoint_size: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def proved(self) -> bool:
        return not self.problems

    def as_json(self) -> dict[str, Any]:
        return {
            "reference": self.reference,
            "version": self.version,
            "sha256": self.sha256,
            "event_index": self.event_index,
            "erased": self.erased,
            "checkpoint_size": self.checkpoint_size,
            "proved": self.proved,
            "problems": self.problems,
        }


def notice_version(reference: str, version: int | None = None) -> Notice:
    """A stored version (the latest when none is given), or `NoticesError` naming the field."""
    versions = Notice.objects.filter(series__reference=reference).select_related("series__party")
    found = versions.filter(version=version).first() if version else versions.first()
    if found is None:
        field_name = "version" if version and versions.exists() else "reference"
        raise NoticesError("There is no such notice.", {field_name: "is not a notice's"})
    return found


def prove(reference: str, version: int | None = None) -> NoticeProof:
    """Recompute the version's hash from its stored text, check its audit event holds it, and
    prove the event's inclusion under the latest signed checkpoint (signing one if needed)."""
    notice = notice_version(reference, version)
    erased = notice.series.party.erased_at is not None
    # An erased person's texts are gone (`notices.erasure`): what was issued is then proved by
    # the hash stored with the version, which its audit event must hold.
    text_hash = hashlib.sha256(notice.text.encode("utf-8")).hexdigest()
    computed = notice.sha256 if erased else text_hash
    proof = NoticeProof(
        notice.series.reference, notice.version, computed, notice.audit_index, erased=erased
    )
    if computed != notice.sha256:
        proof.problems.append("the stored text does not hash to the SHA-256 recorded with it")
    if notice.audit_index is None:
        proof.problems.append("the version has no audit event")
        return proof
    try:
        data = bytes(storage.leaf(notice.audit_index).data)
        event = json.loads(data)
        _check_event(event, notice, computed, proof)
        checkpoint = checkpoints.signed_checkpoint()
        body = checkpoints.open_checkpoint(checkpoint.note, checkpoints.verifier())
        proof.checkpoint_size = body.size
        ledger.verify_inclusion(
            ledger.leaf_hash(data),
            notice.audit_index,
            body.size,
            storage.inclusion_proof(notice.audit_index, body.size),
            body.root,
        )
    except (AuditError, ledger.ProofError, ledger.NoteError, ledger.CheckpointError) as error:
        proof.problems.append(f"the audit log could not prove it: {error}")
    return proof


def _check_event(event: dict[str, Any], notice: Notice, computed: str, proof: NoticeProof) -> None:
    details = event.get("details", {})
    if event.get("action") != AuditAction.NOTICES_NOTICE_ISSUED:
        proof.problems.append("the audit event is not the notice's issue")
    elif notice.series.reference not in event.get("subjects", []):
        proof.problems.append("the audit event names another notice")
    elif details.get("version") != notice.version:
        proof.problems.append("the audit event is of another version")
    elif details.get("sha256") != computed:
        proof.problems.append("the text's SHA-256 is not the one the audit event holds")
