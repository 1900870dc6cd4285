"""Access codes for the person's own page (issue 11, item 6), and the notice reference they are
typed with. Framework-free.

A code is 10 characters from `ALPHABET`, drawn with `secrets`, shown once (to the officer, and
printed on the in-person notice as `ACDEF-GHJKM`), and stored only as an HMAC-SHA256 under a key
the caller passes, bound to the notice's reference so that a hash copied to another notice opens
nothing. Comparison is in constant time.

What a person types is normalised: compatibility forms folded (full-width letters from East
Asian keyboards become ASCII), case ignored, spaces and dashes of every kind dropped. No
look-alike is mapped to a code's character: the alphabet leaves out both halves of every pair
(0 and O, 1 and I and L, 5 and S, 2 and Z, 8 and B), so a misread character can only be one that
no code holds, and which one was meant would be a guess (a typed 0 could be a misread D or Q).
Such a code does not match: the same answer as any wrong code.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata

from safereport.references import new_reference

ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"  # 25 symbols: 10 of them give 46 bits
LENGTH = 10  # characters
GROUP = 5  # characters printed together, then a dash
MINIMUM_KEY_BYTES = 32  # HMAC-SHA256's own strength; a shorter key would be the weak point
NOTICE_PREFIX = "ntc"
# Domain separation: a key shared with other uses (Django's SECRET_KEY, say) gives unrelated MACs.
PURPOSE = b"safereport:notices:access-code:v1"
CODE = re.compile(f"[{ALPHABET}]{{{LENGTH}}}")
NOTICE_REFERENCE = re.compile(rf"{NOTICE_PREFIX}_[0-9a-f]{{32}}")
# What people put between characters: whitespace, and dashes from hyphen to minus sign.
SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212\ufe58\ufe63\uff0d]+")
HASH = re.compile(r"[0-9a-f]{64}")


def new_access_code() -> str:
    """A new code, e.g. `ACDEF9GHJK`: show it once, store only `code_hash(...)`."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def display_code(code: str) -> str:
    """A code as it is printed and shown, in groups: `ACDEF-9GHJK`."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def normalise_code(typed: str) -> str:
    """What a person typed, as a code: folded, upper case, without spaces or dashes. It may
    still not be a code (`is_code` says)."""
    return SEPARATORS.sub("", unicodedata.normalize("NFKC", typed)).upper()


def is_code(text: str) -> bool:
    return CODE.fullmatch(text) is not None


def code_hash(code: str, *, key: bytes | str, reference: str) -> str:
    """The stored form of `code` for the notice `reference`: hex HMAC-SHA256 under `key`."""
    secret = key.encode() if isinstance(key, str) else key
    if len(secret) < MINIMUM_KEY_BYTES:
        raise ValueError(f"the access-code key must be at least {MINIMUM_KEY_BYTES} bytes")
    message = b"\x00".join([PURPOSE, reference.encode(), normalise_code(code).encode()])
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def code_matches(typed: str, stored_hash: str, *, key: bytes | str, reference: str) -> bool:
    """Whether what a person typed is the code whose hash is stored for `reference`. Text that
    cannot be a code is refused before hashing: its shape is no secret."""
    code = normalise_code(typed)
    if not is_code(code) or not HASH.fullmatch(stored_hash):
        return False
    expected = code_hash(code, key=key, reference=reference)
    return hmac.compare_digest(expected.encode(), stored_hash.encode())


def new_notice_reference() -> str:
    """A notice's reference, e.g. `ntc_3f9a...` (128 random bits, `safereport.references`)."""
    return new_reference(NOTICE_PREFIX)


def typed_notice_reference(typed: str) -> str | None:
    """What a person typed as a notice reference, folded, trimmed and in lower case, if it has
    the shape of one; else None (and the page answers as for an unknown reference)."""
    reference = unicodedata.normalize("NFKC", typed).strip().lower()
    return reference if NOTICE_REFERENCE.fullmatch(reference) else None
