"""`safereport rotate_keys`: re-encrypt all personal data under the newest field key.

Put the new key first in SAFEREPORT_FIELD_ENCRYPTION_KEYS, keep the old ones after it, run this,
and only then remove the old keys.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safereport.audit.events import Actor
from safereport.crypto import DecryptionError
from safereport.web.rotation import DEFAULT_BATCH, rotate_keys


class Command(BaseCommand):
    """Thin: parse the batch size, call `rotate_keys`, print the counts."""

    help = "Re-encrypt every encrypted field of every model under the newest key of the ring."

    def add_arguments(self, parser: CommandParser) -> None:
        """`--batch-size`."""
        parser.add_argument(
            "--batch-size",
            type=int,
            default=DEFAULT_BATCH,
            help=f"rows per transaction (default {DEFAULT_BATCH})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Rotate, then report per model."""
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1")
        try:
            report = rotate_keys(
                actor=Actor.system("rotate-keys"), batch_size=options["batch_size"]
            )
        except DecryptionError as error:
            raise CommandError(str(error)) from None
        for label in report.scanned:
            self.stdout.write(
                f"{label}: {report.rows[label]} of {report.scanned[label]} rows re-encrypted "
                f"({report.values[label]} values)"
            )
        self.stdout.write(
            f"Done: {report.total_rows} rows now under key {report.key_id}."
            if report.total_rows
            else f"Nothing to do: every value is already under key {report.key_id}."
        )
