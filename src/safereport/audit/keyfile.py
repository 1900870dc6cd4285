"""The audit signing key's file and name, before any settings exist: the settings read the
origin from here, and `safereport create-audit-key` writes a production key with it (the
service never generates one outside local mode). Framework-free."""

from __future__ import annotations

import os
from pathlib import Path

from safereport.ledger import Signer


def audit_origin() -> str:
    """The audit log's origin line (its checkpoints' first line, and its key's name)."""
    domain = os.environ.get("SAFEREPORT_SITE_DOMAIN", "safereport.localhost")
    return os.environ.get("SAFEREPORT_AUDIT_ORIGIN", f"{domain}/safereport/audit")


def create_audit_key(path: Path, origin: str) -> None:
    """Write a new audit signing key to `path`, readable by its owner only; never over a key
    that exists (a checkpoint signed with it could no longer be verified)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(Signer.generate(origin).private_key_text() + "\n")
