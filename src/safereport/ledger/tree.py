"""Append-only Merkle tree kept as its right edge (a compact range): O(log n) hashing per append."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from safereport.ledger.hashing import EMPTY_ROOT, HASH_SIZE, node_hash, parent_hashes


@dataclass(frozen=True, slots=True)
class Node:
    """A perfect subtree: the 2**level leaves from leaf index * 2**level, and its hash."""

    level: int
    index: int
    hash: bytes


class CompactTree:
    """The roots of the perfect subtrees along a tree's right edge, which is all appending needs."""

    def __init__(self, size: int = 0, right_edge: Sequence[bytes] = ()) -> None:
        """Resume a tree of `size` leaves from its stored right edge (see `right_edge`)."""
        if size < 0:
            raise ValueError(f"tree size must not be negative, got {size}")
        # One perfect subtree per set bit of the size: that is the decomposition of any MTH tree.
        if len(right_edge) != size.bit_count():
            raise ValueError(
                f"a tree of size {size} has {size.bit_count()} right-edge hashes, "
                f"got {len(right_edge)}"
            )
        for value in right_edge:
            _require_hash(value)
        self._size = size
        self._edge = list(right_edge)

    @property
    def size(self) -> int:
        """The number of leaves."""
        return self._size

    @property
    def right_edge(self) -> tuple[bytes, ...]:
        """Roots of the right edge's perfect subtrees, largest (leftmost) first: what to store."""
        return tuple(self._edge)

    def append(self, leaf_hash: bytes) -> list[Node]:
        """Add a leaf; return the perfect subtrees this completes, the leaf itself first."""
        return self.append_subtree(0, leaf_hash)

    def append_subtree(self, level: int, subtree_hash: bytes) -> list[Node]:
        """Add the 2**level leaves of a perfect subtree by its hash (the tree's size must be a
        multiple of 2**level); return the perfect subtrees this completes, that one first."""
        _require_hash(subtree_hash)
        if level < 0 or self._size & ((1 << level) - 1):
            raise ValueError(
                f"a subtree of 2**{level} leaves cannot follow {self._size} leaves: the size "
                "must be a multiple of its own"
            )
        node = Node(level, self._size >> level, subtree_hash)
        completed = [node]
        # Each one bit of the old size from `level` up, before the first zero, is a perfect
        # subtree the new one now pairs with.
        while (self._size >> node.level) & 1:
            left = self._edge.pop()
            node = Node(node.level + 1, node.index >> 1, node_hash(left, node.hash))
            completed.append(node)
        self._edge.append(node.hash)
        self._size += 1 << level
        return completed

    def root(self) -> bytes:
        """The Merkle tree hash of all the leaves appended so far."""
        if not self._edge:
            return EMPTY_ROOT
        root = self._edge[-1]
        for left in reversed(self._edge[:-1]):
            root = node_hash(left, root)
        return root


def perfect_levels(leaf_hashes: Sequence[bytes]) -> list[list[bytes]]:
    """Every level of the perfect subtree over 2**k leaf hashes: the leaves, their parents, and
    so on up to the one root, each level a list in order."""
    count = len(leaf_hashes)
    if count == 0 or count & (count - 1):
        raise ValueError(f"a perfect subtree has a power of two of leaves, got {count}")
    levels = [list(leaf_hashes)]
    while len(levels[-1]) > 1:
        levels.append(parent_hashes(levels[-1]))
    return levels


def streaming_root(leaf_hashes: Iterable[bytes]) -> bytes:
    """The Merkle tree hash of a stream of leaf hashes, in O(log n) memory."""
    tree = CompactTree()
    for value in leaf_hashes:
        tree.append(value)
    return tree.root()


def _require_hash(value: bytes) -> None:
    if len(value) != HASH_SIZE:
        raise ValueError(f"a tree hash is {HASH_SIZE} bytes long, got {len(value)}")
