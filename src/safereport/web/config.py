"""Configuration from the environment, with safe local defaults and a fail-fast production mode.

Local mode (SAFEREPORT_DEBUG unset or true) needs nothing: secrets are generated into `var/` on
first run. With SAFEREPORT_DEBUG=false the service refuses to start until every secret it needs
is given explicitly, and says which are missing.
"""

from __future__ import annotations

import base64
import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from safereport.ledger import CosignatureVerifier, NoteError

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off"}


def flag(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false (got {raw!r})")


def integer(name: str, default: int, minimum: int = 1) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number (got {raw!r})") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum} (got {value})")
    return value


def witnesses(name: str) -> list[tuple[str, str]]:
    """The audit log's outside witnesses: comma-separated `<submission URL> <verifier key>`
    pairs, the key as `safereport witness public-key` prints it (`<name>+<hex>+<base64>`)."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return []
    found: list[tuple[str, str]] = []
    names: set[str] = set()
    for position, entry in enumerate(raw.split(","), start=1):
        parts = entry.split()
        if len(parts) != 2:
            raise ImproperlyConfigured(
                f"{name}: witness {position} must read '<submission URL> <verifier key>'"
            )
        url, verifier_key = parts
        if not url.startswith(("http://", "https://")):
            raise ImproperlyConfigured(
                f"{name}: witness {position}'s URL must start with http:// or https://"
            )
        try:
            witness = CosignatureVerifier.from_verifier_key(verifier_key).name
        except NoteError as error:
            raise ImproperlyConfigured(f"{name}: witness {position}: {error}") from None
        if witness in names:
            raise ImproperlyConfigured(f"{name}: witness {witness!r} is named twice")
        names.add(witness)
        found.append((url.rstrip("/"), verifier_key))
    return found


def var_dir() -> Path:
    """Where local state lives: the database, generated secrets (`var/` at the repository)."""
    path = Path(os.environ.get("SAFEREPORT_VAR_DIR", Path.cwd() / "var")).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def local_secret(filename: str) -> str:
    """A secret generated once into var/ and reused, for local use only."""
    path = var_dir() / filename
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def local_field_key_ring() -> str:
    """A field-encryption key ring generated once into var/, for local use only."""
    path = var_dir() / "field-keys"
    if not path.exists():
        key = base64.b64encode(secrets.token_bytes(32)).decode()
        path.write_text(f"k1:{key}")
        path.chmod(0o600)
    return path.read_text().strip()


def private_file(path: Path) -> Path:
    """Create `path` empty and readable by its owner only, if it does not exist yet (SQLite
    takes an empty file for a new database, and makes its journals with the same mode)."""
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    return path


def require_audit_key_file(path: Path) -> None:
    """Production never generates the signing key: it must exist, readable by its owner only."""
    create = f"create one with `safereport create-audit-key {path}`"
    if not path.is_file():
        raise ImproperlyConfigured(
            f"SAFEREPORT_AUDIT_SIGNING_KEY_FILE: {path} does not exist; with SAFEREPORT_DEBUG "
            f"false the service never generates the audit signing key: {create}, or restore it"
        )
    if path.stat().st_mode & 0o077:
        raise ImproperlyConfigured(
            f"SAFEREPORT_AUDIT_SIGNING_KEY_FILE: {path} can be read by others (mode "
            f"{path.stat().st_mode & 0o777:o}); allow its owner only: chmod 600 {path}"
        )


def require_production_settings(debug: bool) -> None:
    """With DEBUG off, name every mandatory setting that was not given."""
    if debug:
        return
    mandatory = {
        "SAFEREPORT_SECRET_KEY": "the Django secret key",
        "SAFEREPORT_ALLOWED_HOSTS": "comma-separated host names the service answers to",
        "SAFEREPORT_AUDIT_SIGNING_KEY_FILE": "path to the audit checkpoint signing key",
        "SAFEREPORT_FIELD_ENCRYPTION_KEYS": "id:base64 AES-256 keys, newest first",
    }
    missing = [f"{name} ({why})" for name, why in mandatory.items() if not os.environ.get(name)]
    if missing:
        raise ImproperlyConfigured(
            "SAFEREPORT_DEBUG is false, so these must be set explicitly: " + "; ".join(missing)
        )


# Template ids local mode gives the fake when no key is set: any well-formed id would do, and fixed
# ones keep local runs alike.
LOCAL_NOTIFY_TEMPLATES = {
    "SAFEREPORT_NOTIFY_TEMPLATE_SMS": "00000000-0000-4000-8000-000000000001",
    "SAFEREPORT_NOTIFY_TEMPLATE_EMAIL": "00000000-0000-4000-8000-000000000002",
    "SAFEREPORT_NOTIFY_TEMPLATE_LETTER": "00000000-0000-4000-8000-000000000003",
}
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)
# `{key name}-{service id}-{secret}`: the real client takes the last 73 characters apart.
NOTIFY_API_KEY = re.compile(rf".+-{UUID.pattern}-{UUID.pattern}", re.IGNORECASE)


@dataclass(frozen=True)
class NotifySettings:
    """How notices are sent by text message, email and letter (GOV.UK Notify)."""

    api_key: str  # empty: no Notify
    fake: bool  # the in-memory fake stands in for Notify (local mode without a key only)
    template_sms: str
    template_email: str
    template_letter: str
    callback_token: str  # the bearer token Notify sends on delivery receipts; empty: none accepted


def notify_settings(debug: bool, environ: Mapping[str, str] = os.environ) -> NotifySettings:
    """Notify's settings, checked. With a key, the three template ids must be given (and, outside
    local mode, the callback token), since sending is then real; a malformed key or id is named.
    Without a key the service starts all the same: in local mode the fake sends, and outside it
    text messages, emails and letters are refused with the reason, and notices are given in
    person. Secrets are never echoed in an error."""
    key = environ.get("SAFEREPORT_NOTIFY_API_KEY", "").strip()
    problems = []
    if key and not NOTIFY_API_KEY.fullmatch(key):
        problems.append(
            "SAFEREPORT_NOTIFY_API_KEY must be a Notify API key, "
            "`{key name}-{service id}-{secret}` (its value is not shown)"
        )
    templates = {}
    for name, local in LOCAL_NOTIFY_TEMPLATES.items():
        value = environ.get(name, "").strip()
        if not value and key:
            problems.append(f"{name} (the Notify template id) is needed with a Notify API key")
        elif value and not UUID.fullmatch(value):
            problems.append(f"{name} must be a template id, a UUID (got {value!r})")
        templates[name] = value or local
    token = environ.get("SAFEREPORT_NOTIFY_CALLBACK_TOKEN", "").strip()
    if key and not token and not debug:
        problems.append(
            "SAFEREPORT_NOTIFY_CALLBACK_TOKEN (the bearer token of Notify's delivery receipts) "
            "is needed with a Notify API key"
        )
    if problems:
        raise ImproperlyConfigured("GOV.UK Notify is not set up right: " + "; ".join(problems))
    if not token and debug:
        token = local_secret("notify-callback-token")
    return NotifySettings(
        api_key=key,
        fake=debug and not key,
        template_sms=templates["SAFEREPORT_NOTIFY_TEMPLATE_SMS"],
        template_email=templates["SAFEREPORT_NOTIFY_TEMPLATE_EMAIL"],
        template_letter=templates["SAFEREPORT_NOTIFY_TEMPLATE_LETTER"],
        callback_token=token,
    )
