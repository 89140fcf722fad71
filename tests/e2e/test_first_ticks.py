"""First end-to-end behaviours: orders appear, numbers get validated and pushed, calls stay flat."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.world import world


def test_paid_orders_appear_then_a_typed_number_is_pushed(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        w.set_setting("auto_push", "开")
        first = w.create_order()
        second = w.create_order(sku_cnt=2)
        report = w.tick()
        assert report.new_rows == 2
        assert w.row_of(first)["状态"] == "待下单"
        w.type_cell(first, "供应商单号", "PO-1")
        w.type_cell(first, "快递公司", "中通")
        w.type_cell(first, "快递单号", "73100029384756")
        w.type_cell(second, "快递单号", "SF6026131434978")  # no courier typed: the format names it
        report = w.tick()
        assert {p.order_id for p in report.pushes if p.ok} == {first, second}
        assert w.row_of(first)["状态"] == "已发货"
        assert w.row_of(second)["快递公司"] == "顺丰速运"
        assert w.shop_waybills(first) == ["73100029384756"]
        again = w.tick()
        assert again.pushes == [] and again.rows_written == 0
        log = w.records("日志")
        assert any(r["操作"] == "推送单号到小店" and r["订单号"] == first for r in log)
