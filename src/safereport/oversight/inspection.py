"""What the inspector's page shows: the latest checkpoint (signed now if the log has grown), the
public key, and, when either cannot be had, why."""

from dataclasses import dataclass

from safereport.audit import checkpoints
from safereport.audit.errors import AuditError
from safereport.audit.models import Checkpoint


@dataclass(frozen=True)
class LogStatus:
    """The checkpoint to show (None if none was ever signed), the key, and any problem."""

    checkpoint: Checkpoint | None
    public_key: str | None
    problem: str | None = None

    @property
    def tree_size(self) -> int:
        """The size proofs are given against: the checkpoint's, so they check against its root."""
        return self.checkpoint.size if self.checkpoint is not None else 0


def log_status() -> LogStatus:
    """Sign a checkpoint if needed; if the log refuses (it no longer extends the last checkpoint,
    or the key is lost), show the last good checkpoint and say why rather than fail the page."""
    try:
        return LogStatus(checkpoints.signed_checkpoint(), checkpoints.public_key())
    except AuditError as error:
        problem = str(error)
    try:
        key: str | None = checkpoints.public_key()
    except AuditError:
        key = None
    return LogStatus(checkpoints.latest_checkpoint(sign_if_needed=False), key, problem)
