"""RFC 9162 section 2.1.1 hashing: known answers and the recursive definition of MTH."""

import hashlib

import pytest

from safereport.ledger import EMPTY_ROOT, leaf_hash, leaf_hashes, node_hash, parent_hashes, root_of
from safereport.ledger.hashing import split_point


def _mth(leaves: list[bytes]) -> bytes:
    """MTH written as RFC 9162 section 2.1.1 defines it."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return node_hash(_mth(leaves[:k]), _mth(leaves[k:]))


def test_known_answers() -> None:
    assert EMPTY_ROOT.hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert leaf_hash(b"").hex() == (
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"
    )


def test_leaves_and_nodes_are_hashed_with_their_prefixes() -> None:
    left, right = b"L" * 32, b"R" * 32
    assert leaf_hash(b"entry") == hashlib.sha256(b"\x00entry").digest()
    assert node_hash(left, right) == hashlib.sha256(b"\x01" + left + right).digest()
    assert node_hash(left, right) != leaf_hash(left + right)
    assert node_hash(left, right) != node_hash(right, left)


@pytest.mark.parametrize(
    ("size", "split"), [(2, 1), (3, 2), (4, 2), (5, 4), (8, 4), (9, 8), (1 << 40, 1 << 39)]
)
def test_split_point_is_the_largest_power_of_two_below(size: int, split: int) -> None:
    assert split_point(size) == split


@pytest.mark.parametrize("size", range(70))
def test_root_of_follows_the_recursive_definition(size: int) -> None:
    leaves = [leaf_hash(i.to_bytes(2, "big")) for i in range(size)]
    assert root_of(leaves) == _mth(leaves)


def test_root_of_depends_on_leaf_order() -> None:
    first, second = leaf_hash(b"a"), leaf_hash(b"b")
    assert root_of([first, second]) != root_of([second, first])


def test_leaf_hashes_hash_each_entry_as_a_leaf_in_order() -> None:
    entries = [b"", b"a", b"entry", bytes(range(256))]
    assert leaf_hashes(entries) == [hashlib.sha256(b"\x00" + entry).digest() for entry in entries]
    assert leaf_hashes([]) == []


@pytest.mark.parametrize("count", [0, 1, 2, 5, 8])
def test_parent_hashes_pair_neighbours_and_leave_an_odd_one_out(count: int) -> None:
    level = [leaf_hash(bytes([i])) for i in range(count)]
    expected = [node_hash(level[i], level[i + 1]) for i in range(0, count - 1, 2)]
    assert parent_hashes(level) == expected
    assert len(expected) == count // 2
