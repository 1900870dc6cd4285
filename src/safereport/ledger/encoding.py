"""Standard base64 (RFC 4648 section 4) as checkpoints and signed notes spell it."""

import base64
import binascii


def encode_base64(data: bytes) -> str:
    """Standard base64 with padding."""
    return base64.b64encode(data).decode("ascii")


def decode_base64(text: str) -> bytes:
    """Decode standard base64, accepting only its canonical spelling.

    Signed text must have one spelling per value, so stray characters and non-zero padding bits
    are refused rather than ignored.
    """
    try:
        data = base64.b64decode(text.encode("ascii"), validate=True)
    except (UnicodeEncodeError, binascii.Error):
        raise ValueError(f"{text!r} is not standard base64") from None
    if encode_base64(data) != text:
        raise ValueError(f"{text!r} is not the canonical base64 spelling of its bytes")
    return data
