"""The settings as the service reads them when it starts: the settings module imported in a
process of its own, from the given environment and none of this one's SAFEREPORT_ variables.
Importing the module alone (no Django set-up, no command) takes a tenth of the time of
`safereport shell`, and reads the same module."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def read_afresh(tmp_path: Path, expression: str, **env: str) -> str:
    """What `expression` prints, over the settings module as `s`, in a fresh process whose
    environment is `env` (with SAFEREPORT_VAR_DIR in `tmp_path` unless `env` names another)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SAFEREPORT_")}
    environment.pop("DATABASE_URL", None)
    environment |= {"SAFEREPORT_VAR_DIR": str(tmp_path), **env}
    code = f"import safereport.web.settings as s; print({expression})"
    result = subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()
