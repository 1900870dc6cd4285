"""The Merkle tree as stored: appending leaves with their completed subtree nodes, and reading
nodes, roots and proofs with O(log n) reads. Hashing itself is `safereport.ledger`'s."""

import json
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from operator import itemgetter
from typing import Any, TypeVar

from django.db import connection, transaction
from django.utils import timezone

from safereport import ledger
from safereport.audit.errors import AuditError, LogRangeError, OutsideTransactionError
from safereport.audit.models import EventIndex, Leaf, TreeNode

# Key of the PostgreSQL advisory lock that serialises appends: any constant no other code uses
# (advisory lock keys are scoped to the database); this one is "safe audi(t)" in hex-speak.
APPEND_LOCK_KEY = 0x5AFE_A0D1

_T = TypeVar("_T")
_PLACEHOLDER = bytes(ledger.HASH_SIZE)
_first, _second = itemgetter(0), itemgetter(1)

Encoder = Callable[[int, datetime], bytes]
"""`encode(index, time)`: the bytes of the leaf that will sit at `index`, recorded at `time`."""


def lock_for_append() -> None:
    """Make this transaction the only one appending until it commits or rolls back.

    PostgreSQL: a transaction-scoped advisory lock, taken before the size is read, so a second
    writer waits here and then reads the size the first one committed (READ COMMITTED reads each
    statement's data afresh). SQLite: the settings open every transaction with BEGIN IMMEDIATE,
    which already holds the database's single write lock, so writers queue at BEGIN. Were that
    mode ever dropped, a second writer would fail on its stale snapshot rather than reuse an index,
    and the leaf table's primary key on the index is the backstop in every case.
    """
    if not connection.in_atomic_block:
        raise OutsideTransactionError(
            "audit events must be appended inside transaction.atomic(), so that an event and the "
            "change it records commit or roll back together"
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [APPEND_LOCK_KEY])


def size() -> int:
    """The number of leaves: one more than the highest index (an index lookup, not a count)."""
    # Plain SQL, as in `_read`: every audited write asks this, and the ORM's aggregate costs
    # several times the query.
    table = connection.ops.quote_name(Leaf._meta.db_table)
    index_column = connection.ops.quote_name("index")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX({index_column}) FROM {table}")  # noqa: S608 - no values
        (highest,) = cursor.fetchone()
    return 0 if highest is None else int(highest) + 1


def append(encode: Encoder) -> int:
    """Append one leaf and the subtree nodes it completes; return its index.

    Must run inside a transaction; the index is the current size, read under the append lock.
    """
    lock_for_append()
    index, edge = size_and_right_edge()
    tree = ledger.CompactTree(index, edge)
    time = timezone.now()
    _insert(tree, [encode(index, time)], time)
    return index


# The size and the right edge in one round trip: the edge's positions are the set bits of the
# size (a perfect subtree at level b, index (size >> b) - 1, for each bit b set), so the query
# works them out itself. Recursive rather than generate_series, which SQLite lacks; 63 levels
# cover any BIGINT index. A separate statement from the lock, so it reads what the last
# appender committed.
_SIZE_AND_EDGE = """
WITH RECURSIVE
    tree(size) AS (SELECT COALESCE(MAX({index}) + 1, 0) FROM {leaf}),
    bits(level) AS (SELECT 0 UNION ALL SELECT level + 1 FROM bits WHERE level < 62),
    edge(level, position) AS (
        SELECT level, (size >> level) - 1 FROM tree, bits WHERE ((size >> level) & 1) = 1
    )
SELECT -1, size, NULL FROM tree
UNION ALL
SELECT 0, {leaf}.{index}, {leaf}.hash FROM edge
    JOIN {leaf} ON edge.level = 0 AND {leaf}.{index} = edge.position
UNION ALL
SELECT {node}.level, {node}.{index}, {node}.hash FROM edge
    JOIN {node} ON edge.level > 0 AND {node}.level = edge.level AND {node}.{index} = edge.position
"""


def size_and_right_edge() -> tuple[int, list[bytes]]:
    """`size()` and `right_edge(size())` in one query (what every append reads under its lock)."""
    quote = connection.ops.quote_name
    query = _SIZE_AND_EDGE.format(
        index=quote("index"), leaf=quote(Leaf._meta.db_table), node=quote(TreeNode._meta.db_table)
    )
    with connection.cursor() as cursor:
        cursor.execute(query)  # only quoted identifiers are formatted into it
        rows = cursor.fetchall()
    tree_size = next(int(index) for level, index, _ in rows if level == -1)
    found = {(int(level), int(index)): bytes(value) for level, index, value in rows if level != -1}
    return tree_size, _in_order(perfect_subtrees(0, tree_size), found)


def append_batch(encode: Encoder, count: int, batch_size: int = 10_000) -> int:
    """Append `count` leaves in transactions of `batch_size`: bulk loading (the benchmark).

    Returns the new size. Same tree, same tables and same lock as `append`, without one
    transaction per leaf.
    """
    done = 0
    while done < count:
        with transaction.atomic():
            lock_for_append()
            start = size()
            tree = ledger.CompactTree(start, right_edge(start))
            time = timezone.now()
            todo = min(batch_size, count - done)
            _insert(tree, [encode(start + offset, time) for offset in range(todo)], time)
            done += todo
    return size()


def _insert(tree: ledger.CompactTree, datas: Sequence[bytes], time: datetime) -> None:
    leaves: list[Leaf] = []
    nodes: list[TreeNode] = []
    indexed: list[EventIndex] = []
    for data in datas:
        leaf, *interior = tree.append(ledger.leaf_hash(data))
        leaves.append(Leaf(index=leaf.index, data=data, hash=leaf.hash, time=time))
        nodes.extend(TreeNode(level=n.level, index=n.index, hash=n.hash) for n in interior)
        indexed.append(index_entry(leaf.index, data, time))
    if connection.vendor == "postgresql" and len(leaves) == 1:
        _insert_at_once(leaves[0], nodes, indexed[0])
        return
    Leaf.objects.bulk_create(leaves)
    TreeNode.objects.bulk_create(nodes)
    EventIndex.objects.bulk_create(indexed)


def _insert_at_once(leaf: Leaf, nodes: Sequence[TreeNode], indexed: EventIndex) -> None:
    """One event's leaf, nodes and index row in one statement (PostgreSQL runs every
    data-modifying WITH clause to completion): each statement is a round trip, and every audited
    write appends one event. Bulk loads (`append_batch`) insert as Django does, in batches."""
    quote = connection.ops.quote_name
    names = {
        "index": quote("index"),
        "leaf": quote(Leaf._meta.db_table),
        "node": quote(TreeNode._meta.db_table),
        "event": quote(EventIndex._meta.db_table),
        "nodes": ", ".join(["(%s, %s, %s)"] * len(nodes)),
    }
    values: list[Any] = [leaf.index, leaf.data, leaf.hash, leaf.time]
    values.extend(value for node in nodes for value in (node.level, node.index, node.hash))
    values.extend([indexed.index, indexed.action, indexed.organisation, indexed.time])
    query = (LEAF_NODES_AND_EVENT if nodes else LEAF_AND_EVENT).format(**names)
    with connection.cursor() as cursor:
        cursor.execute(query, values)  # only placeholders and quoted identifiers formatted in


# The statements of `_insert_at_once`, with and without nodes (`benchmarks/database_floor.py`
# replays an append with the first).
LEAF_AND_EVENT = """
WITH leaf AS (INSERT INTO {leaf} ({index}, data, hash, time) VALUES (%s, %s, %s, %s))
INSERT INTO {event} ({index}, action, organisation, time) VALUES (%s, %s, %s, %s)
"""
LEAF_NODES_AND_EVENT = """
WITH leaf AS (INSERT INTO {leaf} ({index}, data, hash, time) VALUES (%s, %s, %s, %s)),
    node AS (INSERT INTO {node} (level, {index}, hash) VALUES {nodes})
INSERT INTO {event} ({index}, action, organisation, time) VALUES (%s, %s, %s, %s)
"""


def index_entry(index: int, data: bytes, time: datetime) -> EventIndex:
    """The browser's index row of an event: its action and acting organisation."""
    event = json.loads(data)
    actor = event.get("actor") or {}
    return EventIndex(
        index=index,
        action=str(event.get("action", "")),
        organisation=str(actor.get("organisation") or ""),
        time=time,
    )


def perfect_subtrees(start: int, end: int) -> list[tuple[int, int]]:
    """The (level, index) of the perfect subtrees that make up leaves [start, end), left first.

    `start` must be aligned as in RFC 9162's recursion (0, or a multiple of the first subtree).
    """
    positions = []
    while start < end:
        level = (end - start).bit_length() - 1
        positions.append((level, start >> level))
        start += 1 << level
    return positions


def right_edge(tree_size: int) -> list[bytes]:
    """Hashes of the perfect subtrees of a tree of `tree_size` leaves, largest first: one query,
    one row per set bit of the size."""
    return read_nodes(perfect_subtrees(0, tree_size))


def read_nodes(positions: Sequence[tuple[int, int]]) -> list[bytes]:
    """Hashes at the given (level, index) positions, in order; level 0 is a leaf hash. One query."""
    return _in_order(positions, dict(_read(positions)) if positions else {})


def _in_order(
    positions: Sequence[tuple[int, int]], found: dict[tuple[int, int], bytes]
) -> list[bytes]:
    missing = [position for position in positions if position not in found]
    if missing:
        level, index = missing[0]
        raise AuditError(f"the audit tree has no stored node at level {level}, index {index}")
    return [found[position] for position in positions]


def _read(positions: Sequence[tuple[int, int]]) -> Iterator[tuple[tuple[int, int], bytes]]:
    # Plain SQL: building the same OR of positions through the ORM costs more than the query, and
    # leaf hashes (level 0, in the leaf table) come in the same round trip as interior nodes.
    index_column = connection.ops.quote_name("index")
    leaves = [index for level, index in positions if level == 0]
    interior = [(level, index) for level, index in positions if level > 0]
    parts: list[str] = []
    values: list[int] = []
    if leaves:
        table = connection.ops.quote_name(Leaf._meta.db_table)
        marks = ", ".join(["%s"] * len(leaves))
        where = f"{index_column} IN ({marks})"
        parts.append(f"SELECT 0, {index_column}, hash FROM {table} WHERE {where}")  # noqa: S608
        values.extend(leaves)
    if interior:
        table = connection.ops.quote_name(TreeNode._meta.db_table)
        condition = " OR ".join([f"(level = %s AND {index_column} = %s)"] * len(interior))
        columns = f"level, {index_column}, hash"
        parts.append(f"SELECT {columns} FROM {table} WHERE {condition}")  # noqa: S608
        values.extend(value for position in interior for value in position)
    # Only placeholders and quoted identifiers are formatted into the query.
    query = " UNION ALL ".join(parts)
    with connection.cursor() as cursor:
        cursor.execute(query, values)
        for level, index, value in cursor.fetchall():
            yield (int(level), int(index)), bytes(value)


def get_node(level: int, index: int) -> bytes:
    """`safereport.ledger.NodeReader` over the stored tree: one indexed read."""
    return read_nodes([(level, index)])[0]


def root_at(tree_size: int) -> bytes:
    """The root of the first `tree_size` leaves, from the stored nodes."""
    _require_size(tree_size)
    return ledger.CompactTree(tree_size, right_edge(tree_size)).root()


def inclusion_proof(index: int, tree_size: int) -> list[bytes]:
    """The audit path of leaf `index` in the tree of `tree_size` leaves."""
    _require_size(tree_size)
    if not 0 <= index < tree_size:
        raise LogRangeError(f"leaf {index} is not in a tree of {tree_size} leaves")
    return _with_prefetched_nodes(lambda reader: ledger.inclusion_proof(index, tree_size, reader))


def consistency_proof(size1: int, size2: int) -> list[bytes]:
    """The proof that the tree of `size1` leaves is a prefix of the one of `size2`."""
    _require_size(size2)
    if not 0 < size1 <= size2:
        raise LogRangeError(f"a consistency proof needs 0 < size1 <= size2, got {size1}, {size2}")
    return _with_prefetched_nodes(lambda reader: ledger.consistency_proof(size1, size2, reader))


def _with_prefetched_nodes(compute: Callable[[ledger.NodeReader], _T]) -> _T:
    """Run a proof computation with every node it needs read in one batch (one query).

    Which nodes a proof reads depends only on the sizes and index, never on the hashes, so a
    first pass with placeholder hashes lists them; the second pass gets the stored ones.
    """
    wanted: list[tuple[int, int]] = []

    def note(level: int, index: int) -> bytes:
        wanted.append((level, index))
        return _PLACEHOLDER

    compute(note)
    found = dict(zip(wanted, read_nodes(wanted), strict=True))
    return compute(lambda level, index: found[level, index])


def leaf(index: int) -> Leaf:
    """The stored leaf at `index`."""
    found = Leaf.objects.filter(index=index).first()
    if found is None:
        raise LogRangeError(_outside_message(f"leaf {index}", size()))
    return found


def leaves_in_order(
    end: int, chunk: int = 10_000, start: int = 0
) -> Iterator[tuple[int, bytes, bytes]]:
    """(index, data, stored hash) of every leaf from `start` below `end`, ascending, read `chunk`
    at a time."""
    after = start - 1
    while True:
        rows = list(
            Leaf.objects.filter(index__gt=after, index__lt=end)
            .order_by("index")
            .values_list("index", "data", "hash")[:chunk]
        )
        for index, data, value in rows:
            yield index, bytes(data), bytes(value)
        if len(rows) < chunk:
            return
        after = rows[-1][0]


def nodes_in_order(
    level: int, below: int, chunk: int = 10_000, start: int = 0
) -> Iterator[tuple[int, bytes]]:
    """(index, hash) of the stored nodes at `level` (1 and up) from index `start` to below
    `below`, ascending, read `chunk` at a time."""
    after = start - 1
    while True:
        rows = list(
            TreeNode.objects.filter(level=level, index__gt=after, index__lt=below)
            .order_by("index")
            .values_list("index", "hash")[:chunk]
        )
        for index, value in rows:
            yield index, bytes(value)
        if len(rows) < chunk:
            return
        after = rows[-1][0]


# Bulk reads for verification (`verification.py`): plain SQL returning only the columns it
# compares, no model instances, since at a million leaves building rows is most of the cost.


def leaf_range(start: int, stop: int) -> tuple[list[bytes], list[bytes]]:
    """The data and stored hashes of the leaves with index from `start` to below `stop`,
    ascending. One query; fewer rows than the range holds means some index is missing (the
    index is the key, so none repeats)."""
    table = connection.ops.quote_name(Leaf._meta.db_table)
    index_column = connection.ops.quote_name("index")
    query = (
        f"SELECT data, hash FROM {table} WHERE {index_column} >= %s AND {index_column} < %s "  # noqa: S608 - no values
        f"ORDER BY {index_column}"
    )
    rows = _bulk_rows(query, [start, stop])
    # Both drivers give bytes already (psycopg as asked, in binary): taking the columns apart in
    # C, with no copy, was a fifth of reading the leaves when each went through bytes().
    return list(map(_first, rows)), list(map(_second, rows))


def node_ranges(ranges: Sequence[tuple[int, int, int]]) -> list[bytes]:
    """The stored hashes of each (level, first index, count) range of interior nodes, ascending,
    each range's concatenated into one string of bytes: one query, one row per range, so that no
    Python object is made per node. A range with nodes missing comes back short."""
    if not ranges:
        return []
    table = connection.ops.quote_name(TreeNode._meta.db_table)
    index_column = connection.ops.quote_name("index")
    where = f"level = %s AND {index_column} >= %s AND {index_column} < %s"
    # Each range concatenated in the order of an ordered subquery, which both databases keep:
    # SQLite before 3.44 has no ORDER BY inside an aggregate, and PostgreSQL before 16 sorts the
    # rows again for one, which made the stored nodes half again slower to read than the leaves.
    # Were the order ever not kept, verification would only find a difference and check those
    # leaves one by one, never pass a wrong node.
    if connection.vendor == "postgresql":
        aggregate = "string_agg(hash, ''::bytea)"
    else:
        # group_concat makes text of the blobs' bytes unchanged, and the cast takes them back
        # as a blob (half the time of hexadecimal).
        aggregate = "CAST(group_concat(hash, '') AS BLOB)"
    part = (
        f"SELECT {aggregate} FROM "  # noqa: S608 - no values
        f"(SELECT hash FROM {table} WHERE {where} ORDER BY {index_column}) AS ordered"
    )
    # UNION ALL keeps no order (PostgreSQL gave the ranges back last first): each row says which
    # range it is. Only the range's own position is formatted in, never a value.
    parts = [f"SELECT {n}, * FROM ({part}) AS range_{n}" for n in range(len(ranges))]  # noqa: S608
    query = " UNION ALL ".join(parts) + " ORDER BY 1"
    values = [value for level, first, count in ranges for value in (level, first, first + count)]
    rows = _bulk_rows(query, values)
    return [_concatenated(value) for _, value in rows]


def _bulk_rows(query: str, values: Sequence[int]) -> list[tuple[Any, ...]]:
    """All the rows of a bulk read. On PostgreSQL through a psycopg cursor of its own asking for
    binary results: Django's cursor takes bytea as hexadecimal text, twice the bytes to send and
    decode, which made reading the leaves 2.5 times slower. And without parallel workers: the
    planner, misjudging a range of stored nodes as three times its size, started two for each
    read, which cost more than they saved (verification runs processes of its own)."""
    if connection.vendor == "postgresql":
        import psycopg  # noqa: PLC0415 - only PostgreSQL has it to use

        connection.ensure_connection()
        with psycopg.Cursor(connection.connection) as cursor:
            cursor.execute("SET max_parallel_workers_per_gather = 0")
            try:
                cursor.execute(query, values, binary=True)
                return cursor.fetchall()
            finally:
                # In a failed transaction the SET is undone with it, and nothing else may run.
                if (
                    connection.connection.info.transaction_status
                    != psycopg.pq.TransactionStatus.INERROR
                ):
                    cursor.execute("RESET max_parallel_workers_per_gather")
    with connection.cursor() as cursor:
        cursor.execute(query, values)
        return list(cursor.fetchall())


def _concatenated(value: bytes | memoryview | None) -> bytes:
    if value is None:  # no node at all in the range
        return b""
    return bytes(value)


def _require_size(tree_size: int) -> None:
    current = size()
    if not 0 <= tree_size <= current:
        raise LogRangeError(f"tree size {tree_size} is outside the log, which has {current} leaves")


def _outside_message(what: str, current: int) -> str:
    if current == 0:
        return f"no {what}: the log is empty"
    return f"no {what}: the log has {current} leaves (0 to {current - 1})"
