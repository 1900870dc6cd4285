"""`safereport audit ...`: checkpoints, the public key, leaves, proofs, operator notes and full
verification of the audit log, as JSON with base64 hashes."""

import argparse
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from tqdm import tqdm

from safereport.audit import checkpoints, proofs, witnesses
from safereport.audit.errors import AuditError
from safereport.audit.events import Actor, record
from safereport.audit.names import AuditAction
from safereport.audit.verification import ProgressBar, WitnessCheckpoint, verify_log


def _natural(text: str) -> int:
    """A whole number from 0 up, or an argparse error naming what was typed."""
    if not text.isascii() or not text.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number (0, 1, 2, ...)")
    return int(text)


def _django_options() -> CommandParser:
    """Django's own options, accepted after the subcommand too (`audit verify --settings=...`).

    Suppressed defaults leave the values Django's main parser set unless one is given here.
    """
    options = CommandParser(add_help=False, argument_default=argparse.SUPPRESS)
    options.add_argument("--settings")
    options.add_argument("--pythonpath")
    options.add_argument("-v", "--verbosity", type=int, choices=[0, 1, 2, 3])
    for flag in ("--traceback", "--no-color", "--force-color", "--skip-checks"):
        options.add_argument(flag, action="store_true")
    return options


class Command(BaseCommand):
    """One command with a subcommand per job, so the log's tools sit under one name."""

    help = "Inspect, prove and verify the tamper-evident audit log."

    def add_arguments(self, parser: CommandParser) -> None:
        """Declare the subcommands."""
        commands = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        django_options = _django_options()

        def add(name: str, description: str) -> argparse.ArgumentParser:
            return commands.add_parser(name, help=description, parents=[django_options])

        add("checkpoint", "sign a checkpoint if the log has grown; print the latest")
        add("public-key", "print the checkpoints' verifier key")
        add("leaf", "print a leaf's data and hash").add_argument("index", type=_natural)
        inclusion = add("prove-inclusion", "prove a leaf is in the tree")
        inclusion.add_argument("index", type=_natural)
        inclusion.add_argument(
            "--size", type=_natural, help="tree size to prove against (default: the whole log)"
        )
        consistency = add("prove-consistency", "prove the tree of SIZE1 leaves is in SIZE2's")
        consistency.add_argument("size1", type=_natural)
        consistency.add_argument("size2", type=_natural)
        add("note", "record an operator's note as an audit event").add_argument("text")
        add("witness", "submit the latest checkpoint to the configured witnesses now")
        verify = add("verify", "verify the whole log and its checkpoints")
        verify.add_argument(
            "--checkpoint",
            action="append",
            default=[],
            metavar="FILE",
            help="a signed checkpoint kept by a witness (repeatable)",
        )
        verify.add_argument(
            "--ask-witnesses",
            action="store_true",
            help="first ask each configured witness what it holds (not only the stored rows)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Run the chosen subcommand; the log's refusals become a message and exit status 1."""
        subcommand = options["subcommand"]
        try:
            if subcommand == "checkpoint":
                self.stdout.write(checkpoints.signed_checkpoint().note, ending="")
            elif subcommand == "public-key":
                self.stdout.write(checkpoints.public_key())
            elif subcommand == "leaf":
                self._json(proofs.leaf_record(options["index"]))
            elif subcommand == "prove-inclusion":
                self._json(proofs.inclusion_record(options["index"], options["size"]))
            elif subcommand == "prove-consistency":
                self._json(proofs.consistency_record(options["size1"], options["size2"]))
            elif subcommand == "note":
                self._note(options["text"])
            elif subcommand == "witness":
                self._witness()
            elif subcommand == "verify":
                self._verify(options["checkpoint"], ask_witnesses=options["ask_witnesses"])
        except AuditError as error:
            raise CommandError(str(error)) from None

    def _json(self, value: dict[str, Any]) -> None:
        self.stdout.write(json.dumps(value, indent=2))

    def _note(self, text: str) -> None:
        if not text.strip():
            raise CommandError("the note is empty")
        with transaction.atomic():
            index = record(
                Actor.system("operator"),
                AuditAction.AUDIT_OPERATOR_NOTE_RECORDED,
                details={"note": text},
            )
        self._json({"index": index})

    def _verify(self, files: list[str], *, ask_witnesses: bool) -> None:
        kept = [WitnessCheckpoint(name, _read_note(name)) for name in files]

        def progress(total: int) -> ProgressBar:
            # A bar only for a person watching; redirected output stays clean JSON.
            return tqdm(  # type: ignore[no-any-return]
                total=total, unit="leaf", disable=not self.stdout.isatty(), leave=False
            )

        result = verify_log(kept, progress, ask_witnesses=ask_witnesses)
        self._json(
            {
                "ok": result.ok,
                "size": result.size,
                "index": result.index,
                "among": list(result.among) if result.among else None,
                "message": result.message,
                "witnesses": [
                    {
                        "witness": report.witness,
                        "size": report.size,
                        "time": report.time.isoformat(),
                        "checked": report.checked,
                    }
                    for report in result.witnesses
                ],
            }
        )
        if not result.ok:
            raise CommandError(f"audit log verification failed: {result.message}")

    def _witness(self) -> None:
        if not witnesses.configured():
            raise CommandError("no witness is configured (SAFEREPORT_AUDIT_WITNESSES)")
        checkpoints.signed_checkpoint()
        outcomes = witnesses.submit_latest()
        self._json(
            {
                "outcomes": [
                    {
                        "witness": outcome.witness,
                        "size": outcome.size,
                        "cosigned": outcome.cosigned,
                        "reason": outcome.reason,
                    }
                    for outcome in outcomes
                ]
            }
        )
        failed = [outcome.witness for outcome in outcomes if not outcome.cosigned]
        if failed:
            raise CommandError(f"not cosigned by {', '.join(failed)}")


def _read_note(name: str) -> str:
    try:
        return Path(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"cannot read witness checkpoint {name}: {error}") from None
