"""Sheet edits against the Sheets quota (issue 17): the edits drained together cost one read and one
write, counted on the Sheets emulator's call log; a spent quota defers the work (INFO "deferred:
quota"), it is announced again and done once the window refills, and no 429 reaches the sheet."""

from __future__ import annotations

import json
import re
import time
from typing import Any

import pytest

from functions import deps as function_deps
from functions.refresh import drain_pending
from shared.app.edit_queue import EditQueue, PendingEdit
from shared.sheets.edit_signature import SheetEdit
from tests.e2e.world import World
from tests.functions.conftest import Deployed
from tests.functions.test_sheet_edit import _edit, _post

NUMBERS = ("SF6026131434970", "SF6026131434971", "SF6026131434978")


def _queued_edit(w: World, edit_id: str, order_id: str, number: str) -> PendingEdit:
    """The operator types ``number`` into the order's 快递单号 cell; the edit as sheet_edit queues it."""
    rows = w.values()
    column = rows[0].index("快递单号") + 1
    row = next(i for i, r in enumerate(rows, start=1) if r and r[0] == order_id)
    w.type_cell(order_id, "快递单号", number)
    edit = SheetEdit(
        w.spreadsheet_id,
        "订单",
        f"J{row}",
        row,
        column,
        1,
        1,
        number,
        "",
        "ops@example.com",
        int(time.time()),
    )
    return PendingEdit(edit_id, edit)


# What one pass over the drained edits costs: with WAYBILL_TARGETED_WRITE=as_read, ONE values:batchGet
# (the touched rows, 设置, headers; it is also the re-read) and ONE spreadsheets:batchUpdate (values,
# colours, notes, the 日志 rows); by default the pass reads the rows again before writing and writes
# values and formats in their two batches. Either way the three edits share one pass.
PASS_CALLS = {
    "as_read": {"spreadsheets.values.batchGet": 1, "spreadsheets.batchUpdate": 1},
    "reread": {
        "spreadsheets.values.batchGet": 2,
        "spreadsheets.values.batchUpdate": 1,
        "spreadsheets.batchUpdate": 1,
    },
}


@pytest.mark.parametrize("mode", sorted(PASS_CALLS))
def test_edits_drained_together_share_one_pass(
    deployed: Deployed, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    monkeypatch.setenv("WAYBILL_TARGETED_WRITE", mode)
    function_deps.reset()
    w = deployed.world
    w.set_setting("auto_push", "开")
    orders = [w.create_order() for _ in NUMBERS]
    w.tick()
    tick = function_deps.deps()  # the functions' own wiring (journal, Sheets client)
    queue = EditQueue(tick.journal)
    for index, (order_id, number) in enumerate(zip(orders, NUMBERS, strict=True)):
        queue.add(_queued_edit(w, f"edit-{index}", order_id, number))
    tick.gateway.sheet_ids()  # the tab ids, once per process (cached by the gateway)
    w.clear_sheets_log()

    drain_pending(tick, "refresh")

    assert w.sheets_counts() == PASS_CALLS[mode]
    assert queue.pending() == ()
    for order_id, number in zip(orders, NUMBERS, strict=True):
        assert w.row_of(order_id)["状态"] == "已发货"
        assert w.row_of(order_id)["快递单号"] == number
        assert w.shop_waybills(order_id) == [number]
    logged = [(r["订单号"], r["新值"]) for r in w.records("日志") if r["操作"] == "修改快递单号"]
    assert sorted(logged) == sorted(zip(orders, NUMBERS, strict=True))


def _lines(capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    return [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.strip()]


def test_a_spent_quota_defers_the_edit_and_it_is_done_once_the_window_refills(
    deployed: Deployed, capsys: pytest.CaptureFixture[str]
) -> None:
    w = deployed.world
    w.set_setting("auto_push", "开")
    order_id = w.create_order()
    w.tick()
    payload = _edit(deployed, order_id, "快递单号", "SF6026131434978")
    capsys.readouterr()
    w.sheets_control.set_quota(reads_per_minute=0, writes_per_minute=0)  # this minute's quota is spent

    assert _post(deployed, payload).status_code == 202
    seen: list[dict[str, Any]] = []
    deadline = time.monotonic() + 90
    while not any(line["message"] == "deferred: quota" for line in seen) and time.monotonic() < deadline:
        time.sleep(0.5)
        seen += _lines(capsys)
    deferred = [line for line in seen if line["message"] == "deferred: quota"]
    assert deferred and {line["severity"] for line in deferred} == {"INFO"}
    assert {line["outcome"] for line in deferred} == {"deferred"}

    w.sheets_control.set_quota(None, None)  # the window refills
    deployed.settle()  # the re-announced refresh does the edit
    seen += _lines(capsys)

    assert w.row_of(order_id)["状态"] == "已发货"
    assert w.shop_waybills(order_id) == ["SF6026131434978"]
    loud = [line for line in seen if line["severity"] in {"WARNING", "ERROR", "CRITICAL"}]
    assert loud == []
    for tab in ("订单", "日志", "异常"):
        text = json.dumps(w.values(tab), ensure_ascii=False)
        # 429 as a status code, not inside a random 19-digit order id (it once was: 3742879644294107237)
        assert not re.search(r"(?<!\d)429(?!\d)", text), tab
        assert "Quota" not in text and "RateLimited" not in text, tab
