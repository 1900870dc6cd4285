"""Merkle tree hashing of RFC 9162 section 2.1.1: SHA-256 of leaves and of interior nodes."""

import hashlib
from collections.abc import Sequence
from itertools import islice
from operator import methodcaller

HASH_SIZE = 32

# Distinct prefixes keep a leaf from passing for an interior node (second-preimage attacks).
_LEAF_PREFIX = b"\x00"
_NODE_PREFIX = b"\x01"
_digest = methodcaller("digest")

EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(data: bytes) -> bytes:
    """Hash one log entry as a leaf: SHA-256(0x00 || data)."""
    return hashlib.sha256(_LEAF_PREFIX + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """Hash two child hashes into their parent: SHA-256(0x01 || left || right)."""
    return hashlib.sha256(_NODE_PREFIX + left + right).digest()


def leaf_hashes(datas: Sequence[bytes]) -> list[bytes]:
    """`leaf_hash` of each entry, in order. Chained `map`s keep the loop in C: verifying a log of
    a million leaves is mostly this call and `parent_hashes`, so per-item bytecode counts."""
    return list(map(_digest, map(hashlib.sha256, map(_LEAF_PREFIX.__add__, datas))))


def parent_hashes(level: Sequence[bytes]) -> list[bytes]:
    """`node_hash` of each pair of neighbours (0 and 1, 2 and 3, ...): the level above; an
    unpaired last hash has no parent here."""
    lefts = map(_NODE_PREFIX.__add__, islice(level, 0, None, 2))
    pairs = map(bytes.__add__, lefts, islice(level, 1, None, 2))
    return list(map(_digest, map(hashlib.sha256, pairs)))


def split_point(size: int) -> int:
    """The largest power of two strictly below `size` (size >= 2): where MTH splits a tree."""
    return 1 << ((size - 1).bit_length() - 1)


def root_of(leaf_hashes: Sequence[bytes]) -> bytes:
    """The Merkle tree hash (MTH) of a whole list of leaf hashes."""
    if not leaf_hashes:
        return EMPTY_ROOT
    level = list(leaf_hashes)
    while len(level) > 1:
        parents = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        # An unpaired last node is the root of the right-edge remainder and moves up
        # unchanged, which is exactly MTH's split at the largest power of two.
        if len(level) % 2:
            parents.append(level[-1])
        level = parents
    return level[0]
