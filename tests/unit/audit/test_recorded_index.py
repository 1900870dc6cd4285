"""Reading an event's recorded index without parsing it: exactly what `json.loads` would say,
or None when only parsing can tell."""

import json
from datetime import UTC, datetime
from typing import Any

import pytest
import rfc8785
from hypothesis import given
from hypothesis import strategies as st

from safereport.audit.events import Actor, event_bytes
from safereport.audit.names import AuditAction
from safereport.audit.recorded_index import recorded_index, recorded_indices

JSON_VALUES = st.recursive(
    # What RFC 8785 can write: integers a double holds exactly, finite floats.
    st.none()
    | st.booleans()
    | st.integers(-(2**53) + 1, 2**53 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=12,
)


def _event(index: int, details: dict[str, Any]) -> bytes:
    return event_bytes(
        index,
        datetime(2026, 12, 2, 3, 0, tzinfo=UTC),
        actor=Actor.system("tests"),
        action=AuditAction.AUDIT_OPERATOR_NOTE_RECORDED,
        subjects=["ref_1", "case:2"],
        details=details,
    )


@pytest.mark.parametrize("index", [0, 7, 1_000_000, 2**53 - 1])
def test_a_written_event_is_read_without_parsing(index: int) -> None:
    data = _event(index, {"n": index, "note": 'a "quoted"\\ note', "flags": [True, None, 1.5]})
    assert recorded_index(data) == index == json.loads(data)["index"]


@given(index=st.integers(min_value=0, max_value=2**53 - 1), details=JSON_VALUES)
def test_the_answer_is_json_loads_or_none(index: int, details: object) -> None:
    # Whatever the details, a number is only ever the one json.loads finds.
    data = rfc8785.dumps({"action": "a:b:c", "actor": {}, "details": {"d": details},
                          "index": index, "subjects": [], "time": "t"})  # fmt: skip
    found = recorded_index(data)
    assert found is None or found == json.loads(data)["index"] == index


@given(data=st.binary(max_size=40), cut=st.integers(min_value=0, max_value=200))
def test_damaged_bytes_never_give_an_index_json_would_not(data: bytes, cut: int) -> None:
    original = _event(12, {"n": 12})
    damaged = original[:cut] + data + original[cut + len(data) :]
    found = recorded_index(damaged)
    if found is not None:
        assert json.loads(damaged)["index"] == found


@pytest.mark.parametrize(
    "data",
    [
        b'{"index":3}',  # not the written shape, but JSON all the same
        _event(3, {"n": 3}).replace(b',"index"', b', "index"'),
        b'{"index":1,"index":3}',  # a repeated key: the last, as json.loads
        b'{"\\u0069ndex":3}',  # an escaped key is the same key
        _event(3, {"note": "\u00e9"}),  # valid UTF-8
        _event(3, {"n": 3}).replace(b'"n":3', b'"n":1e400'),  # json.loads reads infinity
    ],
)
def test_any_json_with_an_integer_index_is_read(data: bytes) -> None:
    assert recorded_index(data) == 3 == json.loads(data)["index"]


@pytest.mark.parametrize(
    "data",
    [
        _event(3, {"n": 3}).replace(b'"index":3', b'"index":true'),
        _event(3, {"n": 3}).replace(b'"index":3', b'"index":3.0'),
        _event(3, {"n": 3}).replace(b'"index":3', b'"index":"3"'),
        _event(3, {"n": 3}).replace(b'"index":3', b'"index":null'),
        _event(3, {"n": 3}).replace(b'"index":3,', b""),
        _event(3, {"n": 3}).replace(b'"n":3', b'"n":NaN'),  # json.loads takes it, msgspec not
        b"\xef\xbb\xbf" + _event(3, {"n": 3}),  # a byte-order mark, which json.loads skips
        _event(3, {"n": 3})[:-1],
    ],
)
def test_anything_else_is_left_to_parsing(data: bytes) -> None:
    assert recorded_index(data) is None


@pytest.mark.parametrize(
    "data",
    [
        # msgspec does not check the UTF-8 of a string it skips; json.loads refuses it.
        _event(3, {"note": "x"}).replace(b'"x"', b'"\xff"'),
        _event(3, {"note": "x"}).replace(b'"x"', b'"\xc3"'),
        # msgspec skips integers of any length; json.loads refuses past 4,300 digits.
        _event(3, {"n": 3}).replace(b'"n":3', b'"n":' + b"9" * 5000),
        # msgspec nests deeper than json.loads, which counts its callers' frames too.
        _event(3, {"n": 3}).replace(b'"n":3', b'"n":' + b"[" * 995 + b"]" * 995),
    ],
)
def test_where_msgspec_and_json_loads_differ_it_is_left_to_parsing(data: bytes) -> None:
    assert recorded_index(data) is None
    assert recorded_indices([_event(0, {}), data]) == [0, None]


def test_a_block_of_written_events_is_read_at_once() -> None:
    datas = [_event(index, {"n": index}) for index in range(100)]
    assert recorded_indices(datas) == list(range(100))
    datas[40] = datas[40].replace(b'"index":40', b'"index":true')
    assert recorded_indices(datas) == [*range(40), None, *range(41, 100)]
