"""The log's side of C2SP tlog-witness: each new checkpoint is submitted to the witnesses of
`AUDIT_WITNESSES`, with a consistency proof from the size each last cosigned, and their
cosignatures are checked and stored. A witness that is down or refuses is logged, never raised:
no audited action waits on, or fails because of, a witness."""

from __future__ import annotations

import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from safereport import ledger
from safereport.audit import storage
from safereport.audit.models import Checkpoint, WitnessCosignature
from safereport.ledger.witness import (
    CONFLICT,
    UNPROCESSABLE,
    AddCheckpoint,
    conflict_size,
    cosignature_lines,
)

logger = logging.getLogger("safereport.audit.witnesses")

# A 409 names the size the witness holds; more than one resubmission means it keeps moving.
_ATTEMPTS = 3


@dataclass(frozen=True)
class Witness:
    """A configured witness: its submission URL and cosigning key (whose name names it)."""

    url: str
    verifier: ledger.CosignatureVerifier

    @property
    def name(self) -> str:
        """The witness key's name."""
        return self.verifier.name


@dataclass(frozen=True)
class Outcome:
    """What one submission came to: `cosigned` with the size, or the reason it was not;
    `against_the_log` when the reason is the witness's evidence that the log lost or rewrote
    leaves (it holds a larger size, or finds the checkpoint inconsistent with what it cosigned),
    not merely that it could not be reached."""

    witness: str
    size: int
    cosigned: bool
    reason: str = ""
    against_the_log: bool = False


def configured() -> list[Witness]:
    """The witnesses of `AUDIT_WITNESSES` (checked when the settings were read)."""
    return [
        Witness(url, ledger.CosignatureVerifier.from_verifier_key(key))
        for url, key in settings.AUDIT_WITNESSES
    ]


def submit_latest(*, ask: bool = False) -> list[Outcome]:
    """Submit the latest stored checkpoint to every configured witness (`ask`: see `submit`)."""
    latest = Checkpoint.objects.order_by("-size").first()
    if latest is None:
        return []
    return [submit(witness, latest, ask=ask) for witness in configured()]


def submit(witness: Witness, checkpoint: Checkpoint, *, ask: bool = False) -> Outcome:
    """Submit `checkpoint` to `witness`, from the size it last cosigned for us (with `ask`, from
    0, trusting no stored row: the witness's 409 then says what it holds); on 409, again from the
    size it names. Never raises for the witness's sake."""
    old = 0 if ask else cosigned_size(witness.name)
    if old == checkpoint.size and not ask:
        return _log(Outcome(witness.name, checkpoint.size, True, "cosigned already"))
    for _attempt in range(_ATTEMPTS):
        if old > checkpoint.size:
            return _log(
                Outcome(
                    witness.name,
                    checkpoint.size,
                    False,
                    f"it has cosigned {old} leaves, more than the log's latest checkpoint "
                    f"({checkpoint.size}): the log has lost leaves",
                    against_the_log=True,
                )
            )
        status, body = _post(witness, _request(old, checkpoint))
        if status == 200:
            return _log(_store(witness, checkpoint, body))
        if status != CONFLICT:
            reason = _refusal(status, body)
            return _log(
                Outcome(witness.name, checkpoint.size, False, reason, status == UNPROCESSABLE)
            )
        try:
            old = conflict_size(body)
        except ValueError as error:
            return _log(Outcome(witness.name, checkpoint.size, False, str(error)))
    return _log(
        Outcome(witness.name, checkpoint.size, False, "the witness's size kept changing (409)")
    )


def cosigned_size(witness: str) -> int:
    """The largest size `witness` has cosigned for this log, 0 if none."""
    largest = WitnessCosignature.objects.filter(witness=witness).aggregate(largest=Max("size"))
    return int(largest["largest"] or 0)


def _request(old: int, checkpoint: Checkpoint) -> AddCheckpoint:
    proof = storage.consistency_proof(old, checkpoint.size) if 0 < old < checkpoint.size else []
    return AddCheckpoint(old, tuple(proof), checkpoint.note)


def _post(witness: Witness, request: AddCheckpoint) -> tuple[int, bytes]:
    """The status and body of the witness's answer; 0 and the reason when there was none."""
    http = urllib.request.Request(  # noqa: S310 - the URL's scheme was checked at start-up
        f"{witness.url}/add-checkpoint", data=request.encode(), method="POST"
    )
    try:
        with urllib.request.urlopen(http, timeout=settings.AUDIT_WITNESS_TIMEOUT) as response:  # noqa: S310
            return int(response.status), bytes(response.read(64 * 1024))
    except urllib.error.HTTPError as error:
        return int(error.code), bytes(error.read(64 * 1024))
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        return 0, f"unreachable: {reason}".encode()


def _store(witness: Witness, checkpoint: Checkpoint, body: bytes) -> Outcome:
    """Check the witness's cosignature on the checkpoint's body, and keep it."""
    # The note is the log's own, signed and checked before it was stored (checkpoints._sign).
    text = ledger.open_note(checkpoint.note).text
    try:
        cosignature = witness.verifier.find(text, cosignature_lines(body))
    except ledger.NoteError as error:
        return Outcome(witness.name, checkpoint.size, False, f"bad cosignature: {error}")
    try:
        with transaction.atomic():
            WitnessCosignature.objects.create(
                witness=witness.name,
                size=checkpoint.size,
                root=bytes(checkpoint.root),
                body=text,
                line=cosignature.line,
                time=datetime.fromtimestamp(cosignature.timestamp, UTC),
                received=timezone.now(),
            )
    except IntegrityError:
        pass  # a concurrent submission stored this witness's cosignature of this size first
    return Outcome(witness.name, checkpoint.size, True)


def _refusal(status: int, body: bytes) -> str:
    if status == 0:
        return body.decode()
    first = body.decode("utf-8", errors="replace").split("\n", 1)[0][:200]
    return f"refused with {status}: {first}"


def _log(outcome: Outcome) -> Outcome:
    # Sizes and the witness's key name only: nothing of any event reaches these lines.
    if outcome.cosigned:
        logger.info("witness %s cosigned size %d", outcome.witness, outcome.size)
    else:
        logger.warning(
            "witness %s did not cosign size %d: %s", outcome.witness, outcome.size, outcome.reason
        )
    return outcome
