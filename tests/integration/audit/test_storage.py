"""The stored tree: interior nodes kept once completed, appends and proofs in a few queries each,
and proofs that verify against the stored root with safereport.ledger's verifiers."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from safereport import ledger
from safereport.audit import proofs, storage
from safereport.audit.errors import LogRangeError
from safereport.audit.events import Actor, record
from safereport.audit.models import Leaf, TreeNode
from safereport.audit.names import AuditAction
from safereport.ledger.encoding import decode_base64

ACTOR = Actor.system("tests")


def append_events(count: int) -> None:
    for number in range(count):
        with transaction.atomic():
            record(ACTOR, AuditAction.AUDIT_OPERATOR_NOTE_RECORDED, subjects=[f"ref_{number}"])


def stored_leaf_hashes() -> list[bytes]:
    return [bytes(value) for value in Leaf.objects.order_by("index").values_list("hash", flat=True)]


@pytest.mark.django_db
def test_nodes_are_the_completed_perfect_subtrees_only() -> None:
    append_events(37)

    # Every leaf completes one node per trailing one bit of the old size: n - popcount(n) in all.
    assert TreeNode.objects.count() == 37 - (37).bit_count()
    reference = ledger.in_memory_node_reader(stored_leaf_hashes())
    for node in TreeNode.objects.all():
        assert bytes(node.hash) == reference(node.level, node.index)
        assert (node.index + 1) << node.level <= 37


@pytest.mark.django_db
def test_root_and_right_edge_match_recomputation_from_the_leaves() -> None:
    append_events(21)

    hashes = stored_leaf_hashes()
    for size in range(22):
        assert storage.root_at(size) == ledger.root_of(hashes[:size])
    assert storage.right_edge(21) == [
        ledger.root_of(hashes[0:16]),
        ledger.root_of(hashes[16:20]),
        hashes[20],
    ]


@pytest.mark.django_db
def test_the_size_and_right_edge_read_together_are_those_read_apart() -> None:
    for size in range(34):
        hashes = stored_leaf_hashes()
        reference = ledger.in_memory_node_reader(hashes)
        expected = [reference(level, index) for level, index in storage.perfect_subtrees(0, size)]

        assert storage.size_and_right_edge() == (size, expected)
        assert storage.right_edge(size) == expected
        append_events(1)


@pytest.mark.django_db
def test_every_inclusion_and_consistency_proof_verifies_against_the_stored_roots() -> None:
    append_events(19)
    hashes = stored_leaf_hashes()

    for size in range(1, 20):
        root = storage.root_at(size)
        for index in range(size):
            proof = storage.inclusion_proof(index, size)
            ledger.verify_inclusion(hashes[index], index, size, proof, root)
        for size1 in range(1, size + 1):
            proof = storage.consistency_proof(size1, size)
            ledger.verify_consistency(size1, size, proof, storage.root_at(size1), root)


@pytest.mark.django_db
def test_a_proof_for_the_wrong_leaf_does_not_verify() -> None:
    append_events(9)
    hashes = stored_leaf_hashes()

    proof = storage.inclusion_proof(3, 9)

    with pytest.raises(ledger.ProofError):
        ledger.verify_inclusion(hashes[4], 3, 9, proof, storage.root_at(9))


@pytest.mark.django_db
def test_appending_and_proving_cost_a_few_queries_whatever_the_size() -> None:
    append_events(300)

    with CaptureQueriesContext(connection) as append_queries, transaction.atomic():
        record(ACTOR, AuditAction.AUDIT_OPERATOR_NOTE_RECORDED)
    with CaptureQueriesContext(connection) as proof_queries:
        storage.inclusion_proof(150, 301)

    # Append: the savepoint around it, the lock (PostgreSQL), the size and right edge in one
    # read, and the inserts (one statement on PostgreSQL; leaf and index row on SQLite, as 300
    # leaves complete no node for the 301st).
    assert len(append_queries) <= 5
    # The size, then every node the proof needs in one read, whatever the tree's size.
    assert len(proof_queries) == 2


@pytest.mark.django_db
def test_proof_records_are_base64_and_verify() -> None:
    append_events(6)

    record_ = proofs.inclusion_record(4)
    consistency = proofs.consistency_record(3, 6)

    assert record_["tree_size"] == 6
    ledger.verify_inclusion(
        decode_base64(record_["leaf_hash"]),
        4,
        6,
        [decode_base64(value) for value in record_["proof"]],
        decode_base64(record_["root"]),
    )
    ledger.verify_consistency(
        3,
        6,
        [decode_base64(value) for value in consistency["proof"]],
        decode_base64(consistency["root1"]),
        decode_base64(consistency["root2"]),
    )


@pytest.mark.django_db
def test_proofs_outside_the_log_are_refused_with_a_message() -> None:
    append_events(3)

    with pytest.raises(LogRangeError, match=r"no leaf 3 in a tree of 3 leaves \(0 to 2\)"):
        proofs.inclusion_record(3)
    with pytest.raises(LogRangeError, match="tree size 9 is outside the log"):
        proofs.inclusion_record(1, 9)
    with pytest.raises(LogRangeError, match="0 < size1 <= size2"):
        proofs.consistency_record(3, 2)
    with pytest.raises(LogRangeError, match="no leaf 5: the log has 3 leaves"):
        proofs.leaf_record(5)


@pytest.mark.django_db
def test_batch_appends_build_the_same_tree_as_single_appends() -> None:
    def encode(index: int, time: object) -> bytes:
        return f'{{"index":{index}}}'.encode()

    storage.append_batch(encode, 23, batch_size=5)

    hashes = stored_leaf_hashes()
    assert hashes == [ledger.leaf_hash(encode(i, None)) for i in range(23)]
    assert TreeNode.objects.count() == 23 - (23).bit_count()
    assert storage.root_at(23) == ledger.root_of(hashes)
