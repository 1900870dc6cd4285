"""The `safereport` console script: policy decisions, protocol checks and policy analysis, and
every Django management command of the service (`migrate`, `runserver`, `demo`, `audit`, ...).

Errors in what the user gave are named field by field and exit with status 2; nothing the user
types can produce a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, TextIO

from safereport.notices import catalog, languages
from safereport.policy import ScenarioError, decide, gate, parse_gate, parse_sharing
from safereport.policy.check import check
from safereport.policy.diff import diff
from safereport.policy.regimes import load, regime_text
from safereport.policy.space import GATE_SPACE, SHARING_SPACE
from safereport.policy.vocabulary import RegimeId

EXIT_OK = 0
EXIT_FAILED_CHECK = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 70  # EX_SOFTWARE: a bug of ours, never the user's input

REGIMES = [r.value for r in RegimeId]


class UsageError(Exception):
    """Something about the command line or its input that the user can fix."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:
        # argparse would exit from deep inside; raising lets main() answer in one place.
        self.print_usage(sys.stderr)
        raise UsageError(message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="safereport",
        description="Decide, enforce and prove what police may share with Immigration Enforcement.",
        epilog="The service's commands (migrate, runserver, demo, createuser, audit, ...) are "
        "Django management commands: `safereport help` lists them.",
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    for name, help_text in (
        ("decide", "decide a proposed share of a person's data with Immigration Enforcement"),
        ("gate", "run the protocol check on a proposed Immigration Enforcement action"),
    ):
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument(
            "--regime", choices=REGIMES, help="the regime for scenarios that name none"
        )
        sub.add_argument("--jsonl", action="store_true", help="one scenario per line")
        sub.add_argument("file", nargs="?", help="scenario file (default: standard input)")

    policy = commands.add_parser("policy", help="list, show, check and compare the regimes")
    actions = policy.add_subparsers(dest="policy_command", required=True, parser_class=_Parser)
    listing = actions.add_parser("list", help="the regimes, their versions and sources")
    listing.add_argument("--json", action="store_true")
    show = actions.add_parser("show", help="every rule of a regime in plain English")
    show.add_argument("regime", choices=REGIMES)
    show.add_argument("--json", action="store_true")
    checking = actions.add_parser("check", help="check the invariants over every situation")
    checking.add_argument("--regime", choices=REGIMES, action="append", help="repeatable")
    checking.add_argument("--json", action="store_true")
    comparing = actions.add_parser("diff", help="what changes between two regimes")
    comparing.add_argument("before", choices=REGIMES)
    comparing.add_argument("after", choices=REGIMES)
    comparing.add_argument("--json", action="store_true")

    key = commands.add_parser(
        "create-audit-key",
        help="write a new audit signing key file (mode 0600), for production",
        description="Write a new audit checkpoint signing key to PATH, readable by its owner "
        "only, named after the log's origin (SAFEREPORT_AUDIT_ORIGIN, or the site domain's). "
        "Never over an existing file.",
    )
    key.add_argument("path", type=Path)
    notice = commands.add_parser(
        "notice", help="render a notice from a scenario; the notices' languages and catalogs"
    )
    notices = notice.add_subparsers(dest="notice_command", required=True, parser_class=_Parser)
    rendering = notices.add_parser(
        "render", help="the notice of a scenario: the decide scenario without its request"
    )
    rendering.add_argument("--regime", choices=REGIMES, help="for scenarios that name none")
    rendering.add_argument("--language", default="en", help="for scenarios that name none")
    rendering.add_argument("--jsonl", action="store_true", help="one scenario per line")
    rendering.add_argument("file", nargs="?", help="scenario file (default: standard input)")
    shipped = notices.add_parser(
        "languages", help="the shipped languages, who translated each and whether it is checked"
    )
    shipped.add_argument("--json", action="store_true")
    shipped.add_argument(
        "--locales",
        action="store_true",
        help="only the gettext locale of each translated language, one a line (for makemessages)",
    )
    template = notices.add_parser(
        "statements", help="the policies' statements as the catalog's template (makemessages)"
    )
    template.add_argument(
        "--write", action="store_true", help="write the template if it is not current"
    )
    template.add_argument(
        "--check", action="store_true", help="exit 1 if the template is not current"
    )
    _add_witness_commands(commands)
    return parser


def _add_witness_commands(commands: Any) -> None:
    witness = commands.add_parser(
        "witness", help="an outside witness of the audit log (C2SP tlog-witness), for inspectors"
    )
    actions = witness.add_subparsers(dest="witness_command", required=True, parser_class=_Parser)
    creating = actions.add_parser(
        "create-key", help="write a new witness cosigning key (mode 0600); print its verifier key"
    )
    creating.add_argument("name", help="the witness's name, e.g. inspectorate.example/witness")
    creating.add_argument("path", type=Path)
    showing = actions.add_parser("public-key", help="print a witness key's verifier key")
    showing.add_argument("path", type=Path)
    serving = actions.add_parser("serve", help="serve POST /add-checkpoint")
    serving.add_argument("--key-file", type=Path, required=True, help="from create-key")
    serving.add_argument(
        "--state-file", type=Path, required=True, help="the latest checkpoint of each log"
    )
    serving.add_argument(
        "--log",
        action="append",
        required=True,
        metavar="VKEY",
        help="the verifier key of a log to witness (`safereport audit public-key`); repeatable",
    )
    serving.add_argument("--host", default="127.0.0.1")
    serving.add_argument("--port", type=int, required=True)


POLICY_COMMANDS = {"decide", "gate", "policy", "create-audit-key", "witness"}
# The `notice` commands that need no database; the others (verify, refresh) are the service's.
NOTICE_COMMANDS = {"render", "languages", "statements"}
# Django command modules cannot have hyphens in their names; the documented commands do.
COMMAND_ALIASES = {"rotate-keys": "rotate_keys"}


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments and not _ours(arguments):
        return _django(arguments)
    try:
        args = _parser().parse_args(arguments)
        return _run(args)
    except UsageError as error:
        print(f"safereport: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as error:  # noqa: BLE001 - the last line of defence against a traceback
        print(
            f"safereport: internal error ({type(error).__name__}); please report it",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def _ours(arguments: list[str]) -> bool:
    """Whether this parser answers the command line (else Django's management commands do)."""
    first = arguments[0]
    if first == "notice":
        return len(arguments) > 1 and (arguments[1] in NOTICE_COMMANDS or arguments[1] == "-h")
    return first in POLICY_COMMANDS or first in ("-h", "--help")


def _django(arguments: list[str]) -> int:
    """Hand the service's commands to Django, which reports its own errors without tracebacks."""
    import os  # noqa: PLC0415 - only the service's commands need Django

    from django.core.management import execute_from_command_line  # noqa: PLC0415

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safereport.web.settings")
    try:
        command = COMMAND_ALIASES.get(arguments[0], arguments[0])
        execute_from_command_line(["safereport", command, *arguments[1:]])
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader stopped early (`| head`): nothing went wrong
        return EXIT_OK
    except Exception as error:  # noqa: BLE001 - the last line of defence against a traceback
        print(f"safereport: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_INTERNAL
    return EXIT_OK


def _run(args: argparse.Namespace) -> int:
    if args.command == "decide":
        return _scenarios(args, lambda data, regime: decide(parse_sharing(data, regime)).as_json())
    if args.command == "gate":
        return _scenarios(args, lambda data, regime: gate(parse_gate(data, regime)).as_json())
    if args.command == "create-audit-key":
        return _create_audit_key(args.path)
    if args.command == "witness":
        return _witness(args)
    if args.command == "notice":
        notice_handlers: dict[str, Callable[[argparse.Namespace], int]] = {
            "render": _notice_render,
            "languages": _notice_languages,
            "statements": _notice_statements,
        }
        return notice_handlers[args.notice_command](args)
    handlers: dict[str, Callable[[argparse.Namespace], int]] = {
        "list": _policy_list,
        "show": _policy_show,
        "check": _policy_check,
        "diff": _policy_diff,
    }
    return handlers[args.policy_command](args)


def _notice_render(args: argparse.Namespace) -> int:
    """`notice render`: the notice of each scenario, in its language (translations need Django's
    catalogs, so Django is set up; no database is touched)."""
    import os  # noqa: PLC0415 - only this command needs Django

    import django  # noqa: PLC0415

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safereport.web.settings")
    django.setup()
    from safereport.notices.scenario import render_scenario  # noqa: PLC0415

    return _scenarios(args, lambda data, regime: render_scenario(data, regime, args.language))


def _open(path: str | None) -> TextIO | IO[str]:
    if path is None or path == "-":
        return sys.stdin
    try:
        return open(path, encoding="utf-8")
    except OSError as error:
        raise UsageError(f"cannot read {path}: {error.strerror}") from error


def _scenarios(
    args: argparse.Namespace, answer: Callable[[Any, RegimeId | None], dict[str, Any]]
) -> int:
    regime = RegimeId(args.regime) if args.regime else None
    source = _open(args.file)
    try:
        if args.jsonl:
            return _each_line(source, regime, answer)
        return _whole(source, regime, answer)
    finally:
        if source is not sys.stdin:
            source.close()


def _whole(
    source: IO[str],
    regime: RegimeId | None,
    answer: Callable[[Any, RegimeId | None], dict[str, Any]],
) -> int:
    try:
        result = answer(_json(source.read()), regime)
    except ScenarioError as error:
        _print_json(error.as_json())
        print(f"safereport: invalid scenario: {error.message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    _print_json(result, indent=2)
    return EXIT_OK


def _each_line(
    source: IO[str],
    regime: RegimeId | None,
    answer: Callable[[Any, RegimeId | None], dict[str, Any]],
) -> int:
    failed = 0
    for number, line in _numbered(source):
        try:
            _print_json(answer(_json(line), regime))
        except ScenarioError as error:
            failed += 1
            _print_json({**error.as_json(), "line": number})
    if failed:
        print(f"safereport: {failed} scenario(s) could not be decided", file=sys.stderr)
        return EXIT_BAD_INPUT
    return EXIT_OK


def _numbered(source: IO[str]) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(source, start=1):
        if line.strip():
            yield number, line


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno} column {error.colno}"
        raise ScenarioError({"(scenario)": f"is not valid JSON: {error.msg} at {where}"}) from error
    except RecursionError as error:
        raise ScenarioError({"(scenario)": "is nested too deeply"}) from error


def _print_json(value: dict[str, Any], indent: int | None = None) -> None:
    print(json.dumps(value, indent=indent, ensure_ascii=False))


def _policy_list(args: argparse.Namespace) -> int:
    rows: list[dict[str, Any]] = []
    for regime_id in RegimeId:
        regime = load(regime_id)
        rows.append(
            {
                "regime": regime_id.value,
                "title": regime.info.title,
                "version": regime.version,
                "position": regime.info.position,
                "standing": regime.info.standing,
                "sources": list(regime.info.sources),
                "rules": len(regime.rules),
            }
        )
    if args.json:
        _print_json({"regimes": rows}, indent=2)
        return EXIT_OK
    for row in rows:
        print(f"{row['regime']}  (version {row['version'][:12]}, {row['rules']} rules)")
        print(f"  {row['title']}: {row['position']}")
        if row["standing"]:
            print(f"  Standing: {row['standing']}")
        print(f"  Sources: {'; '.join(row['sources'])}")
    return EXIT_OK


_GROUPS = (
    ("prohibition", "Prohibitions (forbid: no permission overrides them)"),
    ("permission", "Permissions"),
    ("duty", "Duties"),
)


def _policy_show(args: argparse.Namespace) -> int:
    regime = load(RegimeId(args.regime))
    if args.json:
        _print_json(
            {
                "regime": regime.id.value,
                "title": regime.info.title,
                "version": regime.version,
                "position": regime.info.position,
                "standing": regime.info.standing,
                "rules": [{**rule.as_json(), "kind": rule.kind} for rule in regime.rules],
            },
            indent=2,
        )
        return EXIT_OK
    print(f"{regime.info.title} ({regime.id.value}, version {regime.version})")
    print(regime.info.position)
    if regime.info.standing:
        print(f"Standing: {regime.info.standing}")
    for kind, title in _GROUPS:
        print()
        print(title)
        for rule in sorted((r for r in regime.rules if r.kind == kind), key=lambda r: r.id):
            print(f"- {rule.rule} ({rule.id}): {rule.statement}")
            print(f"  Source: {rule.source}")
    return EXIT_OK


def _policy_check(args: argparse.Namespace) -> int:
    regimes = [RegimeId(r) for r in args.regime] if args.regime else list(RegimeId)
    report = check({r: regime_text(r) for r in regimes})
    if args.json:
        _print_json(
            {
                "passed": report.passed,
                "seconds": round(report.seconds, 1),
                "spaces": {"sharing": SHARING_SPACE, "gate": GATE_SPACE},
                "invariants": report.invariants,
                "regimes": [vars(c) | {"regime": c.regime.value} for c in report.counts],
                "counterexample": None
                if report.counterexample is None
                else vars(report.counterexample) | {"regime": report.counterexample.regime.value},
            },
            indent=2,
        )
    else:
        for counts in report.counts:
            print(
                f"{counts.regime.value}: {counts.sharing_situations:,} sharing situations "
                f"({counts.category_verdicts:,} category verdicts), {counts.gate_situations:,} "
                f"protocol checks, {counts.cedar_requests:,} distinct Cedar evaluations"
            )
        print(f"Sharing situations: {SHARING_SPACE}.")
        print(f"Protocol checks: {GATE_SPACE}.")
        print(f"{len(report.invariants)} invariants:")
        for invariant in report.invariants:
            print(f"- {invariant}")
        if report.counterexample is None:
            print(f"All invariants hold ({report.seconds:.1f} s).")
        else:
            found = report.counterexample
            print(f"COUNTEREXAMPLE under {found.regime.value}: {found.invariant}")
            print(f"Scenario: {json.dumps(found.scenario)}")
            print(f"Result: {json.dumps(found.result)}")
    return EXIT_OK if report.passed else EXIT_FAILED_CHECK


def _policy_diff(args: argparse.Namespace) -> int:
    result = diff(RegimeId(args.before), RegimeId(args.after))
    if args.json:
        _print_json(result.as_json(), indent=2)
    else:
        print(result.as_text())
    return EXIT_OK


def _notice_languages(args: argparse.Namespace) -> int:
    if args.locales:
        for lang in languages.TRANSLATED:
            print(lang.locale)
        return EXIT_OK
    if args.json:
        _print_json({"languages": [lang.as_json() for lang in languages.LANGUAGES]}, indent=2)
        return EXIT_OK
    for lang in languages.LANGUAGES:
        if lang.is_source:
            checked = ""
        elif lang.provenance.checked:
            checked = f"; checked by {lang.provenance.checked_by}"
        else:
            checked = "; NOT checked by a qualified translator"
        print(f"{lang.code:<8} {lang.name} ({lang.name_local}), {lang.direction.value}")
        print(f"         {lang.provenance.translator}{checked}")
    return EXIT_OK


def _notice_statements(args: argparse.Namespace) -> int:
    if args.write:
        written = catalog.write_template()
        state = "written" if written else "already current"
        print(f"{catalog.TEMPLATE}: {state}")
        return EXIT_OK
    if args.check:
        if catalog.template_is_current():
            return EXIT_OK
        print(
            f"safereport: {catalog.TEMPLATE.name} is not what the policies give: run "
            "`make messages`",
            file=sys.stderr,
        )
        return EXIT_FAILED_CHECK
    sys.stdout.write(catalog.template_text())
    return EXIT_OK


def _witness(args: argparse.Namespace) -> int:
    from safereport.witness import command  # noqa: PLC0415 - only the witness needs it
    from safereport.witness.files import WitnessFileError  # noqa: PLC0415

    try:
        if args.witness_command == "create-key":
            print(command.create(args.path, args.name))
            return EXIT_OK
        if args.witness_command == "public-key":
            print(command.public_key(args.path))
            return EXIT_OK
        return command.serve(args.key_file, args.state_file, args.log, args.host, args.port)
    except WitnessFileError as error:
        raise UsageError(str(error)) from None


if __name__ == "__main__":
    sys.exit(main())


def _create_audit_key(path: Path) -> int:
    from safereport.audit import keyfile  # noqa: PLC0415 - no settings loaded: none exist yet

    try:
        keyfile.create_audit_key(path, keyfile.audit_origin())
    except FileExistsError:
        raise UsageError(f"{path} exists already: a signing key is never overwritten") from None
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror}") from None
    print(f"Wrote a new audit signing key to {path} (readable by its owner only).")
    return EXIT_OK
