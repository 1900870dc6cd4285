"""`safereport audit ...`: JSON with base64 hashes, a signed checkpoint and the verifier key as
text, and a clear message with a non-zero exit status, never a traceback, for bad arguments."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from safereport import ledger
from safereport.audit import storage
from safereport.audit.events import Actor, record
from safereport.audit.models import Leaf
from safereport.audit.names import AuditAction
from safereport.ledger.encoding import decode_base64

ACTOR = Actor.system("tests")
REPOSITORY = Path(__file__).resolve().parents[3]


def audit(*args: str) -> str:
    out = io.StringIO()
    call_command("audit", *args, stdout=out)
    return out.getvalue()


def audit_json(*args: str) -> Any:
    return json.loads(audit(*args))


def append_events(count: int) -> None:
    for number in range(count):
        with transaction.atomic():
            record(ACTOR, AuditAction.AUDIT_OPERATOR_NOTE_RECORDED, subjects=[f"ref_{number}"])


@pytest.mark.django_db
def test_checkpoint_and_public_key_verify_each_other() -> None:
    append_events(5)

    note = audit("checkpoint")
    key = audit("public-key").strip()

    verifier = ledger.Verifier.from_verifier_key(key)
    body = ledger.Checkpoint.parse(ledger.verify_note(note, verifier))
    assert (body.size, body.root) == (5, storage.root_at(5))
    name, key_id, encoded = key.split("+", 2)
    assert name == body.origin
    assert len(bytes.fromhex(key_id)) == 4
    assert decode_base64(encoded)[0] == 1  # Ed25519


@pytest.mark.django_db
def test_leaf_prints_its_data_and_hash_in_base64() -> None:
    append_events(3)

    result = audit_json("leaf", "2")

    data = decode_base64(result["data"])
    assert result["index"] == 2
    assert data == bytes(Leaf.objects.get(index=2).data)
    assert decode_base64(result["leaf_hash"]) == ledger.leaf_hash(data)
    assert json.loads(data)["index"] == 2


@pytest.mark.django_db
def test_inclusion_proofs_verify_against_the_printed_checkpoint() -> None:
    append_events(13)
    verifier = ledger.Verifier.from_verifier_key(audit("public-key").strip())
    checkpoint = ledger.Checkpoint.parse(ledger.verify_note(audit("checkpoint"), verifier))

    whole = audit_json("prove-inclusion", "7")
    smaller = audit_json("prove-inclusion", "7", "--size", "9")

    assert (whole["index"], whole["tree_size"]) == (7, 13)
    ledger.verify_inclusion(
        decode_base64(whole["leaf_hash"]),
        7,
        13,
        [decode_base64(value) for value in whole["proof"]],
        checkpoint.root,
    )
    assert smaller["tree_size"] == 9
    ledger.verify_inclusion(
        decode_base64(smaller["leaf_hash"]),
        7,
        9,
        [decode_base64(value) for value in smaller["proof"]],
        storage.root_at(9),
    )


@pytest.mark.django_db
def test_consistency_proof_links_two_sizes() -> None:
    append_events(11)

    result = audit_json("prove-consistency", "6", "11")

    assert (result["size1"], result["size2"]) == (6, 11)
    ledger.verify_consistency(
        6,
        11,
        [decode_base64(value) for value in result["proof"]],
        storage.root_at(6),
        storage.root_at(11),
    )


@pytest.mark.django_db
def test_an_operators_note_becomes_an_event() -> None:
    append_events(2)

    result = audit_json("note", "Restored the database from last night's backup")

    event = json.loads(bytes(Leaf.objects.get(index=result["index"]).data))
    assert result["index"] == 2
    assert event["action"] == "audit:operator_note:recorded"
    assert event["actor"] == {"id": "system:operator", "role": "system", "organisation": "system"}
    assert event["details"] == {"note": "Restored the database from last night's backup"}


@pytest.mark.django_db
def test_verify_prints_json_and_no_progress_bar_when_not_on_a_terminal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    append_events(4)

    output = audit("verify")

    assert "leaf/s" not in capsys.readouterr().err

    result = json.loads(output)  # nothing but the JSON: no progress bar in redirected output
    assert result == {
        "ok": True,
        "size": 4,
        "index": None,
        "among": None,
        "message": result["message"],
        "witnesses": [],  # none configured, none cosigned
    }
    assert result["message"].startswith("4 leaves verified, root ")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("leaf", "7"), r"no leaf 7: the log has 3 leaves \(0 to 2\)"),
        (("leaf", "abc"), "'abc' is not a whole number"),
        (("leaf", "-1"), "'-1' is not a whole number"),
        (("prove-inclusion", "3"), r"no leaf 3 in a tree of 3 leaves \(0 to 2\)"),
        (("prove-inclusion", "0", "--size", "4"), "tree size 4 is outside the log"),
        (("prove-consistency", "2", "1"), "0 < size1 <= size2"),
        (("prove-consistency", "0", "2"), "0 < size1 <= size2"),
        (("note", "  "), "the note is empty"),
        (("verify", "--checkpoint", "/nonexistent/witness.txt"), "cannot read witness checkpoint"),
        (("rewrite",), "invalid choice: 'rewrite'"),
    ],
)
def test_bad_arguments_give_a_clear_message(args: tuple[str, ...], message: str) -> None:
    append_events(3)

    with pytest.raises(CommandError, match=message):
        audit(*args)


def run_cli(*args: str, var: Path) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith(("DATABASE_URL",))
    }
    environment |= {
        "SAFEREPORT_VAR_DIR": str(var),
        "DJANGO_SETTINGS_MODULE": "safereport.web.settings",
    }
    return subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "django", *args, "--settings=safereport.web.settings"],
        cwd=REPOSITORY,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_the_command_line_in_a_fresh_process(tmp_path: Path) -> None:
    # A scratch SQLite database in its own var/ directory: the process starts like `safereport`.
    assert run_cli("migrate", "--no-input", var=tmp_path).returncode == 0

    noted = run_cli("audit", "note", "first", var=tmp_path)
    checkpoint = run_cli("audit", "checkpoint", var=tmp_path)
    key = run_cli("audit", "public-key", var=tmp_path)
    verified = run_cli("audit", "verify", var=tmp_path)
    bad = run_cli("audit", "leaf", "12", var=tmp_path)
    worse = run_cli("audit", "prove-inclusion", "x", var=tmp_path)

    assert json.loads(noted.stdout)["index"] >= 0
    verifier = ledger.Verifier.from_verifier_key(key.stdout.strip())
    size = ledger.Checkpoint.parse(ledger.verify_note(checkpoint.stdout, verifier)).size
    assert size == json.loads(noted.stdout)["index"] + 1
    assert json.loads(verified.stdout)["ok"] is True
    assert (tmp_path / "audit-signing.key").stat().st_mode & 0o777 == 0o600
    assert bad.returncode == 1
    assert f"no leaf 12: the log has {size} leaves" in bad.stderr
    assert worse.returncode == 2
    assert "'x' is not a whole number" in worse.stderr
    for result in (bad, worse):
        assert "Traceback" not in result.stderr


class Terminal(io.StringIO):
    """Standard output as seen by a person at a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.mark.django_db
def test_verify_shows_a_progress_bar_on_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    append_events(4)
    out = Terminal()

    call_command("audit", "verify", stdout=out)

    assert json.loads(out.getvalue())["ok"] is True
    assert "0/4 [00:00<?, ?leaf/s]" in capsys.readouterr().err


@pytest.mark.django_db
def test_verify_fails_when_the_signing_key_is_lost(signing_key_file: Path) -> None:
    append_events(2)
    audit("checkpoint")
    signing_key_file.unlink()

    with pytest.raises(CommandError, match=r"signing key file .* is missing"):
        audit("verify")
