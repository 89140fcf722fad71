"""Verify the signed sheet-edit request that the Apps Script trigger (or the emulator's web view) sends.

Wire contract (the same from Apps Script and from the emulator):

* ``POST`` with a JSON body ``{"spreadsheetId", "sheetName", "range", "row", "column", "numRows",
  "numColumns", "value", "oldValue", "user", "timestamp"}``; ``range`` is A1 without the sheet name
  (``"B5"`` or ``"B5:C6"``), ``row``/``column`` are 1-based, ``value``/``oldValue`` are ``null`` for a
  cleared cell or a multi-cell paste, ``timestamp`` is unix seconds (int).
* menu actions (立即同步 / 校验所选行 / 推送所选行) send the same envelope for the selected range with
  an extra ``"action": "sync" | "validate" | "push"``; an edit has no ``action`` (read as ``"edit"``);
* header ``X-Waybill-Timestamp: <unix seconds>``;
* header ``X-Waybill-Signature: <lowercase hex HMAC-SHA256("<timestamp>.<raw body>", secret)>``.

``verify_edit`` is pure: the caller passes the secret, the headers, the raw body bytes and ``now``.
It refuses (raises a subclass of ``EditSignatureError``) a missing or malformed header, a timestamp
outside the replay window (5 minutes either way), a signature that does not match (compared in
constant time), a body that is not the JSON object described above, or a body whose ``timestamp``
differs from the signed header.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

TIMESTAMP_HEADER = "X-Waybill-Timestamp"
SIGNATURE_HEADER = "X-Waybill-Signature"
REPLAY_WINDOW_SECONDS = 300
ACTIONS = frozenset({"edit", "sync", "validate", "push"})


class EditSignatureError(Exception):
    """The request must be answered 4xx and changes nothing. ``reason`` is a stable code."""

    reason = "invalid"
    http_status = 401


class MissingSignature(EditSignatureError):
    reason = "missing_signature"


class StaleRequest(EditSignatureError):
    reason = "stale"


class BadSignature(EditSignatureError):
    reason = "bad_signature"


class MalformedEdit(EditSignatureError):
    reason = "malformed"
    http_status = 400


@dataclass(frozen=True, slots=True)
class SheetEdit:
    """One edit as the trigger reports it. ``row``/``column`` are 1-based."""

    spreadsheet_id: str
    sheet_name: str
    range: str
    row: int
    column: int
    num_rows: int
    num_columns: int
    value: str | None
    old_value: str | None
    user: str
    timestamp: int
    action: str = "edit"


def sign(secret: bytes, timestamp: int | str, body: bytes) -> str:
    """Hex HMAC-SHA256 of ``b"<timestamp>." + body`` (what the Apps Script computes)."""
    message = str(timestamp).encode("ascii") + b"." + body
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def signed_request(secret: bytes, payload: Mapping[str, Any], timestamp: int) -> tuple[bytes, dict[str, str]]:
    """What the Apps Script sends for ``payload`` at ``timestamp``: the JSON body (with its
    ``timestamp``) and the headers carrying the signature. For local callers: the demo, tests, benches."""
    body = json.dumps({**payload, "timestamp": timestamp}, ensure_ascii=False, separators=(",", ":")).encode()
    headers = {
        "Content-Type": "application/json",
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: sign(secret, timestamp, body),
    }
    return body, headers


def _header(headers: Mapping[str, str], name: str) -> str:
    wanted = name.lower()
    for key, value in headers.items():
        if key.lower() == wanted:
            return value.strip()
    return ""


def verify_edit(secret: bytes, headers: Mapping[str, str], body: bytes, now: float) -> SheetEdit:
    """Return the parsed edit if the request is authentic and fresh, else raise ``EditSignatureError``."""
    if not secret:
        # An empty secret would make every signature forgeable; refuse rather than accept.
        raise BadSignature("no secret configured")
    ts_text = _header(headers, TIMESTAMP_HEADER)
    signature = _header(headers, SIGNATURE_HEADER)
    if not ts_text or not signature:
        raise MissingSignature("missing timestamp or signature header")
    if not ts_text.isascii() or not ts_text.isdigit() or len(ts_text) > 12:
        raise MissingSignature("malformed timestamp header")
    timestamp = int(ts_text)
    if abs(now - timestamp) > REPLAY_WINDOW_SECONDS:
        raise StaleRequest(f"timestamp outside the {REPLAY_WINDOW_SECONDS}s window")
    expected = sign(secret, ts_text, body)
    if not hmac.compare_digest(expected.encode("ascii"), signature.lower().encode("ascii", "replace")):
        raise BadSignature("signature does not match")
    return _parse(body, timestamp)


def _parse(body: bytes, timestamp: int) -> SheetEdit:
    try:
        doc: Any = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MalformedEdit("body is not JSON") from exc
    if not isinstance(doc, dict):
        raise MalformedEdit("body is not a JSON object")

    def text(key: str, optional: bool = False) -> str | None:
        value = doc.get(key)
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise MalformedEdit(f"{key} missing or not text")
        # Apps Script sends e.value as a string, but a number is harmless; keep the text form.
        return value if isinstance(value, str) else str(value)

    def integer(key: str, minimum: int = 1) -> int:
        value = doc.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise MalformedEdit(f"{key} missing or not an integer >= {minimum}")
        return value

    action = doc.get("action", "edit")
    if action not in ACTIONS:
        raise MalformedEdit(f"unknown action {action!r}")
    body_ts = integer("timestamp", minimum=0)
    if body_ts != timestamp:
        raise MalformedEdit("body timestamp differs from the signed header")
    return SheetEdit(
        spreadsheet_id=text("spreadsheetId") or "",
        sheet_name=text("sheetName") or "",
        range=text("range") or "",
        row=integer("row"),
        column=integer("column"),
        num_rows=integer("numRows"),
        num_columns=integer("numColumns"),
        value=text("value", optional=True),
        old_value=text("oldValue", optional=True),
        user=text("user", optional=True) or "",
        timestamp=body_ts,
        action=str(action),
    )
