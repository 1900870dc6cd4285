"""Proof generation against the RFC 9162 definitions, and verification refusing altered proofs."""

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safereport.ledger import (
    HASH_SIZE,
    CompactTree,
    NodeReader,
    ProofError,
    consistency_proof,
    in_memory_node_reader,
    inclusion_proof,
    leaf_hash,
    root_at,
    root_from_inclusion_proof,
    root_of,
    verify_consistency,
    verify_inclusion,
)
from safereport.ledger.hashing import split_point

MAX_SIZE = 70
LEAVES = [leaf_hash(i.to_bytes(4, "big")) for i in range(MAX_SIZE)]
ROOTS = [root_of(LEAVES[:size]) for size in range(MAX_SIZE + 1)]
MEMORY_READER = in_memory_node_reader(LEAVES)


def _stored_nodes(leaves: list[bytes]) -> dict[tuple[int, int], bytes]:
    tree = CompactTree()
    nodes: dict[tuple[int, int], bytes] = {}
    for value in leaves:
        nodes.update({(node.level, node.index): node.hash for node in tree.append(value)})
    return nodes


STORED_NODES = _stored_nodes(LEAVES)


def _stored_reader(level: int, index: int) -> bytes:
    return STORED_NODES[level, index]


def _rfc_path(m: int, leaves: list[bytes]) -> list[bytes]:
    """PATH(m, D[n]) written as RFC 9162 section 2.1.3.1 defines it."""
    n = len(leaves)
    if n == 1:
        return []
    k = split_point(n)
    if m < k:
        return [*_rfc_path(m, leaves[:k]), root_of(leaves[k:])]
    return [*_rfc_path(m - k, leaves[k:]), root_of(leaves[:k])]


def _rfc_subproof(m: int, leaves: list[bytes], whole: bool) -> list[bytes]:
    """SUBPROOF(m, D[n], b) written as RFC 9162 section 2.1.4.1 defines it."""
    n = len(leaves)
    if m == n:
        return [] if whole else [root_of(leaves)]
    k = split_point(n)
    if m <= k:
        return [*_rfc_subproof(m, leaves[:k], whole), root_of(leaves[k:])]
    return [*_rfc_subproof(m - k, leaves[k:], False), root_of(leaves[:k])]


def _counting(reader: NodeReader) -> tuple[NodeReader, Callable[[], int]]:
    reads = 0

    def counted(level: int, index: int) -> bytes:
        nonlocal reads
        reads += 1
        return reader(level, index)

    return counted, lambda: reads


def _flip(value: bytes, position: int, mask: int) -> bytes:
    changed = bytearray(value)
    changed[position] ^= mask
    return bytes(changed)


@pytest.mark.parametrize("size", range(1, MAX_SIZE + 1))
def test_inclusion_proofs_match_the_rfc_and_verify(size: int) -> None:
    for index in range(size):
        proof = inclusion_proof(index, size, MEMORY_READER)
        assert proof == _rfc_path(index, LEAVES[:size])
        assert inclusion_proof(index, size, _stored_reader) == proof
        assert root_from_inclusion_proof(LEAVES[index], index, size, proof) == ROOTS[size]
        verify_inclusion(LEAVES[index], index, size, proof, ROOTS[size])


@pytest.mark.parametrize("size2", range(1, MAX_SIZE + 1))
def test_consistency_proofs_match_the_rfc_and_verify(size2: int) -> None:
    for size1 in range(1, size2 + 1):
        proof = consistency_proof(size1, size2, MEMORY_READER)
        assert proof == _rfc_subproof(size1, LEAVES[:size2], True)
        assert consistency_proof(size1, size2, _stored_reader) == proof
        verify_consistency(size1, size2, proof, ROOTS[size1], ROOTS[size2])


@pytest.mark.parametrize("size", range(MAX_SIZE + 1))
def test_root_at_reads_past_roots_from_stored_nodes(size: int) -> None:
    assert root_at(size, _stored_reader) == ROOTS[size]


@pytest.mark.parametrize("size", [1, 2, 3, 1000, 1023, 1024, 1025, 4097])
def test_proof_generation_reads_logarithmically_many_nodes(size: int) -> None:
    reader = in_memory_node_reader([leaf_hash(i.to_bytes(4, "big")) for i in range(size)])
    bound = 2 * size.bit_length()
    for index in {0, size // 3, size - 1}:
        counted, reads = _counting(reader)
        inclusion_proof(index, size, counted)
        assert reads() <= bound
    for size1 in {1, size // 3 or 1, size - 1 or 1}:
        counted, reads = _counting(reader)
        consistency_proof(size1, size, counted)
        assert reads() <= bound


@pytest.mark.parametrize(("index", "size"), [(0, 0), (3, 3), (-1, 3)])
def test_inclusion_proof_generation_refuses_an_index_outside(index: int, size: int) -> None:
    with pytest.raises(ValueError, match="outside a tree"):
        inclusion_proof(index, size, MEMORY_READER)


@pytest.mark.parametrize(("size1", "size2"), [(0, 0), (0, 3), (4, 3), (-1, 3)])
def test_consistency_proof_generation_refuses_impossible_sizes(size1: int, size2: int) -> None:
    with pytest.raises(ValueError, match="0 < size1 <= size2"):
        consistency_proof(size1, size2, MEMORY_READER)


def test_root_at_refuses_a_negative_size() -> None:
    with pytest.raises(ValueError, match="negative"):
        root_at(-1, MEMORY_READER)


def test_proof_errors_are_value_errors_with_a_reason() -> None:
    with pytest.raises(ValueError, match="too few hashes"):
        verify_inclusion(LEAVES[0], 0, 2, [], ROOTS[2])
    with pytest.raises(ProofError, match="too many hashes"):
        verify_inclusion(LEAVES[0], 0, 1, [LEAVES[1]], ROOTS[1])
    with pytest.raises(ProofError, match="leads to root"):
        verify_inclusion(LEAVES[1], 0, 2, [LEAVES[1]], ROOTS[2])
    with pytest.raises(ProofError, match="proof hash 0 is 31 bytes long"):
        verify_inclusion(LEAVES[0], 0, 2, [LEAVES[1][:31]], ROOTS[2])
    with pytest.raises(ProofError, match="too many hashes"):
        verify_consistency(3, 4, [*consistency_proof(3, 4, MEMORY_READER), LEAVES[0]], *ROOTS[3:5])
    with pytest.raises(ProofError, match="too few hashes"):
        verify_consistency(3, 4, consistency_proof(3, 4, MEMORY_READER)[:-1], *ROOTS[3:5])
    with pytest.raises(ProofError, match="leads to root2"):
        verify_consistency(2, 4, consistency_proof(2, 4, MEMORY_READER), ROOTS[2], ROOTS[3])


inclusion_cases = st.integers(1, MAX_SIZE).flatmap(
    lambda size: st.tuples(st.integers(0, size - 1), st.just(size))
)
consistency_cases = st.integers(1, MAX_SIZE).flatmap(
    lambda size2: st.tuples(st.integers(1, size2), st.just(size2))
)
flips = st.tuples(st.integers(0, HASH_SIZE - 1), st.integers(1, 255))


@given(case=inclusion_cases, flip=flips, data=st.data())
def test_inclusion_fails_when_any_byte_changes(
    case: tuple[int, int], flip: tuple[int, int], data: st.DataObject
) -> None:
    index, size = case
    fields = [LEAVES[index], *inclusion_proof(index, size, MEMORY_READER), ROOTS[size]]
    target = data.draw(st.integers(0, len(fields) - 1), label="changed hash")
    fields[target] = _flip(fields[target], *flip)
    leaf, *proof, root = fields
    with pytest.raises(ProofError):
        verify_inclusion(leaf, index, size, proof, root)


@given(case=inclusion_cases, data=st.data())
def test_inclusion_fails_for_another_index(case: tuple[int, int], data: st.DataObject) -> None:
    index, size = case
    proof = inclusion_proof(index, size, MEMORY_READER)
    other = data.draw(st.integers(0, 2 * MAX_SIZE).filter(lambda i: i != index), label="index")
    with pytest.raises(ProofError):
        verify_inclusion(LEAVES[index], other, size, proof, ROOTS[size])


@given(case=inclusion_cases, data=st.data())
def test_inclusion_fails_for_another_size(case: tuple[int, int], data: st.DataObject) -> None:
    index, size = case
    proof = inclusion_proof(index, size, MEMORY_READER)
    other = data.draw(st.integers(0, MAX_SIZE).filter(lambda s: s != size), label="size")
    # An inclusion proof binds the root, not the size: leaf 0's path in 5 leaves has the shape of
    # its path in 8, so the claimed size must come with its own root, as in a checkpoint.
    with pytest.raises(ProofError):
        verify_inclusion(LEAVES[index], index, other, proof, ROOTS[other])


@given(case=consistency_cases, flip=flips, data=st.data())
def test_consistency_fails_when_any_byte_changes(
    case: tuple[int, int], flip: tuple[int, int], data: st.DataObject
) -> None:
    size1, size2 = case
    fields = [ROOTS[size1], *consistency_proof(size1, size2, MEMORY_READER), ROOTS[size2]]
    target = data.draw(st.integers(0, len(fields) - 1), label="changed hash")
    fields[target] = _flip(fields[target], *flip)
    root1, *proof, root2 = fields
    with pytest.raises(ProofError):
        verify_consistency(size1, size2, proof, root1, root2)


@given(case=consistency_cases, data=st.data())
def test_consistency_fails_for_another_size(case: tuple[int, int], data: st.DataObject) -> None:
    size1, size2 = case
    proof = consistency_proof(size1, size2, MEMORY_READER)
    changed = data.draw(st.sampled_from([0, 1]), label="changed size")
    other = data.draw(st.integers(0, MAX_SIZE).filter(lambda s: s != case[changed]), label="size")
    sizes = [size1, size2]
    sizes[changed] = other
    # As for inclusion, a changed size comes with the root of that size.
    with pytest.raises(ProofError):
        verify_consistency(*sizes, proof, ROOTS[sizes[0]], ROOTS[sizes[1]])
