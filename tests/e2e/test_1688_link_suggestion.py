"""The 1688 link suggestion end to end: a 1688 purchase with the shop order's recipient, quantities and
day is suggested on the row (说明), never written into 供应商单号 and never pushed, noted once in 日志;
the operator types it in and the next pass links it and ships. Two shop orders to the same recipient
the same day get no suggestion. The Sheets calls of a tick are the same with or without suggestions."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from emulators.alibaba_1688.server import serve as serve_1688
from emulators.control import AlibabaControl
from shared.app.supplier_feed import SupplierFeed
from shared.suppliers.alibaba_1688.config import AlibabaConfig
from shared.suppliers.alibaba_1688.source import AlibabaSource
from shared.suppliers.http_config import Secret
from tests.e2e.world import World, world

SUPPLIER = "义乌好物"
ZHANG = {
    "user_name": "张三",
    "tel_number": "13812345678",
    "province_name": "浙江省",
    "city_name": "杭州市",
    "county_name": "西湖区",
    "detail_info": "文三路 1 号",
}
WANG = {**ZHANG, "user_name": "王五", "tel_number": "13700001111"}


@pytest.fixture
def rig(tmp_path: Path) -> Iterator[tuple[World, AlibabaControl]]:
    server = serve_1688(port=0)
    try:
        with AlibabaControl(server.url) as control:
            control.advance_clock(time.time() - control.clock())  # 1688's day is the shop's day
            config = AlibabaConfig(
                supplier_id=SUPPLIER,
                app_key="1234567",
                app_secret=Secret("emulator-secret"),
                refresh_token=Secret(control.grant()["refresh_token"]),
                base_url=server.url,
            )
            with AlibabaSource(config) as source, world(tmp_path, SupplierFeed(((SUPPLIER, source),))) as w:
                w.set_setting("auto_push", "开")
                yield w, control
    finally:
        server.close()


def _buy(control: AlibabaControl, who: dict[str, str], quantity: int = 1) -> str:
    made = control.create_order(
        items=[{"name": "纯棉T恤 蓝色 L", "quantity": quantity}],
        receiver={"name": who["user_name"], "mobile": who["tel_number"]},
    )
    return str(made["order_id"])


def _suggested(w: World) -> list[dict[str, str]]:
    return [r for r in w.records("日志") if r["操作"].startswith("建议")]


def test_a_matching_purchase_is_suggested_then_linked_when_typed(rig: tuple[World, AlibabaControl]) -> None:
    w, control = rig
    order_id = w.create_order(address=ZHANG)
    other = w.create_order(address=WANG, sku_cnt=2)  # bought with 1 unit on 1688: no match
    purchase = _buy(control, ZHANG)
    _buy(control, WANG, quantity=1)
    w.tick()
    for oid in (order_id, other):
        w.type_cell(oid, "供应商", SUPPLIER)
    w.clear_sheets_log()
    report = w.tick()
    counts = w.sheets_counts()
    row = w.row_of(order_id)
    assert f"建议关联 1688 订单 {purchase}" in row["说明"], row
    assert row["供应商单号"] == "" and row["状态"] == "待单号"
    assert "建议" not in w.row_of(other)["说明"]
    assert report.pushes == [] and w.shop_waybills(order_id) == []
    assert [(r["订单号"], r["新值"]) for r in _suggested(w)] == [(order_id, purchase)]

    # The tick's usual budget: the read, the re-read, one values write, one batchUpdate (日志 rows).
    assert counts == {
        "spreadsheets.values.batchGet": 2,
        "spreadsheets.values.batchUpdate": 1,
        "spreadsheets.batchUpdate": 1,
    }

    # The next tick shows it again and notes nothing new: a quiet tick, its one read and nothing written.
    w.clear_sheets_log()
    w.tick()
    assert f"建议关联 1688 订单 {purchase}" in w.row_of(order_id)["说明"]
    assert len(_suggested(w)) == 1
    assert w.sheets_counts() == {"spreadsheets.values.batchGet": 1}

    # A targeted pass (an edit, the menu) shows what the tick found, without asking 1688.
    control.clear_calls()
    w.menu(order_id, "validate")
    assert f"建议关联 1688 订单 {purchase}" in w.row_of(order_id)["说明"]
    assert control.calls() == []

    # The operator accepts by typing it; 1688 ships; the next pass links and pushes.
    control.ship(purchase, bill_no="73100000000021", company="ZTO")
    w.type_cell(order_id, "供应商单号", purchase)
    w.tick()
    row = w.row_of(order_id)
    assert row["状态"] == "已发货" and "建议" not in row["说明"], row
    assert w.shop_waybills(order_id) == ["73100000000021"]


def test_two_shop_orders_to_the_same_recipient_the_same_day_get_no_suggestion(
    rig: tuple[World, AlibabaControl],
) -> None:
    w, control = rig
    first, second = w.create_order(address=ZHANG), w.create_order(address=ZHANG)
    _buy(control, ZHANG)
    w.tick()
    for oid in (first, second):
        w.type_cell(oid, "供应商", SUPPLIER)
    report = w.tick()
    for oid in (first, second):
        row = w.row_of(oid)
        assert "建议关联" not in row["说明"] and "2 个同一天、同一收件人的小店订单" in row["说明"], row
        assert row["供应商单号"] == ""
    assert report.pushes == [] and _suggested(w) == []
