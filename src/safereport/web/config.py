"""Configuration from the environment, with safe local defaults and a fail-fast production mode.

Local mode (SAFEREPORT_DEBUG unset or true) needs nothing: secrets are generated into `var/` on
first run. With SAFEREPORT_DEBUG=false the service refuses to start until every secret it needs
is given explicitly, and says which are missing.
"""

from __future__ import annotations

import base64
import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

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
