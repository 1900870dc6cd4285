"""Leaves and Merkle proofs from the stored tree, as JSON-ready records with base64 hashes (what
`audit leaf`, `audit prove-inclusion`, `audit prove-consistency` and the inspector page show)."""

from typing import Any

from safereport.audit import storage
from safereport.audit.errors import LogRangeError
from safereport.ledger.encoding import encode_base64


def leaf_record(index: int) -> dict[str, Any]:
    """`{"index", "data", "leaf_hash"}`: the leaf's bytes and stored hash, in base64."""
    stored = storage.leaf(index)
    return {
        "index": stored.index,
        "data": encode_base64(bytes(stored.data)),
        "leaf_hash": encode_base64(bytes(stored.hash)),
    }


def inclusion_record(index: int, tree_size: int | None = None) -> dict[str, Any]:
    """`{"index", "tree_size", "leaf_hash", "root", "proof"}` for leaf `index` in the tree of
    `tree_size` leaves (by default the whole log), read from O(log n) stored nodes."""
    size = storage.size() if tree_size is None else tree_size
    if not 0 <= index < size:
        raise LogRangeError(_outside(index, size))
    proof = storage.inclusion_proof(index, size)
    return {
        "index": index,
        "tree_size": size,
        "leaf_hash": encode_base64(storage.get_node(0, index)),
        "root": encode_base64(storage.root_at(size)),
        "proof": [encode_base64(value) for value in proof],
    }


def consistency_record(size1: int, size2: int) -> dict[str, Any]:
    """`{"size1", "size2", "root1", "root2", "proof"}`: the tree of `size1` leaves is a prefix of
    the one of `size2`."""
    proof = storage.consistency_proof(size1, size2)
    return {
        "size1": size1,
        "size2": size2,
        "root1": encode_base64(storage.root_at(size1)),
        "root2": encode_base64(storage.root_at(size2)),
        "proof": [encode_base64(value) for value in proof],
    }


def _outside(index: int, size: int) -> str:
    if size == 0:
        return f"no leaf {index} in an empty tree"
    return f"no leaf {index} in a tree of {size} leaves (0 to {size - 1})"
