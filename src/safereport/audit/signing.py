"""The checkpoint signing key: loaded from `AUDIT_SIGNING_KEY_FILE`, generated there (mode 0600)
when a new log has none yet. Its name is the log's origin, as C2SP recommends."""

import contextlib
import os
import tempfile
from pathlib import Path

from django.conf import settings

from safereport import ledger
from safereport.audit.errors import SigningKeyError


def origin() -> str:
    """The log's origin line, which also names its key."""
    return str(settings.AUDIT_ORIGIN)


def key_file() -> Path:
    """Where the private key lives."""
    return Path(settings.AUDIT_SIGNING_KEY_FILE)


def load_signer(*, may_create: bool) -> ledger.Signer:
    """The log's signer, creating its key file first if it is missing and `may_create`.

    Callers pass `may_create=False` once checkpoints exist: a fresh key could not verify them, so
    a lost key file must be restored, not silently replaced.
    """
    path = key_file()
    if not path.exists():
        if not settings.AUDIT_GENERATES_SIGNING_KEY:
            # Production checked the key at start (web.config.require_audit_key_file): a key
            # gone since is restored, never replaced by one nobody can vouch for.
            raise SigningKeyError(
                f"the audit signing key file {path} is missing: restore it (the service never "
                "generates one outside local mode)"
            )
        if not may_create:
            raise SigningKeyError(
                f"the audit signing key file {path} is missing, but checkpoints have already "
                "been signed with a key: restore the key file (a new key could not verify them)"
            )
        _create_key_file(path, ledger.Signer.generate(origin()))
    try:
        signer = ledger.Signer.from_private_key_text(path.read_text(encoding="utf-8").strip())
    except (OSError, UnicodeDecodeError, ledger.NoteError) as error:
        raise SigningKeyError(f"cannot load the audit signing key from {path}: {error}") from None
    if signer.name != origin():
        raise SigningKeyError(
            f"the audit signing key in {path} is named {signer.name!r}, but AUDIT_ORIGIN is "
            f"{origin()!r}: a checkpoint's key must be named after the log's origin"
        )
    return signer


def _create_key_file(path: Path, signer: ledger.Signer) -> None:
    """Write the key to a private temporary file, then link it into place.

    Linking fails if the file appeared meanwhile, so two processes starting together keep
    whichever key got there first, and nobody ever reads a half-written key.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".audit-key-")  # mode 0600
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(signer.private_key_text() + "\n")
        os.chmod(temporary, 0o600)
        # If another process created the key first, theirs is the one to use.
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        os.unlink(temporary)
