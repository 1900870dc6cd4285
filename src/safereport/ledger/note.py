"""Signed notes of C2SP signed-note v1.0.0 with Ed25519, keys written as Go's sumdb/note does."""

import hashlib
import re
from dataclasses import dataclass
from typing import Self

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from safereport.ledger.encoding import decode_base64, encode_base64

_ED25519 = b"\x01"
_ED25519_KEY_SIZE = 32
_KEY_ID_SIZE = 4
_SIGNATURE_LINE_START = "\u2014 "
_PRIVATE_KEY_START = "PRIVATE+KEY+"
_KEY_ID_HEX = re.compile(r"[0-9a-fA-F]{8}")
# The spec asks verifiers for a limit of at least 16; Go's sumdb/note allows 100.
_MAX_SIGNATURES = 100


class NoteError(ValueError):
    """A note, key or signature is malformed, or a note is not signed by the expected key."""


@dataclass(frozen=True)
class Signature:
    """One signature line: the key's name and 4-byte ID, and the algorithm's signature bytes."""

    name: str
    key_id: bytes
    signature: bytes


@dataclass(frozen=True)
class Note:
    """A note's text (with its final newline) and its signature lines, none of them verified."""

    text: str
    signatures: tuple[Signature, ...]


def valid_key_name(name: str) -> bool:
    """Whether `name` may name a key: non-empty, without spaces, '+' or control characters."""
    return bool(name) and not any(char.isspace() or char == "+" or char < " " for char in name)


class Verifier:
    """An Ed25519 public key under its name, as it appears in the notes it has signed."""

    def __init__(self, name: str, public_key: Ed25519PublicKey) -> None:
        """Verify signatures made by `public_key` under `name`."""
        _require_key_name(name)
        self.name = name
        self.public_key = public_key
        self.key_id = compute_key_id(name, public_key)

    @classmethod
    def from_verifier_key(cls, verifier_key: str) -> Self:
        """Load a verifier key string `<name>+<8 hex key ID>+<base64(0x01 || public key)>`."""
        name, key_id, key = split_key_string(verifier_key, "verifier key")
        try:
            public_key = Ed25519PublicKey.from_public_bytes(key)
        except ValueError:
            raise NoteError(f"verifier key {name!r} does not hold an Ed25519 public key") from None
        verifier = cls(name, public_key)
        require_matching_key_id(verifier.key_id, key_id, name)
        return verifier

    def verifier_key(self) -> str:
        """The verifier key string that `from_verifier_key` loads."""
        return key_string(self.name, self.key_id, self.public_key.public_bytes_raw())

    def is_key_of(self, signature: Signature) -> bool:
        """Whether `signature` claims to be by this key (same name and key ID)."""
        return (signature.name, signature.key_id) == (self.name, self.key_id)

    def verifies(self, text: str, signature: Signature) -> bool:
        """Whether `signature` is this key's valid signature of `text`."""
        if not self.is_key_of(signature):
            return False
        try:
            self.public_key.verify(signature.signature, text.encode("utf-8"))
        except InvalidSignature:
            return False
        return True


class Signer:
    """An Ed25519 private key under its name, which signs note texts."""

    def __init__(self, name: str, private_key: Ed25519PrivateKey) -> None:
        """Sign with `private_key` under `name`."""
        self._verifier = Verifier(name, private_key.public_key())
        self._private_key = private_key

    @classmethod
    def generate(cls, name: str) -> Self:
        """A signer with a new random key."""
        return cls(name, Ed25519PrivateKey.generate())

    @classmethod
    def from_private_key_text(cls, private_key_text: str) -> Self:
        """Load `PRIVATE+KEY+<name>+<8 hex key ID>+<base64(0x01 || 32-byte seed)>`."""
        if not private_key_text.startswith(_PRIVATE_KEY_START):
            raise NoteError(f"a private key must start with {_PRIVATE_KEY_START!r}")
        rest = private_key_text.removeprefix(_PRIVATE_KEY_START)
        name, key_id, seed = split_key_string(rest, "private key")
        signer = cls(name, Ed25519PrivateKey.from_private_bytes(seed))
        require_matching_key_id(signer.key_id, key_id, name)
        return signer

    @property
    def name(self) -> str:
        """The key name written in signature lines."""
        return self._verifier.name

    @property
    def key_id(self) -> bytes:
        """The 4-byte key ID written in signature lines."""
        return self._verifier.key_id

    def private_key_text(self) -> str:
        """The secret key string that `from_private_key_text` loads: keep it secret."""
        seed = self._private_key.private_bytes_raw()
        return _PRIVATE_KEY_START + key_string(self.name, self.key_id, seed)

    def verifier(self) -> Verifier:
        """The verifier for this signer's signatures."""
        return self._verifier

    def verifier_key(self) -> str:
        """The verifier key string to publish for this signer."""
        return self._verifier.verifier_key()

    def sign(self, text: str) -> str:
        """The signed note: `text`, a blank line and this key's signature line."""
        _require_note_text(text)
        signature = self._private_key.sign(text.encode("utf-8"))
        encoded = encode_base64(self.key_id + signature)
        return f"{text}\n{_SIGNATURE_LINE_START}{self.name} {encoded}\n"


def open_note(note: str) -> Note:
    """Split a signed note into its text and signature lines, checking only their syntax."""
    _require_note_characters(note)
    split = note.rfind("\n\n")
    if split < 0:
        raise NoteError("a signed note needs a blank line between its text and its signatures")
    text, block = note[: split + 1], note[split + 2 :]
    if not block:
        raise NoteError("a signed note needs at least one signature line")
    if not block.endswith("\n"):
        raise NoteError("a signed note must end with a newline")
    lines = block[:-1].split("\n")
    if len(lines) > _MAX_SIGNATURES:
        raise NoteError(f"a signed note may carry at most {_MAX_SIGNATURES} signatures")
    return Note(text, tuple(parse_signature_line(line) for line in lines))


def verify_note(note: str, verifier: Verifier) -> str:
    """Return the text of `note` once `verifier`'s signature on it checks out."""
    opened = open_note(note)
    key = f"{verifier.name}+{verifier.key_id.hex()}"
    candidates = [signature for signature in opened.signatures if verifier.is_key_of(signature)]
    if not candidates:
        raise NoteError(f"note has no signature by key {key}")
    # A bad signature from the trusted key means tampering, even beside a good one.
    if not all(verifier.verifies(opened.text, signature) for signature in candidates):
        raise NoteError(f"note has an invalid signature by key {key}")
    return opened.text


def parse_signature_line(line: str) -> Signature:
    """One `— <name> base64(key ID || signature)` line (without its newline), syntax only."""
    if not line.startswith(_SIGNATURE_LINE_START):
        raise NoteError(f"signature line {line!r} does not start with an em dash and a space")
    name, _, encoded = line.removeprefix(_SIGNATURE_LINE_START).partition(" ")
    if not valid_key_name(name):
        raise NoteError(f"signature line {line!r} has an invalid key name")
    try:
        data = decode_base64(encoded)
    except ValueError as error:
        raise NoteError(f"signature line {line!r}: {error}") from None
    if len(data) <= _KEY_ID_SIZE:
        raise NoteError(f"signature line {line!r} is too short to hold a key ID and a signature")
    return Signature(name, data[:_KEY_ID_SIZE], data[_KEY_ID_SIZE:])


def _require_note_text(text: str) -> None:
    if not text.endswith("\n"):
        raise NoteError("note text must end with a newline")
    _require_note_characters(text)


def _require_note_characters(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise NoteError("a note must be valid UTF-8") from None
    if any(char < " " and char != "\n" for char in text):
        raise NoteError("a note must not contain control characters other than newline")


def _require_key_name(name: str) -> None:
    if not valid_key_name(name):
        raise NoteError(
            f"key name {name!r} must be non-empty, without spaces, '+' or control characters"
        )


def compute_key_id(name: str, public_key: Ed25519PublicKey, algorithm: bytes = _ED25519) -> bytes:
    """SHA-256(name || 0x0A || algorithm || public key)[:4]: a signature line's key ID. The
    algorithm byte is 0x01 for notes' Ed25519 signatures, 0x04 for Ed25519 cosignatures."""
    material = name.encode("utf-8") + b"\n" + algorithm + public_key.public_bytes_raw()
    return hashlib.sha256(material).digest()[:_KEY_ID_SIZE]


def key_string(name: str, identifier: bytes, key: bytes, algorithm: bytes = _ED25519) -> str:
    """`<name>+<8 hex key ID>+<base64(algorithm || key)>`: a vkey, or a private key's tail."""
    return f"{name}+{identifier.hex()}+{encode_base64(algorithm + key)}"


def split_key_string(text: str, what: str, algorithm: bytes = _ED25519) -> tuple[str, bytes, bytes]:
    """Name, key ID and Ed25519 key bytes of `<name>+<8 hex>+<base64(algorithm || key)>`."""
    parts = text.split("+", 2)
    if len(parts) != 3 or not _KEY_ID_HEX.fullmatch(parts[1]):
        raise NoteError(f"{what} must read <name>+<8 hex digits>+<base64 key>")
    name, key_id_hex, encoded = parts
    _require_key_name(name)
    try:
        key = decode_base64(encoded)
    except ValueError as error:
        raise NoteError(f"{what} {name!r}: {error}") from None
    if len(key) != 1 + _ED25519_KEY_SIZE or key[:1] != algorithm:
        raise NoteError(f"{what} {name!r} is not a 0x{algorithm.hex()}-tagged 32-byte Ed25519 key")
    return name, bytes.fromhex(key_id_hex), key[1:]


def require_matching_key_id(actual: bytes, stated: bytes, name: str) -> None:
    """Refuse a key string whose stated key ID is not the one its name and key hash to."""
    if actual != stated:
        raise NoteError(
            f"key {name!r} states key ID {stated.hex()} but its key hashes to {actual.hex()}"
        )
