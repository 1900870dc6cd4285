"""Exceptions of the audit log; framework-free so callers can catch them anywhere."""


class AuditError(Exception):
    """Something the audit log refuses to do."""


class EventError(AuditError, ValueError):
    """An event is malformed or would carry personal data."""


class OutsideTransactionError(AuditError, RuntimeError):
    """An event was recorded outside a database transaction."""


class LogRangeError(AuditError, ValueError):
    """A leaf index or tree size lies outside the log."""


class CheckpointRefusedError(AuditError):
    """A checkpoint cannot be signed: the log is not consistent with the last one signed."""


class SigningKeyError(AuditError):
    """The checkpoint signing key is missing, unreadable or not the log's key."""
