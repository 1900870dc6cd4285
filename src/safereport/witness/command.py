"""`safereport witness create-key | public-key | serve`: what the console script runs for an
inspectorate's witness. User errors raise `WitnessFileError` with a message naming the option."""

from __future__ import annotations

import logging
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

from safereport.ledger import NoteError, Verifier
from safereport.witness.files import WitnessFileError, create_key, load_key
from safereport.witness.server import Witness, make_server


def create(path: Path, name: str) -> str:
    """Write a new key named `name` to `path`; return the verifier key to give the log."""
    try:
        return create_key(path, name).verifier().verifier_key()
    except NoteError as error:
        raise WitnessFileError(f"NAME: {error}") from None


def public_key(path: Path) -> str:
    """The verifier key of the witness key in `path`, as the log's setting takes it."""
    return load_key(path).verifier().verifier_key()


def trusted_logs(verifier_keys: Sequence[str]) -> dict[str, list[Verifier]]:
    """The logs to witness, from `--log` verifier keys (each named after its log's origin)."""
    logs: dict[str, list[Verifier]] = {}
    for text in verifier_keys:
        try:
            verifier = Verifier.from_verifier_key(text)
        except NoteError as error:
            raise WitnessFileError(f"--log: {error}") from None
        logs.setdefault(verifier.name, []).append(verifier)
    return logs


def serve(key_file: Path, state_file: Path, log_keys: Sequence[str], host: str, port: int) -> int:
    """Serve the witness protocol until interrupted or sent SIGTERM."""
    witness = Witness(load_key(key_file), trusted_logs(log_keys), state_file)
    try:
        server = make_server(witness, host, port)
    except OSError as error:
        raise WitnessFileError(
            f"--port: cannot listen on {host}:{port}: {error.strerror}"
        ) from None
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")

    def stop(_signal: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    # The first line says the witness is ready, and with which key: what a supervisor waits for.
    # With --port 0 the system chooses the port: the line names the one it chose.
    vkey = witness.cosigner.verifier().verifier_key()
    bound = server.server_address[1]
    sys.stdout.write(f"witness {vkey} listening on http://{host}:{bound}\n")
    sys.stdout.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        sys.stderr.write("witness stopped\n")
    finally:
        server.server_close()
    return 0
