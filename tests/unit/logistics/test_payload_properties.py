"""Property tests: the payload readers never raise, whatever the provider (or an attacker) sends."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from shared.logistics import read_push, read_query_reply

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner, max_size=6),
    max_leaves=30,
)
keys = st.sampled_from(
    ["status", "state", "data", "com", "nu", "ischeck", "returnCode", "result", "message", "ftime", "time",
     "context", "statusCode", "lastResult", "comNew", "comOld", "autoCheck", "location"]
)  # fmt: skip
shaped = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=8),
    max_leaves=40,
)


@settings(max_examples=150, deadline=None)
@given(shaped | json_values)
def test_query_reader_is_total(payload: Any) -> None:
    got = read_query_reply(payload)
    assert got.ok == (got.snapshot is not None)
    text = json.dumps(payload, default=str)
    assert read_query_reply(text).ok in (True, False)


@settings(max_examples=150, deadline=None)
@given(shaped | json_values)
def test_push_reader_is_total(payload: Any) -> None:
    read_push(payload)
    read_push(json.dumps(payload, default=str))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200) | st.text(max_size=200))
def test_raw_bytes_never_raise(raw: bytes | str) -> None:
    assert not read_query_reply(raw).ok or raw
    read_push(raw)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.fixed_dictionaries({"ftime": st.text(max_size=25), "context": scalars, "statusCode": scalars})
    )
)
def test_event_lists_with_bad_fields_still_read(events: list[dict[str, Any]]) -> None:
    got = read_query_reply({"status": "200", "state": "0", "data": events})
    assert got.snapshot is not None and len(got.snapshot.events) == len(events)
