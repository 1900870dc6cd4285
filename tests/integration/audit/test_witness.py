"""An outside witness (`safereport witness serve`, a real process on a port of this engineer's)
cosigns the log's checkpoints; when the log is later cut short, or shows another history,
`audit verify` fails naming the witness."""

from __future__ import annotations

import io
import json
import logging
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from safereport import ledger
from safereport.audit import checkpoints, witnesses
from safereport.audit.events import Actor, record
from safereport.audit.models import WitnessCosignature
from safereport.audit.names import AuditAction
from tests.integration.audit.triggers import triggers_dropped

ACTOR = Actor.system("tests")
SAFEREPORT = [sys.executable, "-m", "safereport.cli"]


@dataclass
class WitnessProcess:
    url: str
    verifier_key: str
    state_file: Path


def events(count: int) -> None:
    for number in range(count):
        with transaction.atomic():
            record(ACTOR, AuditAction.AUDIT_OPERATOR_NOTE_RECORDED, subjects=[f"ref_{number}"])


def run_command(*args: str) -> dict[str, object]:
    out = io.StringIO()
    call_command("audit", *args, stdout=out)
    result: dict[str, object] = json.loads(out.getvalue())
    return result


def command_fails(*args: str) -> str:
    return command_fails_with_output(*args)[0]


def command_fails_with_output(*args: str) -> tuple[str, dict[str, object]]:
    """The command's error message, and the JSON it printed before failing."""
    out = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("audit", *args, stdout=out)
    printed: dict[str, object] = json.loads(out.getvalue())
    return str(failure.value), printed


def sql(statement: str, params: list[int] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def truncate_to(size: int) -> None:
    """What someone with the database does to hide the last leaves: cut them, the nodes over
    them, every checkpoint that knew of them, and their rows in the event index."""
    with triggers_dropped():
        sql('DELETE FROM audit_leaf WHERE "index" >= %s', [size])
        sql('DELETE FROM audit_tree_node WHERE ("index" + 1) * (1 << level) > %s', [size])
        sql("DELETE FROM audit_checkpoint WHERE size > %s", [size])
        sql('DELETE FROM audit_event_index WHERE "index" >= %s', [size])


def start_witness(tmp_path: Path, log_key: str) -> tuple[subprocess.Popen[str], str, str]:
    """A witness process on a port of the system's choosing: it, its verifier key, its URL."""
    key_file = tmp_path / "witness.key"
    if not key_file.exists():
        subprocess.run(  # noqa: S603 - our own console script, fixed arguments
            [*SAFEREPORT, "witness", "create-key", "inspectorate.test/witness", str(key_file)],
            check=True,
            capture_output=True,
        )
    # Its log lines go to a file: a pipe nobody reads could fill and stall the witness.
    with (tmp_path / "witness.log").open("a") as log_lines:
        process = subprocess.Popen(  # noqa: S603 - our own console script, fixed arguments
            [
                *SAFEREPORT,
                "witness",
                "serve",
                "--key-file",
                str(key_file),
                "--state-file",
                str(tmp_path / "witness-state.json"),
                "--log",
                log_key,
                "--port",
                "0",
            ],
            stdout=subprocess.PIPE,
            stderr=log_lines,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    assert process.stdout is not None
    ready = process.stdout.readline()  # the server prints this line once it listens
    if not ready.startswith("witness "):
        stop(process)
        pytest.fail(f"the witness did not start: {(tmp_path / 'witness.log').read_text()}")
    _, verifier_key, _, _, url = ready.split()
    return process, verifier_key, url


def stop(process: subprocess.Popen[str]) -> None:
    process.terminate()
    process.wait(timeout=30)
    if process.stdout is not None:
        process.stdout.close()


@pytest.fixture
def nothing_listens() -> Iterator[int]:
    """A port that refuses connections: bound here, so nothing else takes it, and never listened
    on."""
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        yield held.getsockname()[1]


@pytest.fixture
def witness(settings: Settings, tmp_path: Path) -> Iterator[WitnessProcess]:
    """A witness process that trusts this log's key, configured as the log's witness."""
    process, verifier_key, url = start_witness(tmp_path, checkpoints.public_key())
    settings.AUDIT_WITNESSES = [(url, verifier_key)]
    settings.AUDIT_CHECKPOINT_EVERY = 10
    try:
        yield WitnessProcess(url, verifier_key, tmp_path / "witness-state.json")
    finally:
        stop(process)


@pytest.mark.django_db
def test_the_witness_cosigns_and_verify_reports_it(witness: WitnessProcess) -> None:
    events(30)

    outcome = run_command("witness")

    assert outcome == {
        "outcomes": [
            {"witness": "inspectorate.test/witness", "size": 30, "cosigned": True, "reason": ""}
        ]
    }
    stored = WitnessCosignature.objects.get()
    assert stored.size == 30
    verifier = ledger.CosignatureVerifier.from_verifier_key(witness.verifier_key)
    assert verifier.verify(stored.body, stored.line).timestamp == int(stored.time.timestamp())
    state = json.loads(witness.state_file.read_text())
    assert state["logs"]["safereport.test/safereport/audit"]["size"] == 30
    result = run_command("verify")
    assert result["ok"] is True
    reports = result["witnesses"]
    assert isinstance(reports, list)
    assert [(r["witness"], r["size"], r["checked"]) for r in reports] == [
        ("inspectorate.test/witness", 30, True)
    ]
    assert "witness inspectorate.test/witness cosigned up to 30 at " in str(result["message"])


@pytest.mark.django_db
def test_a_truncated_log_fails_verification_naming_the_witness(witness: WitnessProcess) -> None:
    events(30)
    run_command("witness")

    # Someone with the database cuts the last 10 leaves and every checkpoint that knew of them.
    truncate_to(20)

    message = command_fails("verify")

    assert message.endswith(
        "log has 20 leaves but witness inspectorate.test/witness's cosignature is for 30: truncated"
    )


@pytest.mark.django_db
def test_the_witness_refuses_the_truncated_log_that_then_grows(witness: WitnessProcess) -> None:
    """The truncated log grows past the cut with other events: the witness holds the old 30 and
    refuses the new history (422), and verify finds the log's new checkpoint for 30 leaves
    disagreeing with the witness's cosignature of 30: a split view."""
    events(30)
    run_command("witness")
    truncate_to(20)
    events(20)  # 40 leaves now, the last 20 of them not the ones the witness saw

    refused, printed = command_fails_with_output("witness")
    message = command_fails("verify")

    assert refused == "not cosigned by inspectorate.test/witness"
    assert isinstance(printed["outcomes"], list)
    [outcome] = printed["outcomes"]
    assert outcome["cosigned"] is False
    assert str(outcome["reason"]).startswith(
        "refused with 422: not consistent with the cosigned checkpoint of size 30"
    )
    assert WitnessCosignature.objects.filter(size=40).count() == 0
    assert message == (
        "audit log verification failed: witness inspectorate.test/witness's cosignature: its root "
        "is not the one another checkpoint signed for the same 30 leaves: the log showed it a "
        "different history (a split view)"
    )


@pytest.mark.django_db
def test_the_log_resubmits_from_the_size_the_witness_reports(
    witness: WitnessProcess, tmp_path: Path
) -> None:
    """The witness cosigned 20 but the log lost that cosignature's row: a 409 tells the log the
    witness's size, and the log proves consistency from there."""
    events(20)
    run_command("witness")
    with triggers_dropped():
        sql("DELETE FROM audit_witness_cosignature")
    events(10)

    outcome = run_command("witness")

    assert outcome["outcomes"] == [
        {"witness": "inspectorate.test/witness", "size": 30, "cosigned": True, "reason": ""}
    ]
    state = json.loads(witness.state_file.read_text())
    assert state["logs"]["safereport.test/safereport/audit"]["size"] == 30


@pytest.mark.django_db
def test_a_restarted_witness_keeps_its_state(settings: Settings, tmp_path: Path) -> None:
    settings.AUDIT_CHECKPOINT_EVERY = 10
    log_key = checkpoints.public_key()
    process, verifier_key, url = start_witness(tmp_path, log_key)
    settings.AUDIT_WITNESSES = [(url, verifier_key)]
    try:
        events(20)
        run_command("witness")
    finally:
        stop(process)
    with triggers_dropped():
        sql("DELETE FROM audit_witness_cosignature")  # the log forgets; the witness must not
    process, again, url = start_witness(tmp_path, log_key)
    settings.AUDIT_WITNESSES = [(url, verifier_key)]  # the same witness, listening elsewhere now
    try:
        latest = checkpoints.latest_checkpoint(sign_if_needed=False)
        assert latest is not None
        conflict = witnesses.submit(witnesses.configured()[0], latest)
    finally:
        stop(process)

    assert again == verifier_key
    # From old size 0 the witness answers 409 with 20, and then 20 to 20 is cosigned again.
    assert (conflict.cosigned, conflict.size) == (True, 20)


@pytest.mark.django_db
def test_a_witness_that_is_down_never_fails_an_audited_action(
    settings: Settings,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    caplog: pytest.LogCaptureFixture,
    nothing_listens: int,
) -> None:
    """The checkpoint's commit queues the submission; the task runs at once here (the immediate
    backend) against a port nothing listens on: the event is recorded, the failure logged."""
    key = ledger.Cosigner.generate("down.test/witness").verifier().verifier_key()
    settings.AUDIT_WITNESSES = [(f"http://127.0.0.1:{nothing_listens}", key)]
    settings.AUDIT_CHECKPOINT_EVERY = 5
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

    with (
        caplog.at_level(logging.WARNING, "safereport.audit.witnesses"),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        events(5)

    assert len(callbacks) == 1  # the checkpoint at 5, submitted after its commit
    assert checkpoints.latest_checkpoint(sign_if_needed=False) is not None
    assert WitnessCosignature.objects.count() == 0
    assert "witness down.test/witness did not cosign size 5: unreachable" in caplog.text
    assert "ref_" not in caplog.text  # nothing of the events reaches the log lines


@pytest.mark.django_db
def test_a_forged_cosignature_row_fails_verification(witness: WitnessProcess) -> None:
    events(10)
    run_command("witness")
    stored = WitnessCosignature.objects.get()
    forged_body = stored.body.replace("\n10\n", "\n11\n")
    with triggers_dropped():
        sql("DELETE FROM audit_witness_cosignature")
    WitnessCosignature.objects.create(
        witness=stored.witness,
        size=11,
        root=bytes(stored.root),
        body=forged_body,
        line=stored.line,
        time=stored.time,
        received=stored.received,
    )

    message = command_fails("verify")

    assert (
        "witness inspectorate.test/witness's cosignature for 11 leaves does not verify" in message
    )


@pytest.mark.django_db
def test_asking_the_witness_finds_a_truncation_whose_cosignatures_were_removed_too(
    witness: WitnessProcess,
) -> None:
    """The stored cosignatures live in the log's database: someone who cuts the log can delete
    them too. The witness itself still holds 30, and says so when asked."""
    events(30)
    run_command("witness")
    truncate_to(20)
    with triggers_dropped():
        sql("DELETE FROM audit_witness_cosignature")

    assert run_command("verify")["ok"] is True  # nothing left in the database betrays it
    message = command_fails("verify", "--ask-witnesses")

    assert message == (
        "audit log verification failed: witness inspectorate.test/witness: it has cosigned 30 "
        "leaves, more than the log's latest checkpoint (20): the log has lost leaves"
    )


@pytest.mark.django_db
def test_asking_the_witness_of_an_intact_log_verifies(witness: WitnessProcess) -> None:
    events(30)
    run_command("witness")
    events(5)
    checkpoints.signed_checkpoint()

    result = run_command("verify", "--ask-witnesses")

    assert result["ok"] is True
    assert result["witnesses"] == [
        {
            "witness": "inspectorate.test/witness",
            "size": 35,
            "time": WitnessCosignature.objects.get(size=35).time.isoformat(),
            "checked": True,
        }
    ]


@pytest.mark.django_db
def test_a_witness_that_cannot_be_asked_fails_the_verification_that_asks(
    settings: Settings, nothing_listens: int
) -> None:
    key = ledger.Cosigner.generate("down.test/witness").verifier().verifier_key()
    settings.AUDIT_WITNESSES = [(f"http://127.0.0.1:{nothing_listens}", key)]
    events(3)
    checkpoints.signed_checkpoint()

    message = command_fails("verify", "--ask-witnesses")

    assert message.startswith(
        "audit log verification failed: witness down.test/witness could not vouch for the log: "
        "unreachable: "
    )


@pytest.mark.django_db
def test_a_cosignature_of_a_witness_no_longer_configured_is_reported_unchecked(
    settings: Settings,
) -> None:
    """Without the witness's key its rows cannot be checked, so they are shown as such and not
    held against the log (a row anyone could insert must not fail it either)."""
    events(10)
    signed = checkpoints.signed_checkpoint()
    body = ledger.open_note(signed.note).text
    former = ledger.Cosigner.generate("former.test/witness")
    line = former.cosign(body, 1_700_000_000).removesuffix("\n")
    WitnessCosignature.objects.create(
        witness="former.test/witness",
        size=50,  # more than the log has: would fail it, were it believed
        root=bytes(signed.root),
        body=body,
        line=line,
        time=datetime.fromtimestamp(1_700_000_000, UTC),
        received=datetime.fromtimestamp(1_700_000_000, UTC),
    )
    settings.AUDIT_WITNESSES = []

    result = run_command("verify")

    assert result["ok"] is True
    assert result["witnesses"] == [
        {
            "witness": "former.test/witness",
            "size": 50,
            "time": "2023-11-14T22:13:20+00:00",
            "checked": False,
        }
    ]
    assert "(not checked: the witness is not configured)" in str(result["message"])
