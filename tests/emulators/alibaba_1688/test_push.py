"""The emulated pushes: form-encoded and signed as documented, parked when undelivered, replayed by
the cursor API (which confirms), and the duplicate / reorder switches."""

from __future__ import annotations

import hashlib
import hmac
import json

from tests.emulators.alibaba_1688.conftest import SECRET, Gateway, PushSink


def _valid(body: dict[str, str]) -> bool:
    mac = hmac.new(SECRET.encode(), ("message" + body["message"]).encode(), hashlib.sha1).hexdigest().upper()
    return body["_aop_signature"] == mac


def test_each_event_is_pushed_signed_with_the_documented_envelope(gw: Gateway, sink: PushSink) -> None:
    gw.control.set_push_url(sink.url)
    order_id = gw.control.create_order()["order_id"]
    gw.control.ship(order_id, bill_no="73100000000003")
    types = [json.loads(b["message"])["type"] for b in sink.bodies]
    assert types == [
        "ORDER_BUYER_VIEW_BUYER_MAKE",
        "ORDER_BUYER_VIEW_ORDER_PAY",
        "ORDER_BUYER_VIEW_ANNOUNCE_SENDGOODS",
        "LOGISTICS_BUYER_VIEW_TRACE",
    ]
    assert all(_valid(b) for b in sink.bodies)
    shipped = json.loads(sink.bodies[2]["message"])
    assert set(shipped) == {"bizKey", "data", "gmtBorn", "msgId", "type", "userInfo"}
    assert shipped["bizKey"] == order_id and shipped["data"]["currentStatus"] == "waitbuyerreceive"
    trace = json.loads(sink.bodies[3]["message"])["data"]["OrderLogisticsTracingModel"]
    assert trace["mailNo"] == "73100000000003" and trace["statusChanged"] == "CONSIGN"


def test_a_partial_shipment_pushes_part_sendgoods_with_waitsellersend(gw: Gateway, sink: PushSink) -> None:
    made = gw.control.create_order(items=[{"quantity": 1}, {"quantity": 1}])
    gw.control.set_push_url(sink.url)
    gw.control.ship(
        made["order_id"], items=[{"sub_item_id": made["sub_item_ids"][0]}], bill_no="73100000000004"
    )
    messages = [json.loads(b["message"]) for b in sink.bodies]  # the queued make/pay go out first
    part = [m for m in messages if m["type"] == "ORDER_BUYER_VIEW_PART_PART_SENDGOODS"]
    assert len(part) == 1 and part[0]["data"]["currentStatus"] == "waitsellersend"
    assert "ORDER_BUYER_VIEW_ANNOUNCE_SENDGOODS" not in [m["type"] for m in messages]


def test_undelivered_messages_are_parked_and_the_cursor_confirms_them(gw: Gateway, sink: PushSink) -> None:
    sink.status = 500
    gw.control.set_push_url(sink.url)
    order_id = gw.control.create_order()["order_id"]
    assert len(sink.bodies) == 2 * 3  # two messages, three tries each
    assert [m["type"] for m in gw.control.parked()] == [
        "ORDER_BUYER_VIEW_BUYER_MAKE",
        "ORDER_BUYER_VIEW_ORDER_PAY",
    ]
    api = "push.cursor.messageList"
    assert (
        gw.call("cn.alibaba.open", api, {"quantity": "10"}, token="").json()["errorCode"] == "param.invalid"
    )
    page = gw.call("cn.alibaba.open", api, {"quantity": "20"}, token="").json()
    assert [m["bizKey"] for m in page["pushMessageList"]] == [order_id, order_id]
    assert json.loads(page["pushMessageList"][0]["data"])["orderId"] == int(order_id)
    assert gw.call("cn.alibaba.open", api, {"quantity": "20"}, token="").json()["pushMessageList"] == []


def test_query_does_not_confirm_and_confirm_does(gw: Gateway) -> None:
    gw.control.create_order()  # no push URL: parked at once
    gw.control.deliver_pushes()
    listed = gw.call("cn.alibaba.open", "push.query.messageList", {}, token="").json()["pushMessagePage"]
    assert listed["totalCount"] == 2
    ids = [m["msgId"] for m in listed["datas"]]
    gw.call("cn.alibaba.open", "push.message.confirm", {"msgIdList": json.dumps(ids[:1])}, token="")
    left = gw.call("cn.alibaba.open", "push.query.messageList", {}, token="").json()["pushMessagePage"]
    assert [m["msgId"] for m in left["datas"]] == ids[1:]


def test_duplicate_and_reordered_delivery(gw: Gateway, sink: PushSink) -> None:
    gw.control.set_scenario(push_duplicate=True, push_reorder=True, auto_push=False)
    gw.control.set_push_url(sink.url)
    gw.control.create_order()
    gw.control.deliver_pushes()
    types = [json.loads(b["message"])["type"] for b in sink.bodies]
    assert types == ["ORDER_BUYER_VIEW_ORDER_PAY"] * 2 + ["ORDER_BUYER_VIEW_BUYER_MAKE"] * 2
