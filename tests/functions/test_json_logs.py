"""The functions' logs as Cloud Logging reads them: one JSON object per line on stderr, with the pass's
ids, counts and duration, and never a buyer's name, phone or address nor a configured secret."""

from __future__ import annotations

import json
import logging
from typing import Any

import httpx
import pytest

from functions.json_logs import JsonFormatter
from tests.e2e.world import AES_KEY, EDIT_SECRET, PUSH_TOKEN
from tests.functions.conftest import Deployed
from tests.functions.test_sheet_edit import _edit, _post

BUYER = {"user_name": "欧阳娜娜", "tel_number": "13912345678", "detail_info": "幸福路88号3单元"}
SUPPLIER_SECRET = "sup-token-7f3a9c1e55"


def _lines(capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    text = capsys.readouterr().err
    lines = [line for line in text.splitlines() if line.strip()]
    parsed = [json.loads(line) for line in lines]  # every line is one JSON object
    assert all(isinstance(p, dict) and {"severity", "message"} <= p.keys() for p in parsed)
    return parsed


def _tick(d: Deployed) -> None:
    headers = {
        "ce-id": "evt-42",
        "ce-specversion": "1.0",
        "ce-source": "//pubsub.googleapis.com/projects/p/topics/t",
        "ce-type": "google.cloud.pubsub.topic.v1.messagePublished",
        "Content-Type": "application/json",
    }
    body = {"message": {"data": "dGljaw=="}}
    answer = httpx.post(f"{d.functions.url}/sync", headers=headers, json=body, timeout=60)
    assert answer.status_code == 200, answer.text


def _one(lines: list[dict[str, Any]], **match: Any) -> dict[str, Any]:
    found = [line for line in lines if all(line.get(k) == v for k, v in match.items())]
    assert len(found) == 1, (match, lines)
    return found[0]


def test_a_tick_logs_one_json_line_with_its_ids_counts_and_duration(
    deployed: Deployed, capsys: pytest.CaptureFixture[str]
) -> None:
    deployed.world.create_order()
    capsys.readouterr()
    _tick(deployed)
    tick = _one(_lines(capsys), event="tick")
    assert tick["severity"] == "INFO" and tick["function"] == "sync" and tick["outcome"] == "ok"
    assert tick["event_id"] == "evt-42" and len(tick["tick_id"]) == 16
    assert isinstance(tick["duration_ms"], int) and tick["duration_ms"] >= 0
    assert tick["sheets_calls"] >= 2 and tick["new_rows"] == 1
    assert (tick["pushes_ok"], tick["pushes_failed"], tick["layout_problems"], tick["shop_errors"]) == (
        0,
        0,
        0,
        0,
    )
    assert "rows_written" in tick


def test_an_edit_logs_its_id_action_outcome_and_pushes(
    deployed: Deployed, capsys: pytest.CaptureFixture[str]
) -> None:
    w = deployed.world
    w.set_setting("auto_push", "开")
    order_id = w.create_order()
    w.tick()
    capsys.readouterr()
    assert _post(deployed, _edit(deployed, order_id, "快递单号", "SF6026131434978")).status_code == 202
    deployed.settle()
    lines = _lines(capsys)
    # Two lines with one edit id: sheet_edit queued it, the private refresh function did it.
    queued = _one(lines, event="sheet_edit", function="sheet_edit")
    assert queued["action"] == "edit" and queued["outcome"] == "queued" and queued["rows"] == 1
    edit = _one(lines, event="sheet_edit", function="refresh")
    assert edit["action"] == "edit" and edit["outcome"] == "ok" and edit["edit_id"] == queued["edit_id"]
    assert len(edit["edit_id"]) == 16 and edit["pushes_ok"] == 1
    assert isinstance(edit["duration_ms"], int) and edit["sheets_calls"] >= 1


def test_a_refused_push_and_a_refused_edit_are_logged(
    deployed: Deployed, capsys: pytest.CaptureFixture[str]
) -> None:
    w = deployed.world
    w.set_setting("auto_push", "开")
    order_id = w.create_order()
    w.tick()
    w.shop_control.set_shop(has_return_address=False)  # every send is refused (606003)
    w.type_cell(order_id, "快递单号", "SF6026131434978")
    capsys.readouterr()
    _tick(deployed)
    unsigned = httpx.post(f"{deployed.functions.url}/sheet_edit", json={"row": 2}, timeout=10)
    assert unsigned.status_code == 401
    lines = _lines(capsys)
    refused = _one(lines, event="push_refused")
    assert refused["severity"] == "WARNING" and refused["order_id"] == order_id
    assert refused["code"] == "606003" and refused["function"] == "sync" and refused["kind"] == "ship"
    assert refused["tick_id"] == _one(lines, event="tick")["tick_id"]
    assert _one(lines, event="tick")["pushes_failed"] == 1
    edit = _one(lines, event="sheet_edit")
    assert (edit["outcome"], edit["status"], edit["severity"]) == ("refused", 401, "WARNING")


def test_no_buyer_data_nor_secret_reaches_any_log_line(
    deployed: Deployed, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    w = deployed.world
    monkeypatch.setenv("WR_ACME_TOKEN", SUPPLIER_SECRET)  # a supplier's secret, configured
    w.set_setting("auto_push", "开")
    order_id = w.create_order(address=BUYER)
    _tick(deployed)
    w.shop_control.set_shop(has_return_address=False)
    w.type_cell(order_id, "快递单号", "SF6026131434978")
    _tick(deployed)  # a refused push
    w.shop_control.set_shop(has_return_address=True)
    assert _post(deployed, _edit(deployed, order_id, "快递单号", "SF6026131434978")).status_code == 202
    deployed.settle()
    text = capsys.readouterr().err
    assert '"event": "tick"' in text and '"event": "push_refused"' in text  # the passes were logged
    forbidden = [*BUYER.values(), "欧阳", SUPPLIER_SECRET, EDIT_SECRET, AES_KEY, PUSH_TOKEN]
    forbidden += [w.shop_secret, "access_token="]
    assert [f for f in forbidden if f and f in text] == []


def test_the_formatter_masks_secrets_phones_and_exception_texts() -> None:
    formatter = JsonFormatter({"WR_ACME_TOKEN": SUPPLIER_SECRET, "WAYBILL_SPREADSHEET_ID": "sheet-id-1"})
    try:
        raise ValueError(f"cannot read the cell {BUYER['detail_info']}")
    except ValueError as exc:
        args = (SUPPLIER_SECRET,)
        record = logging.LogRecord("waybill.t", logging.ERROR, __file__, 1, "tok %s", args, None)
        record.exc_info = (type(exc), exc, exc.__traceback__)
    record.fields = {"buyer_phone": BUYER["tel_number"], "order_id": "3705123456789012345"}
    line = json.loads(formatter.format(record))
    assert line["severity"] == "ERROR" and line["error_class"] == "ValueError"
    assert line["message"] == "tok [redacted]" and line["buyer_phone"] == "[phone]"
    assert line["order_id"] == "3705123456789012345"  # a long id is not a phone number
    assert BUYER["detail_info"] not in json.dumps(line, ensure_ascii=False)
    assert "test_json_logs.py" in line["stack_trace"]
