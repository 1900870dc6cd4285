"""The witness's HTTP service: `POST /add-checkpoint` of C2SP tlog-witness, answered by
`ledger.witness.check_submission` under one lock, the new state persisted before any 200."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from safereport.ledger import Verifier
from safereport.ledger.cosignature import Cosigner
from safereport.ledger.witness import (
    BAD_REQUEST,
    AddCheckpoint,
    LogState,
    WitnessRefusal,
    check_submission,
)
from safereport.witness.files import load_state, save_state

MAX_BODY = 64 * 1024  # a checkpoint, 63 proof hashes and a few signatures fit many times over
ADD_CHECKPOINT = "/add-checkpoint"

logger = logging.getLogger("safereport.witness")


class Witness:
    """The witness's decision and state: one lock makes checking the old size and persisting
    the new checkpoint one step, so two submissions can never roll the state back."""

    def __init__(
        self, cosigner: Cosigner, logs: Mapping[str, Sequence[Verifier]], state_file: Path
    ) -> None:
        """Cosign with `cosigner` the checkpoints of the `logs` (origin to trusted keys)."""
        self.cosigner = cosigner
        self.logs = dict(logs)
        self.state_file = state_file
        self._lock = threading.Lock()
        self._state = load_state(state_file)

    def add_checkpoint(self, body: bytes) -> bytes:
        """The cosignature line for an add-checkpoint body; raises `WitnessRefusal`."""
        request = AddCheckpoint.parse(body)
        with self._lock:
            checkpoint = check_submission(request, self.logs, self._state)
            updated = {**self._state, checkpoint.origin: LogState(checkpoint.size, checkpoint.root)}
            save_state(self.state_file, updated)
            self._state = updated
        logger.info("cosigned %s at size %d", checkpoint.origin, checkpoint.size)
        return self.cosigner.cosign(checkpoint.to_body(), int(time.time())).encode("utf-8")


def make_server(witness: Witness, host: str, port: int) -> ThreadingHTTPServer:
    """A threaded HTTP server answering the witness protocol at `host:port`."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as the spec asks witnesses to support
        timeout = 30  # seconds: a client that stops sending does not hold its thread for ever

        def do_POST(self) -> None:
            if self.path != ADD_CHECKPOINT:
                self._answer(404, b"not found\n")
                return
            length = self.headers.get("Content-Length", "")
            if not length.isdigit() or int(length) > MAX_BODY:
                self._answer(
                    BAD_REQUEST, f"Content-Length must be given, at most {MAX_BODY}\n".encode()
                )
                self.close_connection = True
                return
            body = self.rfile.read(int(length))
            try:
                cosignature = witness.add_checkpoint(body)
            except WitnessRefusal as refusal:
                logger.info("refused a checkpoint (%d): %s", refusal.status, refusal.message)
                self._answer(refusal.status, refusal.body(), refusal.content_type())
                return
            self._answer(200, cosignature)

        def do_GET(self) -> None:
            self._answer(404 if self.path != ADD_CHECKPOINT else 405, b"use POST /add-checkpoint\n")

        def _answer(
            self, status: int, body: bytes, content_type: str = "text/plain; charset=utf-8"
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            # The method and status only; the refusal or cosignature is logged above.
            logger.debug("%s %s", self.command, args[1] if len(args) > 1 else "")

    return ThreadingHTTPServer((host, port), Handler)
