"""Checkpoint bodies of C2SP tlog-checkpoint: a log's origin, tree size and root hash."""

import re
from dataclasses import dataclass
from typing import Self

from safereport.ledger.encoding import decode_base64, encode_base64
from safereport.ledger.hashing import HASH_SIZE
from safereport.ledger.note import valid_key_name

_DECIMAL = re.compile(r"0|[1-9][0-9]*")
# Tree sizes are uint64 in every other implementation; a larger one could not be checked there.
_MAX_SIZE = 2**64 - 1


class CheckpointError(ValueError):
    """A checkpoint body or field is malformed."""


@dataclass(frozen=True)
class Checkpoint:
    """A log's commitment to its tree of `size` leaves with root hash `root`."""

    origin: str
    size: int
    root: bytes
    extensions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        """Refuse fields that could not be written as a well-formed body."""
        # Stricter than the spec's "non-empty": its recommendation (no spaces, no '+') lets the
        # origin double as the log's key name, as the spec also recommends.
        if not valid_key_name(self.origin):
            raise CheckpointError(
                f"origin {self.origin!r} must be non-empty, without spaces, '+' or control "
                "characters"
            )
        if not 0 <= self.size <= _MAX_SIZE:
            raise CheckpointError(f"tree size {self.size} is outside 0..2**64-1")
        if len(self.root) != HASH_SIZE:
            raise CheckpointError(f"root hash is {len(self.root)} bytes long, not {HASH_SIZE}")
        for line in self.extensions:
            if not line or any(char < " " for char in line):
                raise CheckpointError(
                    f"extension line {line!r} must be non-empty, without control characters"
                )

    def to_body(self) -> str:
        """The note text: origin, size and base64 root, then any extension lines."""
        lines = (self.origin, str(self.size), encode_base64(self.root), *self.extensions)
        return "".join(f"{line}\n" for line in lines)

    @classmethod
    def parse(cls, body: str) -> Self:
        """Read a note text written by `to_body`, refusing anything malformed."""
        if not body.endswith("\n"):
            raise CheckpointError("a checkpoint body must end with a newline")
        lines = body[:-1].split("\n")
        if len(lines) < 3:
            raise CheckpointError(
                f"a checkpoint body needs origin, size and root lines, got {len(lines)} line(s)"
            )
        origin, size, root, *extensions = lines
        return cls(origin, _parse_size(size), _parse_root(root), tuple(extensions))


def _parse_size(text: str) -> int:
    if not _DECIMAL.fullmatch(text):
        raise CheckpointError(f"tree size {text!r} is not a decimal without leading zeros")
    return int(text)


def _parse_root(text: str) -> bytes:
    try:
        return decode_base64(text)
    except ValueError as error:
        raise CheckpointError(f"root hash: {error}") from None
