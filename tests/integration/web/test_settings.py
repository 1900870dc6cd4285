"""Configuration: production mode refuses to start without its secrets, naming each one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.contrib.auth.hashers import get_hasher


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


def test_production_mode_starts_with_its_settings(tmp_path: Path) -> None:
    result = run_check(
        tmp_path,
        SAFEREPORT_DEBUG="false",
        SAFEREPORT_SECRET_KEY="x" * 60,
        SAFEREPORT_ALLOWED_HOSTS="safereport.example",
        SAFEREPORT_AUDIT_SIGNING_KEY_FILE=str(tmp_path / "signing.key"),
        SAFEREPORT_FIELD_ENCRYPTION_KEYS="k1:" + "A" * 43 + "=",
    )

    assert result.returncode == 0, result.stderr


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
