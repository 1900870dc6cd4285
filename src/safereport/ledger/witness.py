"""The C2SP tlog-witness `add-checkpoint` call without its HTTP: the request body's encoding, the
witness's checks in the order the spec gives them (each refusal with its status code), and the
client's reading of the answers."""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Self

from safereport.ledger.checkpoint import Checkpoint, CheckpointError
from safereport.ledger.encoding import decode_base64, encode_base64
from safereport.ledger.hashing import EMPTY_ROOT
from safereport.ledger.note import NoteError, Signature, Verifier, open_note
from safereport.ledger.proofs import ProofError, verify_consistency

MAX_PROOF_LINES = 63  # the spec's limit on consistency proof lines
SIZE_CONTENT_TYPE = "text/x.tlog.size"  # a 409's body: the witness's latest size
_OLD_LINE = re.compile(r"old (0|[1-9][0-9]*)")
_SIZE_BODY = re.compile(r"(0|[1-9][0-9]*)\n")

BAD_REQUEST = 400
FORBIDDEN = 403
NOT_FOUND = 404
CONFLICT = 409
UNPROCESSABLE = 422


class WitnessRefusal(Exception):  # noqa: N818 - a refusal is an answer, not a failure
    """The witness will not cosign: `status` is the HTTP status the spec gives for the reason;
    for 409, `latest_size` is the size it last cosigned for the origin."""

    def __init__(self, status: int, message: str, latest_size: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.latest_size = latest_size

    def content_type(self) -> str:
        """The response's media type: the spec's size type for 409, plain text otherwise."""
        return SIZE_CONTENT_TYPE if self.status == CONFLICT else "text/plain; charset=utf-8"

    def body(self) -> bytes:
        """The response body: the latest size for 409, the reason otherwise."""
        if self.status == CONFLICT:
            return f"{self.latest_size}\n".encode()
        return f"{self.message}\n".encode()


@dataclass(frozen=True)
class AddCheckpoint:
    """An add-checkpoint request: the size the client believes the witness has, a consistency
    proof from it to the checkpoint, and the signed checkpoint note."""

    old_size: int
    proof: tuple[bytes, ...]
    note: str

    def encode(self) -> bytes:
        """The request body: `old N`, one base64 hash a line, a blank line, the note."""
        lines = [f"old {self.old_size}", *(encode_base64(value) for value in self.proof)]
        return ("".join(f"{line}\n" for line in lines) + "\n" + self.note).encode("utf-8")

    @classmethod
    def parse(cls, body: bytes) -> Self:
        """Read a request body, refusing anything malformed with status 400."""
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise WitnessRefusal(BAD_REQUEST, "the request body is not UTF-8") from None
        head, blank, note = text.partition("\n\n")
        if not blank:
            raise WitnessRefusal(BAD_REQUEST, "the request needs a blank line before the note")
        old_line, *proof_lines = head.split("\n")
        matched = _OLD_LINE.fullmatch(old_line)
        if matched is None:
            raise WitnessRefusal(
                BAD_REQUEST, "the first line must read 'old N', N a decimal without leading zeros"
            )
        if len(proof_lines) > MAX_PROOF_LINES:
            raise WitnessRefusal(
                BAD_REQUEST, f"at most {MAX_PROOF_LINES} consistency proof lines are allowed"
            )
        proof = []
        for number, line in enumerate(proof_lines, start=2):
            try:
                proof.append(decode_base64(line))
            except ValueError:
                raise WitnessRefusal(
                    BAD_REQUEST, f"line {number} is not a base64 consistency proof hash"
                ) from None
        return cls(int(matched.group(1)), tuple(proof), note)


@dataclass(frozen=True)
class LogState:
    """What a witness keeps of one log: the latest checkpoint it cosigned."""

    size: int
    root: bytes


def check_submission(
    request: AddCheckpoint,
    logs: Mapping[str, Sequence[Verifier]],
    latest: Mapping[str, LogState],
) -> Checkpoint:
    """The checkpoint to cosign, once every check of the spec passes; raises `WitnessRefusal`
    with the spec's status otherwise. `logs` holds the trusted keys of each known origin, `latest`
    the state of the logs cosigned so far. The caller holds its lock from here to persisting."""
    try:
        note = open_note(request.note)
        checkpoint = Checkpoint.parse(note.text)
    except (NoteError, CheckpointError) as error:
        raise WitnessRefusal(BAD_REQUEST, f"the checkpoint is malformed: {error}") from None
    keys = logs.get(checkpoint.origin)
    if not keys:
        raise WitnessRefusal(NOT_FOUND, f"unknown log origin {checkpoint.origin!r}")
    _require_log_signature(note.text, note.signatures, keys, checkpoint.origin)
    if request.old_size > checkpoint.size:
        raise WitnessRefusal(
            BAD_REQUEST,
            f"old size {request.old_size} is larger than the checkpoint's {checkpoint.size}",
        )
    known = latest.get(checkpoint.origin, LogState(0, EMPTY_ROOT))
    if request.old_size != known.size:
        raise WitnessRefusal(
            CONFLICT, f"the latest cosigned size is {known.size}", latest_size=known.size
        )
    _require_consistent(request, checkpoint, known)
    return checkpoint


def _require_log_signature(
    text: str, signatures: Sequence[Signature], keys: Sequence[Verifier], origin: str
) -> None:
    """At least one signature by a trusted key, and none by a trusted key that fails (a note
    with one is malformed per signed-note); signatures by other keys are ignored."""
    claimed = [(key, sig) for key in keys for sig in signatures if key.is_key_of(sig)]
    if not claimed:
        raise WitnessRefusal(FORBIDDEN, f"no signature by a trusted key of {origin!r}")
    if not all(key.verifies(text, sig) for key, sig in claimed):
        raise WitnessRefusal(FORBIDDEN, f"a signature by a trusted key of {origin!r} is invalid")


def _require_consistent(request: AddCheckpoint, checkpoint: Checkpoint, known: LogState) -> None:
    if checkpoint.size == 0 and checkpoint.root != EMPTY_ROOT:
        raise WitnessRefusal(UNPROCESSABLE, "a checkpoint of size 0 must have the empty root")
    if request.old_size == 0:
        if request.proof:
            raise WitnessRefusal(UNPROCESSABLE, "the proof from old size 0 must be empty")
        return
    try:
        verify_consistency(
            request.old_size, checkpoint.size, request.proof, known.root, checkpoint.root
        )
    except ProofError as error:
        raise WitnessRefusal(
            UNPROCESSABLE,
            f"not consistent with the cosigned checkpoint of size {known.size}: {error}",
        ) from None


def conflict_size(body: bytes) -> int:
    """The witness's latest size from a 409's `text/x.tlog.size` body."""
    matched = _SIZE_BODY.fullmatch(body.decode("ascii", errors="replace"))
    if matched is None:
        raise ValueError("the witness's 409 body is not a size and a newline")
    return int(matched.group(1))


def cosignature_lines(body: bytes) -> list[str]:
    """The signature lines (without newlines) of a 200 response body."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise NoteError("the witness's response is not UTF-8") from None
    if not text.endswith("\n") or not text.startswith("\u2014 "):
        raise NoteError("the witness's response is not signature lines, each ending in newline")
    return text[:-1].split("\n")
