"""Signed checkpoints (C2SP tlog-checkpoint in a C2SP signed note): signed on demand and every
`AUDIT_CHECKPOINT_EVERY` events, never two that contradict each other."""

from django.db import transaction
from django.utils import timezone

from safereport import ledger
from safereport.audit import signing, storage, tasks
from safereport.audit.errors import CheckpointRefusedError
from safereport.audit.models import Checkpoint


def on_append(tree_size: int, every: int) -> None:
    """Called by `record()` under the append lock: sign when the size reaches a multiple of
    `every`, in the same transaction as the event that got it there."""
    if tree_size % every == 0:
        _sign(tree_size)


def latest_checkpoint(*, sign_if_needed: bool = True) -> Checkpoint | None:
    """The checkpoint of the largest size; with `sign_if_needed`, first sign one for the current
    size if the log has grown since (so there is always one, of size 0 for an empty log)."""
    if sign_if_needed:
        return signed_checkpoint()
    return Checkpoint.objects.order_by("-size").first()


def signed_checkpoint() -> Checkpoint:
    """The checkpoint of the log's current size, signed now if there is none yet."""
    with transaction.atomic():
        # The append lock also keeps two signers from racing for the same size.
        storage.lock_for_append()
        return _sign(storage.size())


def public_key() -> str:
    """The verifier key to publish: `<origin>+<hex key ID>+<base64(0x01 || public key)>`."""
    return signing.load_signer(may_create=not Checkpoint.objects.exists()).verifier_key()


def verifier() -> ledger.Verifier:
    """The verifier of this log's checkpoint signatures."""
    return signing.load_signer(may_create=not Checkpoint.objects.exists()).verifier()


def open_checkpoint(note: str, log_verifier: ledger.Verifier) -> ledger.Checkpoint:
    """The checkpoint in a signed note, once its signature by this log's key and its origin check
    out; raises `ledger.NoteError` or `ledger.CheckpointError` otherwise."""
    body = ledger.Checkpoint.parse(ledger.verify_note(note, log_verifier))
    if body.origin != signing.origin():
        raise ledger.CheckpointError(
            f"checkpoint is for origin {body.origin!r}, not this log's {signing.origin()!r}"
        )
    return body


def _sign(tree_size: int) -> Checkpoint:
    """Sign the tree of `tree_size` leaves, after proving it extends the last checkpoint."""
    previous = Checkpoint.objects.order_by("-size").first()
    if previous is not None and previous.size == tree_size:
        return previous
    if previous is not None and previous.size > tree_size:
        raise CheckpointRefusedError(
            f"refusing to sign size {tree_size}: a checkpoint for {previous.size} leaves exists, "
            "so the log has lost leaves"
        )
    root = storage.root_at(tree_size)
    signer = signing.load_signer(may_create=previous is None)
    if previous is not None:
        _require_consistent(previous, tree_size, root, signer.verifier())
    body = ledger.Checkpoint(signing.origin(), tree_size, root).to_body()
    signed = Checkpoint.objects.create(
        size=tree_size, root=root, note=signer.sign(body), created=timezone.now()
    )
    # Submitted once committed, in the background: no witness can delay or fail the action.
    transaction.on_commit(tasks.queue_submission, robust=True)
    return signed


def _require_consistent(
    previous: Checkpoint, tree_size: int, root: bytes, log_verifier: ledger.Verifier
) -> None:
    """Refuse to sign unless the stored tree provably extends `previous`'s signed root."""
    previous_root = bytes(previous.root)
    try:
        signed = open_checkpoint(previous.note, log_verifier)
    except (ledger.NoteError, ledger.CheckpointError) as error:
        raise CheckpointRefusedError(
            f"refusing to sign size {tree_size}: the stored checkpoint for {previous.size} leaves "
            f"does not verify with this log's key: {error}"
        ) from None
    if (signed.size, signed.root) != (previous.size, previous_root):
        raise CheckpointRefusedError(
            f"refusing to sign size {tree_size}: the stored checkpoint for {previous.size} leaves "
            "says something other than its signed note"
        )
    try:
        if previous.size == 0:
            if previous_root != ledger.EMPTY_ROOT:
                raise ledger.ProofError("the checkpoint of the empty tree has a non-empty root")
        else:
            proof = storage.consistency_proof(previous.size, tree_size)
            ledger.verify_consistency(previous.size, tree_size, proof, previous_root, root)
    except ledger.ProofError as error:
        raise CheckpointRefusedError(
            f"refusing to sign size {tree_size}: the stored tree is not consistent with the "
            f"checkpoint for {previous.size} leaves ({error})"
        ) from None
