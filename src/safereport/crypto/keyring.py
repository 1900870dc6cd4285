"""AES-256-GCM field encryption under a key ring; framework-free (no Django).

A ring is written `id:base64key,id:base64key,...`, newest first: the first key encrypts, every key
decrypts, so keys can be rotated without a flag day. A ciphertext reads
`v1:<key id>:<base64(nonce || ciphertext || tag)>`. Its associated data binds it to a context
(for model fields, `table.column`), so a value copied into another column, or relabelled with
another key id, fails to decrypt instead of being read as something it is not.
"""

from __future__ import annotations

import base64
import binascii
import re
import secrets
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

VERSION = "v1"
KEY_BYTES = 32  # AES-256
NONCE_BYTES = 12  # 96 bits, the size GCM is defined for; random per value
TAG_BYTES = 16
# Key ids appear inside ciphertexts and in audit events: short, and never a ':' or ','.
KEY_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")


class KeyRingError(ValueError):
    """The key ring's text is unusable (bad id, bad key, duplicate id, empty)."""


class DecryptionError(ValueError):
    """A stored value cannot be decrypted. Messages name the problem, never the value."""


class MalformedCiphertextError(DecryptionError):
    """The stored text is not a ciphertext this code writes."""


class UnknownKeyError(DecryptionError):
    """The ciphertext names a key id that is not in the ring."""


class TamperedCiphertextError(DecryptionError):
    """Authentication failed: wrong key, altered bytes, or a value moved from another context."""


@dataclass(frozen=True)
class KeyRing:
    """Keys by id, newest first."""

    keys: tuple[tuple[str, bytes], ...]

    def __post_init__(self) -> None:
        """Refuse an empty ring, a bad id, a key of the wrong size or a repeated id."""
        if not self.keys:
            raise KeyRingError("the key ring is empty: give at least one id:base64key")
        seen: set[str] = set()
        for key_id, key in self.keys:
            if not KEY_ID.fullmatch(key_id):
                raise KeyRingError(f"key id {key_id!r} must be 1 to 32 letters, digits, '_' or '-'")
            if len(key) != KEY_BYTES:
                raise KeyRingError(f"key {key_id!r} must be {KEY_BYTES} bytes, not {len(key)}")
            if key_id in seen:
                raise KeyRingError(f"key id {key_id!r} appears twice in the ring")
            seen.add(key_id)

    @classmethod
    def parse(cls, text: str) -> KeyRing:
        """Read `id:base64key,id:base64key`; errors name the key id, never the key."""
        keys: list[tuple[str, bytes]] = []
        for position, entry in enumerate(part.strip() for part in text.split(",")):
            if not entry:
                continue
            key_id, separator, encoded = entry.partition(":")
            if not separator:
                raise KeyRingError(f"key ring entry {position + 1} must read id:base64key")
            try:
                key = base64.b64decode(encoded.strip(), validate=True)
            except (binascii.Error, ValueError):
                raise KeyRingError(f"key {key_id!r} is not valid base64") from None
            keys.append((key_id.strip(), key))
        return cls(tuple(keys))

    @classmethod
    def generate(cls, key_id: str) -> KeyRing:
        """A ring of one fresh random key (tests, local set-up)."""
        return cls(((key_id, secrets.token_bytes(KEY_BYTES)),))

    @property
    def current_id(self) -> str:
        """The id of the key that encrypts."""
        return self.keys[0][0]

    def as_text(self) -> str:
        """The ring in the `id:base64key,...` form `parse` reads."""
        return ",".join(f"{key_id}:{base64.b64encode(key).decode()}" for key_id, key in self.keys)

    def encrypt(self, plaintext: str, *, context: str) -> str:
        """Encrypt under the newest key, bound to `context` (e.g. `casework_person.given_name`)."""
        key_id, key = self.keys[0]
        nonce = secrets.token_bytes(NONCE_BYTES)
        sealed = AESGCM(key).encrypt(nonce, plaintext.encode("utf-8"), _aad(key_id, context))
        return f"{VERSION}:{key_id}:{base64.b64encode(nonce + sealed).decode('ascii')}"

    def decrypt(self, token: str, *, context: str) -> str:
        """The plaintext of `token`, which must have been encrypted for `context`."""
        key_id, payload = _split(token)
        key = dict(self.keys).get(key_id)
        if key is None:
            raise UnknownKeyError(
                f"value in {context} is encrypted under key {key_id!r}, which is not in the key "
                "ring: add the old key back (after the new one) until `rotate-keys` has run"
            )
        nonce, sealed = payload[:NONCE_BYTES], payload[NONCE_BYTES:]
        try:
            plain = AESGCM(key).decrypt(nonce, sealed, _aad(key_id, context))
        except InvalidTag:
            raise TamperedCiphertextError(
                f"value in {context} fails authentication under key {key_id!r}: it was altered, "
                "or written for another column"
            ) from None
        try:
            return plain.decode("utf-8")
        except UnicodeDecodeError:
            raise MalformedCiphertextError(f"value in {context} is not UTF-8 text") from None

    def key_id_of(self, token: str) -> str:
        """Which key a ciphertext was written under (to find values that need rotating)."""
        return _split(token)[0]

    def is_current(self, token: str) -> bool:
        """Whether the ciphertext is already under the newest key."""
        return self.key_id_of(token) == self.current_id


def _aad(key_id: str, context: str) -> bytes:
    # The version and key id are authenticated too, so relabelling a ciphertext cannot pass.
    return f"safereport-field:{VERSION}:{key_id}:{context}".encode()


def _split(token: str) -> tuple[str, bytes]:
    """(key id, nonce || ciphertext || tag) of a ciphertext, or MalformedCiphertextError."""
    if not isinstance(token, str):
        raise MalformedCiphertextError(f"ciphertext must be text, not {type(token).__name__}")
    parts = token.split(":")
    if len(parts) != 3 or parts[0] != VERSION:
        raise MalformedCiphertextError(
            f"stored value is not a {VERSION} ciphertext (expected {VERSION}:<key id>:<base64>)"
        )
    _, key_id, encoded = parts
    if not KEY_ID.fullmatch(key_id):
        raise MalformedCiphertextError("ciphertext names a key id that cannot exist")
    try:
        payload = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise MalformedCiphertextError("ciphertext is not valid base64") from None
    if len(payload) < NONCE_BYTES + TAG_BYTES:
        raise MalformedCiphertextError("ciphertext is too short to hold a nonce and a tag")
    return key_id, payload
