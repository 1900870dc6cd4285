"""The witness service: its state persisted before it answers, one lock against rollbacks, the
spec's status codes over real HTTP (on a port of this engineer's), and its key file."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from safereport.ledger import (
    Checkpoint,
    CosignatureVerifier,
    Signer,
    consistency_proof,
    in_memory_node_reader,
    leaf_hash,
    root_at,
)
from safereport.ledger.witness import AddCheckpoint, WitnessRefusal
from safereport.witness.files import WitnessFileError, create_key, load_key
from safereport.witness.server import Witness, make_server

ORIGIN = "safereport.example/audit"
LOG = Signer.generate(ORIGIN)
READ = in_memory_node_reader([leaf_hash(bytes([number])) for number in range(16)])


def request(old: int, size: int) -> bytes:
    proof = consistency_proof(old, size, READ) if 0 < old < size else []
    note = LOG.sign(Checkpoint(ORIGIN, size, root_at(size, READ)).to_body())
    return AddCheckpoint(old, tuple(proof), note).encode()


@pytest.fixture
def witness(tmp_path: Path) -> Witness:
    cosigner = create_key(tmp_path / "witness.key", "inspectorate.example/witness")
    return Witness(cosigner, {ORIGIN: [LOG.verifier()]}, tmp_path / "state.json")


def test_a_cosignature_is_answered_only_once_the_state_is_on_disk(witness: Witness) -> None:
    line = witness.add_checkpoint(request(0, 5)).decode()

    stored = json.loads(witness.state_file.read_text())
    assert stored["logs"][ORIGIN]["size"] == 5
    body = Checkpoint(ORIGIN, 5, root_at(5, READ)).to_body()
    assert witness.cosigner.verifier().verify(body, line.removesuffix("\n")).name == (
        "inspectorate.example/witness"
    )
    assert list(witness.state_file.parent.glob(".witness-state-*")) == []


def test_a_restarted_witness_remembers_and_refuses_a_stale_old_size(witness: Witness) -> None:
    witness.add_checkpoint(request(0, 5))
    again = Witness(witness.cosigner, witness.logs, witness.state_file)

    with pytest.raises(WitnessRefusal) as refused:
        again.add_checkpoint(request(0, 9))
    again.add_checkpoint(request(5, 9))

    assert (refused.value.status, refused.value.latest_size) == (409, 5)
    assert json.loads(witness.state_file.read_text())["logs"][ORIGIN]["size"] == 9


def test_concurrent_submissions_from_the_same_size_cosign_once(witness: Witness) -> None:
    """Eight submissions from old size 0 at once: the lock lets exactly one through; the others
    find the state moved on (409), so no answer can roll it back."""
    bodies = [request(0, size) for size in range(8, 16)]
    start = threading.Barrier(len(bodies))
    statuses: list[int] = []

    def submit(body: bytes) -> None:
        start.wait()
        try:
            witness.add_checkpoint(body)
            statuses.append(200)
        except WitnessRefusal as refusal:
            statuses.append(refusal.status)

    threads = [threading.Thread(target=submit, args=(body,)) for body in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(statuses) == [200] + [409] * 7
    assert json.loads(witness.state_file.read_text())["logs"][ORIGIN]["size"] in range(8, 16)


@pytest.fixture
def served(witness: Witness) -> Iterator[str]:
    server = make_server(witness, "127.0.0.1", 0)  # a port of the system's choosing
    thread = threading.Thread(target=server.serve_forever)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def post(url: str, body: bytes, method: str = "POST") -> tuple[int, str, bytes]:
    data = body if method == "POST" else None
    http = urllib.request.Request(url, data=data, method=method)  # noqa: S310 - http://127.0.0.1
    try:
        with urllib.request.urlopen(http, timeout=10) as response:  # noqa: S310 - the same
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


def test_the_status_codes_over_http(served: str, witness: Witness) -> None:
    add = f"{served}/add-checkpoint"
    stranger = Signer.generate("other.example/log")
    unknown = AddCheckpoint(
        0, (), stranger.sign(Checkpoint("other.example/log", 1, root_at(1, READ)).to_body())
    ).encode()

    ok = post(add, request(0, 4))
    conflict = post(add, request(0, 6))
    malformed = post(add, b"old x\n\n")
    not_found = post(add, unknown)
    forbidden = post(
        add, request(4, 6).replace(b"\xe2\x80\x94 " + ORIGIN.encode(), b"\xe2\x80\x94 x")
    )
    inconsistent = post(add, request(4, 6).replace(b"old 4\n", b"old 4\n" + b"A" * 43 + b"=\n", 1))

    assert ok[0] == 200
    assert ok[2].startswith("\u2014 inspectorate.example/witness ".encode())
    assert conflict == (409, "text/x.tlog.size", b"4\n")
    assert malformed[0] == 400
    assert not_found[0] == 404
    assert forbidden[0] == 403
    assert inconsistent[0] == 422
    assert post(f"{served}/elsewhere", b"")[0] == 404
    assert post(add, b"", method="GET")[0] == 405
    assert json.loads(witness.state_file.read_text())["logs"][ORIGIN]["size"] == 4


def test_a_key_file_is_private_and_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "witness.key"
    created = create_key(path, "inspectorate.example/witness")

    with pytest.raises(WitnessFileError, match="never overwritten"):
        create_key(path, "inspectorate.example/witness")

    assert path.stat().st_mode & 0o777 == 0o600
    loaded = load_key(path).verifier().verifier_key()
    assert loaded == created.verifier().verifier_key()
    assert CosignatureVerifier.from_verifier_key(loaded).name == "inspectorate.example/witness"
