"""sheet_edit over HTTP: the signature contract, and an operator's edit validated, pushed and logged
(answered at once; the private refresh function does the work, handed on through Pub/Sub)."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx

from shared.sheets.edit_signature import sign
from tests.e2e.world import EDIT_SECRET
from tests.functions.conftest import Deployed


def _post(
    d: Deployed, payload: dict[str, Any], *, secret: str = EDIT_SECRET, age: int = 0, tamper: bool = False
) -> httpx.Response:
    stamp = int(time.time()) - age
    body = json.dumps({**payload, "timestamp": stamp}, ensure_ascii=False).encode()
    signature = sign(secret.encode(), stamp, body)
    if tamper:
        body = body.replace(b"SF", b"ZZ")
    headers = {
        "X-Waybill-Timestamp": str(stamp),
        "X-Waybill-Signature": signature,
        "Content-Type": "application/json",
    }
    return httpx.post(f"{d.functions.url}/sheet_edit", content=body, headers=headers, timeout=30)


def _handed_on(d: Deployed, payload: dict[str, Any]) -> dict[str, Any]:
    """Post an edit; it is answered at once (202, queued and announced), then the private refresh
    function does it: wait for that, so the sheet, the shop and the journal show the result."""
    answer = _post(d, payload)
    assert answer.status_code == 202, answer.text
    body: dict[str, Any] = answer.json()
    assert body["announced"] is True and body["queued"] == payload.get("action", "edit")
    assert "无需重试" in body["message"] and "nothing to retry" in body["message"]
    d.settle()
    return body


def _edit(d: Deployed, order_id: str, header: str, value: str, action: str = "edit") -> dict[str, Any]:
    rows = d.world.values()
    column = rows[0].index(header) + 1
    row = next(i for i, r in enumerate(rows, start=1) if r and r[0] == order_id)
    old = rows[row - 1][column - 1] if column - 1 < len(rows[row - 1]) else ""
    d.world.type_cell(order_id, header, value)
    return {
        "spreadsheetId": d.world.spreadsheet_id,
        "sheetName": "订单",
        "range": f"J{row}",
        "row": row,
        "column": column,
        "numRows": 1,
        "numColumns": 1,
        "value": value,
        "oldValue": old,
        "user": "ops@example.com",
        "action": action,
    }


def test_refuses_unsigned_stale_tampered_and_wrong_secret(deployed: Deployed) -> None:
    payload = {
        "spreadsheetId": "x",
        "sheetName": "订单",
        "range": "A2",
        "row": 2,
        "column": 1,
        "numRows": 1,
        "numColumns": 1,
        "value": "SF1",
        "oldValue": "",
        "user": "a@b",
    }
    unsigned = httpx.post(f"{deployed.functions.url}/sheet_edit", json=payload, timeout=10)
    assert unsigned.status_code == 401
    assert _post(deployed, payload, age=600).status_code == 401
    assert _post(deployed, payload, tamper=True).status_code == 401
    assert _post(deployed, payload, secret="not-the-secret").status_code == 401


def test_an_edit_is_validated_pushed_and_logged_with_the_editor(deployed: Deployed) -> None:
    w = deployed.world
    w.set_setting("auto_push", "开")
    order_id = w.create_order()
    w.tick()
    _handed_on(deployed, _edit(deployed, order_id, "快递单号", "SF6026131434978"))
    assert w.row_of(order_id)["状态"] == "已发货"
    assert w.shop_waybills(order_id) == ["SF6026131434978"]
    edits = [r for r in w.records("日志") if r["操作"] == "修改快递单号"]
    assert [(r["订单号"], r["操作人"], r["新值"]) for r in edits] == [
        (order_id, "ops@example.com", "SF6026131434978")
    ]


def test_a_bad_number_is_marked_on_its_row_and_nothing_is_pushed(deployed: Deployed) -> None:
    w = deployed.world
    w.set_setting("auto_push", "开")
    order_id = w.create_order()
    w.tick()
    w.type_cell(order_id, "快递公司", "中通")
    _handed_on(deployed, _edit(deployed, order_id, "快递单号", "SF6026131434978"))
    row = w.row_of(order_id)
    assert row["状态"] == "单号有误" and "顺丰" in row["说明"]
    assert w.shop_waybills(order_id) == []


def test_menu_validate_never_pushes_and_menu_push_does_with_auto_push_off(deployed: Deployed) -> None:
    w = deployed.world
    order_id = w.create_order()
    w.tick()
    _handed_on(deployed, _edit(deployed, order_id, "快递单号", "JT5123456789012", action="validate"))
    assert w.shop_waybills(order_id) == [] and w.row_of(order_id)["状态"] == "待推送"
    _handed_on(deployed, _edit(deployed, order_id, "快递单号", "JT5123456789012", action="push"))
    assert w.shop_waybills(order_id) == ["JT5123456789012"]


def test_edits_elsewhere_are_ignored(deployed: Deployed) -> None:
    payload = {
        "spreadsheetId": deployed.world.spreadsheet_id,
        "sheetName": "说明",
        "range": "A2",
        "row": 2,
        "column": 1,
        "numRows": 1,
        "numColumns": 1,
        "value": "x",
        "oldValue": "",
        "user": "a@b",
    }
    answer = _post(deployed, payload)
    assert answer.status_code == 200 and "ignored" in answer.json()


def test_a_paste_over_several_rows_is_one_edit_that_pushes_every_row(deployed: Deployed) -> None:
    w = deployed.world
    w.set_setting("auto_push", "开")
    orders = [w.create_order() for _ in range(3)]
    w.tick()
    numbers = {o: f"SF60261314349{n}" for n, o in enumerate(orders, start=70)}
    for order_id, number in numbers.items():
        w.type_cell(order_id, "快递公司", "顺丰")
        w.type_cell(order_id, "快递单号", number)
    rows = w.values()
    at = sorted(next(i for i, r in enumerate(rows, start=1) if r and r[0] == o) for o in orders)
    assert at == list(range(at[0], at[0] + 3))  # pasted as one block
    column = rows[0].index("快递单号") + 1
    payload = {
        "spreadsheetId": w.spreadsheet_id,
        "sheetName": "订单",
        "range": f"J{at[0]}:J{at[-1]}",
        "row": at[0],
        "column": column,
        "numRows": 3,
        "numColumns": 1,
        "value": None,  # Apps Script gives no single value for a multi-cell edit
        "oldValue": None,
        "user": "ops@example.com",
    }
    _handed_on(deployed, payload)
    for order_id, number in numbers.items():
        assert w.shop_waybills(order_id) == [number]
        assert w.row_of(order_id)["状态"] == "已发货"
    # Every pasted number is in the audit trail as the operator's edit, one entry per row.
    edits = [e for e in w.journal.entries() if e.action == "edit" and e.field_name == "tracking_numbers"]
    assert sorted((e.order_id, e.new, e.actor) for e in edits) == sorted(
        (o, n, "ops@example.com") for o, n in numbers.items()
    )


def test_a_renamed_header_is_shown_at_once_and_stops_the_edits_of_that_tab(deployed: Deployed) -> None:
    """Issue 12: renaming 快递单号 fires the edit trigger on row 1: the alert is on 异常 right away.
    A number typed meanwhile (in the renamed column) decides and pushes nothing until the header is
    back; the next tick then pushes it."""
    w = deployed.world
    w.set_setting("auto_push", "开")
    order_id = w.create_order()
    w.tick()
    header = w.values()[0]
    column = header.index("快递单号") + 1
    letter = chr(ord("A") + column - 1)
    w._put(f"'订单'!{letter}1", "单号")
    rename = {
        "spreadsheetId": w.spreadsheet_id,
        "sheetName": "订单",
        "range": f"{letter}1",
        "row": 1,
        "column": column,
        "numRows": 1,
        "numColumns": 1,
        "value": "单号",
        "oldValue": "快递单号",
        "user": "ops@example.com",
    }
    _handed_on(deployed, rename)
    (alert,) = [r for r in w.records("异常") if r["订单号"] == "订单 表头"]
    assert "「快递单号」" in alert["说明"]

    w.type_cell(order_id, "快递公司", "顺丰")
    row = w.values()
    at = next(i for i, r in enumerate(row, start=1) if r and r[0] == order_id)
    before = w.row_of(order_id)
    w._put(f"'订单'!{letter}{at}", "SF6026131434978")
    typed = {**rename, "range": f"{letter}{at}", "row": at, "value": "SF6026131434978", "oldValue": ""}
    _handed_on(deployed, typed)
    assert w.shop_waybills(order_id) == []
    assert {k: v for k, v in w.row_of(order_id).items() if k != "单号"} == {
        k: v for k, v in before.items() if k != "单号"
    }

    w._put(f"'订单'!{letter}1", "快递单号")
    _handed_on(deployed, {**rename, "value": "快递单号", "oldValue": "单号"})
    assert w.shop_waybills(order_id) == []  # a header check decides and pushes nothing
    report = w.tick()
    assert [p.ok for p in report.pushes] == [True]
    assert w.shop_waybills(order_id) == ["SF6026131434978"]


def test_a_signed_request_for_another_spreadsheet_is_refused_and_nothing_done(deployed: Deployed) -> None:
    """Issue 14: the edit secret is shared by the Apps Script of any copy of the workspace; a request
    about another spreadsheet (a copied workspace, a test sheet) must not act on ours."""
    w = deployed.world
    w.set_setting("auto_push", "开")
    order_id = w.create_order()
    w.tick()
    payload = {**_edit(deployed, order_id, "快递单号", "SF6026131434978"), "spreadsheetId": "another-sheet"}
    before = w.values()
    answer = _post(deployed, payload)
    assert answer.status_code == 403
    assert answer.json()["error"] == "wrong_spreadsheet"
    assert "另一张表格" in answer.json()["message"] and "another spreadsheet" in answer.json()["message"]
    assert w.shop_waybills(order_id) == []
    assert w.values() == before  # no status, no log line
    sync = _post(deployed, {**payload, "action": "sync"})
    assert sync.status_code == 403
