"""Code.gs, run in Node with Apps Script stand-ins, against the Python verifier."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from shared.sheets.edit_signature import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    BadSignature,
    StaleRequest,
    verify_edit,
)

HERE = Path(__file__).parent
NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(
    NODE is None, reason="node is not installed; the Apps Script tests need Node 18+"
)

SECRET = "s3cret-密钥"
NOW = 1_764_129_600


def _capture(value: str, action: str = "") -> dict[str, object]:
    assert NODE is not None
    out = subprocess.run(
        [NODE, str(HERE / "capture.js"), SECRET, str(NOW * 1000 + 456), value, *([action] if action else [])],
        check=True,
        capture_output=True,
        timeout=30,
    )
    result: dict[str, object] = json.loads(out.stdout)
    return result


def test_node_suite_passes() -> None:
    assert NODE is not None
    proc = subprocess.run(
        [NODE, "--test", str(HERE / "code.test.js")], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_signature_from_apps_script_is_accepted() -> None:
    req = _capture("SF1234567890123\nYT9876543210")
    headers = req["headers"]
    assert isinstance(headers, dict)
    body = str(req["body"]).encode("utf-8")
    edit = verify_edit(SECRET.encode(), headers, body, now=NOW + 10)
    assert edit.sheet_name == "订单"
    assert edit.range == "J5"
    assert (edit.row, edit.column, edit.num_rows, edit.num_columns) == (5, 10, 1, 1)
    assert edit.value == "SF1234567890123\nYT9876543210"
    assert edit.old_value is None
    assert edit.user == "运营@example.com"
    assert edit.timestamp == NOW


def test_tampered_body_is_refused() -> None:
    req = _capture("SF1234567890123")
    headers = req["headers"]
    assert isinstance(headers, dict)
    body = str(req["body"]).replace("SF1234567890123", "SF1234567890124").encode("utf-8")
    with pytest.raises(BadSignature):
        verify_edit(SECRET.encode(), headers, body, now=NOW)


def test_stale_request_is_refused() -> None:
    req = _capture("SF1234567890123")
    headers = req["headers"]
    assert isinstance(headers, dict)
    assert headers[TIMESTAMP_HEADER] == str(NOW)
    assert len(headers[SIGNATURE_HEADER]) == 64
    with pytest.raises(StaleRequest):
        verify_edit(SECRET.encode(), headers, str(req["body"]).encode(), now=NOW + 301)


def test_wrong_secret_is_refused() -> None:
    req = _capture("x")
    headers = req["headers"]
    assert isinstance(headers, dict)
    with pytest.raises(BadSignature):
        verify_edit(b"another secret", headers, str(req["body"]).encode(), now=NOW)


def test_menu_action_is_signed_the_same_way() -> None:
    req = _capture("", action="validate")
    headers = req["headers"]
    assert isinstance(headers, dict)
    edit = verify_edit(SECRET.encode(), headers, str(req["body"]).encode("utf-8"), now=NOW)
    assert (edit.action, edit.range, edit.num_rows, edit.num_columns) == ("validate", "A2:N5", 4, 14)
    assert edit.value is None
