"""Field encryption: AES-256-GCM under a rotating key ring.

`keyring.py` is framework-free; `fields.py` holds the Django model fields built on it, and
`rotation.py` re-encrypts stored values under the newest key.
"""

from safereport.crypto.keyring import (
    DecryptionError,
    KeyRing,
    KeyRingError,
    MalformedCiphertextError,
    TamperedCiphertextError,
    UnknownKeyError,
)

__all__ = [
    "DecryptionError",
    "KeyRing",
    "KeyRingError",
    "MalformedCiphertextError",
    "TamperedCiphertextError",
    "UnknownKeyError",
]
