"""The database's own share of a sharing decision: the statements of one API request, captured
from Django and replayed by `pgbench` (PostgreSQL's C benchmark client, no Python at all) at the
same levels of concurrency as the API benchmark.

Whatever the application does, a request cannot be served faster than its statements: this is the
floor under the API's figures. `bench_api.py` runs it last, on its scratch database, because the
replay appends audit leaves without their tree nodes (the scratch database is dropped after).

Each replayed transaction is the captured one, with three changes so that it can run again and
again: each pgbench client works on its own party (as each API client does, the party looked up
by its key where the request named its reference), new rows get fresh references, and the audit
leaf and its index row take the next free index; the tree-node inserts, which only some appends
make, are left out.
"""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import psycopg

Statement = tuple[str, Sequence[Any]]

# The placeholders whose value is the party's primary key, recognised by what precedes them.
_PARTY_KEY = re.compile(r'("casework_party"\."id"|"party_id") = $')
_PARTY_REFERENCE = re.compile(r'"casework_party"\."reference" = $')
_NEXT_LEAF = '(SELECT MAX("index") + 1 FROM "audit_leaf")'


def capture(make_request: Callable[[], None]) -> list[Statement]:
    """The (SQL, parameters) of every statement `make_request` sends, in order."""
    from django.db import connection  # noqa: PLC0415 - Django is configured by the caller

    statements: list[Statement] = []

    def remember(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        statements.append((sql, tuple(params or ())))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(remember):
        make_request()
    return statements


def pgbench_script(statements: Sequence[Statement], first_key: int, parties: int) -> str:
    """The replay as a pgbench script. The statements were captured on the party whose key is
    `first_key`; pgbench client n works on the party with key `first_key + n % parties`."""
    from django.db import connection  # noqa: PLC0415

    lines = [f"\\set pid {first_key} + :client_id % {parties}", "BEGIN;"]
    connection.ensure_connection()
    # A client-side binding cursor, whichever the service uses: only it quotes values into SQL.
    with psycopg.ClientCursor(connection.connection) as cursor:
        lines.extend(_replayed(cursor, sql, params) for sql, params in statements)
    lines.append("COMMIT;")
    return "\n".join(line for line in lines if line) + "\n"


def _replayed(cursor: Any, sql: str, params: Sequence[Any]) -> str:
    """One captured statement as the replay runs it."""
    if 'INSERT INTO "audit_leaf"' in sql:
        return _replayed_append(cursor, params)
    # One line per statement in the script (the audit's statements span several).
    pieces = [_one_line(piece) for piece in sql.split("%s")]
    if len(pieces) != len(params) + 1:
        raise ValueError(f"cannot replay a statement with {len(params)} values: {sql[:80]}")
    columns = _inserted_columns(sql)
    text = pieces[0]
    for position, (value, after) in enumerate(zip(params, pieces[1:], strict=True)):
        column = columns[position % len(columns)] if columns else None
        if column == '"reference"':  # unique: a new one each time, with the same prefix
            literal = f"'{str(value).split('_')[0]}_' || md5(random()::text)"
        elif column == '"party_id"' or (columns is None and _PARTY_KEY.search(text)):
            literal = ":pid"
        elif columns is None and _PARTY_REFERENCE.search(text):
            text = _PARTY_REFERENCE.sub('"casework_party"."id" = ', text)
            literal = ":pid"
        else:
            literal = _quoted(cursor, value)
        text += literal + after
    return text.strip() + ";"


def _replayed_append(cursor: Any, params: Sequence[Any]) -> str:
    """The audit append's one insert (`storage.LEAF_AND_EVENT`, with or without nodes): the leaf
    and its index row at the next free index (both read in the same snapshot), no nodes."""
    from safereport.audit import storage  # noqa: PLC0415 - Django is configured by the caller

    leaf, event = params[:4], params[-4:]
    values = [_NEXT_LEAF, *(_quoted(cursor, v) for v in leaf[1:])]
    values += [_NEXT_LEAF, *(_quoted(cursor, v) for v in event[1:])]
    names = {"index": '"index"', "leaf": '"audit_leaf"', "event": '"audit_event_index"'}
    pieces = [_one_line(piece) for piece in storage.LEAF_AND_EVENT.format(**names).split("%s")]
    text = pieces[0] + "".join(v + after for v, after in zip(values, pieces[1:], strict=True))
    return text.strip() + ";"


def _one_line(sql: str) -> str:
    """SQL text (never a value: those are the parameters) on one line, as pgbench reads it."""
    return re.sub(r"\s+", " ", sql)


def _quoted(cursor: Any, value: Any) -> str:
    quoted: bytes | str = cursor.mogrify("%s", [value])  # psycopg's own quoting
    return _without_colons(quoted.decode() if isinstance(quoted, bytes) else quoted)


# A quoted literal as psycopg writes it: 'text' (backslashes plain), or E'text' (backslashes
# escape), either with a cast such as ::timestamptz.
_LITERAL = re.compile(r"^(\s*)(E?)'(.*)'((?:::[\w ]+)?)$", re.DOTALL)


def _without_colons(literal: str) -> str:
    """The same constant with no colon inside its quotes: pgbench takes `:name` anywhere in a
    statement, quotes included, for one of its variables (a time's `:00`, an actor's `user:...`),
    and in prepared mode makes each a parameter. A colon becomes an escape that PostgreSQL
    reads back as a colon when it parses the statement, so the statement is unchanged."""
    found = _LITERAL.match(literal)
    if found is None or ":" not in found.group(3):
        return literal
    space, escaped, inner, cast = found.groups()
    if escaped:  # E'...': an octal escape
        return f"{space}E'{inner.replace(':', chr(92) + '072')}'{cast}"
    # '...': as a Unicode escape string, whose escape character must itself be escaped.
    inner = inner.replace(chr(92), chr(92) * 2).replace(":", chr(92) + "003A")
    return f"{space}U&'{inner}'{cast}"


def _inserted_columns(sql: str) -> list[str] | None:
    """The column list of an INSERT, in order; None for any other statement."""
    found = re.match(r'INSERT INTO "\w+" \(([^)]*)\)', sql)
    return [name.strip() for name in found.group(1).split(",")] if found else None


def round_trips(url: str, count: int = 500) -> dict[str, float]:
    """p50 in ms of the two things every statement and every transaction pay on this machine: a
    round trip (`SELECT 1`) and a one-row commit, which waits for the disk (fsync)."""
    with psycopg.connect(url) as connection:
        connection.execute("CREATE TABLE IF NOT EXISTS bench_commit (x integer)")
        connection.commit()
        selects, commits = [], []
        for _ in range(count):
            started = time.perf_counter()
            connection.execute("SELECT 1").fetchone()
            selects.append(time.perf_counter() - started)
            started = time.perf_counter()
            connection.execute("INSERT INTO bench_commit VALUES (1)")
            connection.commit()
            commits.append(time.perf_counter() - started)
        connection.execute("DROP TABLE bench_commit")
        connection.commit()
    return {
        "select_ms": statistics.median(selects) * 1000,
        "commit_ms": statistics.median(commits) * 1000,
    }


def protocol() -> str:
    """How the service sends its statements, and so how the replay sends them: `prepared` when
    its values are bound on the server and its statements prepared (the settings' default on
    PostgreSQL), else `simple`, each statement parsed and planned afresh."""
    from django.db import connection  # noqa: PLC0415

    options = connection.settings_dict.get("OPTIONS", {})
    prepared = options.get("server_side_binding") and options.get("prepare_threshold") is not None
    return "prepared" if prepared else "simple"


def replay(
    script: str, url: str, clients: int, seconds: int, mode: str = "simple"
) -> dict[str, float]:
    """Run the script with `clients` pgbench clients for `seconds`, sending each statement as
    `mode` says (pgbench's --protocol: simple, or prepared); throughput and latencies."""
    pgbench = shutil.which("pgbench")
    if pgbench is None:
        raise RuntimeError("pgbench is not installed (it comes with PostgreSQL's packages)")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "decision.sql"
        path.write_text(script)
        command = [
            pgbench, "--no-vacuum", "--file", str(path), "--client", str(clients),
            "--jobs", "2", "--time", str(seconds), "--protocol", mode,
            "--log", "--log-prefix", f"{folder}/log", url,
        ]  # fmt: skip
        # The fixed command above: our own script against our own scratch database.
        finished = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
        if finished.returncode != 0:
            raise RuntimeError(f"pgbench failed: {finished.stderr.strip()[-500:]}")
        # Each log line: client, transaction, latency in µs, script, epoch seconds, µs.
        latencies = sorted(
            int(line.split()[2]) / 1000
            for log in Path(folder).glob("log.*")
            for line in log.read_text().splitlines()
        )
    if not latencies:
        raise RuntimeError("pgbench completed no transaction")
    return {
        "per_second": len(latencies) / seconds,
        "p50_ms": statistics.median(latencies),
        "p99_ms": latencies[max(0, int(len(latencies) * 0.99) - 1)],
    }
