"""Courier ids come from the shop's own courier list (issue 15): a courier the shop does not list is
shown on the row and never pushed with a guessed id; Yunda goes out under the id the shop lists it
with; the list is read once a day at most."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from tests.e2e.world import world

LIST_PATH = "/channels/ec/order/deliverycompanylist/new/get"
SEND_PATH = "/channels/ec/order/delivery/send"
JT_NUMBER = "JT0001234567890"
YUNDA_NUMBER = "312345678901234"


def test_an_unlisted_courier_is_shown_on_the_row_and_nothing_is_pushed(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        # This shop lists SF, ZTO and Yunda (as YD, the request examples' code): no J&T.
        w.shop_control.configure(couriers={"SF": "顺丰速运", "ZTO": "中通快递", "YD": "韵达快递"})
        w.set_setting("auto_push", "开")
        jt_order, yunda_order = w.create_order(), w.create_order()
        w.tick()
        w.type_cell(jt_order, "快递单号", JT_NUMBER)
        w.type_cell(yunda_order, "快递单号", YUNDA_NUMBER)
        sends_before = w.shop_calls(SEND_PATH)
        report = w.tick()

        assert w.shop_waybills(jt_order) == []
        held = next(p for p in report.pushes if p.order_id == jt_order)
        assert not held.ok and held.reason == "courier_not_listed"
        row = w.row_of(jt_order)
        assert "小店的快递公司列表里没有极兔速递" in row["说明"] and row["状态"] != "已发货"
        assert any(jt_order in " ".join(r.values()) for r in w.records("异常"))
        # Yunda went out under the id this shop lists, the only send of the tick.
        shipped = w.shop_order(yunda_order)["order_detail"]["delivery_info"]["delivery_product_info"]
        assert [(p["delivery_id"], p["waybill_id"]) for p in shipped] == [("YD", YUNDA_NUMBER)]
        assert w.shop_calls(SEND_PATH) - sends_before == 1

        # Later ticks the same day neither push it nor read the list again.
        w.tick()
        assert w.shop_waybills(jt_order) == [] and w.shop_calls(LIST_PATH) == 1

        # The merchant enables J&T in the shop: the next day's list has it and the number goes out.
        w.shop_control.configure(
            couriers={"SF": "顺丰速运", "ZTO": "中通快递", "YD": "韵达快递", "JTSD": "极兔速递"}
        )
        w.tick(w.now() + timedelta(hours=25))
        assert w.shop_waybills(jt_order) == [JT_NUMBER]
        assert w.shop_calls(LIST_PATH) == 2
        assert w.row_of(jt_order)["状态"] == "已发货"
