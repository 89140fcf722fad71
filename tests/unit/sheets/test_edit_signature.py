"""The pure verifier of signed sheet-edit requests."""

from __future__ import annotations

import json

import pytest

from shared.sheets.edit_signature import (
    BadSignature,
    MalformedEdit,
    MissingSignature,
    StaleRequest,
    sign,
    verify_edit,
)

SECRET = b"secret"
NOW = 1_764_129_600


def _request(
    body_doc: dict[str, object], ts: int = NOW, secret: bytes = SECRET
) -> tuple[dict[str, str], bytes]:
    body = json.dumps(body_doc, ensure_ascii=False).encode()
    return {"x-waybill-timestamp": str(ts), "X-Waybill-Signature": sign(secret, ts, body)}, body


def _doc(**over: object) -> dict[str, object]:
    doc: dict[str, object] = {
        "spreadsheetId": "abc",
        "sheetName": "订单",
        "range": "B5:C6",
        "row": 5,
        "column": 2,
        "numRows": 2,
        "numColumns": 2,
        "value": None,
        "oldValue": None,
        "user": "a@b.c",
        "timestamp": NOW,
    }
    doc.update(over)
    return doc


def test_valid_request_parses_and_headers_are_case_insensitive() -> None:
    headers, body = _request(_doc())
    edit = verify_edit(SECRET, headers, body, now=NOW - 299)
    assert (edit.range, edit.num_rows, edit.value, edit.user) == ("B5:C6", 2, None, "a@b.c")


@pytest.mark.parametrize("delta", [301, -301, 10_000])
def test_outside_window_is_stale(delta: int) -> None:
    headers, body = _request(_doc())
    with pytest.raises(StaleRequest):
        verify_edit(SECRET, headers, body, now=NOW + delta)


def test_missing_headers() -> None:
    _, body = _request(_doc())
    with pytest.raises(MissingSignature):
        verify_edit(SECRET, {}, body, now=NOW)
    with pytest.raises(MissingSignature):
        verify_edit(SECRET, {"X-Waybill-Timestamp": "-5", "X-Waybill-Signature": "00"}, body, now=NOW)


def test_signature_over_other_timestamp_is_refused() -> None:
    headers, body = _request(_doc())
    headers["x-waybill-timestamp"] = str(NOW + 1)
    with pytest.raises(BadSignature):
        verify_edit(SECRET, headers, body, now=NOW)


def test_non_ascii_signature_is_refused_not_crashing() -> None:
    headers, body = _request(_doc())
    headers["X-Waybill-Signature"] = "签名" * 32
    with pytest.raises(BadSignature):
        verify_edit(SECRET, headers, body, now=NOW)


def test_empty_secret_is_refused() -> None:
    headers, body = _request(_doc(), secret=b"")
    with pytest.raises(BadSignature):
        verify_edit(b"", headers, body, now=NOW)


def test_body_timestamp_must_match_header() -> None:
    headers, body = _request(_doc(timestamp=NOW - 1000))
    with pytest.raises(MalformedEdit):
        verify_edit(SECRET, headers, body, now=NOW)


@pytest.mark.parametrize(
    "doc",
    [
        _doc(row=0),
        _doc(row="5"),
        _doc(sheetName=None),
        _doc(numRows=True),
        _doc(value=["x"]),
        _doc(action="delete_everything"),
    ],
)
def test_malformed_bodies(doc: dict[str, object]) -> None:
    headers, body = _request(doc)
    with pytest.raises(MalformedEdit):
        verify_edit(SECRET, headers, body, now=NOW)


def test_body_not_json_is_malformed_after_signature_check() -> None:
    body = b"not json"
    headers = {"X-Waybill-Timestamp": str(NOW), "X-Waybill-Signature": sign(SECRET, NOW, body)}
    with pytest.raises(MalformedEdit):
        verify_edit(SECRET, headers, body, now=NOW)


def test_menu_action_is_parsed() -> None:
    headers, body = _request(_doc(action="push"))
    assert verify_edit(SECRET, headers, body, now=NOW).action == "push"
    headers, body = _request(_doc())
    assert verify_edit(SECRET, headers, body, now=NOW).action == "edit"
