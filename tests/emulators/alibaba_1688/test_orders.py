"""The emulated buyer-side APIs through an order's life: list and paging, detail, logistics infos,
trace; partial shipment, a number change, no-logistics parcels, cancellation."""

from __future__ import annotations

from typing import Any

from tests.emulators.alibaba_1688.conftest import Gateway

TRADE, LOGISTICS = "com.alibaba.trade", "com.alibaba.logistics"


def _detail(gw: Gateway, order_id: str) -> Any:
    return gw.call(TRADE, "alibaba.trade.get.buyerView", {"webSite": "1688", "orderId": order_id}).json()[
        "result"
    ]


def _infos(gw: Gateway, order_id: str) -> Any:
    params = {"webSite": "1688", "orderId": order_id}
    return gw.call(LOGISTICS, "alibaba.trade.getLogisticsInfos.buyerView", params).json()


def test_the_list_pages_newest_first_with_total_record_and_no_logistics(gw: Gateway) -> None:
    ids = []
    for _ in range(5):
        ids.append(gw.control.create_order()["order_id"])
        gw.control.advance_clock(60)
    first = gw.call(TRADE, "alibaba.trade.getBuyerOrderList", {"page": "1", "pageSize": "2"}).json()
    third = gw.call(TRADE, "alibaba.trade.getBuyerOrderList", {"page": "3", "pageSize": "2"}).json()
    assert first["totalRecord"] == 5
    assert [r["baseInfo"]["idOfStr"] for r in first["result"]] == [ids[4], ids[3]]
    assert [r["baseInfo"]["idOfStr"] for r in third["result"]] == [ids[0]]
    assert "logisticsItems" not in first["result"][0]["nativeLogistics"]


def test_the_list_filters_by_status_and_modify_window_and_ignores_order_ids(gw: Gateway) -> None:
    old = gw.control.create_order()["order_id"]
    gw.control.advance_clock(3600)
    new = gw.control.create_order(status="waitbuyerpay")["order_id"]
    window = {"modifyStartTime": "2026-11-18 20:00:00"}  # 19:06:40 Beijing + 1 h is after it
    listed = gw.call(TRADE, "alibaba.trade.getBuyerOrderList", window).json()["result"]
    assert [r["baseInfo"]["idOfStr"] for r in listed] == [new]
    paid = gw.call(TRADE, "alibaba.trade.getBuyerOrderList", {"orderStatus": "waitsellersend"}).json()
    assert [r["baseInfo"]["idOfStr"] for r in paid["result"]] == [old]
    everything = gw.call(TRADE, "alibaba.trade.getBuyerOrderList", {"orderIds": f"[{old}]"}).json()
    assert everything["totalRecord"] == 2  # the live list did not filter by orderIds either


def test_partial_then_full_shipment(gw: Gateway) -> None:
    made = gw.control.create_order(items=[{"name": "杯", "quantity": 2}, {"name": "伞", "quantity": 1}])
    order_id, (cup, umbrella) = made["order_id"], made["sub_item_ids"]
    assert _infos(gw, order_id)["errorCode"] == "500_2"
    gw.control.ship(
        order_id, items=[{"sub_item_id": cup, "quantity": 1}], bill_no="73100000000001", company="ZTO"
    )
    detail = _detail(gw, order_id)
    assert detail["baseInfo"]["status"] == "waitsellersend"  # a partly shipped order stays so
    assert [i["logisticsStatus"] for i in detail["productItems"]] == [5, 1]
    gw.control.ship(order_id, bill_no="YT1000000000001", company="圆通速递(YTO)")
    detail = _detail(gw, order_id)
    assert detail["baseInfo"]["status"] == "waitbuyerreceive"
    parcels = detail["nativeLogistics"]["logisticsItems"]
    assert [p["logisticsBillNo"] for p in parcels] == ["73100000000001", "YT1000000000001"]
    assert parcels[1]["subItemIds"] == f"{cup},{umbrella}"
    infos = _infos(gw, order_id)["result"]
    assert infos[0]["logisticsCompanyName"] == "中通快递(ZTO)" and infos[0]["logisticsCompanyNo"] == "ZTO"
    assert infos[0]["logisticsOrderGoods"][0]["quantity"] == 1
    assert infos[1]["orderEntryIds"] == f"{cup},{umbrella}"


def test_a_number_change_and_trace_steps(gw: Gateway) -> None:
    order_id = gw.control.create_order()["order_id"]
    parcel = gw.control.ship(order_id, bill_no="73100000000002")
    gw.control.act(order_id, "trace", logistics_id=parcel, status="TRANSPORT", remark="到达杭州中转")
    gw.control.act(order_id, "change_number", logistics_id=parcel, bill_no="SF1000000000002", company="SF")
    infos = _infos(gw, order_id)["result"][0]
    assert infos["logisticsBillNo"] == "SF1000000000002" and infos["status"] == "TRANSPORT"
    trace = gw.call(
        LOGISTICS, "alibaba.trade.getLogisticsTraceInfo.buyerView", {"webSite": "1688", "orderId": order_id}
    ).json()["logisticsTrace"][0]
    assert [s["remark"] for s in trace["logisticsSteps"]] == ["卖家已发货", "到达杭州中转"]
    assert len(trace["logisticsSteps"][0]["acceptTime"]) == 19


def test_no_trace_variants_and_history(gw: Gateway) -> None:
    order_id = gw.control.create_order()["order_id"]
    params = {"webSite": "1688", "orderId": order_id}
    api = "alibaba.trade.getLogisticsTraceInfo.buyerView"
    assert gw.call(LOGISTICS, api, params).json()["errorCode"] == "404"
    gw.control.set_scenario(trace_none_as="empty")
    empty = gw.call(LOGISTICS, api, params).json()
    assert empty["success"] is True and empty["errorMessage"] == "该订单没有物流跟踪信息。"
    old = gw.control.create_order(age_seconds=400 * 86_400)["order_id"]
    assert (
        gw.call(LOGISTICS, api, {"webSite": "1688", "orderId": old}).json()["errorCode"]
        == "order.createtime.history"
    )


def test_no_logistics_parcel_and_the_rest_of_the_life(gw: Gateway) -> None:
    order_id = gw.control.create_order(status="waitbuyerpay")["order_id"]
    gw.control.act(order_id, "pay")
    gw.control.ship(order_id, type="2")
    item = _detail(gw, order_id)["nativeLogistics"]["logisticsItems"][0]
    assert item["type"] == "2" and item["logisticsBillNo"] == "不需要物流"
    assert gw.control.act(order_id, "confirm")["status"] == "confirm_goods"
    assert gw.control.act(order_id, "success")["status"] == "success"


def test_a_buyer_cancel_closes_the_order_with_its_reason(gw: Gateway) -> None:
    order_id = gw.control.create_order()["order_id"]
    gw.control.act(order_id, "close", by="buyer")
    base = _detail(gw, order_id)["baseInfo"]
    assert (base["status"], base["closeReason"], base["closeOperateType"]) == (
        "cancel",
        "buyerCancel",
        "CLOSE_TRADE_BY_BUYER",
    )
