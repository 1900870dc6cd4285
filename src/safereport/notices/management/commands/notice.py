"""`safereport notice verify REFERENCE [--version N]` proves a stored notice: its text hashes to
what its audit event holds, and the event is in the log under the latest signed checkpoint.
`safereport notice refresh [--force CODE]` issues every victim's and witness's notice again where
their position changed (run it daily: a regime that takes effect on a later day is picked up so).

`safereport notice render` (no database) is the console script's own: see `safereport.cli`."""

from __future__ import annotations

import argparse
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safereport.audit.events import Actor
from safereport.casework.models import Party
from safereport.casework.signals import NOTIFIED_ROLES
from safereport.notices import issuing, proof
from safereport.notices.errors import NoticesError


def _version(text: str) -> int:
    if not text.isascii() or not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a version number (1, 2, 3, ...)")
    return int(text)


class Command(BaseCommand):
    help = "Prove a stored notice, or issue notices again where positions changed."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        verify = commands.add_parser("verify", help="prove a stored notice version")
        verify.add_argument("reference")
        verify.add_argument("--version", type=_version, help="default: the latest")
        refresh = commands.add_parser("refresh", help="issue notices whose position changed")
        refresh.add_argument("--force", help="only this force's parties (its code)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "verify":
            try:
                result = proof.prove(options["reference"], options["version"])
            except NoticesError as error:
                raise CommandError(
                    "; ".join(f"{k}: {v}" for k, v in error.fields.items()) or error.message
                ) from None
            self.stdout.write(json.dumps(result.as_json(), indent=2))
            if not result.proved:
                raise CommandError("the notice could not be proved: " + "; ".join(result.problems))
            return
        parties = Party.objects.filter(role__in=NOTIFIED_ROLES).select_related(
            "case__force", "person"
        )
        if options["force"]:
            parties = parties.filter(case__force__code=options["force"])
        issued = 0
        for party in parties.iterator():
            if issuing.refresh(party, actor=Actor.system("notice-refresh"), reason="refresh"):
                issued += 1
        self.stdout.write(json.dumps({"issued": issued}))
