"""C2SP signed notes with Ed25519: known answers from Go's sumdb/note, round trips, refusals."""

import base64
import hashlib
import re

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from safereport.ledger import (
    Note,
    NoteError,
    Signature,
    Signer,
    Verifier,
    open_note,
    valid_key_name,
    verify_note,
)

# Known answers from golang.org/x/mod/sumdb/note's note_test.go (BSD-3-Clause).
GO_PRIVATE_KEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
GO_VERIFIER_KEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
GO_ENOCH_VERIFIER_KEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop"
GO_TEXT = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
)
GO_PETER_LINE = (
    "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgK"
    "vqfqdngotpRZb6KE6RyyBwJnAM=\n"
)
GO_ENOCH_LINE = (
    "\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnW"
    "Lox33WWd1RvMc+QQ=\n"
)

TEXT = "safereport.example/audit\n3\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"


@pytest.fixture(scope="module")
def signer() -> Signer:
    return Signer.generate("safereport.example/audit")


def _signature_line(note: str) -> str:
    return note.rsplit("\n\n", 1)[1]


def test_the_go_private_key_gives_the_go_verifier_key_and_signature() -> None:
    signer = Signer.from_private_key_text(GO_PRIVATE_KEY)
    assert signer.name == "PeterNeumann"
    assert signer.key_id.hex() == "c74f20a3"
    assert signer.verifier_key() == GO_VERIFIER_KEY
    assert signer.private_key_text() == GO_PRIVATE_KEY
    assert signer.sign(GO_TEXT) == GO_TEXT + "\n" + GO_PETER_LINE


def test_a_go_note_with_two_signatures_opens_and_verifies_for_each_key() -> None:
    note = GO_TEXT + "\n" + GO_PETER_LINE + GO_ENOCH_LINE
    opened = open_note(note)
    assert opened.text == GO_TEXT
    assert [(s.name, s.key_id.hex(), len(s.signature)) for s in opened.signatures] == [
        ("PeterNeumann", "c74f20a3", 64),
        ("EnochRoot", "af0cfe78", 64),
    ]
    assert verify_note(note, Verifier.from_verifier_key(GO_VERIFIER_KEY)) == GO_TEXT
    assert verify_note(note, Verifier.from_verifier_key(GO_ENOCH_VERIFIER_KEY)) == GO_TEXT


def _key_id_by_hand(name: str, public_key: bytes) -> bytes:
    """SHA-256(key name || 0x0A || 0x01 || 32-byte Ed25519 public key)[:4], per the spec."""
    return hashlib.sha256(name.encode() + b"\x0a" + b"\x01" + public_key).digest()[:4]


def test_the_go_key_id_is_the_spec_hash_of_name_type_and_public_key() -> None:
    public_key = base64.b64decode(GO_VERIFIER_KEY.split("+", 2)[2])[1:]
    assert _key_id_by_hand("PeterNeumann", public_key).hex() == "c74f20a3"


def test_verifier_keys_are_name_key_id_and_tagged_public_key() -> None:
    private_key = Ed25519PrivateKey.generate()
    public_key = private_key.public_key().public_bytes_raw()
    signer = Signer("safereport.example/audit", private_key)
    by_hand = _key_id_by_hand("safereport.example/audit", public_key)
    assert signer.key_id == by_hand
    name, key_id, key = signer.verifier_key().split("+", 2)
    assert re.fullmatch(r"[0-9a-f]{8}", key_id)
    assert (name, key_id) == ("safereport.example/audit", by_hand.hex())
    assert base64.b64decode(key, validate=True) == b"\x01" + public_key


def test_the_signature_line_is_em_dash_name_and_key_id_then_signature(signer: Signer) -> None:
    note = signer.sign(TEXT)
    assert note.startswith(TEXT + "\n")
    line = _signature_line(note)
    assert line.startswith(f"\u2014 {signer.name} ")
    assert line.endswith("\n")
    data = base64.b64decode(line.split(" ")[2].removesuffix("\n"), validate=True)
    assert data[:4] == signer.key_id
    signer.verifier().public_key.verify(data[4:], TEXT.encode())


@pytest.mark.parametrize(
    "text", [TEXT, "\n", "one line\n", "blank\n\nlines inside\n\n", "\u00e9t\u00e9 \u2014 ok\n"]
)
def test_sign_then_verify_returns_the_text(signer: Signer, text: str) -> None:
    assert verify_note(signer.sign(text), signer.verifier()) == text


def test_a_loaded_private_key_signs_for_the_same_verifier(signer: Signer) -> None:
    loaded = Signer.from_private_key_text(signer.private_key_text())
    assert loaded.verifier_key() == signer.verifier_key()
    verifier = Verifier.from_verifier_key(signer.verifier_key())
    assert verify_note(loaded.sign(TEXT), verifier) == TEXT


def test_a_modified_text_fails(signer: Signer) -> None:
    note = signer.sign(TEXT).replace("\n3\n", "\n4\n", 1)
    with pytest.raises(NoteError, match="invalid signature by key"):
        verify_note(note, signer.verifier())


def test_a_note_without_the_key_s_signature_fails(signer: Signer) -> None:
    other = Signer.generate(signer.name)
    with pytest.raises(NoteError, match="no signature by key"):
        verify_note(other.sign(TEXT), signer.verifier())


def test_unknown_signatures_are_ignored(signer: Signer) -> None:
    other = Signer.generate("witness.example")
    note = signer.sign(TEXT) + _signature_line(other.sign(TEXT))
    assert verify_note(note, signer.verifier()) == TEXT
    assert verify_note(note, other.verifier()) == TEXT


def test_a_bad_signature_by_the_key_fails_even_beside_a_good_one(signer: Signer) -> None:
    note = signer.sign(TEXT)
    data = base64.b64decode(_signature_line(note).split(" ")[2])
    corrupted = data[:4] + bytes([data[4] ^ 1]) + data[5:]
    bad_line = f"\u2014 {signer.name} {base64.b64encode(corrupted).decode()}\n"
    with pytest.raises(NoteError, match="invalid signature by key"):
        verify_note(note + bad_line, signer.verifier())


def test_go_s_lengthened_signature_is_invalid() -> None:
    # Go's case: four base64 characters inserted mid-signature keep the line well-formed.
    line = GO_PETER_LINE[:58] + "ABCD" + GO_PETER_LINE[58:]
    with pytest.raises(NoteError, match="invalid signature by key PeterNeumann\\+c74f20a3"):
        verify_note(GO_TEXT + "\n" + line, Verifier.from_verifier_key(GO_VERIFIER_KEY))


def _go_bad_messages() -> dict[str, str]:
    return {
        "text only": GO_TEXT,
        "no signature line": GO_TEXT + "\n",
        "no final newline": GO_TEXT + "\n" + GO_PETER_LINE[:-1],
        "control character": "\x01" + GO_TEXT + "\n" + GO_PETER_LINE,
        "name with a space": GO_TEXT + "\n" + GO_PETER_LINE.replace("PeterNeumann", "Bad Name"),
        "line after the signatures": GO_TEXT + "\n" + GO_PETER_LINE + "Unexpected line.\n",
        "hyphen for em dash": GO_TEXT + "\n-" + GO_PETER_LINE[1:],
        "no space after the dash": GO_TEXT + "\n\u2014" + GO_PETER_LINE[2:],
        "name with a plus": GO_TEXT + "\n" + GO_PETER_LINE.replace("PeterNeumann", "Peter+N"),
        "signature not base64": GO_TEXT + "\n" + GO_PETER_LINE.replace("x08go", "x08g!"),
        "key ID only": GO_TEXT + "\n\u2014 PeterNeumann x08gow==\n",
        "too many signatures": GO_TEXT + "\n" + GO_PETER_LINE * 101,
        "lone surrogate": "\ud800" + GO_TEXT + "\n" + GO_PETER_LINE,
    }


@pytest.mark.parametrize("note", _go_bad_messages().values(), ids=_go_bad_messages().keys())
def test_malformed_notes_are_refused(note: str) -> None:
    with pytest.raises(NoteError):
        open_note(note)
    with pytest.raises(NoteError):
        verify_note(note, Verifier.from_verifier_key(GO_VERIFIER_KEY))


def test_open_note_reports_the_signature_fields() -> None:
    assert open_note(GO_TEXT + "\n" + GO_PETER_LINE) == Note(
        GO_TEXT,
        (
            Signature(
                "PeterNeumann",
                bytes.fromhex("c74f20a3"),
                base64.b64decode(GO_PETER_LINE.split(" ")[2])[4:],
            ),
        ),
    )


@pytest.mark.parametrize("name", ["", "a b", "a+b", "a\nb", "a\tb", "a\u00a0b", "a\x00b"])
def test_invalid_key_names_are_refused(name: str) -> None:
    assert not valid_key_name(name)
    with pytest.raises(NoteError, match="key name"):
        Signer(name, Ed25519PrivateKey.generate())


@pytest.mark.parametrize("text", ["", "no final newline", "tab\there\n", "bell\x07\n"])
def test_sign_refuses_text_that_is_not_a_note_text(signer: Signer, text: str) -> None:
    with pytest.raises(NoteError):
        signer.sign(text)


def _manglings(key: str) -> set[str]:
    """Every proper substring and every one-character change of `key`, as Go's tests try."""
    substrings = {key[i:j] for i in range(len(key)) for j in range(i + 1, len(key) + 1)}
    changed = {key[:i] + chr(ord(key[i]) + 1) + key[i + 1 :] for i in range(len(key))}
    return (substrings | changed) - {key}


def test_mangled_verifier_keys_are_refused() -> None:
    for mangled in _manglings(GO_VERIFIER_KEY):
        with pytest.raises(NoteError):
            Verifier.from_verifier_key(mangled)


def test_mangled_private_keys_are_refused() -> None:
    for mangled in _manglings(GO_PRIVATE_KEY):
        with pytest.raises(NoteError):
            Signer.from_private_key_text(mangled)


@pytest.mark.parametrize(
    ("verifier_key", "message"),
    [
        # Go's cases: a key of the wrong length and an unknown algorithm, key IDs adjusted.
        (
            "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==",
            "not the canonical base64",
        ),
        ("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "0x01-tagged"),
        (
            "PeterNeumann+c74f20a3+" + base64.b64encode(bytes([1] + [0] * 33)).decode(),
            "32-byte Ed25519 key",
        ),
        ("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "key ID c74f20a4"),
        ("PeterNeumann+c74f20a3", "must read"),
    ],
)
def test_verifier_key_refusals_say_why(verifier_key: str, message: str) -> None:
    with pytest.raises(NoteError, match=message):
        Verifier.from_verifier_key(verifier_key)


def test_note_errors_are_value_errors() -> None:
    assert issubclass(NoteError, ValueError)
