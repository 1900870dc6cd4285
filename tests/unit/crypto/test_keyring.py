"""The key ring: round trips, the format, refusals (wrong key, tampering, another column, unknown
key id, malformed text) and rotation. No Django, no database."""

from __future__ import annotations

import base64

import pytest

from safereport.crypto.keyring import (
    KEY_BYTES,
    NONCE_BYTES,
    DecryptionError,
    KeyRing,
    KeyRingError,
    MalformedCiphertextError,
    TamperedCiphertextError,
    UnknownKeyError,
)

CONTEXT = "casework_person.given_name"
KEY_A = bytes(range(32))
KEY_B = bytes(range(32, 64))


def ring_text(*pairs: tuple[str, bytes]) -> str:
    return ",".join(f"{key_id}:{base64.b64encode(key).decode()}" for key_id, key in pairs)


def test_a_value_round_trips_and_the_ciphertext_names_its_key() -> None:
    ring = KeyRing.parse(ring_text(("k1", KEY_A)))

    token = ring.encrypt("Maria Fernández", context=CONTEXT)

    assert ring.decrypt(token, context=CONTEXT) == "Maria Fernández"
    version, key_id, payload = token.split(":")
    assert (version, key_id) == ("v1", "k1")
    # nonce, then the UTF-8 text (16 bytes), then the 16-byte tag
    assert len(base64.b64decode(payload)) == NONCE_BYTES + len("Maria Fernández".encode()) + 16
    assert "Maria" not in token


def test_the_empty_text_round_trips() -> None:
    ring = KeyRing.generate("k1")

    assert ring.decrypt(ring.encrypt("", context=CONTEXT), context=CONTEXT) == ""


def test_each_encryption_uses_a_fresh_nonce() -> None:
    ring = KeyRing.generate("k1")

    tokens = {ring.encrypt("same", context=CONTEXT) for _ in range(50)}

    assert len(tokens) == 50


def test_a_different_key_with_the_same_id_fails_authentication() -> None:
    token = KeyRing.parse(ring_text(("k1", KEY_A))).encrypt("secret", context=CONTEXT)

    with pytest.raises(TamperedCiphertextError, match="fails authentication under key 'k1'"):
        KeyRing.parse(ring_text(("k1", KEY_B))).decrypt(token, context=CONTEXT)


@pytest.mark.parametrize("position", [0, NONCE_BYTES, -1])
def test_a_changed_byte_anywhere_fails_authentication(position: int) -> None:
    ring = KeyRing.generate("k1")
    prefix, payload = ring.encrypt("secret", context=CONTEXT).rsplit(":", 1)
    altered = bytearray(base64.b64decode(payload))
    altered[position] ^= 0x01

    with pytest.raises(TamperedCiphertextError):
        ring.decrypt(f"{prefix}:{base64.b64encode(bytes(altered)).decode()}", context=CONTEXT)


def test_a_value_moved_to_another_column_fails_to_decrypt() -> None:
    ring = KeyRing.generate("k1")
    token = ring.encrypt("Maria", context="casework_person.given_name")

    with pytest.raises(TamperedCiphertextError, match="written for another column"):
        ring.decrypt(token, context="casework_person.family_name")


def test_relabelling_a_ciphertext_with_another_key_id_fails() -> None:
    ring = KeyRing.parse(ring_text(("k1", KEY_A), ("k2", KEY_A)))  # same bytes, two ids
    token = ring.encrypt("secret", context=CONTEXT)

    with pytest.raises(TamperedCiphertextError):
        ring.decrypt(token.replace(":k1:", ":k2:"), context=CONTEXT)


def test_an_unknown_key_id_is_named_and_the_value_is_not() -> None:
    token = KeyRing.parse(ring_text(("old", KEY_A))).encrypt("Maria", context=CONTEXT)

    with pytest.raises(UnknownKeyError, match="key 'old', which is not in the key ring") as found:
        KeyRing.parse(ring_text(("new", KEY_B))).decrypt(token, context=CONTEXT)

    assert "Maria" not in str(found.value)


@pytest.mark.parametrize(
    "token",
    [
        "Maria",
        "",
        "v1:k1",
        "v2:k1:AAAA",
        "v1:k1:not base64!",
        "v1:bad id:" + base64.b64encode(bytes(40)).decode(),
        "v1:k1:" + base64.b64encode(bytes(NONCE_BYTES + 15)).decode(),  # no room for the tag
        "v1:k1:AAAA:extra",
    ],
)
def test_malformed_ciphertexts_are_refused_clearly(token: str) -> None:
    with pytest.raises(MalformedCiphertextError):
        KeyRing.generate("k1").decrypt(token, context=CONTEXT)


def test_all_decryption_errors_share_one_base() -> None:
    for error in (MalformedCiphertextError, UnknownKeyError, TamperedCiphertextError):
        assert issubclass(error, DecryptionError)


def test_rotation_the_first_key_encrypts_and_every_key_decrypts() -> None:
    old_ring = KeyRing.parse(ring_text(("k1", KEY_A)))
    old_token = old_ring.encrypt("Maria", context=CONTEXT)
    rotated = KeyRing.parse(ring_text(("k2", KEY_B), ("k1", KEY_A)))

    new_token = rotated.encrypt("Maria", context=CONTEXT)

    assert rotated.current_id == "k2"
    assert rotated.decrypt(old_token, context=CONTEXT) == "Maria"
    assert rotated.key_id_of(old_token) == "k1"
    assert not rotated.is_current(old_token)
    assert rotated.is_current(new_token)
    with pytest.raises(UnknownKeyError):
        old_ring.decrypt(new_token, context=CONTEXT)


def test_a_ring_reads_back_from_its_text() -> None:
    ring = KeyRing.parse(ring_text(("k2", KEY_B), ("k1", KEY_A)))

    assert KeyRing.parse(ring.as_text()) == ring
    assert KeyRing.parse(" k2:" + base64.b64encode(KEY_B).decode() + " , ").current_id == "k2"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        (" , ", "empty"),
        ("k1", "must read id:base64key"),
        ("k1:***", "'k1' is not valid base64"),
        (ring_text(("k1", bytes(16))), f"must be {KEY_BYTES} bytes, not 16"),
        (ring_text(("k 1", KEY_A)), "key id 'k 1'"),
        (ring_text(("k1", KEY_A), ("k1", KEY_B)), "appears twice"),
    ],
)
def test_a_bad_ring_is_refused_without_showing_a_key(text: str, message: str) -> None:
    with pytest.raises(KeyRingError, match=message) as found:
        KeyRing.parse(text)

    assert base64.b64encode(KEY_A).decode() not in str(found.value)
