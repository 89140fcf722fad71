"""A broken layout stops the writer, not the data (issue 12, item 3), end to end.

A workspace with a shipped row whose parcel is coming back (物流异常, an open 异常 row), a shipped row
in transit and a row waiting for its number. The operator then breaks the 订单 header: renames
快递单号, deletes that column, or pushes the whole header row down by inserting a row above it. The
tick must decide nothing: no cell of 订单 changes, nothing reaches the shop, the journal's state is
untouched, and one alert on 异常 says what happened and what to do. Once the header is back, the next
tick finds every row as it was (state, message, 物流 text, the open logistics alert) and writes
nothing to 订单.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from shared.app.tick import TickDeps, check_layout, refresh
from tests.e2e.test_logistics_watch import alerts, ship
from tests.e2e.world import OPERATOR, World, world

SEND = "/channels/ec/order/delivery/send"
LAYOUT_KIND = "表头有误"  # the 异常 kind label (no code suffix)
MARKER = "订单 表头"


@contextmanager
def shop_with_trouble(tmp_path: Path) -> Iterator[tuple[World, dict[str, str]]]:
    with world(tmp_path, tracking=True) as w:
        w.parcel("73100000000014", "zhongtong", "returned")
        returned = ship(w, "73100000000014")
        w.parcel("73100000000021", "zhongtong", "normal", start=w.now() + timedelta(hours=30))
        moving = ship(w, "73100000000021")
        waiting = w.create_order()
        w.tick()
        w.type_cell(waiting, "供应商单号", "PO-WAIT")
        w.advance(41)  # 40 h: the first parcel is on its way back
        w.tick()
        rows = {"returned": returned, "moving": moving, "waiting": waiting}
        assert w.row_of(returned)["状态"] == "物流异常"
        assert alerts(w, returned) == {"logistics_returned": ""}
        assert w.row_of(moving)["状态"] == "已发货" and w.row_of(moving)["物流"].startswith("运输中")
        assert w.row_of(waiting)["状态"].startswith("待单号")
        w.tick()  # settled: a tick now writes nothing to 订单
        yield w, rows


def shown(w: World, rows: dict[str, str]) -> dict[str, tuple[str, str, str]]:
    """What the operator reads on each row: 状态, 说明, 物流."""
    return {k: (w.row_of(o)["状态"], w.row_of(o)["说明"], w.row_of(o)["物流"]) for k, o in rows.items()}


def batch(w: World, *requests: dict[str, Any]) -> None:
    w.http.post(
        f"{w.sheets_url}/v4/spreadsheets/{w.spreadsheet_id}:batchUpdate",
        json={"requests": list(requests)},
        headers=OPERATOR,
    ).raise_for_status()


def put_row(w: World, a1: str, values: list[list[str]]) -> None:
    w.http.put(
        f"{w.sheets_url}/v4/spreadsheets/{w.spreadsheet_id}/values/{quote(a1, safe='')}",
        params={"valueInputOption": "RAW"},
        json={"values": values},
        headers=OPERATOR,
    ).raise_for_status()


def column_of(w: World, header: str) -> int:
    return w.values()[0].index(header)  # 0-based


def rename(w: World, old: str, new: str) -> Callable[[], None]:
    letter = chr(ord("A") + column_of(w, old))
    put_row(w, f"'订单'!{letter}1", [[new]])
    return lambda: put_row(w, f"'订单'!{letter}1", [[old]])


def delete_column(w: World, header: str) -> Callable[[], None]:
    """The operator deletes the column; undoing it puts the column and its cells back."""
    index = column_of(w, header)
    cells = [r[index] if index < len(r) else "" for r in w.values()]
    sheet = w._sheet_id("订单")
    span = {"sheetId": sheet, "dimension": "COLUMNS", "startIndex": index, "endIndex": index + 1}
    batch(w, {"deleteDimension": {"range": span}})
    letter = chr(ord("A") + index)

    def undo() -> None:
        batch(w, {"insertDimension": {"range": span, "inheritFromBefore": False}})
        put_row(w, f"'订单'!{letter}1:{letter}{len(cells)}", [[c] for c in cells])

    return undo


def push_header_down(w: World) -> Callable[[], None]:
    """The operator inserts a row above the header (row 1 is now empty, the header is row 2)."""
    span = {"sheetId": w._sheet_id("订单"), "dimension": "ROWS", "startIndex": 0, "endIndex": 1}
    batch(w, {"insertDimension": {"range": span, "inheritFromBefore": False}})
    return lambda: batch(w, {"deleteDimension": {"range": span}})


def layout_alerts(w: World) -> list[dict[str, str]]:
    return [r for r in w.records("异常") if r["类型"] == LAYOUT_KIND]


BREAKS: dict[str, tuple[Callable[[World], Callable[[], None]], str]] = {
    "renamed": (lambda w: rename(w, "快递单号", "单号"), "「快递单号」"),
    "deleted": (lambda w: delete_column(w, "快递单号"), "「快递单号」"),
    "moved_away": (push_header_down, "「订单号」"),
}


@pytest.mark.parametrize("how", sorted(BREAKS))
def test_a_broken_orders_header_stops_the_tick_and_nothing_is_lost(tmp_path: Path, how: str) -> None:
    with shop_with_trouble(tmp_path) as (w, rows):
        before = shown(w, rows)
        waybills = {k: w.shop_waybills(o) for k, o in rows.items()}
        sends = w.shop_calls(SEND)
        w.set_setting("auto_push", "开")
        break_it, named = BREAKS[how]
        mend = break_it(w)
        broken_cells = w.stored_cells("订单")
        w.clear_sheets_log()

        for _ in range(2):  # the alert is shown (and journaled) once, however many ticks pass
            report = w.tick()
            assert report.skipped == "layout" and report.pushes == []
            assert [p["title"] for p in report.layout_problems] == ["订单"]
            assert w.stored_cells("订单") == broken_cells  # not one value, note or format
        assert "spreadsheets.values.batchUpdate" not in w.sheets_counts()
        assert w.shop_calls(SEND) == sends
        assert {k: w.shop_waybills(o) for k, o in rows.items()} == waybills

        (alert,) = layout_alerts(w)
        assert alert["订单号"] == MARKER and alert["已处理"] == ""
        assert named in alert["说明"] and "暂停同步和推送" in alert["说明"]
        assert alert["说明"].endswith("。") and alert["说明"].count("。") == 1
        broke = [e for e in w.journal.entries() if e.action == "layout_broken"]
        assert len(broke) == 1 and named in broke[0].reason
        assert [r["操作"] for r in w.records("日志")].count("表头有误，暂停同步该页") == 1
        # The sheet-edit path and shop events decide nothing either.
        deps = TickDeps(w.gateway, w.shop, w.journal, clock=w.now, tracking=w.tracking)
        assert refresh(deps, row_range=(2, 6)).skipped == "layout"
        assert refresh(deps, order_ids=list(rows.values())).skipped == "layout"
        assert w.stored_cells("订单") == broken_cells and w.shop_calls(SEND) == sends

        mend()
        w.clear_sheets_log()
        report = w.tick()
        assert report.skipped is None and report.layout_problems == []
        assert report.rows_written == 0 and report.pushes == []
        assert shown(w, rows) == before
        assert alerts(w, rows["returned"])["logistics_returned"] == ""  # still open
        assert [a["已处理"] for a in layout_alerts(w)] == ["是"]
        assert [e.action for e in w.journal.entries()].count("layout_restored") == 1


def test_an_edit_of_a_header_shows_the_alert_at_once_and_clears_it(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        w.create_order()
        w.tick()
        deps = TickDeps(w.gateway, w.shop, w.journal, clock=w.now)
        mend = rename(w, "状态", "State?")
        report = check_layout(deps)
        assert report.skipped == "layout"
        (alert,) = layout_alerts(w)
        assert "「状态」" in alert["说明"]
        mend()
        assert check_layout(deps).skipped == "headers only"
        assert [a["已处理"] for a in layout_alerts(w)] == ["是"]


def test_a_broken_log_header_only_stops_the_log(tmp_path: Path) -> None:
    """日志 lost its 原因 header: orders are still synced, nothing is appended to 日志, and the alert
    on 异常 says so; restored, the alert is resolved."""
    with world(tmp_path) as w:
        w.set_setting("auto_push", "开")
        order_id = w.create_order()
        w.tick()
        header = w.values("日志")[0]
        letter = chr(ord("A") + header.index("原因"))
        put_row(w, f"'日志'!{letter}1", [["为什么"]])
        log_before = w.values("日志")
        w.type_cell(order_id, "快递公司", "中通")
        w.type_cell(order_id, "快递单号", "73100000000031")
        report = w.tick()
        assert [p.ok for p in report.pushes] == [True]
        assert w.row_of(order_id)["状态"] == "已发货"
        assert w.values("日志") == log_before
        (alert,) = layout_alerts(w)
        assert alert["订单号"] == "日志 表头" and "这一页暂不写入" in alert["说明"]
        put_row(w, f"'日志'!{letter}1", [["原因"]])
        w.tick()
        assert [a["已处理"] for a in layout_alerts(w)] == ["是"]
