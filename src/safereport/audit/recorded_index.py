"""The `index` an event's leaf records, read without building its JSON: verification checks every
leaf's, and `json.loads` of each costs several times hashing it.

msgspec's JSON decoder, into a struct of only `index`, checks the whole document's syntax in C
and skips the rest without making objects. It answers as `json.loads(data)["index"]` does for
every leaf it accepts, except where the two parsers differ, which the leaf is first checked for:
msgspec does not check the UTF-8 of the strings it skips, and skips integers of any length and
nesting deeper than `json.loads` takes. Anything it refuses (a missing, boolean or non-integer
index, NaN, a byte-order mark) gets None, and the caller parses it.
"""

import sys
from collections.abc import Sequence
from operator import attrgetter

import msgspec


class _Recorded(msgspec.Struct, gc=False):
    """The one field read; the others are skipped (a duplicated key: the last, as json.loads)."""

    index: int


_DECODER = msgspec.json.Decoder(type=_Recorded)
_index = attrgetter("index")


def _longest() -> int:
    """The longest leaf, in bytes, msgspec may read. Nesting n deep takes 2n bytes, so a leaf
    shorter than the recursion limit leaves half of it to the caller's frames (`json.loads`
    counts both); and no integer in it passes the limit on converting digits, which
    `json.loads` refuses past (0: no limit)."""
    digits = sys.get_int_max_str_digits() or sys.maxsize
    return min(sys.getrecursionlimit(), digits)


def recorded_index(data: bytes) -> int | None:
    """The leaf's recorded index when msgspec reads it as `json.loads` would; None when the leaf
    must be parsed to tell (which is never wrong, only slower)."""
    if len(data) >= _longest() or not _valid_utf8(data):
        return None
    try:
        return _DECODER.decode(data).index
    except msgspec.DecodeError:  # ValidationError (a missing or non-integer index) is one
        return None


def recorded_indices(datas: Sequence[bytes]) -> list[int | None]:
    """`recorded_index` of each leaf, in order. When every leaf is short and ASCII, as in an
    untouched log, all are decoded in one `map`, with no bytecode per leaf."""
    if datas and max(map(len, datas)) < _longest() and all(map(bytes.isascii, datas)):
        try:
            return list(map(_index, map(_DECODER.decode, datas)))
        except msgspec.DecodeError:
            pass  # some leaf is not an event as written: each is read on its own
    return [recorded_index(data) for data in datas]


def _valid_utf8(data: bytes) -> bool:
    if data.isascii():
        return True
    try:
        data.decode()
    except UnicodeDecodeError:
        return False
    return True
