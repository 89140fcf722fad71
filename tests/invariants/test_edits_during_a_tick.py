"""Invariants: the system never overwrites an operator's non-empty cell, and never writes to a row
that no longer holds the order it read, even when the operator acts in the middle of a tick.

``World.tick_during`` runs the operator's action between the tick's read of the sheet and its
write (the shop's order list answers slowly, and the action is checked to land in that window)."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.world import world


def test_an_operator_edit_made_during_a_tick_is_never_lost(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        order_id = w.create_order()
        w.tick()
        w.type_cell(order_id, "供应商单号", "PO-1")
        w.paste_inbox(f"{order_id} 顺丰 SF6026131434978", supplier="工厂A")  # the supplier's number

        def operator_types() -> None:
            w.type_cell(order_id, "快递公司", "中通")
            w.type_cell(order_id, "快递单号", "73100029384756")

        report = w.tick_during(operator_types)
        # The tick read empty cells and planned to fill them from the inbox; the gateway re-read
        # them just before writing, found the operator's values, and dropped both fills.
        assert report.write_outcomes.get("operator_cell_filled") == 2
        dropped = [
            (e.action, e.field_name, e.new, e.result) for e in w.journal.entries() if e.order_id == order_id
        ]
        assert ("fill_dropped", "tracking_numbers", "SF6026131434978", "operator_cell_filled") in dropped
        assert ("fill_dropped", "courier", "顺丰速运", "operator_cell_filled") in dropped  # the journal tells
        row = w.row_of(order_id)
        assert (row["快递公司"], row["快递单号"]) == ("中通", "73100029384756")
        w.tick()
        row = w.row_of(order_id)
        assert (row["快递公司"], row["快递单号"], row["状态"]) == ("中通", "73100029384756", "待推送")


def test_a_row_moved_by_sorting_during_a_tick_gets_its_own_values(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        ready, invalid, waiting, untouched = (w.create_order(title=f"商品{i}") for i in range(4))
        w.tick()
        w.type_cell(ready, "快递单号", "SF6026131434978")
        w.type_cell(invalid, "快递单号", "SF12")
        w.type_cell(waiting, "供应商单号", "PO-3")
        expected = {
            ready: ("待推送", "单号已校验"),
            invalid: ("单号有误", "太短"),
            waiting: ("待单号", "等待快递单号"),
            untouched: ("待下单", "请向供应商下单"),
        }
        before = [r["订单号"] for r in w.records()]

        report = w.tick_during(lambda: w.sort_tab("订单号", descending=before[0] < before[-1]))

        after = [r["订单号"] for r in w.records()]
        assert after == before[::-1]  # the sort really moved every row
        assert report.dropped_writes == 0 and report.write_outcomes.get("remapped", 0) >= 6
        for order_id, (state, message) in expected.items():
            row = w.row_of(order_id)
            assert row["状态"] == state and message in row["说明"], (order_id, row)
        assert w.row_of(ready)["快递公司"] == "顺丰速运"  # the courier fill followed its row too
        assert [w.row_of(o)["快递公司"] for o in (invalid, waiting, untouched)] == ["", "", ""]
