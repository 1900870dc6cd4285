"""Every database test signs audit checkpoints with its own key, in a temporary directory."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_django import Settings


@pytest.fixture(autouse=True)
def signing_key_file(settings: Settings, tmp_path: Path) -> Path:
    """Where this test's checkpoint signing key goes: it does not exist yet, and is generated
    when the first checkpoint is signed (on demand, or when enough events trigger one)."""
    path = tmp_path / "keys" / "audit-signing.key"
    settings.AUDIT_SIGNING_KEY_FILE = path
    settings.AUDIT_ORIGIN = "safereport.test/safereport/audit"
    return path
