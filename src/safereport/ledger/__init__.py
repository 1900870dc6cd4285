"""Cryptography of the tamper-evident audit log: Merkle trees, proofs, checkpoints, signed notes."""

from safereport.ledger.checkpoint import Checkpoint, CheckpointError
from safereport.ledger.cosignature import Cosignature, CosignatureVerifier, Cosigner
from safereport.ledger.hashing import (
    EMPTY_ROOT,
    HASH_SIZE,
    leaf_hash,
    leaf_hashes,
    node_hash,
    parent_hashes,
    root_of,
)
from safereport.ledger.note import (
    Note,
    NoteError,
    Signature,
    Signer,
    Verifier,
    open_note,
    valid_key_name,
    verify_note,
)
from safereport.ledger.proofs import (
    NodeReader,
    ProofError,
    consistency_proof,
    in_memory_node_reader,
    inclusion_proof,
    root_at,
    root_from_inclusion_proof,
    verify_consistency,
    verify_inclusion,
)
from safereport.ledger.tree import CompactTree, Node, perfect_levels, streaming_root

__all__ = [
    "EMPTY_ROOT",
    "HASH_SIZE",
    "Checkpoint",
    "CheckpointError",
    "CompactTree",
    "Cosignature",
    "CosignatureVerifier",
    "Cosigner",
    "Node",
    "NodeReader",
    "Note",
    "NoteError",
    "ProofError",
    "Signature",
    "Signer",
    "Verifier",
    "consistency_proof",
    "in_memory_node_reader",
    "inclusion_proof",
    "leaf_hash",
    "leaf_hashes",
    "node_hash",
    "open_note",
    "parent_hashes",
    "perfect_levels",
    "root_at",
    "root_from_inclusion_proof",
    "root_of",
    "streaming_root",
    "valid_key_name",
    "verify_consistency",
    "verify_inclusion",
    "verify_note",
]
