"""Configuration: production mode refuses to start without its secrets, naming each one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.contrib.auth.hashers import get_hasher

from tests.integration.web.fresh_settings import read_afresh


def run_check(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SAFEREPORT_")}
    environment.update({"SAFEREPORT_VAR_DIR": str(tmp_path), **env})
    script = Path(sys.executable).with_name("safereport")
    return subprocess.run(  # noqa: S603 - our own console script, fixed arguments
        [str(script), "check"], env=environment, capture_output=True, text=True, check=False
    )


def test_production_mode_names_every_missing_setting(tmp_path: Path) -> None:
    result = run_check(tmp_path, SAFEREPORT_DEBUG="false")

    assert result.returncode != 0
    for name in (
        "SAFEREPORT_SECRET_KEY",
        "SAFEREPORT_ALLOWED_HOSTS",
        "SAFEREPORT_AUDIT_SIGNING_KEY_FILE",
    ):
        assert name in result.stderr
    assert "Traceback" not in result.stderr


def production(tmp_path: Path, key: Path) -> dict[str, str]:
    return {
        "SAFEREPORT_DEBUG": "false",
        "SAFEREPORT_SECRET_KEY": "x" * 60,
        "SAFEREPORT_ALLOWED_HOSTS": "safereport.example",
        "SAFEREPORT_AUDIT_SIGNING_KEY_FILE": str(key),
        "SAFEREPORT_FIELD_ENCRYPTION_KEYS": "k1:" + "A" * 43 + "=",
    }


def create_audit_key(path: Path) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("safereport")
    return subprocess.run(  # noqa: S603 - our own console script, fixed arguments
        [str(script), "create-audit-key", str(path)], capture_output=True, text=True, check=False
    )


def test_production_mode_starts_with_its_settings(tmp_path: Path) -> None:
    key = tmp_path / "signing.key"
    assert create_audit_key(key).returncode == 0

    result = run_check(tmp_path, **production(tmp_path, key))

    assert result.returncode == 0, result.stderr


def test_production_mode_never_generates_the_signing_key(tmp_path: Path) -> None:
    key = tmp_path / "signing.key"

    result = run_check(tmp_path, **production(tmp_path, key))

    assert result.returncode != 0
    assert f"{key} does not exist" in result.stderr
    assert f"safereport create-audit-key {key}" in result.stderr
    assert not key.exists()
    assert "Traceback" not in result.stderr


def test_production_mode_refuses_a_key_file_others_can_read(tmp_path: Path) -> None:
    key = tmp_path / "signing.key"
    assert create_audit_key(key).returncode == 0
    key.chmod(0o644)

    result = run_check(tmp_path, **production(tmp_path, key))

    assert result.returncode != 0
    assert "can be read by others (mode 644)" in result.stderr


def test_the_key_is_created_for_its_owner_only_and_never_overwritten(tmp_path: Path) -> None:
    key = tmp_path / "signing.key"

    made = create_audit_key(key)
    first = key.read_text()
    again = create_audit_key(key)

    assert made.returncode == 0, made.stderr
    assert key.stat().st_mode & 0o777 == 0o600
    assert first.startswith("PRIVATE+KEY+safereport.localhost/safereport/audit+")
    assert again.returncode == 2
    assert "exists already" in again.stderr
    assert key.read_text() == first


def test_the_sqlite_database_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    # On SQLite even when this suite runs on PostgreSQL (an empty DATABASE_URL is none).
    assert run_check(tmp_path, DATABASE_URL="").returncode == 0

    assert (tmp_path / "safereport.sqlite3").stat().st_mode & 0o777 == 0o600


def test_a_malformed_flag_is_named(tmp_path: Path) -> None:
    result = run_check(tmp_path, SAFEREPORT_DEBUG="maybe")

    assert result.returncode != 0
    assert "SAFEREPORT_DEBUG must be true or false" in result.stderr


def test_local_mode_needs_nothing_and_generates_its_secret_in_var(tmp_path: Path) -> None:
    result = run_check(tmp_path)

    assert result.returncode == 0, result.stderr
    assert (tmp_path / "secret-key").exists()


def test_the_service_hashes_passwords_with_argon2(tmp_path: Path) -> None:
    """The suite hashes with MD5 for speed (tests/conftest.py); the service, as it starts outside
    the tests, hashes with Argon2id first."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SAFEREPORT_")}
    environment["SAFEREPORT_VAR_DIR"] = str(tmp_path)
    script = Path(sys.executable).with_name("safereport")
    code = (
        "from django.conf import settings; from django.contrib.auth.hashers import make_password; "
        "print(settings.PASSWORD_HASHERS[0]); print(make_password('x').split('$')[0:2])"
    )
    result = subprocess.run(  # noqa: S603 - our own console script, fixed arguments
        [str(script), "shell", "--no-imports", "-c", code],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "['argon2', 'argon2id']",
    ]


def test_the_suite_hashes_passwords_fast() -> None:
    assert get_hasher().algorithm == "md5"


def https_settings(tmp_path: Path, **env: str) -> list[str]:
    shown = "s.SECURE_SSL_REDIRECT, s.SECURE_PROXY_SSL_HEADER, s.SECURE_REDIRECT_EXEMPT"
    return [read_afresh(tmp_path, shown, **env)]


def test_behind_https_plain_http_is_redirected_and_a_proxy_is_believed_only_when_trusted(
    tmp_path: Path,
) -> None:
    assert https_settings(tmp_path, SAFEREPORT_HTTPS="true") == ["True None ['^health$']"]
    assert https_settings(tmp_path, SAFEREPORT_HTTPS="true", SAFEREPORT_TRUSTED_PROXY="true") == [
        "True ('HTTP_X_FORWARDED_PROTO', 'https') ['^health$']"
    ]
    assert https_settings(tmp_path) == ["False None ['^health$']"]  # local mode: plain HTTP
