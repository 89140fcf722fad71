"""Appended rows land where intended whatever gaps the operator leaves (issue 15 item 2).

The Sheets emulator finds a ``values.append`` table as Google does (a gap in the first row or column
moves the append there); the product's appends must not depend on it: every new 订单 row and 日志
entry goes under everything already in the tab, from column A, and nothing is overwritten."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.world import world


def _letter(index: int) -> str:
    return chr(ord("A") + index)


def test_new_orders_and_log_entries_land_under_the_gaps_from_column_a(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        w.set_setting("auto_push", "开")
        first = w.create_order()
        w.tick()
        w.type_cell(first, "快递单号", "SF6026131434978")
        w.tick()  # pushed: the 日志 gets its first entry
        orders = w.values()
        width = len(orders[0])
        # 订单: a row whose first cell is empty (an operator's jotting), an empty row, then a note in
        # the last column: a values.append to the tab would start under the note, in that column.
        jotting = len(orders) + 1
        w._put(f"'订单'!B{jotting}", "周五前确认")
        note = jotting + 2
        w._put(f"'订单'!{_letter(width - 1)}{note}", "备注：周末不发货")
        # 日志: the last entry's first cell (时间) cleared, an empty row, a note in its third column.
        log = w.values("日志")
        assert len(log) >= 2, "the push is logged"
        w._put(f"'日志'!A{len(log)}", "")
        log_note = len(log) + 2
        w._put(f"'日志'!C{log_note}", "手工记录")
        before_orders, before_log = w.values(), w.values("日志")

        second, third = w.create_order(), w.create_order(sku_cnt=2)
        report = w.tick()
        assert report.new_rows == 2

        after = w.values()
        assert after[: len(before_orders)] == before_orders  # nothing overwritten or moved
        new = after[len(before_orders) :]
        assert sorted(r[0] for r in new) == sorted([second, third])  # under the note, from column A
        assert w.row_of(second)["订单号"] == second and w.row_of(first)["订单号"] == first
        assert w.row_of(third)["数量"] == "2"  # each field in its own column

        w.type_cell(second, "快递单号", "SF6026131434985")
        w.type_cell(third, "快递单号", "73100029384756")
        w.type_cell(third, "快递公司", "中通")
        pushed = w.tick()
        assert {p.order_id for p in pushed.pushes if p.ok} == {second, third}
        log_after = w.values("日志")
        assert log_after[: len(before_log)] == before_log
        added = log_after[len(before_log) :]
        assert added, "the pushes are logged"
        header = log_after[0]
        at, order_id = header.index("时间"), header.index("订单号")
        assert all(r[at] for r in added)  # a time in column A of every new entry
        assert {second, third} <= {r[order_id] for r in added if len(r) > order_id}
