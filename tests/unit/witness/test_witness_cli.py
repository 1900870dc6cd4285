"""`safereport witness ...` on bad input: a message naming what to fix, exit status 2, never a
traceback."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from safereport.ledger import Signer
from tests.command_line import run


def test_create_key_prints_the_verifier_key_public_key_repeats(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    key = str(tmp_path / "w.key")

    created = run(capsys, monkeypatch, "witness", "create-key", "insp.example/w", key)
    shown = run(capsys, monkeypatch, "witness", "public-key", key)
    again = run(capsys, monkeypatch, "witness", "create-key", "insp.example/w", key)

    assert created[0] == 0
    assert created[1].startswith("insp.example/w+")
    assert shown[:2] == (0, created[1])
    assert again[0] == 2
    assert "exists: a witness key is never overwritten" in again[2]


@pytest.mark.parametrize(
    ("name", "message"), [("has space", "NAME: key name 'has space'"), ("a+b", "NAME: key name")]
)
def test_a_bad_witness_name_is_named(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    message: str,
) -> None:
    code, _, err = run(capsys, monkeypatch, "witness", "create-key", name, str(tmp_path / "k"))

    assert code == 2
    assert message in err


def test_serve_names_a_bad_log_key_a_missing_key_file_and_a_busy_port(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    key = str(tmp_path / "w.key")
    run(capsys, monkeypatch, "witness", "create-key", "insp.example/w", key)
    log = Signer.generate("safereport.example/audit").verifier_key()
    serve = ["witness", "serve", "--state-file", str(tmp_path / "s.json")]

    bad_log = run(capsys, monkeypatch, *serve, "--key-file", key, "--log", "x", "--port", "0")
    no_key = run(
        capsys, monkeypatch, *serve, "--key-file", str(tmp_path / "none"), "--log", log,
        "--port", "0",
    )  # fmt: skip
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))  # a port of the system's choosing, then busy
        holder.listen()
        taken = holder.getsockname()[1]
        busy = run(
            capsys, monkeypatch, *serve, "--key-file", key, "--log", log, "--port", str(taken)
        )

    assert bad_log[0] == 2
    assert "--log: verifier key must read <name>+<8 hex digits>+<base64 key>" in bad_log[2]
    assert no_key[0] == 2
    assert "cannot load the witness key from" in no_key[2]
    assert busy[0] == 2
    assert f"--port: cannot listen on 127.0.0.1:{taken}" in busy[2]
