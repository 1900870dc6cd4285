"""Merkle inclusion and consistency proofs of RFC 9162 sections 2.1.3 and 2.1.4.

Generation reads perfect-subtree hashes through `get_node`; verification follows the RFC exactly.
"""

from collections.abc import Callable, Sequence

from safereport.ledger.hashing import EMPTY_ROOT, HASH_SIZE, node_hash, split_point

NodeReader = Callable[[int, int], bytes]
"""`get_node(level, index)`: hash of the 2**level leaves from leaf index * 2**level."""


class ProofError(ValueError):
    """A Merkle proof does not prove what it was offered as proof of."""


def in_memory_node_reader(leaf_hashes: Sequence[bytes]) -> NodeReader:
    """Serve `get_node` from leaf hashes held in memory: for tests and small trees."""
    levels = [list(leaf_hashes)]
    while len(levels[-1]) > 1:
        below = levels[-1]
        levels.append([node_hash(below[i], below[i + 1]) for i in range(0, len(below) - 1, 2)])
    return lambda level, index: levels[level][index]


def root_at(size: int, get_node: NodeReader) -> bytes:
    """The root of the tree made of the first `size` leaves."""
    if size < 0:
        raise ValueError(f"tree size must not be negative, got {size}")
    return EMPTY_ROOT if size == 0 else _range_hash(0, size, get_node)


def inclusion_proof(index: int, size: int, get_node: NodeReader) -> list[bytes]:
    """The audit path PATH(index, D[size]) proving leaf `index` is in the tree of `size` leaves."""
    if not 0 <= index < size:
        raise ValueError(f"leaf index {index} is outside a tree of size {size}")
    proof: list[bytes] = []
    start, end = 0, size
    # Walk down from the root; RFC 9162 lists the siblings from the leaf up, hence the reverse.
    while end - start > 1:
        mid = start + split_point(end - start)
        if index < mid:
            proof.append(_range_hash(mid, end, get_node))
            end = mid
        else:
            proof.append(_range_hash(start, mid, get_node))
            start = mid
    proof.reverse()
    return proof


def consistency_proof(size1: int, size2: int, get_node: NodeReader) -> list[bytes]:
    """PROOF(size1, D[size2]): the tree of `size1` leaves is a prefix of the one of `size2`."""
    if not 0 < size1 <= size2:
        raise ValueError(f"a consistency proof needs 0 < size1 <= size2, got {size1} and {size2}")
    proof: list[bytes] = []
    start, end = 0, size2
    # SUBPROOF's flag b: while set, the old tree is the subtree at hand and its root is known.
    old_tree_is_whole_subtree = True
    while end > size1:
        mid = start + split_point(end - start)
        if size1 <= mid:
            proof.append(_range_hash(mid, end, get_node))
            end = mid
        else:
            proof.append(_range_hash(start, mid, get_node))
            start = mid
            old_tree_is_whole_subtree = False
    if not old_tree_is_whole_subtree:
        proof.append(_range_hash(start, end, get_node))
    proof.reverse()
    return proof


def _range_hash(start: int, end: int, get_node: NodeReader) -> bytes:
    """MTH of leaves [start, end), start being aligned as in every subtree of the RFC recursion."""
    size = end - start
    if size & (size - 1) == 0:
        level = size.bit_length() - 1
        return get_node(level, start >> level)
    # Only the right edge is imperfect, so this costs one read per set bit of `size`.
    mid = start + split_point(size)
    return node_hash(_range_hash(start, mid, get_node), _range_hash(mid, end, get_node))


def root_from_inclusion_proof(
    leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes]
) -> bytes:
    """The root that an inclusion proof leads to (RFC 9162 section 2.1.3.2, steps 1 to 4)."""
    if not 0 <= index < size:
        raise ProofError(f"leaf index {index} is outside a tree of size {size}")
    _require_hash(leaf_hash, "leaf hash")
    _require_proof_hashes(proof)
    fn, sn = index, size - 1
    root = leaf_hash
    for sibling in proof:
        if sn == 0:
            raise ProofError(f"inclusion proof for leaf {index} of {size} has too many hashes")
        if fn & 1 or fn == sn:
            root = node_hash(sibling, root)
            fn, sn = _skip_right_edge(fn, sn)
        else:
            root = node_hash(root, sibling)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise ProofError(f"inclusion proof for leaf {index} of {size} has too few hashes")
    return root


def verify_inclusion(
    leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> None:
    """Check that `leaf_hash` is leaf `index` of the tree of `size` leaves with `root`."""
    _require_hash(root, "root")
    computed = root_from_inclusion_proof(leaf_hash, index, size, proof)
    if computed != root:
        raise ProofError(
            f"inclusion proof for leaf {index} of {size} leads to root {computed.hex()}, "
            f"not {root.hex()}"
        )


def verify_consistency(
    size1: int, size2: int, proof: Sequence[bytes], root1: bytes, root2: bytes
) -> None:
    """Check that the tree (`size1`, `root1`) is a prefix of the tree (`size2`, `root2`)."""
    if size1 <= 0:
        raise ProofError(f"a consistency proof needs a non-empty first tree, got size1 = {size1}")
    if size1 > size2:
        raise ProofError(f"size1 {size1} is larger than size2 {size2}")
    if size1 == size2:
        _verify_same_tree(size1, proof, root1, root2)
        return
    _require_hash(root1, "root1")
    _require_hash(root2, "root2")
    _require_proof_hashes(proof)
    if not proof:
        raise ProofError(f"empty consistency proof between different sizes {size1} and {size2}")
    computed1, computed2 = _roots_from_consistency_proof(size1, size2, proof, root1)
    if computed1 != root1:
        raise ProofError(f"consistency proof leads to root1 {computed1.hex()}, not {root1.hex()}")
    if computed2 != root2:
        raise ProofError(f"consistency proof leads to root2 {computed2.hex()}, not {root2.hex()}")


def _verify_same_tree(size: int, proof: Sequence[bytes], root1: bytes, root2: bytes) -> None:
    # A tree is consistent with itself by identity, whatever its hash length: nothing is hashed.
    if proof:
        raise ProofError(f"consistency proof between equal sizes {size} must be empty")
    if root1 != root2:
        raise ProofError(f"two trees of size {size} have different roots")


def _roots_from_consistency_proof(
    size1: int, size2: int, proof: Sequence[bytes], root1: bytes
) -> tuple[bytes, bytes]:
    """Both roots a consistency proof leads to (RFC 9162 section 2.1.4.2, steps 2 to 6)."""
    # An old tree of 2**k leaves is a perfect subtree of the new one, so the proof leaves out the
    # root the verifier already holds.
    path = [root1, *proof] if size1 & (size1 - 1) == 0 else list(proof)
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    first = second = path[0]
    for sibling in path[1:]:
        if sn == 0:
            raise ProofError(f"consistency proof from {size1} to {size2} has too many hashes")
        if fn & 1 or fn == sn:
            first = node_hash(sibling, first)
            second = node_hash(sibling, second)
            fn, sn = _skip_right_edge(fn, sn)
        else:
            second = node_hash(second, sibling)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise ProofError(f"consistency proof from {size1} to {size2} has too few hashes")
    return first, second


def _skip_right_edge(fn: int, sn: int) -> tuple[int, int]:
    """Right-shift both until LSB(fn) is set or fn is 0: the right edge's levels with no sibling."""
    while fn and not fn & 1:
        fn, sn = fn >> 1, sn >> 1
    return fn, sn


def _require_proof_hashes(proof: Sequence[bytes]) -> None:
    for position, value in enumerate(proof):
        _require_hash(value, f"proof hash {position}")


def _require_hash(value: bytes, what: str) -> None:
    if len(value) != HASH_SIZE:
        raise ProofError(f"{what} is {len(value)} bytes long, not {HASH_SIZE}")
