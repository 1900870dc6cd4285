"""The transparency-dev/merkle test vectors (tests/data/merkle) against hashing, tree and proofs."""

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from safereport.ledger import (
    CompactTree,
    ProofError,
    consistency_proof,
    in_memory_node_reader,
    inclusion_proof,
    leaf_hash,
    root_at,
    root_of,
    streaming_root,
    verify_consistency,
    verify_inclusion,
)

MERKLE_DATA = Path(__file__).resolve().parents[2] / "data" / "merkle"

Vector = dict[str, Any]


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _vectors(kind: str) -> list[tuple[str, Vector]]:
    paths = sorted((MERKLE_DATA / kind).rglob("*.json"))
    return [(path.relative_to(MERKLE_DATA).as_posix(), _load(path)) for path in paths]


def _params(vectors: list[tuple[str, Vector]]) -> list[Any]:
    return [pytest.param(vector, id=name) for name, vector in vectors]


def _b64(text: str) -> bytes:
    return base64.b64decode(text)


def _proof(vector: Vector) -> list[bytes]:
    # The Go generator writes an empty proof as null.
    return [_b64(value) for value in vector["proof"] or []]


REFERENCE = _load(MERKLE_DATA / "reference-tree.json")
LEAVES = [leaf_hash(bytes.fromhex(data)) for data in REFERENCE["leaf_inputs_hex"]]
ROOTS = [bytes.fromhex(root) for root in REFERENCE["root_hashes_hex_by_size"]]
INCLUSION = _vectors("inclusion")
CONSISTENCY = _vectors("consistency")


def _on_reference_tree(vector: Vector) -> bool:
    if vector["wantErr"]:
        return False
    if "leafIdx" in vector:
        index, size = vector["leafIdx"], vector["treeSize"]
        return _b64(vector["root"]) == ROOTS[size] and _b64(vector["leafHash"]) == LEAVES[index]
    size1, size2 = vector["size1"], vector["size2"]
    return (_b64(vector["root1"]), _b64(vector["root2"])) == (ROOTS[size1], ROOTS[size2])


REFERENCE_INCLUSION = [(name, v) for name, v in INCLUSION if _on_reference_tree(v)]
REFERENCE_CONSISTENCY = [(name, v) for name, v in CONSISTENCY if _on_reference_tree(v)]


def _tree_node_reader(leaves: list[bytes]) -> Any:
    tree = CompactTree()
    nodes = {}
    for value in leaves:
        nodes.update({(node.level, node.index): node.hash for node in tree.append(value)})
    return lambda level, index: nodes[level, index]


def test_the_copied_vector_set_is_whole() -> None:
    assert (MERKLE_DATA / "README.md").read_text(encoding="utf-8").count("Apache-2.0") == 1
    assert len(INCLUSION) == 98
    assert len(CONSISTENCY) == 98
    assert sum(not vector["wantErr"] for _, vector in INCLUSION + CONSISTENCY) == 12
    assert len(LEAVES) == 8
    assert len(ROOTS) == 9


@pytest.mark.parametrize("vector", _params(INCLUSION))
def test_inclusion_vector(vector: Vector) -> None:
    arguments = (
        _b64(vector["leafHash"]),
        vector["leafIdx"],
        vector["treeSize"],
        _proof(vector),
        _b64(vector["root"]),
    )
    if vector["wantErr"]:
        with pytest.raises(ProofError):
            verify_inclusion(*arguments)
    else:
        verify_inclusion(*arguments)


@pytest.mark.parametrize("vector", _params(CONSISTENCY))
def test_consistency_vector(vector: Vector) -> None:
    arguments = (
        vector["size1"],
        vector["size2"],
        _proof(vector),
        _b64(vector["root1"]),
        _b64(vector["root2"]),
    )
    if vector["wantErr"]:
        with pytest.raises(ProofError):
            verify_consistency(*arguments)
    else:
        verify_consistency(*arguments)


@pytest.mark.parametrize("size", range(len(ROOTS)))
def test_root_of_reproduces_the_reference_roots(size: int) -> None:
    assert root_of(LEAVES[:size]) == ROOTS[size]


@pytest.mark.parametrize("size", range(len(ROOTS)))
def test_streaming_root_reproduces_the_reference_roots(size: int) -> None:
    assert streaming_root(iter(LEAVES[:size])) == ROOTS[size]


@pytest.mark.parametrize("size", range(len(ROOTS)))
def test_root_at_reproduces_the_reference_roots_from_stored_nodes(size: int) -> None:
    assert root_at(size, _tree_node_reader(LEAVES)) == ROOTS[size]


def test_the_incremental_tree_reproduces_every_reference_root() -> None:
    tree = CompactTree()
    roots = [tree.root()]
    for value in LEAVES:
        tree.append(value)
        roots.append(tree.root())
    assert roots == ROOTS


def test_some_vectors_are_on_the_reference_tree() -> None:
    assert len(REFERENCE_INCLUSION) == 5
    assert len(REFERENCE_CONSISTENCY) == 5


@pytest.mark.parametrize("vector", _params(REFERENCE_INCLUSION))
def test_generated_inclusion_proofs_equal_the_vectors(vector: Vector) -> None:
    index, size = vector["leafIdx"], vector["treeSize"]
    assert inclusion_proof(index, size, in_memory_node_reader(LEAVES)) == _proof(vector)
    assert inclusion_proof(index, size, _tree_node_reader(LEAVES)) == _proof(vector)


@pytest.mark.parametrize("vector", _params(REFERENCE_CONSISTENCY))
def test_generated_consistency_proofs_equal_the_vectors(vector: Vector) -> None:
    size1, size2 = vector["size1"], vector["size2"]
    assert consistency_proof(size1, size2, in_memory_node_reader(LEAVES)) == _proof(vector)
    assert consistency_proof(size1, size2, _tree_node_reader(LEAVES)) == _proof(vector)
