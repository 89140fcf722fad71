"""The shop is the truth for which orders exist (issue 12, item 4): an open order whose row is
deleted, cleared or overwritten is put back within one tick, with the numbers the shop has, and the
restore is logged and shown in 异常; a row that is not one shop order on one row is never pushed."""

from __future__ import annotations

from pathlib import Path

from shared.app.tick import TickDeps, refresh
from shared.reconcile.presence import no_order_id
from tests.e2e.world import OPERATOR, World, world

SEND = "/channels/ec/order/delivery/send"


def _row_number(w: World, order_id: str) -> int:
    """The sheet row (1-based) whose 订单号 is ``order_id``."""
    rows = w.values()
    col = rows[0].index("订单号")
    (found,) = [i + 1 for i, r in enumerate(rows) if len(r) > col and r[col] == order_id]
    return found


def _delete_row(w: World, order_id: str) -> None:
    """An operator deletes the whole row (right click, delete row)."""
    index = _row_number(w, order_id) - 1
    grid = {"sheetId": w._sheet_id("订单"), "dimension": "ROWS", "startIndex": index, "endIndex": index + 1}
    answer = w.http.post(
        f"{w.sheets_url}/v4/spreadsheets/{w.spreadsheet_id}:batchUpdate",
        json={"requests": [{"deleteDimension": {"range": grid}}]},
        headers=OPERATOR,
    )
    answer.raise_for_status()


def _type_at(w: World, row: int, header: str, text: str, how: str = "USER_ENTERED") -> None:
    """An operator types into row ``row`` (as typed: USER_ENTERED, the real Sheets API path; RAW for
    an id pasted as text, as into the plain-text 订单号 column of issue 12's template)."""
    col = w.values()[0].index(header)
    a1 = f"'订单'!{chr(ord('A') + col)}{row}"
    answer = w.http.put(
        w._values_url(a1),
        params={"valueInputOption": how},
        json={"values": [[text]]},
        headers=OPERATOR,
    )
    answer.raise_for_status()


RESTORED_KIND = "订单行已恢复"  # the 异常 kind, as the operator reads it
RESTORED_ACTION = "恢复订单行"  # the 日志 action


def _restored(w: World) -> tuple[list[str], list[str]]:
    """Order ids restored according to 异常 and according to 日志."""
    alerts = [r["订单号"] for r in w.records("异常") if r["类型"] == RESTORED_KIND]
    logged = [r["订单号"] for r in w.records("日志") if r["操作"] == RESTORED_ACTION]
    return alerts, logged


def test_a_deleted_row_of_an_open_order_comes_back_with_its_numbers(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        w.set_setting("auto_push", "开")
        unshipped = w.create_order()
        shipped = w.create_order(address={"user_name": "李四", "tel_number": "13900001111"})
        w.tick()
        w.type_cell(shipped, "快递单号", "SF6026131434978")
        assert [p.ok for p in w.tick().pushes] == [True]

        _delete_row(w, unshipped)
        _delete_row(w, shipped)
        assert w.records() == []
        w.clear_sheets_log()
        report = w.tick()

        assert report.new_rows == report.restored_rows == 2 and report.pushes == []
        # The tick's fixed budget: one read, one write with the appends; nothing per restored row.
        assert set(w.sheets_counts().values()) == {1} and report.sheets_calls <= 5
        assert w.row_of(unshipped)["状态"] == "待下单"
        back = w.row_of(shipped)
        assert (back["状态"], back["快递单号"], back["快递公司"]) == ("已发货", "SF6026131434978", "顺丰速运")
        alerts, logged = _restored(w)
        assert sorted(alerts) == sorted(logged) == sorted([unshipped, shipped])
        said = {r["订单号"]: r["说明"] for r in w.records("异常") if r["类型"] == RESTORED_KIND}
        assert "已在表格末尾恢复" in said[unshipped]
        # The shop holds exactly what it held: nothing pushed again, nothing new.
        assert w.shop_waybills(unshipped) == [] and w.shop_waybills(shipped) == ["SF6026131434978"]
        assert w.shop_calls(SEND) == 1

        again = w.tick()
        assert again.new_rows == again.restored_rows == 0 and again.pushes == []
        assert len(w.records()) == 2
        assert _restored(w) == (alerts, logged)  # nothing restored twice, nothing logged twice
        open_alerts = [r for r in w.records("异常") if r["类型"] == RESTORED_KIND and not r["已处理"]]
        assert len(open_alerts) == 2  # the 异常 entry stays until the operator handles it


def test_a_cleared_row_comes_back_and_a_done_order_does_not(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        kept = w.create_order()
        cancelled = w.create_order(address={"user_name": "李四", "tel_number": "13900001111"})
        w.tick()
        w.shop_control.cancel(cancelled)
        w.tick()
        assert w.row_of(cancelled)["状态"] == "已取消"

        _delete_row(w, cancelled)  # the operator removes a cancelled order: their choice
        w.clear_tab("订单")  # ... and then, by mistake, everything
        report = w.tick()
        assert report.new_rows == 1
        assert [r["订单号"] for r in w.records()] == [kept]
        assert _restored(w)[0] == [kept]
        assert w.tick().new_rows == 0


def test_an_order_id_with_a_space_is_not_added_again(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        order_id = w.create_order()
        w.tick()
        spaced = f"{order_id[:6]} {order_id[6:]}"
        w.type_cell(order_id, "订单号", spaced)
        report = w.tick()
        assert report.new_rows == 0
        (row,) = w.records()
        assert row["订单号"] == spaced and row["状态"] == "单号有误"
        assert "空格" in row["说明"] and order_id in row["说明"]
        assert _restored(w) == ([], [])


def test_an_order_id_edited_to_garbage_restores_the_order_and_is_never_pushed(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        w.set_setting("auto_push", "开")
        order_id = w.create_order()
        w.tick()
        row = _row_number(w, order_id)
        _type_at(w, row, "订单号", "ABC-123")  # a paste over the cell
        _type_at(w, row, "快递单号", "SF6026131434978")
        report = w.tick()

        assert report.new_rows == 1 and report.pushes == []
        garbage = [r for r in w.records() if r["订单号"] == "ABC-123"]
        assert len(garbage) == 1 and garbage[0]["状态"] == "单号有误"
        assert "不是本店的订单" in garbage[0]["说明"]
        assert w.row_of(order_id)["状态"] == "待下单"
        assert _restored(w)[0] == [order_id]

        again = w.tick()
        assert again.new_rows == 0 and again.pushes == []
        assert w.shop_waybills(order_id) == [] and w.shop_calls(SEND) == 0


def test_an_order_id_edited_to_another_rows_id_gets_its_own_row_back(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        w.set_setting("auto_push", "开")
        first = w.create_order()
        second = w.create_order(address={"user_name": "李四", "tel_number": "13900001111"})
        w.tick()
        edited, real = _row_number(w, second), _row_number(w, first)
        _type_at(w, edited, "订单号", first, how="RAW")
        _type_at(w, edited, "快递单号", "SF6026131434978")
        report = w.tick()

        assert report.new_rows == 1 and report.pushes == []
        values = w.values()
        header = values[0]
        dup = dict(zip(header, values[edited - 1] + [""] * len(header), strict=False))
        assert dup["状态"] == "单号有误"
        assert f"第 {real} 行已经是订单 {first} 的行" in dup["说明"]
        assert w.row_of(second)["状态"] == "待下单"  # restored, on its own row
        assert _restored(w)[0] == [second]
        assert w.tick().pushes == []
        assert w.shop_waybills(first) == [] and w.shop_waybills(second) == [] and w.shop_calls(SEND) == 0


def test_a_number_on_a_row_without_an_order_id_gets_a_message(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        w.set_setting("auto_push", "开")
        order_id = w.create_order()
        w.tick()
        below = len(w.values()) + 1
        _type_at(w, below, "快递单号", "SF6026131434978")
        report = w.tick()

        assert report.pushes == [] and report.new_rows == 0
        row = w.values()[below - 1]
        header = w.values()[0]
        assert row[header.index("状态")] == "单号有误"
        assert row[header.index("说明")] == no_order_id().zh
        assert row[header.index("订单号")] == ""
        assert w.shop_calls(SEND) == 0 and w.shop_waybills(order_id) == []

        w.clear_sheets_log()
        w.tick()
        assert "spreadsheets.values.batchUpdate" not in w.sheets_counts()  # said once, not every tick
        _type_at(w, below, "快递单号", "")  # the operator takes the number away: so does the message
        w.tick()
        cells = w.values()[below - 1] if len(w.values()) >= below else []
        assert not any(c.strip() for c in cells)


def test_an_edit_that_types_a_number_next_to_a_foreign_id_is_answered_at_once(tmp_path: Path) -> None:
    """The sheet-edit pass (only the edited row is read) flags the row before any tick runs."""
    with world(tmp_path) as w:
        w.set_setting("auto_push", "开")
        order_id = w.create_order()
        w.tick()
        row = _row_number(w, order_id)
        _type_at(w, row, "订单号", "ABC-123")
        _type_at(w, row, "快递单号", "SF6026131434978")
        deps = TickDeps(w.gateway, w.shop, w.journal, w.feed, clock=w.now)
        report = refresh(deps, row_range=(row, row))
        assert report.pushes == [] and w.shop_calls(SEND) == 0
        edited = w.values()[row - 1]
        header = w.values()[0]
        assert edited[header.index("状态")] == "单号有误"
        assert "不是本店的订单" in edited[header.index("说明")]
