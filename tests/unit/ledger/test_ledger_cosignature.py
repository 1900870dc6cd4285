"""C2SP tlog-cosignature v1 with Ed25519: the signed message, key ID, line layout, refusals."""

import base64
import hashlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from safereport.ledger import Checkpoint, CosignatureVerifier, Cosigner, NoteError, Signer
from safereport.ledger.cosignature import signed_message, timestamp_of

# The spec's own example: its checkpoint body, the cosignature line on it and the time that line
# carries (the message example's `time 1679315147`).
SPEC_BODY = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
SPEC_LINE = (
    "\u2014 witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJs"
    "X3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA=="
)
SEED = bytes(range(32))
NAME = "inspectorate.example/witness"


@pytest.fixture(scope="module")
def cosigner() -> Cosigner:
    return Cosigner(NAME, Ed25519PrivateKey.from_private_bytes(SEED))


def test_the_signed_message_is_the_header_the_time_and_the_whole_body() -> None:
    assert signed_message(SPEC_BODY, 1679315147) == (
        "cosignature/v1\ntime 1679315147\n"
        "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
    )


def test_the_spec_example_line_carries_the_spec_example_time() -> None:
    assert timestamp_of(SPEC_LINE) == 1679315147


def test_a_line_is_key_id_then_big_endian_time_then_the_ed25519_signature(
    cosigner: Cosigner,
) -> None:
    """Built independently from the spec's words with the cryptography library: Ed25519 is
    deterministic, so the line must match byte for byte."""
    private = Ed25519PrivateKey.from_private_bytes(SEED)
    public = private.public_key().public_bytes_raw()
    key_id = hashlib.sha256(NAME.encode() + b"\n\x04" + public).digest()[:4]
    message = b"cosignature/v1\ntime 1700000000\n" + SPEC_BODY.encode()
    expected = key_id + (1700000000).to_bytes(8, "big") + private.sign(message)

    line = cosigner.cosign(SPEC_BODY, 1700000000)

    assert line == f"\u2014 {NAME} {base64.b64encode(expected).decode()}\n"
    tagged = base64.b64encode(b"\x04" + public).decode()
    assert cosigner.verifier().verifier_key() == f"{NAME}+{key_id.hex()}+{tagged}"


def test_a_cosignature_verifies_and_gives_its_time(cosigner: Cosigner) -> None:
    line = cosigner.cosign(SPEC_BODY, 1700000001).removesuffix("\n")
    verifier = CosignatureVerifier.from_verifier_key(cosigner.verifier().verifier_key())

    cosignature = verifier.verify(SPEC_BODY, line)

    assert (cosignature.name, cosignature.timestamp, cosignature.line) == (NAME, 1700000001, line)


def test_a_cosignature_on_another_body_or_time_is_refused(cosigner: Cosigner) -> None:
    line = cosigner.cosign(SPEC_BODY, 1700000001).removesuffix("\n")
    other = Checkpoint.parse(SPEC_BODY)
    other_body = Checkpoint(other.origin, other.size + 1, other.root).to_body()
    data = bytearray(base64.b64decode(line.split(" ")[2]))
    data[11] ^= 1  # the last byte of the timestamp
    retimed = f"\u2014 {NAME} {base64.b64encode(bytes(data)).decode()}"

    with pytest.raises(NoteError, match="does not verify"):
        cosigner.verifier().verify(other_body, line)
    with pytest.raises(NoteError, match="does not verify"):
        cosigner.verifier().verify(SPEC_BODY, retimed)


def test_a_line_by_another_key_is_not_taken_for_this_one(cosigner: Cosigner) -> None:
    other = Cosigner.generate(NAME)
    line = other.cosign(SPEC_BODY, 1700000002).removesuffix("\n")

    with pytest.raises(NoteError, match=r"not inspectorate\.example/witness"):
        cosigner.verifier().verify(SPEC_BODY, line)


def test_find_ignores_other_keys_and_refuses_a_bad_line_by_this_key(cosigner: Cosigner) -> None:
    good = cosigner.cosign(SPEC_BODY, 1700000003).removesuffix("\n")
    stranger = Cosigner.generate("someone.else/w").cosign(SPEC_BODY, 1700000004)
    forged = cosigner.cosign(SPEC_BODY.replace("20852163", "20852164"), 1700000005)

    found = cosigner.verifier().find(SPEC_BODY, [stranger.removesuffix("\n"), good])

    assert found.timestamp == 1700000003
    with pytest.raises(NoteError, match="does not verify"):
        cosigner.verifier().find(SPEC_BODY, [good, forged.removesuffix("\n")])
    with pytest.raises(NoteError, match="no cosignature by"):
        cosigner.verifier().find(SPEC_BODY, [stranger.removesuffix("\n")])


def test_a_note_signing_key_is_not_a_cosignature_key() -> None:
    """The algorithm byte keeps the two apart: a log's 0x01 vkey is refused as a witness's."""
    log_key = Signer.generate("safereport.example/audit").verifier_key()

    with pytest.raises(NoteError, match="0x04-tagged"):
        CosignatureVerifier.from_verifier_key(log_key)


def test_private_key_text_round_trips(cosigner: Cosigner) -> None:
    loaded = Cosigner.from_private_key_text(cosigner.private_key_text())

    assert loaded.cosign(SPEC_BODY, 1700000006) == cosigner.cosign(SPEC_BODY, 1700000006)


def test_a_witness_cosignature_never_omits_the_time(cosigner: Cosigner) -> None:
    with pytest.raises(NoteError, match="timestamp other than zero"):
        cosigner.cosign(SPEC_BODY, 0)


def test_a_line_of_the_wrong_length_is_refused(cosigner: Cosigner) -> None:
    key_id = cosigner.verifier().key_id
    short = f"\u2014 {NAME} {base64.b64encode(key_id + bytes(70)).decode()}"

    with pytest.raises(NoteError, match="72 bytes after its key ID, not 70"):
        cosigner.verifier().verify(SPEC_BODY, short)
