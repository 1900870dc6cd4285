"""`safereport oversight stats [--force CODE] [--period P] [--json]` prints the statistics
(issue 12, item 8) as inspectors read them: national when no force is named (counts as
counted), else one force's with disclosure control (`[c]` for 1 to 7, others to the nearest 5).
The period is a year to 31 March (`2026-27`) or a quarter (`2026-Q2`); by default the current
year. `safereport oversight compare [--force CODE] [--json]` replays every recorded decision
under every regime (`oversight.comparison`), counts published the same way. `safereport
oversight return FORCE YEAR [--json]` prints a force's transparency return for a year to 31
March (the one submitted, or the counts as they stand). Bad input names the option and what it
allows, and exits 2."""

from __future__ import annotations

import json
from typing import Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from safereport.accounts.models import Organisation
from safereport.accounts.roles import OrganisationKind
from safereport.errors import ServiceError
from safereport.oversight import comparison, periods, returns, statistics
from safereport.oversight.disclosure_control import Table

BAD_INPUT = 2


class Command(BaseCommand):
    help = "Statistics for oversight, with disclosure control below national level."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        stats = commands.add_parser("stats", help="the statistics tables, national or a force's")
        stats.add_argument("--force", help="a police force's code (default: every force)")
        stats.add_argument("--period", help="2026-27 (a year to 31 March) or 2026-Q2")
        stats.add_argument("--json", action="store_true", help="print JSON")
        compare = commands.add_parser(
            "compare", help="every recorded decision replayed under every regime"
        )
        compare.add_argument("--force", help="a police force's code (default: every force)")
        compare.add_argument("--json", action="store_true", help="print JSON")
        returned = commands.add_parser(
            "return", help="a force's transparency return for a year to 31 March, as JSON"
        )
        returned.add_argument("force", help="the police force's code")
        returned.add_argument("year", help="the year, such as 2025-26")
        returned.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "compare":
            self._compare(options)
            return
        if options["subcommand"] == "return":
            try:
                year = periods.parse(options["year"])
            except ServiceError as error:
                raise CommandError(_said(error).replace("--period", "year"), returncode=2) from None
            if "-Q" in year.code:
                raise CommandError("year: must be a year to 31 March such as 2025-26", returncode=2)
            force = _force(options["force"])
            made = returns.as_json(force, year)
            if options["json"]:
                self.stdout.write(json.dumps(made, indent=2, ensure_ascii=False))
                return
            self.stdout.write(
                f"{force.name}: transparency return for {year.label}, due {made['due']}: "
                f"{made['status']}"
                + (f", {made['reference']}, SHA-256 {made['sha256']}" if made["sha256"] else "")
            )
            if made["certified_none"]:
                self.stdout.write("Certified none: nothing was disclosed in the year.")
            for stored in cast(list[dict[str, Any]], made["tables"]):
                self.stdout.write("")
                self.stdout.write(_text(Table.from_json(stored)))
            return
        try:
            period = (
                periods.parse(options["period"])
                if options["period"]
                else periods.year_of(timezone.localdate())
            )
        except ServiceError as error:
            raise CommandError(_said(error), returncode=BAD_INPUT) from None
        scope = statistics.Scope(_force(options["force"]) if options["force"] else None)
        tables = statistics.published(scope, period)
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "period": period.code,
                        "period_label": period.label,
                        "scope": scope.force.code if scope.force else "national",
                        "scope_name": scope.name,
                        "tables": [table.as_json() for table in tables],
                    },
                    indent=2,
                    ensure_ascii=False,
                )
            )
            return
        self.stdout.write(f"{scope.name}, {period.label} ({period.code})")
        if not scope.national:
            self.stdout.write(
                "[c]: a count from 1 to 7. Other counts are rounded to the nearest 5."
            )
        for table in tables:
            self.stdout.write("")
            self.stdout.write(_text(table))

    def _compare(self, options: dict[str, Any]) -> None:
        scope = statistics.Scope(_force(options["force"]) if options["force"] else None)
        if options["json"]:
            self.stdout.write(json.dumps(comparison.published_json(scope), indent=2))
            return
        self.stdout.write(f"{scope.name}: every recorded sharing decision, replayed")
        if not scope.national:
            self.stdout.write(
                "[c]: a count from 1 to 7. Other counts are rounded to the nearest 5."
            )
        for table in comparison.published(scope):
            self.stdout.write("")
            self.stdout.write(_text(table))


def _force(code: str) -> Organisation:
    forces = Organisation.objects.filter(kind=OrganisationKind.POLICE_FORCE)
    force = forces.filter(code=code).first()
    if force is None:
        known = ", ".join(forces.order_by("code").values_list("code", flat=True))
        raise CommandError(
            f"--force: {code!r} is not a police force here; the forces are {known or 'none yet'}",
            returncode=BAD_INPUT,
        )
    return force


def _said(error: ServiceError) -> str:
    return "; ".join(f"--{field}: {why}" for field, why in error.fields.items()) or error.message


def _text(table: Table) -> str:
    """A table as aligned plain text: its title, a header, each row with its total, the totals."""
    header = ["", *table.columns, "Total"]
    body = [[label, *map(str, cells), str(total)] for label, cells, total in table.rows]
    body.append(["Total", *map(str, table.column_totals), str(table.total)])
    widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]
    lines = [table.title]
    for row in [header, *body]:
        first, *rest = row
        cells = [
            first.ljust(widths[0]),
            *(c.rjust(w) for c, w in zip(rest, widths[1:], strict=True)),
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)
