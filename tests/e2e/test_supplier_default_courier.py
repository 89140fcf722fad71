"""A bare number typed on a supplier's row takes that supplier's 默认快递 from the 供应商 tab."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.world import world

AMBIGUOUS = "4312345678901"  # fits STO and China Post parcels alike


def test_the_supplier_default_courier_is_filled_and_pushed(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        w.add_supplier("鑫达供应链", "", "", default_courier="申通")
        w.set_setting("auto_push", "开")
        with_default, without = w.create_order(), w.create_order()
        w.tick()
        for order_id, supplier in ((with_default, "鑫达供应链"), (without, "宏业仓")):
            w.type_cell(order_id, "供应商", supplier)
            w.type_cell(order_id, "快递单号", AMBIGUOUS)
        report = w.tick()

        assert [p.order_id for p in report.pushes] == [with_default]
        row = w.row_of(with_default)
        assert (row["状态"], row["快递公司"]) == ("已发货", "申通快递")
        assert w.shop_waybills(with_default) == [AMBIGUOUS]
        other = w.row_of(without)
        assert other["状态"] == "待确认快递" and other["快递公司"] == ""
        assert "申通快递" in other["说明"] and "默认快递" in other["说明"]
        assert w.shop_waybills(without) == []
