"""shop_events and sync over HTTP, fed by the WeChat Shop emulator's own push and a CloudEvent."""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx

from shared.wechat.crypto import sha1_signature
from tests.e2e.world import AES_KEY, PUSH_TOKEN
from tests.functions.conftest import Deployed


def _until(check: Callable[[], bool], seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return check()


def test_url_verification_echoes_only_with_the_right_signature(deployed: Deployed) -> None:
    url = f"{deployed.functions.url}/shop_events"
    good = sha1_signature(PUSH_TOKEN, "1700000000", "nonce1")
    answer = httpx.get(
        url,
        params={
            "signature": good,
            "timestamp": "1700000000",
            "nonce": "nonce1",
            "echostr": "4375120948345356249",
        },
    )
    assert answer.status_code == 200 and answer.text == "4375120948345356249"
    bad = httpx.get(
        url, params={"signature": "0" * 40, "timestamp": "1700000000", "nonce": "nonce1", "echostr": "x"}
    )
    assert bad.status_code == 401


def test_a_cancellation_pushed_by_the_platform_marks_the_row(deployed: Deployed) -> None:
    w = deployed.world
    w.shop_control.configure_push(
        url=f"{deployed.functions.url}/shop_events", token=PUSH_TOKEN, encoding_aes_key=AES_KEY, auto=False
    )
    order_id = w.create_order()
    w.tick()
    w.type_cell(order_id, "供应商单号", "PO-9")
    w.shop_control.cancel(order_id)
    delivered = w.shop_control.deliver_push()
    assert delivered and all(r["ok"] for r in delivered)
    deployed.settle()  # the private refresh function drained the queued order
    assert w.row_of(order_id)["状态"] == "已取消"
    alerts = w.records("异常")
    assert any(a["订单号"] == order_id and "PO-9" in a["说明"] for a in alerts)


def test_an_event_while_the_orders_header_is_broken_changes_no_row(deployed: Deployed) -> None:
    """Issue 12: with 快递单号 renamed, a cancellation event changes no row (its order is put back in
    the queue); the first tick after the header is back marks the row."""
    w = deployed.world
    w.shop_control.configure_push(
        url=f"{deployed.functions.url}/shop_events", token=PUSH_TOKEN, encoding_aes_key=AES_KEY, auto=False
    )
    order_id = w.create_order()
    w.tick()
    letter = chr(ord("A") + w.values()[0].index("快递单号"))
    w._put(f"'订单'!{letter}1", "单号")
    before = w.values()
    w.shop_control.cancel(order_id)
    delivered = w.shop_control.deliver_push()
    assert delivered and all(r["ok"] for r in delivered)
    deployed.settle()  # the private refresh function drained the queued order
    assert w.values() == before
    w._put(f"'订单'!{letter}1", "快递单号")
    w.tick()
    assert w.row_of(order_id)["状态"] == "已取消"


def _order_reads(d: Deployed) -> int:
    return d.world.shop_control.call_count("/channels/ec/order/get")


def test_a_repeated_delivery_is_handled_once(deployed: Deployed) -> None:
    w = deployed.world
    w.shop_control.configure_push(
        url=f"{deployed.functions.url}/shop_events", token=PUSH_TOKEN, encoding_aes_key=AES_KEY, auto=False
    )
    order_id = w.create_order()
    w.shop_control.deliver_push()
    deployed.settle()
    w.tick()
    w.shop_control.reset_calls()
    w.shop_control.cancel(order_id)
    w.shop_control.configure_push(duplicate_next=1)
    results = w.shop_control.deliver_push()
    deployed.settle()
    events = [r["event"] for r in results]
    outbox = w.shop_control.outbox()
    duplicates = [h for item in outbox for h in item["history"] if h.get("duplicate")]
    assert len(duplicates) == 1 and "success" in duplicates[0]["reply"]  # one event really came twice
    assert all(r["ok"] for r in results)
    # ... and it was read back at most once per event (events drained together share one read)
    assert 1 <= _order_reads(deployed) <= len(set(events))
    assert [r["订单号"] for r in w.records()].count(order_id) == 1


def test_a_scheduler_cloud_event_runs_a_tick(deployed: Deployed) -> None:
    w = deployed.world
    order_id = w.create_order()
    headers = {
        "ce-id": "1",
        "ce-specversion": "1.0",
        "ce-source": "//pubsub.googleapis.com/projects/p/topics/t",
        "ce-type": "google.cloud.pubsub.topic.v1.messagePublished",
        "Content-Type": "application/json",
    }
    answer = httpx.post(
        f"{deployed.functions.url}/sync", headers=headers, json={"message": {"data": "dGljaw=="}}, timeout=30
    )
    assert answer.status_code == 200, answer.text
    assert _until(lambda: any(r["订单号"] == order_id for r in w.records()))
