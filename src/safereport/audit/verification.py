"""Full verification of the stored log (`audit verify`): recompute the tree from the leaves in one
streaming pass, check every stored node and checkpoint and any witness's checkpoints, and name
the first index where the log diverges."""

import heapq
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from django.db.models import Max
from django.utils import timezone

from safereport import ledger
from safereport.audit import checkpoints, signing, storage
from safereport.audit import witnesses as witnesses_module
from safereport.audit.errors import AuditError
from safereport.audit.models import Checkpoint, Verification, WitnessCosignature
from safereport.ledger.encoding import encode_base64

LEAF_CHUNK = 10_000  # rows per query while streaming leaves
PROGRESS_EVERY = 4_096  # leaves between progress updates


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
    """A checkpoint to compare with the recomputed root once the tree reaches `size`."""

    size: int
    source: str
    root: bytes


def verify_log(
    witnesses: Sequence[WitnessCheckpoint] = (),
    progress: Callable[[int], ProgressBar] | None = None,
    *,
    ask_witnesses: bool = False,
) -> VerificationResult:
    """Verify the whole log, store the result (the inspector page shows the last) and return it.

    With `ask_witnesses`, each configured witness is first shown the latest checkpoint from old
    size 0, so that it says what it holds whatever the stored cosignatures say (rows in the
    same database as the log could be removed with it); one that holds more leaves, or finds the
    checkpoint inconsistent, or cannot be asked, fails the verification.

    `progress(total)` may return a bar to update as leaves are checked. Memory is O(log n): the
    tree's right edge, one chunk of leaves and one chunk of nodes per level; and one small
    target per stored witness cosignature (one per checkpoint a witness cosigned).
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
            tree = _recompute(end, witness_targets, log_verifier, bar)
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
) -> ledger.CompactTree:
    """One pass over the leaves below `end`: hashes, order, stored nodes, checkpoint roots."""
    tree = ledger.CompactTree()
    nodes = _StoredNodes(end)
    targets = heapq.merge(
        _stored_targets(end, log_verifier), sorted(t for t in witness_targets if t.size <= end)
    )
    target = next(targets, None)
    agreed = 0  # the size of the latest checkpoint whose root the leaves reproduced
    while target is not None and target.size == 0:
        _require_root(target, tree, agreed)
        target = next(targets, None)
    pending = 0
    for index, data, stored_hash in storage.leaves_in_order(end, LEAF_CHUNK):
        if index != tree.size:
            raise _Divergence(_gap_message(tree.size, index), tree.size)
        computed = ledger.leaf_hash(data)
        if computed != stored_hash:
            raise _Divergence(f"leaf {index}: stored hash does not match its data", index)
        _require_recorded_index(index, data)
        _leaf, *interior = tree.append(computed)
        for node in interior:
            nodes.require(node)
        while target is not None and target.size == tree.size:
            agreed = _require_root(target, tree, agreed)
            target = next(targets, None)
        pending += 1
        if bar is not None and pending == PROGRESS_EVERY:
            bar.update(pending)
            pending = 0
    if bar is not None and pending:
        bar.update(pending)
    if tree.size != end:
        raise _Divergence(_gap_message(tree.size, None, end), tree.size)
    return tree


def _stored_targets(end: int, log_verifier: ledger.Verifier) -> Iterator[_Target]:
    """The stored checkpoints up to `end`, smallest first, each checked against its signed note."""
    after = -1
    while True:
        rows = list(
            Checkpoint.objects.filter(size__gt=after, size__lte=end)
            .order_by("size")
            .values_list("size", "root", "note")[:1_000]
        )
        for size, root, note in rows:
            yield _stored_target(size, bytes(root), note, log_verifier)
        if len(rows) < 1_000:
            return
        after = rows[-1][0]


def _stored_target(size: int, root: bytes, note: str, log_verifier: ledger.Verifier) -> _Target:
    where = f"stored checkpoint for {size} leaves"
    try:
        body = checkpoints.open_checkpoint(note, log_verifier)
    except (ledger.NoteError, ledger.CheckpointError) as error:
        raise _Divergence(f"{where}: {error}", None) from None
    if (body.size, body.root) != (size, root):
        raise _Divergence(f"{where}: its size or root differs from its signed note", None)
    return _Target(size, where, root)


def _require_root(target: _Target, tree: ledger.CompactTree, agreed: int) -> int:
    """The checkpoint's root must be the leaves' (returns its size, the new `agreed`). When it is
    not, every leaf's own hash and every stored node was consistent, so a forger recomputed them:
    what can be known is that some leaf after the last checkpoint that agreed, and before this
    one's size, was rewritten; which one, the log itself cannot say."""
    if tree.root() != target.root and agreed == target.size:
        raise _Divergence(
            f"{target.source}: its root is not the one another checkpoint signed for the same "
            f"{target.size} leaves: the log showed it a different history (a split view)",
            None,
        )
    if tree.root() != target.root:
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
    except (ValueError, AttributeError):
        raise _Divergence(f"leaf {index}: its data is not an audit event", index) from None
    if recorded != index:
        raise _Divergence(
            f"leaf {index}: its data records index {recorded}: leaves were moved or reordered",
            index,
        )


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

    def __init__(self, end: int) -> None:
        self._end = end
        self._streams: dict[int, Iterator[tuple[int, bytes]]] = {}

    def require(self, node: ledger.Node) -> None:
        stream = self._streams.get(node.level)
        if stream is None:
            chunk = max(16, LEAF_CHUNK >> (node.level - 1))
            stream = storage.nodes_in_order(node.level, self._end >> node.level, chunk)
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
