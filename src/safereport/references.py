"""Random pseudonymous references (`case_3f9a...`): what pages, the API, audit events and other
services see instead of any name or database id. Framework-free, shared by every app."""

from __future__ import annotations

import re
import secrets


def new_reference(prefix: str) -> str:
    """A new reference: the prefix and 128 random bits, so it cannot be guessed or counted."""
    return f"{prefix}_{secrets.token_hex(16)}"


def looks_like_reference(prefix: str, text: str) -> bool:
    """Whether `text` has the shape of a reference `new_reference(prefix)` makes."""
    return re.fullmatch(rf"{re.escape(prefix)}_[0-9a-f]{{32}}", text) is not None


def echoed(prefix: str, text: str) -> list[str]:
    """What a refusal's audit event may name of what was asked: the text if it has the shape of
    a reference, else nothing (what was typed could be anything, even a name)."""
    return [text] if looks_like_reference(prefix, text) else []
