"""Ed25519 cosignatures of C2SP tlog-cosignature (`cosignature/v1`): a witness's timestamped
statement that a checkpoint is the largest consistent tree it has seen of that log."""

from dataclasses import dataclass
from typing import Self

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from safereport.ledger.encoding import encode_base64
from safereport.ledger.note import (
    NoteError,
    Signature,
    compute_key_id,
    key_string,
    parse_signature_line,
    require_matching_key_id,
    split_key_string,
    valid_key_name,
)

COSIGNATURE_V1 = b"\x04"  # the key ID's algorithm byte, and the vkey's, for Ed25519 cosignatures
_HEADER = "cosignature/v1\n"
_TIMESTAMP_SIZE = 8
_ED25519_SIGNATURE_SIZE = 64
_MAX_TIMESTAMP = 2**63 - 1
_PRIVATE_KEY_START = "PRIVATE+KEY+"


@dataclass(frozen=True)
class Cosignature:
    """A verified cosignature: who made it, when (POSIX seconds), and its signature line."""

    name: str
    timestamp: int
    line: str


def signed_message(checkpoint_body: str, timestamp: int) -> str:
    """What a cosignature/v1 signs: the header line, `time T` and the whole checkpoint body."""
    _require_timestamp(timestamp)
    if not checkpoint_body.endswith("\n"):
        raise NoteError("a checkpoint body must end with a newline")
    return f"{_HEADER}time {timestamp}\n{checkpoint_body}"


class CosignatureVerifier:
    """A witness's Ed25519 cosigning key under its name."""

    def __init__(self, name: str, public_key: Ed25519PublicKey) -> None:
        """Verify cosignatures made by `public_key` under `name`."""
        if not valid_key_name(name):
            raise NoteError(
                f"key name {name!r} must be non-empty, without spaces, '+' or control characters"
            )
        self.name = name
        self.public_key = public_key
        self.key_id = compute_key_id(name, public_key, COSIGNATURE_V1)

    @classmethod
    def from_verifier_key(cls, verifier_key: str) -> Self:
        """Load `<name>+<8 hex key ID>+<base64(0x04 || public key)>`."""
        name, stated, key = split_key_string(verifier_key, "witness verifier key", COSIGNATURE_V1)
        verifier = cls(name, Ed25519PublicKey.from_public_bytes(key))
        require_matching_key_id(verifier.key_id, stated, name)
        return verifier

    def verifier_key(self) -> str:
        """The vkey string that `from_verifier_key` loads."""
        raw = self.public_key.public_bytes_raw()
        return key_string(self.name, self.key_id, raw, COSIGNATURE_V1)

    def is_key_of(self, signature: Signature) -> bool:
        """Whether `signature` claims to be by this key (same name and key ID)."""
        return (signature.name, signature.key_id) == (self.name, self.key_id)

    def verify(self, checkpoint_body: str, line: str) -> Cosignature:
        """The cosignature in signature `line` (no newline) on `checkpoint_body`, once it checks
        out; raises `NoteError` naming what is wrong otherwise."""
        signature = parse_signature_line(line)
        if not self.is_key_of(signature):
            raise NoteError(
                f"the cosignature is by key {signature.name}+{signature.key_id.hex()}, "
                f"not {self.name}+{self.key_id.hex()}"
            )
        timestamp, raw = _split_timestamped(signature.signature)
        try:
            self.public_key.verify(raw, signed_message(checkpoint_body, timestamp).encode())
        except InvalidSignature:
            raise NoteError(f"the cosignature by {self.name} does not verify") from None
        return Cosignature(self.name, timestamp, line)

    def find(self, checkpoint_body: str, lines: list[str]) -> Cosignature:
        """This key's cosignature among `lines`, ignoring other keys' lines as the witness
        protocol asks; a bad one by this key is refused even beside a good one."""
        mine = [line for line in lines if self.is_key_of(parse_signature_line(line))]
        if not mine:
            raise NoteError(f"no cosignature by {self.name}+{self.key_id.hex()}")
        verified = [self.verify(checkpoint_body, line) for line in mine]
        return max(verified, key=lambda cosignature: cosignature.timestamp)


class Cosigner:
    """A witness's Ed25519 private key under its name, which cosigns checkpoints."""

    def __init__(self, name: str, private_key: Ed25519PrivateKey) -> None:
        """Cosign with `private_key` under `name`."""
        self._verifier = CosignatureVerifier(name, private_key.public_key())
        self._private_key = private_key

    @classmethod
    def generate(cls, name: str) -> Self:
        """A cosigner with a new random key."""
        return cls(name, Ed25519PrivateKey.generate())

    @classmethod
    def from_private_key_text(cls, text: str) -> Self:
        """Load `PRIVATE+KEY+<name>+<8 hex key ID>+<base64(0x04 || 32-byte seed)>`."""
        if not text.startswith(_PRIVATE_KEY_START):
            raise NoteError(f"a private key must start with {_PRIVATE_KEY_START!r}")
        rest = text.removeprefix(_PRIVATE_KEY_START)
        name, stated, seed = split_key_string(rest, "witness private key", COSIGNATURE_V1)
        cosigner = cls(name, Ed25519PrivateKey.from_private_bytes(seed))
        require_matching_key_id(cosigner.verifier().key_id, stated, name)
        return cosigner

    @property
    def name(self) -> str:
        """The witness's key name, written in its cosignature lines."""
        return self._verifier.name

    def verifier(self) -> CosignatureVerifier:
        """The verifier of this key's cosignatures."""
        return self._verifier

    def private_key_text(self) -> str:
        """The secret key string that `from_private_key_text` loads: keep it secret."""
        seed = self._private_key.private_bytes_raw()
        return _PRIVATE_KEY_START + key_string(
            self.name, self._verifier.key_id, seed, COSIGNATURE_V1
        )

    def cosign(self, checkpoint_body: str, timestamp: int) -> str:
        """The cosignature line (with its newline) on `checkpoint_body` at `timestamp`."""
        if timestamp == 0:
            # tlog-witness: a witness's cosignature must not omit the time.
            raise NoteError("a witness's cosignature needs a timestamp other than zero")
        message = signed_message(checkpoint_body, timestamp).encode()
        signature = self._private_key.sign(message)
        data = self._verifier.key_id + timestamp.to_bytes(_TIMESTAMP_SIZE, "big") + signature
        return f"\u2014 {self.name} {encode_base64(data)}\n"


def timestamp_of(line: str) -> int:
    """The time (POSIX seconds) an Ed25519 cosignature line says it was made, unverified."""
    return _split_timestamped(parse_signature_line(line).signature)[0]


def _split_timestamped(data: bytes) -> tuple[int, bytes]:
    """The `timestamped_signature`: 8-byte big-endian time, then the 64-byte Ed25519 signature."""
    if len(data) != _TIMESTAMP_SIZE + _ED25519_SIGNATURE_SIZE:
        raise NoteError(
            f"an Ed25519 cosignature holds {_TIMESTAMP_SIZE + _ED25519_SIGNATURE_SIZE} bytes after "
            f"its key ID, not {len(data)}"
        )
    timestamp = int.from_bytes(data[:_TIMESTAMP_SIZE], "big")
    _require_timestamp(timestamp)
    return timestamp, data[_TIMESTAMP_SIZE:]


def _require_timestamp(timestamp: int) -> None:
    if not 0 <= timestamp <= _MAX_TIMESTAMP:
        raise NoteError(f"cosignature timestamp {timestamp} is outside 0..2**63-1")
