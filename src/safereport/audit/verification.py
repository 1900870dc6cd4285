"""Full verification of the stored log (`audit verify`): recompute the tree from the leaves in one
streaming pass, check every stored node and checkpoint and any witness's checkpoints, and name
the first index where the log diverges."""

from __future__ import annotations

import gc
import heapq
import json
import multiprocessing
import multiprocessing.pool
import multiprocessing.util
import signal
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from django.conf import settings
from django.db import connection, connections
from django.db.backends.sqlite3.creation import DatabaseCreation as SQLiteCreation
from django.db.models import Max
from django.utils import timezone

from safereport import ledger
from safereport.audit import checkpoints, signing, storage
from safereport.audit import witnesses as witnesses_module
from safereport.audit.errors import AuditError
from safereport.audit.models import Checkpoint, Verification, WitnessCosignature
from safereport.audit.recorded_index import recorded_indices
from safereport.ledger.encoding import encode_base64

# Leaves checked at once: 16,384 leaves of about 200 bytes, a few megabytes, and few enough
# queries (two a block) that their own cost is lost in the hashing.
LEAF_BLOCK_LEVEL = 14
LEAF_CHUNK = 10_000  # rows per query when a block is replayed leaf by leaf


class ProgressBar(Protocol):
    """What verification reports progress to (tqdm's bar fits)."""

    def update(self, n: float | None = 1) -> bool | None:
        """Count `n` more leaves done."""

    def close(self) -> None:
        """The pass is over."""


@dataclass(frozen=True)
class WitnessCheckpoint:
    """A signed checkpoint kept outside the log, and where it came from (for messages)."""

    source: str
    note: str


@dataclass(frozen=True)
class WitnessReport:
    """The largest size an outside witness cosigned, when, and whether its key is configured
    (only then are its cosignatures checked, and held against the log)."""

    witness: str
    size: int
    time: datetime
    checked: bool


@dataclass(frozen=True)
class VerificationResult:
    """The outcome: `index` is the first leaf where the log diverges, when one can be named;
    when only a checkpoint can tell (a rewrite that recomputed every hash and node), `among` is
    the range of leaves (first, last) the first disagreeing checkpoint covers beyond the last
    one that agreed, and no single leaf is named."""

    ok: bool
    size: int
    message: str
    index: int | None = None
    among: tuple[int, int] | None = None
    witnesses: tuple[WitnessReport, ...] = ()


class _Divergence(Exception):  # noqa: N818 - internal control flow, never escapes this module
    def __init__(
        self, message: str, index: int | None, among: tuple[int, int] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.index = index
        self.among = among


@dataclass(frozen=True, order=True)
class _Target:
    """A checkpoint to compare with the recomputed root once the tree reaches `size`; a stored
    one keeps its signed `note`, checked once the checkpoint before it is reached."""

    size: int
    source: str
    root: bytes
    note: str | None = field(default=None, compare=False)


def verify_log(
    witnesses: Sequence[WitnessCheckpoint] = (),
    progress: Callable[[int], ProgressBar] | None = None,
    *,
    ask_witnesses: bool = False,
    processes: int | None = None,
) -> VerificationResult:
    """Verify the whole log, store the result (the inspector page shows the last) and return it.

    With `ask_witnesses`, each configured witness is first shown the latest checkpoint from old
    size 0, so that it says what it holds whatever the stored cosignatures say (rows in the
    same database as the log could be removed with it); one that holds more leaves, or finds the
    checkpoint inconsistent, or cannot be asked, fails the verification.

    `progress(total)` may return a bar to update as leaves are checked (once a block). Memory is
    a block of leaves with its nodes in each process checking blocks (`processes`, by default
    `AUDIT_VERIFY_PROCESSES`), the tree's right edge, and one small target per stored witness
    cosignature (one per checkpoint a witness cosigned).
    """
    end = 0
    keys = {witness.name: witness.verifier for witness in witnesses_module.configured()}
    asked = witnesses_module.submit_latest(ask=True) if ask_witnesses else []
    reports = _witness_reports(keys)
    try:
        _require_asked(asked)
        log_verifier = checkpoints.verifier()
        witness_targets = [_open_witness(witness, log_verifier) for witness in witnesses]
        witness_targets += _cosigned_targets(keys)
        # Read the highest checkpoint before the size: every checkpoint was committed with or after
        # its leaves, so one larger than the size means leaves were removed, not appended meanwhile.
        highest = Checkpoint.objects.aggregate(highest=Max("size"))["highest"]
        end = storage.size()
        bar = progress(end) if progress is not None else None
        try:
            with _without_cycle_collection():
                tree = _recompute(
                    end,
                    witness_targets,
                    log_verifier,
                    bar,
                    settings.AUDIT_VERIFY_PROCESSES if processes is None else processes,
                )
        finally:
            if bar is not None:
                bar.close()
        _require_not_truncated(end, highest, witness_targets)
        result = VerificationResult(
            ok=True,
            size=end,
            message=(
                f"{end} leaves verified, root {encode_base64(tree.root())}; every stored node and "
                f"checkpoint and {len(witness_targets)} witness checkpoint(s) and "
                f"cosignature(s) agree{_cosigned_summary(reports)}"
            ),
            witnesses=reports,
        )
    except _Divergence as divergence:
        result = VerificationResult(
            False, end, divergence.message, divergence.index, divergence.among, reports
        )
    except AuditError as error:
        result = VerificationResult(False, end, str(error), witnesses=reports)
    Verification.objects.create(
        time=timezone.now(), size=result.size, ok=result.ok, message=result.message
    )
    return result


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector for the pass: the rows it reads are millions of new
    objects, which set the collector off over and over (it doubled the time of reading the
    leaves at a million), and the pass makes no cycles for it to find; reference counting still
    frees each block as the next one is read."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def last_verification() -> Verification | None:
    """The most recent stored verification result."""
    return Verification.objects.order_by("-time", "-id").first()


def _open_witness(witness: WitnessCheckpoint, log_verifier: ledger.Verifier) -> _Target:
    try:
        body = checkpoints.open_checkpoint(witness.note, log_verifier)
    except (ledger.NoteError, ledger.CheckpointError) as error:
        raise _Divergence(f"witness checkpoint {witness.source}: {error}", None) from None
    return _Target(body.size, f"witness checkpoint {witness.source}", body.root)


def _require_asked(outcomes: Sequence[witnesses_module.Outcome]) -> None:
    for outcome in outcomes:
        if outcome.against_the_log:
            raise _Divergence(f"witness {outcome.witness}: {outcome.reason}", None)
        if not outcome.cosigned:
            raise _Divergence(
                f"witness {outcome.witness} could not vouch for the log: {outcome.reason}", None
            )


def _witness_reports(keys: dict[str, ledger.CosignatureVerifier]) -> tuple[WitnessReport, ...]:
    """Per witness with a stored cosignature: the largest size and its time."""
    largest = (
        WitnessCosignature.objects.values("witness")
        .annotate(largest=Max("size"))
        .order_by("witness")
        .values_list("witness", "largest")
    )
    reports = []
    for name, size in largest:
        time = WitnessCosignature.objects.get(witness=name, size=size).time
        reports.append(WitnessReport(name, size, time, name in keys))
    return tuple(reports)


def _cosigned_summary(reports: Sequence[WitnessReport]) -> str:
    parts = [
        f"witness {report.witness} cosigned up to {report.size} at {report.time:%Y-%m-%dT%H:%M:%SZ}"
        + ("" if report.checked else " (not checked: the witness is not configured)")
        for report in reports
    ]
    return "".join(f"; {part}" for part in parts)


def _cosigned_targets(keys: dict[str, ledger.CosignatureVerifier]) -> list[_Target]:
    """Every stored cosignature of a configured witness, its signature checked: each is a size
    and root the log must still have."""
    targets = []
    rows = WitnessCosignature.objects.filter(witness__in=keys).order_by("witness", "size")
    for row in rows.iterator(chunk_size=1_000):
        where = f"witness {row.witness}'s cosignature for {row.size} leaves"
        try:
            keys[row.witness].verify(row.body, row.line)
            body = ledger.Checkpoint.parse(row.body)
        except (ledger.NoteError, ledger.CheckpointError) as error:
            raise _Divergence(f"{where} does not verify: {error}", None) from None
        if (body.origin, body.size, body.root) != (signing.origin(), row.size, bytes(row.root)):
            raise _Divergence(
                f"{where}: its size, root or origin differs from what it signed", None
            )
        targets.append(_Target(row.size, f"witness {row.witness}'s cosignature", bytes(row.root)))
    return targets


def _recompute(
    end: int,
    witness_targets: Sequence[_Target],
    log_verifier: ledger.Verifier,
    bar: ProgressBar | None,
    processes: int,
) -> ledger.CompactTree:
    """One pass over the leaves below `end`: hashes, order, stored nodes, checkpoint roots.

    The leaves go in aligned blocks of a power of two (2**LEAF_BLOCK_LEVEL, then the remainder's
    binary digits), each checked in bulk (`check_block`), by `processes` worker processes when
    more than one, a few blocks ahead of the walk, which takes their results in order. A block
    where anything differs is replayed leaf by leaf from its start, here, which names the first
    divergence exactly as a leaf-by-leaf pass over the whole log would.
    """
    walk = _Walk(
        end,
        heapq.merge(_stored_targets(end), sorted(t for t in witness_targets if t.size <= end)),
        log_verifier,
    )
    walk.replay(0, 0, walk.targets_up_to(0))  # checkpoints of the empty tree
    blocks = list(_blocks(end, LEAF_BLOCK_LEVEL))
    checker = _Checker(_usable_processes(processes, len(blocks)))
    pending: deque[tuple[int, int, _Due, Callable[[], BlockCheck]]] = deque()

    def settle() -> None:
        start, level, due, result = pending.popleft()
        stop = start + (1 << level)
        if not walk.block(start, level, due, result()):
            walk.replay(start, stop, due)
        if bar is not None:
            bar.update(stop - start)

    try:
        for start, level in blocks:
            stop = start + (1 << level)
            due = walk.targets_up_to(stop)
            inner = [target.size for target in due.targets if target.size < stop]
            pending.append((start, level, due, checker.submit(start, level, inner)))
            if len(pending) >= checker.ahead:
                settle()
        while pending:
            settle()
    except _Divergence:
        checker.close(at_once=False)  # the few blocks in flight finish in moments
        raise
    except BaseException:
        checker.close(at_once=True)
        raise
    checker.close(at_once=False)
    return walk.tree


def _usable_processes(requested: int, blocks: int) -> int:
    """The worker processes to check blocks in: one (this process) unless there are blocks to
    share, the database is one other processes can open (not in memory), and what they would
    read is committed (no transaction is open here) and this process can be forked."""
    if requested <= 1 or blocks < 2 or connection.in_atomic_block:
        return 1
    if connection.vendor == "sqlite" and SQLiteCreation.is_in_memory_db(
        connection.settings_dict["NAME"]
    ):
        return 1
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return min(requested, blocks)


class _Checker:
    """Where blocks are checked: here, one at a time, or in a pool of processes forked from this
    one, each with its own database connection. Hashing a leaf holds Python's lock, so threads
    would take turns; processes check blocks side by side, one per core."""

    def __init__(self, processes: int) -> None:
        self._pool: multiprocessing.pool.Pool | None = None
        self.ahead = 1  # blocks submitted before the walk takes the first one's result
        if processes > 1:
            # A forked worker must not use this process's connection: closed here, every
            # process (this one included) opens its own on its next query.
            connections.close_all()
            context = multiprocessing.get_context("fork")
            self._pool = context.Pool(processes, initializer=_worker_started)
            self.ahead = 2 * processes

    def submit(self, start: int, level: int, inner: Sequence[int]) -> Callable[[], BlockCheck]:
        """Start checking a block; the call returned gives its result, waiting for it."""
        if self._pool is None:
            check = check_block(start, level, inner)
            return lambda: check
        return self._pool.apply_async(check_block, (start, level, list(inner))).get

    def close(self, at_once: bool) -> None:
        """Let the workers finish what they hold and end, closing their connections; or, on an
        error or an interruption, end them at once."""
        if self._pool is None:
            return
        if at_once:
            self._pool.terminate()
        else:
            self._pool.close()
        self._pool.join()


def _worker_started() -> None:
    """In each worker: Ctrl-C is for the parent, which ends the pool; SIGTERM, with which the
    pool ends a worker at once, ends it whatever handler the parent had set (one that only asked
    a server to stop left a worker waiting on the pool's queue, and the parent on the worker);
    the connection the worker opens is closed when it ends."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    multiprocessing.util.Finalize(None, connections.close_all, exitpriority=10)


def _blocks(end: int, largest: int) -> Iterator[tuple[int, int]]:
    """(start, level) of aligned blocks of 2**level leaves covering 0 to `end`: the largest
    size while it fits, then one block per remaining binary digit, largest first."""
    start = 0
    while start < end:
        level = min(largest, (end - start).bit_length() - 1)
        yield start, level
        start += 1 << level


@dataclass(frozen=True)
class BlockCheck:
    """What checking an aligned block of leaves on its own found: whether its leaves, their
    hashes and recorded indices, and its stored interior nodes agree; its root; and, for each
    checkpoint size inside it, the roots of the block's perfect subtrees before that size
    (largest first), which the tree before the block completes into that checkpoint's root."""

    ok: bool
    root: bytes = b""
    edges: dict[int, list[bytes]] = field(default_factory=dict)


@dataclass(frozen=True)
class _Due:
    """The checkpoints a block reaches, smallest first, and the first one beyond it."""

    targets: list[_Target]
    following: _Target | None

    def after(self, position: int) -> _Target | None:
        """The checkpoint after the one at `position` (-1: the first), the following one last."""
        if position + 1 < len(self.targets):
            return self.targets[position + 1]
        return self.following


class _Walk:
    """The pass's state between blocks: the tree so far, the checkpoints still to reach and the
    size of the latest one whose root the leaves reproduced (`agreed`)."""

    def __init__(self, end: int, targets: Iterator[_Target], log_verifier: ledger.Verifier) -> None:
        self.end = end
        self.tree = ledger.CompactTree()
        self.agreed = 0
        self._verifier = log_verifier
        self._targets = targets
        self._next = next(targets, None)
        # Each checkpoint's note is checked when the one before it is reached, the first now, as
        # the leaf-by-leaf pass opened them: so a bad note and a bad leaf are named in its order.
        if self._next is not None:
            self.require_note(self._next)

    def targets_up_to(self, size: int) -> _Due:
        """The checkpoints not yet taken whose size is at most `size`, smallest first, then the
        first one beyond (or None)."""
        due = []
        following = self._next
        while following is not None and following.size <= size:
            due.append(following)
            following = next(self._targets, None)
        self._next = following
        return _Due(due, following)

    def require_note(self, target: _Target) -> None:
        """A stored checkpoint's signed note must open and say its size and root."""
        if target.note is None:
            return
        try:
            body = checkpoints.open_checkpoint(target.note, self._verifier)
        except (ledger.NoteError, ledger.CheckpointError) as error:
            raise _Divergence(f"{target.source}: {error}", None) from None
        if (body.size, body.root) != (target.size, target.root):
            raise _Divergence(
                f"{target.source}: its size or root differs from its signed note", None
            )

    def _note_holds(self, target: _Target | None) -> bool:
        try:
            if target is not None:
                self.require_note(target)
        except _Divergence:
            return False
        return True

    def block(self, start: int, level: int, due: _Due, check: BlockCheck) -> bool:
        """Move past the block of 2**level leaves from `start`, checked in bulk (`check_block`),
        once the nodes it completes above itself and the checkpoints it reaches agree; False,
        with nothing moved, when anything differs (the replay then says what)."""
        if not check.ok:
            return False
        stop = start + (1 << level)
        tree = ledger.CompactTree(start, self.tree.right_edge)
        # The block's own root first, then any larger subtree it completes.
        _own, *above = tree.append_subtree(level, check.root)
        ranges = [(node.level, node.index, 1) for node in above]
        if storage.node_ranges(ranges) != [node.hash for node in above]:
            return False
        agreed = self.agreed
        for position, target in enumerate(due.targets):
            if target.size == stop:
                root = tree.root()
            else:
                edge = [*self.tree.right_edge, *check.edges[target.size]]
                root = ledger.CompactTree(target.size, edge).root()
            if root != target.root or not self._note_holds(due.after(position)):
                return False
            agreed = target.size
        self.tree, self.agreed = tree, agreed
        return True

    def replay(self, start: int, stop: int, due: _Due) -> None:
        """Check the leaves from `start` to `stop` one by one, in the order a leaf-by-leaf pass
        checks them, raising at the first divergence."""
        tree = ledger.CompactTree(start, self.tree.right_edge)
        nodes = _StoredNodes(self.end, start)
        agreed = self.agreed
        position = 0
        target = due.after(-1)

        def reach() -> None:
            nonlocal agreed, position, target
            while target is not None and target.size == tree.size:
                agreed = _require_root(target, tree.root(), agreed)
                target = due.after(position)
                position += 1
                if target is not None:
                    self.require_note(target)

        reach()  # checkpoints of the empty tree, when the replay starts there
        rows = storage.leaves_in_order(self.end, LEAF_CHUNK, start) if start < stop else iter(())
        for index, data, stored_hash in rows:
            if index != tree.size:
                raise _Divergence(_gap_message(tree.size, index), tree.size)
            computed = ledger.leaf_hash(data)
            if computed != stored_hash:
                raise _Divergence(f"leaf {index}: stored hash does not match its data", index)
            _require_recorded_index(index, data)
            _leaf, *interior = tree.append(computed)
            for node in interior:
                nodes.require(node)
            reach()
            if tree.size == stop:
                break
        if tree.size != stop:
            raise _Divergence(_gap_message(tree.size, None, self.end), tree.size)
        self.tree, self.agreed = tree, agreed


def check_block(start: int, level: int, inner_sizes: Sequence[int] = ()) -> BlockCheck:
    """Check the block of 2**level leaves from `start` in bulk: one query for its leaves, one for
    its stored nodes, every hash computed level by level and every comparison a whole list at
    once. It needs nothing from the leaves before it, so blocks can be checked in any process
    (`_Checker`)."""
    stop = start + (1 << level)
    datas, stored = storage.leaf_range(start, stop)
    if len(datas) != stop - start:
        return BlockCheck(ok=False)
    hashes = ledger.leaf_hashes(datas)
    if hashes != stored or not _records_indices(datas, start):
        return BlockCheck(ok=False)
    levels = ledger.perfect_levels(hashes)
    ranges = [(up, start >> up, 1 << (level - up)) for up in range(1, level + 1)]
    if storage.node_ranges(ranges) != [b"".join(hashes) for hashes in levels[1:]]:
        return BlockCheck(ok=False)
    edges = {}
    for size in inner_sizes:
        # The binary digits of the leaves before `size` within the block, largest first: each a
        # perfect subtree smaller than the block, which is aligned to its own size.
        rest = size - start
        edges[size] = [
            levels[up][(rest >> up) - 1] for up in reversed(range(len(levels))) if rest >> up & 1
        ]
    return BlockCheck(ok=True, root=levels[level][0], edges=edges)


def _records_indices(datas: Sequence[bytes], start: int) -> bool:
    """Whether each leaf records its own position; a leaf not of the written shape is parsed."""
    found = recorded_indices(datas)
    if found == list(range(start, start + len(datas))):
        return True
    for offset, index in enumerate(found):
        recorded = _parsed_index(datas[offset]) if index is None else index
        if recorded != start + offset:
            return False
    return True


def _stored_targets(end: int) -> Iterator[_Target]:
    """The stored checkpoints up to `end`, smallest first, each with its signed note to check."""
    after = -1
    while True:
        rows = list(
            Checkpoint.objects.filter(size__gt=after, size__lte=end)
            .order_by("size")
            .values_list("size", "root", "note")[:1_000]
        )
        for size, root, note in rows:
            yield _Target(size, f"stored checkpoint for {size} leaves", bytes(root), note)
        if len(rows) < 1_000:
            return
        after = rows[-1][0]


def _require_root(target: _Target, root: bytes, agreed: int) -> int:
    """The checkpoint's root must be the leaves' (returns its size, the new `agreed`). When it is
    not, every leaf's own hash and every stored node was consistent, so a forger recomputed them:
    what can be known is that some leaf after the last checkpoint that agreed, and before this
    one's size, was rewritten; which one, the log itself cannot say."""
    if root != target.root and agreed == target.size:
        raise _Divergence(
            f"{target.source}: its root is not the one another checkpoint signed for the same "
            f"{target.size} leaves: the log showed it a different history (a split view)",
            None,
        )
    if root != target.root:
        first, last = agreed, target.size - 1
        since = f"those below {agreed} agree with an earlier checkpoint" if agreed else "none"
        raise _Divergence(
            f"{target.source}: the leaves do not hash to its root ({since}): a leaf from {first} "
            f"to {last} was rewritten, with its hashes recomputed, so which one cannot be known",
            None,
            (first, last),
        )
    return target.size


def _require_recorded_index(index: int, data: bytes) -> None:
    """The event's own `index` field must be its position: catches leaves moved with their hash."""
    try:
        recorded = json.loads(data).get("index")
    # Nesting too deep for the parser is as much not an event as any other text that is not one.
    except (ValueError, AttributeError, RecursionError):
        raise _Divergence(f"leaf {index}: its data is not an audit event", index) from None
    if recorded != index:
        raise _Divergence(
            f"leaf {index}: its data records index {recorded}: leaves were moved or reordered",
            index,
        )


def _parsed_index(data: bytes) -> object:
    """The recorded index as `_require_recorded_index` reads it; None when there is none."""
    try:
        return json.loads(data).get("index")
    except (ValueError, AttributeError, RecursionError):
        return None


def _require_not_truncated(
    end: int, highest: int | None, witness_targets: Sequence[_Target]
) -> None:
    for target in sorted(witness_targets, reverse=True):
        if target.size > end:
            raise _Divergence(
                f"log has {end} leaves but {target.source} is for {target.size}: truncated", end
            )
    if highest is not None and highest > end:
        raise _Divergence(
            f"log has {end} leaves but a stored checkpoint is for {highest}: truncated", end
        )


def _gap_message(expected: int, found: int | None, end: int | None = None) -> str:
    if found is None:
        return f"leaf {expected} missing (the log should have {end} leaves)"
    if expected == 0:
        return f"leaf 0 missing (indices start at {found})"
    return f"leaf {expected} missing (indices jump from {expected - 1} to {found})"


class _StoredNodes:
    """The stored interior nodes, one ascending stream per level, compared as the tree completes
    them. Chunks shrink with the level (there are half as many nodes each level up), so all the
    streams together hold about two leaf chunks' worth of rows."""

    def __init__(self, end: int, start: int = 0) -> None:
        self._end = end
        self._start = start  # the first leaf whose nodes are compared
        self._streams: dict[int, Iterator[tuple[int, bytes]]] = {}

    def require(self, node: ledger.Node) -> None:
        stream = self._streams.get(node.level)
        if stream is None:
            chunk = max(16, LEAF_CHUNK >> (node.level - 1))
            stream = storage.nodes_in_order(
                node.level, self._end >> node.level, chunk, self._start >> node.level
            )
            self._streams[node.level] = stream
        stored = next(stream, None)
        first = node.index << node.level
        where = (
            f"stored tree node at level {node.level}, index {node.index} "
            f"(leaves {first} to {first + (1 << node.level) - 1})"
        )
        if stored is None or stored[0] != node.index:
            raise _Divergence(f"leaf {first}: {where} is missing", first)
        if stored[1] != node.hash:
            raise _Divergence(f"leaf {first}: {where} does not match the leaves", first)
