"""`safereport retention --dry-run | --apply [--json]`: erase the personal data of records past
their retention period (`web.retention`), or say what would be erased, by reference only."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from safereport.web import retention


class Command(BaseCommand):
    """Thin: choose the mode, call `retention.due` or `retention.apply`, print the counts."""

    help = (
        "Erase the personal data of records past their retention period (--apply), or list "
        "what would be erased (--dry-run): counts per kind and references, never names."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """`--dry-run` or `--apply` (one of them, so erasing is never the default), `--json`."""
        mode = parser.add_mutually_exclusive_group(required=True)
        mode.add_argument("--dry-run", action="store_true", help="list, erase nothing")
        mode.add_argument("--apply", action="store_true", help="erase, one audit event each")
        parser.add_argument("--json", action="store_true", help="one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        """Find or erase, then report."""
        applied = bool(options["apply"])
        found = retention.apply() if applied else retention.due()
        limits = retention.cutoffs()
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "mode": "apply" if applied else "dry_run",
                        "periods": {
                            "case_years": settings.RETENTION_CASE_YEARS,
                            "third_party_report_months": (
                                settings.RETENTION_THIRD_PARTY_REPORT_MONTHS
                            ),
                            "disclosure_years": settings.RETENTION_DISCLOSURE_YEARS,
                        },
                        **found.as_json(),
                    },
                    indent=2,
                )
            )
            return
        verb = "Erased" if applied else "Would erase"
        self.stdout.write(
            f"Kept: cases concluded on or after {limits.case_concluded_before:%Y-%m-%d}, "
            "third-party reports submitted on or after "
            f"{limits.report_submitted_before:%Y-%m-%d}, disclosures received on or after "
            f"{limits.disclosure_received_before:%Y-%m-%d}."
        )
        for kind, references in found.references.items():
            self.stdout.write(f"{verb} {len(references)} {kind.value.replace('_', ' ')}(s)")
            for reference in references:
                self.stdout.write(f"  {reference}")
