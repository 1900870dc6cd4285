"""The add-checkpoint call of C2SP tlog-witness: the request body, and the witness's checks,
with the status code the spec gives each refusal."""

import base64

import pytest

from safereport.ledger import (
    EMPTY_ROOT,
    Checkpoint,
    NoteError,
    Signer,
    Verifier,
    consistency_proof,
    in_memory_node_reader,
    leaf_hash,
    root_at,
)
from safereport.ledger.witness import (
    SIZE_CONTENT_TYPE,
    AddCheckpoint,
    LogState,
    WitnessRefusal,
    check_submission,
    conflict_size,
    cosignature_lines,
)

ORIGIN = "safereport.example/audit"
LOG = Signer.generate(ORIGIN)
LOGS: dict[str, list[Verifier]] = {ORIGIN: [LOG.verifier()]}
LEAVES = [leaf_hash(f"event {number}".encode()) for number in range(20)]
READ = in_memory_node_reader(LEAVES)

# The spec's example request body (its note's signatures are by a key this witness lacks).
SPEC_REQUEST = (
    "old 20852014\n"
    "PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=\n"
    "jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=\n"
    "5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=\n"
    "/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=\n"
    "\n"
    "example.com/behind-the-sofa\n"
    "20852163\n"
    "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
    "\n"
    "\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5"
    "/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n"
)


def note(size: int, signer: Signer = LOG, root: bytes | None = None) -> str:
    value = root_at(size, READ) if root is None else root
    return signer.sign(Checkpoint(signer.name, size, value).to_body())


def request(old: int, size: int, signer: Signer = LOG) -> AddCheckpoint:
    proof = consistency_proof(old, size, READ) if 0 < old < size else []
    return AddCheckpoint(old, tuple(proof), note(size, signer))


def state(size: int) -> dict[str, LogState]:
    return {ORIGIN: LogState(size, root_at(size, READ))}


def refusal(submitted: AddCheckpoint, latest: dict[str, LogState]) -> WitnessRefusal:
    with pytest.raises(WitnessRefusal) as refused:
        check_submission(AddCheckpoint.parse(submitted.encode()), LOGS, latest)
    return refused.value


def test_the_spec_example_request_parses() -> None:
    parsed = AddCheckpoint.parse(SPEC_REQUEST.encode())

    assert parsed.old_size == 20852014
    assert parsed.proof[0] == base64.b64decode("PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=")
    assert len(parsed.proof) == 4
    assert parsed.note.startswith("example.com/behind-the-sofa\n20852163\n")
    assert parsed.encode() == SPEC_REQUEST.encode()


def test_a_first_checkpoint_from_old_zero_is_accepted() -> None:
    accepted = check_submission(request(0, 7), LOGS, {})

    assert (accepted.origin, accepted.size, accepted.root) == (ORIGIN, 7, root_at(7, READ))


def test_a_consistent_extension_is_accepted() -> None:
    accepted = check_submission(request(7, 20), LOGS, state(7))

    assert accepted.size == 20


def test_the_same_checkpoint_again_is_accepted() -> None:
    assert check_submission(request(7, 7), LOGS, state(7)).size == 7


@pytest.mark.parametrize(
    ("body", "named"),
    [
        (b"old 7\n", "blank line"),
        (b"old 07\n\nx", "'old N'"),
        (b"new 7\n\nx", "'old N'"),
        (b"old 7\nnot base64!\n\nx", "line 2"),
        (b"old 7\n" + b"AAAA\n" * 64 + b"\nx", "at most 63"),
        (b"\xff\n\n", "not UTF-8"),
    ],
)
def test_a_malformed_request_is_400(body: bytes, named: str) -> None:
    with pytest.raises(WitnessRefusal) as refused:
        AddCheckpoint.parse(body)

    assert refused.value.status == 400
    assert named in refused.value.message


def test_a_malformed_checkpoint_is_400() -> None:
    submitted = AddCheckpoint(0, (), "not a checkpoint\n\n\u2014 x AAAAAAAA\n")

    assert refusal(submitted, {}).status == 400


def test_an_old_size_above_the_checkpoint_is_400() -> None:
    refused = refusal(AddCheckpoint(9, (), note(7)), state(9))

    assert (refused.status, refused.message) == (
        400,
        "old size 9 is larger than the checkpoint's 7",
    )


def test_an_unknown_origin_is_404() -> None:
    stranger = Signer.generate("other.example/log")

    refused = refusal(request(0, 3, signer=stranger), {})

    assert (refused.status, refused.message) == (404, "unknown log origin 'other.example/log'")


def test_no_signature_by_a_trusted_key_is_403() -> None:
    impostor = Signer.generate(ORIGIN)  # the log's name, another key

    refused = refusal(request(0, 3, signer=impostor), {})

    assert refused.status == 403
    assert "no signature by a trusted key" in refused.message


def test_a_failing_signature_by_a_trusted_key_is_403_even_beside_a_good_one() -> None:
    good = note(3)
    text, signature_line = good.split("\n\n")
    forged_text = text.replace("\n3\n", "\n4\n")
    forged = f"{forged_text}\n\n{signature_line}"

    refused = refusal(AddCheckpoint(0, (), forged), {})

    assert refused.status == 403
    assert "is invalid" in refused.message


def test_an_old_size_other_than_the_latest_cosigned_is_409_with_that_size() -> None:
    refused = refusal(request(0, 20), state(7))

    assert refused.status == 409
    assert refused.latest_size == 7
    assert refused.content_type() == SIZE_CONTENT_TYPE
    assert refused.body() == b"7\n"
    assert conflict_size(refused.body()) == 7


def test_a_new_origin_is_409_with_size_zero_when_old_is_not_zero() -> None:
    assert refusal(request(7, 20), {}).body() == b"0\n"


def test_an_empty_checkpoint_with_another_root_is_422() -> None:
    refused = refusal(AddCheckpoint(0, (), note(0, root=LEAVES[0])), {})

    assert refused.status == 422
    assert "size 0" in refused.message


def test_an_empty_checkpoint_with_the_empty_root_is_accepted() -> None:
    assert check_submission(AddCheckpoint(0, (), note(0, root=EMPTY_ROOT)), LOGS, {}).size == 0


def test_a_proof_from_old_zero_is_422() -> None:
    submitted = AddCheckpoint(0, (LEAVES[0],), note(7))

    assert refusal(submitted, {}).status == 422


def test_a_bad_consistency_proof_is_422() -> None:
    good = request(7, 20)
    bad = AddCheckpoint(7, (LEAVES[1], *good.proof[1:]), good.note)

    refused = refusal(bad, state(7))

    assert refused.status == 422
    assert "not consistent with the cosigned checkpoint of size 7" in refused.message


def test_a_rewritten_history_is_422() -> None:
    """A log that forked after size 7: its size-20 root does not extend the cosigned one."""
    forked = [*LEAVES[:5], leaf_hash(b"rewritten"), *LEAVES[6:]]
    forked_read = in_memory_node_reader(forked)
    forked_note = note(20, root=root_at(20, forked_read))
    submitted = AddCheckpoint(7, tuple(consistency_proof(7, 20, forked_read)), forked_note)

    assert refusal(submitted, state(7)).status == 422


def test_the_same_size_with_another_root_is_422() -> None:
    submitted = AddCheckpoint(7, (), note(7, root=root_at(8, READ)))

    assert refusal(submitted, state(7)).status == 422


def test_cosignature_lines_are_read_from_a_200_body() -> None:
    body = "\u2014 w1 AAAA\n\u2014 w2 BBBB\n".encode()

    assert cosignature_lines(body) == ["\u2014 w1 AAAA", "\u2014 w2 BBBB"]


@pytest.mark.parametrize("body", [b"", b"7", b"07\n", b"seven\n", b"7\n8\n"])
def test_a_409_body_that_is_not_one_size_is_refused(body: bytes) -> None:
    with pytest.raises(ValueError, match="not a size and a newline"):
        conflict_size(body)


@pytest.mark.parametrize("body", [b"", b"\xe2\x80\x94 w1 AAAA", b"not a signature\n"])
def test_a_200_body_that_is_not_signature_lines_is_refused(body: bytes) -> None:
    with pytest.raises(NoteError, match="not signature lines"):
        cosignature_lines(body)
