"""The `index` an event's leaf records, read without building its JSON: verification checks every
leaf's, and `json.loads` of each costs several times hashing it.

The shape is the one `events.event_bytes` writes (RFC 8785 canonical JSON: sorted keys, no
spaces). A leaf that matches it exactly is valid JSON whose top-level `index` is the number
matched, so the answer is the one `json.loads(data)["index"]` gives; anything else (other keys,
spaces, deeper details, non-ASCII bytes, huge numbers) gets None, and the caller parses it.
"""

import re
from collections.abc import Sequence
from operator import itemgetter
from typing import cast

# A JSON string: runs of plain characters between escapes; control characters are refused, as
# `json.loads` refuses them.
_STRING = rb'"[^"\\\x00-\x1f]*(?:\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})[^"\\\x00-\x1f]*)*"'
# Integer parts of at most 100 digits: `json.loads` refuses integers past Python's 4,300-digit
# limit for converting text, and an event never needs that many.
_NUMBER = rb"-?(?:0|[1-9][0-9]{0,99})(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?"
_SCALAR = rb"(?:" + _STRING + rb"|" + _NUMBER + rb"|true|false|null)"


def _array(value: bytes) -> bytes:
    return rb"\[(?:" + value + rb"(?:," + value + rb")*)?\]"


def _object(value: bytes) -> bytes:
    member = _STRING + rb":" + value
    return rb"\{(?:" + member + rb"(?:," + member + rb")*)?\}"


def _nested(value: bytes) -> bytes:
    return rb"(?:" + _SCALAR + rb"|" + _array(value) + rb"|" + _object(value) + rb")"


# Details nest three deep here; deeper ones are parsed, never refused.
_DETAIL = _nested(_nested(_SCALAR))
_EVENT = re.compile(
    rb'\{"action":' + _STRING + rb',"actor":' + _object(_STRING)
    + rb',"details":' + _object(_DETAIL)
    + rb',"index":(0|[1-9][0-9]{0,18}),"subjects":' + _array(_STRING)
    + rb',"time":' + _STRING + rb"\}"
)  # fmt: skip


def recorded_index(data: bytes) -> int | None:
    """The leaf's recorded index when its bytes have the written shape; None when they must be
    parsed to tell (which is never wrong, only slower)."""
    # Non-ASCII bytes must be valid UTF-8 for `json.loads`, which the pattern cannot check.
    if not data.isascii():
        return None
    match = _EVENT.fullmatch(data)
    return None if match is None else int(match[1])


def recorded_indices(datas: Sequence[bytes]) -> list[int | None]:
    """`recorded_index` of each leaf, in order. When every leaf has the written shape, as in an
    untouched log, the matching and the numbers are mapped in C, with no bytecode per leaf."""
    matches = list(map(_EVENT.fullmatch, datas))
    if None not in matches and all(map(bytes.isascii, datas)):
        whole = cast("list[re.Match[bytes]]", matches)  # None is not in it
        return list(map(int, map(itemgetter(1), whole)))
    return [recorded_index(data) for data in datas]
