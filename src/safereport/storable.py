"""What text the service can store and encrypt: no NUL character, which PostgreSQL refuses in
text (SQLite takes it, so the two would answer differently), and no unpaired surrogate, which is
not Unicode text at all and which UTF-8, and so the encryption and both databases, cannot encode.

Framework-free: the API's body check and the pages' form kit both ask it, so that bad text is a
field error at the door and never reaches a database or the key ring.
"""

from __future__ import annotations

NUL = "\x00"
# Why each kind of bad text is refused, after the field's name ("Given name must not ...").
HAS_NUL = "must not contain the NUL character (U+0000)"
HAS_SURROGATE = "must be Unicode text: it holds an unpaired surrogate (U+D800 to U+DFFF)"


def problem(text: str) -> str | None:
    """Why `text` cannot be stored, or None if it can."""
    if NUL in text:
        return HAS_NUL
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return HAS_SURROGATE
    return None
