"""The witness's two files: its cosigning key (written once, readable by its owner only) and its
state, the latest checkpoint cosigned per log origin, replaced atomically on every change."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from safereport.ledger import NoteError
from safereport.ledger.cosignature import Cosigner
from safereport.ledger.encoding import decode_base64, encode_base64
from safereport.ledger.witness import LogState


class WitnessFileError(Exception):
    """A key or state file is missing, unreadable or malformed: the message says which."""


def create_key(path: Path, name: str) -> Cosigner:
    """Write a new cosigning key named `name` to `path` (mode 0600), never over one that exists:
    the logs that trust the old key could no longer check its cosignatures."""
    cosigner = Cosigner.generate(name)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise WitnessFileError(f"{path} exists: a witness key is never overwritten") from None
    except OSError as error:
        raise WitnessFileError(f"cannot create {path}: {error.strerror}") from None
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(cosigner.private_key_text() + "\n")
    return cosigner


def load_key(path: Path) -> Cosigner:
    """The cosigner in the key file `path`."""
    try:
        return Cosigner.from_private_key_text(path.read_text(encoding="utf-8").strip())
    except (OSError, UnicodeDecodeError, NoteError) as error:
        raise WitnessFileError(f"cannot load the witness key from {path}: {error}") from None


def load_state(path: Path) -> dict[str, LogState]:
    """The latest cosigned checkpoint of each origin; none for a state file not yet written."""
    if not path.exists():
        return {}
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        return {
            origin: LogState(int(entry["size"]), decode_base64(entry["root"]))
            for origin, entry in stored["logs"].items()
        }
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise WitnessFileError(f"cannot read the witness state from {path}: {error}") from None


def save_state(path: Path, state: dict[str, LogState]) -> None:
    """Replace the state file with `state`, durably: a temporary file beside it is written and
    flushed to disk, then renamed over it: a crash leaves the old state or the new, never half."""
    logs = {
        origin: {"size": entry.size, "root": encode_base64(entry.root)}
        for origin, entry in sorted(state.items())
    }
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".witness-state-")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump({"logs": logs}, handle, indent=2)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        # Only the temporary file is ours to remove; the old state stays as it was.
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)  # the rename itself survives a crash
    finally:
        os.close(directory)
