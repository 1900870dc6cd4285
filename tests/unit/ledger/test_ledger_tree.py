"""The compact right-edge tree: the nodes each append completes, resuming, streaming roots."""

import pytest

from safereport.ledger import CompactTree, Node, leaf_hash, perfect_levels, root_of, streaming_root

LEAVES = [leaf_hash(i.to_bytes(4, "big")) for i in range(70)]


def _grow(leaves: list[bytes]) -> tuple[CompactTree, list[list[Node]]]:
    tree = CompactTree()
    return tree, [tree.append(value) for value in leaves]


@pytest.mark.parametrize("size", range(len(LEAVES) + 1))
def test_appends_complete_every_perfect_subtree_exactly_once(size: int) -> None:
    _, completed = _grow(LEAVES[:size])
    nodes = [node for batch in completed for node in batch]
    expected = {
        (level, index) for level in range(size.bit_length()) for index in range(size >> level)
    }
    assert len(nodes) == len(expected)
    assert {(node.level, node.index) for node in nodes} == expected
    for node in nodes:
        start = node.index << node.level
        assert node.hash == root_of(LEAVES[start : start + (1 << node.level)])


def test_an_append_completes_the_leaf_then_one_node_per_trailing_one_bit() -> None:
    tree, _ = _grow(LEAVES[:11])
    completed = tree.append(LEAVES[11])
    assert [(node.level, node.index) for node in completed] == [(0, 11), (1, 5), (2, 2)]
    assert completed[0].hash == LEAVES[11]


@pytest.mark.parametrize("size", range(len(LEAVES) + 1))
def test_root_and_right_edge_after_each_append(size: int) -> None:
    tree, _ = _grow(LEAVES[:size])
    assert tree.size == size
    assert tree.root() == root_of(LEAVES[:size])
    assert len(tree.right_edge) == size.bit_count()


@pytest.mark.parametrize("size", [0, 1, 6, 7, 8, 33, 64])
def test_a_tree_resumed_from_its_right_edge_grows_like_the_original(size: int) -> None:
    original, _ = _grow(LEAVES[:size])
    resumed = CompactTree(original.size, original.right_edge)
    assert resumed.root() == original.root()
    for value in LEAVES[size:]:
        assert resumed.append(value) == original.append(value)
        assert resumed.root() == original.root()


def test_the_right_edge_is_a_copy() -> None:
    tree, _ = _grow(LEAVES[:3])
    edge = tree.right_edge
    tree.append(LEAVES[3])
    assert len(edge) == 2
    assert len(tree.right_edge) == 1


@pytest.mark.parametrize(
    ("size", "edge", "message"),
    [
        (-1, [], "negative"),
        (3, [LEAVES[0]], "has 2 right-edge hashes, got 1"),
        (0, [LEAVES[0]], "has 0 right-edge hashes, got 1"),
        (1, [LEAVES[0][:31]], "32 bytes long, got 31"),
    ],
)
def test_resuming_refuses_an_impossible_right_edge(
    size: int, edge: list[bytes], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        CompactTree(size, edge)


def test_append_refuses_a_leaf_hash_of_the_wrong_length() -> None:
    tree = CompactTree()
    with pytest.raises(ValueError, match="32 bytes long, got 33"):
        tree.append(LEAVES[0] + b"\x00")
    assert tree.size == 0


@pytest.mark.parametrize("size", [0, 1, 2, 5, 64, 1000, 1025])
def test_streaming_root_equals_root_of(size: int) -> None:
    leaves = [leaf_hash(i.to_bytes(4, "big")) for i in range(size)]
    assert streaming_root(value for value in leaves) == root_of(leaves)


@pytest.mark.parametrize(("size", "level"), [(0, 0), (0, 3), (8, 3), (16, 2), (12, 2), (7, 0)])
def test_appending_a_subtree_by_its_hash_is_appending_its_leaves(size: int, level: int) -> None:
    by_leaves, _ = _grow(LEAVES[:size])
    by_subtree, _ = _grow(LEAVES[:size])
    block = LEAVES[size : size + (1 << level)]
    completed = [node for value in block for node in by_leaves.append(value)]
    nodes = by_subtree.append_subtree(level, root_of(block))
    # The subtree's own node first, then those it completes above it: exactly the ones appending
    # its leaves one by one completes at its level and above.
    assert nodes == [node for node in completed if node.level >= level]
    assert (by_subtree.size, by_subtree.root()) == (by_leaves.size, by_leaves.root())
    assert by_subtree.right_edge == by_leaves.right_edge


@pytest.mark.parametrize(("size", "level"), [(1, 1), (6, 2), (4, 3), (2, -1)])
def test_a_subtree_must_start_where_one_of_its_size_can(size: int, level: int) -> None:
    tree, _ = _grow(LEAVES[:size])
    with pytest.raises(ValueError, match=f"cannot follow {size} leaves"):
        tree.append_subtree(level, LEAVES[0])
    assert tree.size == size


@pytest.mark.parametrize("count", [1, 2, 4, 32, 64])
def test_perfect_levels_are_every_node_of_the_subtree(count: int) -> None:
    levels = perfect_levels(LEAVES[:count])
    assert len(levels) == count.bit_length()
    for level, hashes in enumerate(levels):
        width = 1 << level
        assert hashes == [root_of(LEAVES[i : i + width]) for i in range(0, count, width)]


@pytest.mark.parametrize("count", [0, 3, 6, 33])
def test_perfect_levels_need_a_power_of_two_of_leaves(count: int) -> None:
    with pytest.raises(ValueError, match=f"power of two of leaves, got {count}"):
        perfect_levels(LEAVES[:count])
