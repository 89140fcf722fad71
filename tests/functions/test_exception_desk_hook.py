"""The exception desk through the functions as deployed: an operator's 进度 on a 异常 row, posted
signed by the sheet's trigger, is queued, handed on and applied by the private refresh function:
journaled with the trigger's user e-mail and the edit's time, 进度时间 written by the product, one
日志 row; 已解决 is journaled as a resolution. Nothing of 订单 is read or written."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from shared.app.tick import WATERMARK
from shared.reconcile.deadline import to_sheet_time
from tests.functions.conftest import Deployed
from tests.functions.test_sheet_edit import _edit, _handed_on, _post


def _progress(d: Deployed, value: str, user: str) -> dict[str, object]:
    rows = d.world.values("异常")
    column = rows[0].index("进度") + 1
    [row] = [n for n, r in enumerate(rows, start=1) if n > 1 and r[1] == "自动同步"]
    old = rows[row - 1][column - 1] if column - 1 < len(rows[row - 1]) else ""
    d.world.type_cell("自动同步", "进度", value, tab="异常")
    return {
        "spreadsheetId": d.world.spreadsheet_id,
        "sheetName": "异常",
        "range": f"{chr(ord('A') + column - 1)}{row}",
        "row": row,
        "column": column,
        "numRows": 1,
        "numColumns": 1,
        "value": value,
        "oldValue": old,
        "user": user,
        "action": "edit",
    }


def test_a_progress_edit_is_journaled_with_who_and_when(deployed: Deployed) -> None:
    w = deployed.world
    order_id = w.create_order()
    w.tick()
    # A row on 异常 to work on: the stopped-sync banner (shown by an edit while the timer is dead).
    w.journal.set_watermark(WATERMARK, w.now() - timedelta(hours=2))
    _handed_on(deployed, _edit(deployed, order_id, "供应商单号", "PO-1"))
    [banner] = [r for r in w.records("异常") if r["订单号"] == "自动同步"]
    assert banner["进度"] == "待处理" and banner["进度时间"] == ""
    orders_before = w.values()

    before = datetime.now(UTC)
    _handed_on(deployed, _progress(deployed, "已告知买家", "ops@example.com"))
    [banner] = [r for r in w.records("异常") if r["订单号"] == "自动同步"]
    [entry] = [e for e in w.journal.entries() if e.field_name == "progress"]
    assert (entry.actor, entry.action, entry.old, entry.new) == (
        "ops@example.com",
        "progress",
        "待处理",
        "已告知买家",
    )
    assert before - timedelta(seconds=2) <= entry.at <= datetime.now(UTC)
    assert banner["进度时间"] == to_sheet_time(entry.at)
    [logged] = [r for r in w.records("日志") if r["操作"] == "更新异常进度"]
    assert logged["操作人"] == "ops@example.com" and logged["订单号"] == "自动同步"
    assert w.values() == orders_before

    _handed_on(deployed, _progress(deployed, "已解决", "boss@example.com"))
    resolved = [e for e in w.journal.entries() if e.action == "resolve"]
    assert [(e.actor, e.old, e.new) for e in resolved] == [("boss@example.com", "已告知买家", "已解决")]
    assert [r["操作"] for r in w.records("日志")][-1] == "异常已解决"


def test_an_edit_of_another_tab_is_still_ignored(deployed: Deployed) -> None:
    payload = {
        "spreadsheetId": deployed.world.spreadsheet_id,
        "sheetName": "说明",  # 日志 rows are edited now too (a correction's 原因分类)
        "range": "B2",
        "row": 2,
        "column": 2,
        "numRows": 1,
        "numColumns": 1,
        "value": "x",
        "oldValue": "",
        "user": "ops@example.com",
        "action": "edit",
    }
    answer = _post(deployed, payload)
    assert answer.status_code == 200 and answer.json() == {"ignored": "not the orders tab"}


def test_a_cause_typed_on_a_log_row_goes_the_same_way(deployed: Deployed) -> None:
    """日志 rows are edited too (a correction's 原因分类): the edit is queued and applied by the desk
    pass; a cause on a row that is not a wrong number is refused in a 日志 row and journals no cause."""
    w = deployed.world
    order_id = w.create_order()
    w.tick()
    _handed_on(deployed, _edit(deployed, order_id, "供应商单号", "PO-1"))
    rows = w.values("日志")
    column = rows[0].index("原因分类") + 1
    [row] = [n for n, r in enumerate(rows, start=1) if n > 1 and r[1] == order_id]
    w.type_cell(order_id, "原因分类", "其他", tab="日志")
    payload = {
        "spreadsheetId": w.spreadsheet_id,
        "sheetName": "日志",
        "range": f"{chr(ord('A') + column - 1)}{row}",
        "row": row,
        "column": column,
        "numRows": 1,
        "numColumns": 1,
        "value": "其他",
        "oldValue": "",
        "user": "ops@example.com",
        "action": "edit",
    }
    _handed_on(deployed, payload)
    [refused] = [r for r in w.records("日志") if r["操作"] == "未采用出错原因"]
    assert refused["操作人"] == "ops@example.com" and "不适用" in refused["结果"]
    assert [e for e in w.journal.entries() if e.action == "cause"] == []
