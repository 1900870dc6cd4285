"""C2SP tlog-checkpoint bodies: writing, reading back, and refusing malformed ones."""

import base64

import pytest

from safereport.ledger import Checkpoint, CheckpointError, leaf_hash

ROOT = leaf_hash(b"root")
ROOT_B64 = base64.b64encode(ROOT).decode()
# The example checkpoint of the tlog-checkpoint specification.
SPEC_BODY = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"


def test_the_body_is_origin_size_and_base64_root() -> None:
    checkpoint = Checkpoint("example.com/log42", 1234, ROOT)
    assert checkpoint.to_body() == f"example.com/log42\n1234\n{ROOT_B64}\n"


@pytest.mark.parametrize(
    "checkpoint",
    [
        Checkpoint("example.com/log42", 0, ROOT),
        Checkpoint("example.com/log42", 2**64 - 1, ROOT),
        Checkpoint("safereport.example/audit", 7, ROOT, ("extension one", "two")),
    ],
)
def test_bodies_read_back_to_the_same_checkpoint(checkpoint: Checkpoint) -> None:
    assert Checkpoint.parse(checkpoint.to_body()) == checkpoint


def test_the_specification_example_reads_and_writes_back() -> None:
    checkpoint = Checkpoint.parse(SPEC_BODY)
    assert checkpoint.origin == "example.com/behind-the-sofa"
    assert checkpoint.size == 20852163
    assert len(checkpoint.root) == 32
    assert checkpoint.extensions == ()
    assert checkpoint.to_body() == SPEC_BODY


BAD_BODIES = {
    "empty": ("", "end with a newline"),
    "no final newline": (f"log\n1\n{ROOT_B64}", "end with a newline"),
    "two lines": ("log\n1\n", "got 2 line"),
    "empty origin": (f"\n1\n{ROOT_B64}\n", "origin ''"),
    "origin with a space": (f"my log\n1\n{ROOT_B64}\n", "origin 'my log'"),
    "origin with a plus": (f"my+log\n1\n{ROOT_B64}\n", "origin 'my\\+log'"),
    "origin with a carriage return": (f"log\r\n1\n{ROOT_B64}\n", "origin 'log\\\\r'"),
    "leading zero": (f"log\n01\n{ROOT_B64}\n", "leading zeros"),
    "zero padded zero": (f"log\n00\n{ROOT_B64}\n", "leading zeros"),
    "negative size": (f"log\n-1\n{ROOT_B64}\n", "not a decimal"),
    "signed size": (f"log\n+1\n{ROOT_B64}\n", "not a decimal"),
    "spaced size": (f"log\n 1\n{ROOT_B64}\n", "not a decimal"),
    "empty size": (f"log\n\n{ROOT_B64}\n", "not a decimal"),
    "non-ASCII digit": (f"log\n\u0661\n{ROOT_B64}\n", "not a decimal"),
    "size over 64 bits": (f"log\n{2**64}\n{ROOT_B64}\n", "outside 0..2\\*\\*64-1"),
    "root not base64": ("log\n1\nnot base64!\n", "not standard base64"),
    "root unpadded": (f"log\n1\n{ROOT_B64.rstrip('=')}\n", "not standard base64"),
    "root non-canonical": (f"log\n1\n{ROOT_B64[:-2]}B=\n", "canonical"),
    "root too short": (f"log\n1\n{base64.b64encode(ROOT[:31]).decode()}\n", "31 bytes long"),
    "empty root": ("log\n1\n\n", "0 bytes long"),
    "empty extension line": (f"log\n1\n{ROOT_B64}\n\n", "extension line ''"),
}


@pytest.mark.parametrize(("body", "message"), BAD_BODIES.values(), ids=BAD_BODIES.keys())
def test_malformed_bodies_are_refused(body: str, message: str) -> None:
    with pytest.raises(CheckpointError, match=message):
        Checkpoint.parse(body)


@pytest.mark.parametrize(
    ("origin", "size", "root", "extensions"),
    [
        ("", 1, ROOT, ()),
        ("log", -1, ROOT, ()),
        ("log", 1, ROOT[:31], ()),
        ("log", 1, ROOT, ("two\nlines",)),
        ("log", 1, ROOT, ("",)),
    ],
)
def test_checkpoints_that_cannot_be_written_are_refused(
    origin: str, size: int, root: bytes, extensions: tuple[str, ...]
) -> None:
    with pytest.raises(CheckpointError):
        Checkpoint(origin, size, root, extensions)


def test_checkpoint_errors_are_value_errors() -> None:
    assert issubclass(CheckpointError, ValueError)
