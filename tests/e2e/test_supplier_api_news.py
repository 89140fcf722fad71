"""A supplier API whose news does not fit the order: a short shipment, a shipment after a cancellation."""

from __future__ import annotations

from pathlib import Path

from demo.stage import SUPPLIER_TOKEN, SUPPLIER_TOKEN_ENV, supplier_row
from emulators.control import SupplierControl
from emulators.supplier_api.server import serve as serve_supplier
from shared.app.supplier_feed import SupplierFeed
from shared.suppliers.http_api import HttpApiSource
from shared.suppliers.http_config import HttpSupplierConfig
from tests.e2e.world import world


def test_a_partial_shipment_reported_by_the_api_is_not_pushed(tmp_path: Path) -> None:
    supplier = serve_supplier(port=0)
    env = {SUPPLIER_TOKEN_ENV: SUPPLIER_TOKEN}
    config = HttpSupplierConfig.from_row(supplier_row("优品工厂", f"{supplier.url}/api/v1/orders"), env)
    try:
        with HttpApiSource(config) as source, world(tmp_path, SupplierFeed((("优品工厂", source),))) as w:
            w.set_setting("auto_push", "开")
            w.shop_control.advance_clock(-3600)  # paid an hour ago; no change since
            order_id = w.create_order(sku_cnt=2)
            w.shop_control.advance_clock(3600)
            w.tick()  # the row appears
            w.type_cell(order_id, "供应商", "优品工厂")
            w.type_cell(order_id, "供应商单号", "GY-1")
            seeded = {"order_no": "GY-1", "shop_order_id": order_id, "items": [{"sku": "S", "qty": 1}]}
            SupplierControl(supplier.url, w.http).seed(seeded)
            report = w.tick()
            row = w.row_of(order_id)
            assert row["状态"] == "不一致", row
            assert row["快递单号"]  # the supplier's number is filled in, for the operator to check
            assert report.pushes == [] and w.shop_waybills(order_id) == []
    finally:
        supplier.close()


def test_a_supplier_shipping_a_cancelled_order_turns_the_row_red(tmp_path: Path) -> None:
    supplier = serve_supplier(port=0)
    env = {SUPPLIER_TOKEN_ENV: SUPPLIER_TOKEN}
    config = HttpSupplierConfig.from_row(supplier_row("优品工厂", f"{supplier.url}/api/v1/orders"), env)
    try:
        with HttpApiSource(config) as source, world(tmp_path, SupplierFeed((("优品工厂", source),))) as w:
            order_id = w.create_order()
            w.tick()
            w.type_cell(order_id, "供应商", "优品工厂")
            w.type_cell(order_id, "供应商单号", "GY-2")
            w.shop_control.cancel(order_id)
            w.tick()
            assert w.row_of(order_id)["状态"] == "已取消"
            seeded = {"order_no": "GY-2", "shop_order_id": order_id}  # it ships all the same
            SupplierControl(supplier.url, w.http).seed(seeded)
            w.tick()
            assert w.row_of(order_id)["状态"] == "已取消（供应商已发货）"
            alerts = [a for a in w.records("异常") if a["订单号"] == order_id]
            assert any(a["类型"] == "取消-已发货需拦截" for a in alerts), alerts
    finally:
        supplier.close()
