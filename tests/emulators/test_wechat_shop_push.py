"""WeChat Shop emulator: lifecycle helpers and encrypted event push
(docs/platforms/wechat-shop.md#emulator-checklist 11-12)."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from typing import Any

import pytest

from emulators.wechat_shop import crypto

from .conftest import Shop, package
from .receiver import AES_KEY, TOKEN, Receiver, open_envelope, sha1_sorted


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    rec = Receiver()
    yield rec
    rec.close()


@pytest.fixture
def pushing(shop: Shop, receiver: Receiver) -> Shop:
    """Push configured, background delivery off: tests deliver with /_emulator/push/deliver."""
    shop.control.configure_push(url=receiver.url, token=TOKEN, encoding_aes_key=AES_KEY, auto=False)
    return shop


def _deliver(shop: Shop) -> list[dict[str, Any]]:
    return shop.control.deliver_push()


def _events(receiver: Receiver) -> list[dict[str, Any]]:
    return [json.loads(text) for text in receiver.events()]


# --- checklist 12: push delivery ----------------------------------------------------------------
def test_signature_matches_reference_worked_example() -> None:
    # The documented example: token AAAAA, timestamp 1714036504, nonce 1514711492
    # (docs/platforms/wechat-shop.md#message-push).
    assert crypto.signature("AAAAA", "1714036504", "1514711492") == "f464b24fc39322e44b38aa78f5edd27bd1441696"


def test_url_verification_get_expects_raw_echostr(pushing: Shop, receiver: Receiver) -> None:
    result = pushing.control.verify_push()
    assert result["ok"] is True
    query = receiver.requests[-1]["query"]
    assert set(query) == {"signature", "timestamp", "nonce", "echostr"}
    pushing.control.configure_push(token="another-token")
    assert pushing.control.verify_push()["ok"] is False


def test_push_is_safe_mode_json_with_signatures(pushing: Shop, receiver: Receiver) -> None:
    pushing.new_order(("1", "2", 1), status=10)
    assert [r["ok"] for r in _deliver(pushing)] == [True]
    post = receiver.posts()[0]
    query, body = post["query"], post["body"]
    assert set(body) == {"ToUserName", "Encrypt"} and body["ToUserName"].startswith("gh_")
    assert query["encrypt_type"] == "aes"
    assert query["signature"] == sha1_sorted(TOKEN, query["timestamp"], query["nonce"])
    assert query["msg_signature"] == sha1_sorted(TOKEN, query["timestamp"], query["nonce"], body["Encrypt"])


def test_push_payload_decrypts_with_appid_and_exact_numeric_order_id(
    pushing: Shop, receiver: Receiver
) -> None:
    order_id = pushing.new_order(("1", "2", 1), status=10)
    _deliver(pushing)
    text, receive_id = open_envelope(receiver.posts()[0]["body"]["Encrypt"])
    assert receive_id == pushing.appid
    assert re.search(r'"order_id":\s*' + order_id + r"\b", text), text  # bare number, all 19 digits
    event = json.loads(text)
    assert event["order_info"]["order_id"] == int(order_id) and int(order_id) > 2**53
    assert event["MsgType"] == "event" and event["Event"] == "channels_ec_order_new"
    assert isinstance(event["CreateTime"], int) and event["FromUserName"]


def test_emulator_encrypt_roundtrips_with_independent_decrypt() -> None:
    message = '{"order_info":{"order_id":3705115058471208928}}'
    cipher = crypto.encrypt(message.encode(), AES_KEY, "wxappid", random16=b"0123456789abcdef")
    assert open_envelope(cipher) == (message, "wxappid")


def test_push_reply_success_or_empty_is_accepted(pushing: Shop, receiver: Receiver) -> None:
    receiver.reply = ""
    pushing.new_order(("1", "2", 1), status=10)
    assert [r["ok"] for r in _deliver(pushing)] == [True]
    assert _deliver(pushing) == []


def test_push_retry_schedule_0_0_10s_1m_5m_30m_60m_60m_60m_max_10(pushing: Shop, receiver: Receiver) -> None:
    receiver.reply = "fail"
    pushing.new_order(("1", "2", 1), status=10)
    attempts_per_step = []
    for gap in (0, 0, 0, 10, 60, 300, 1800, 3600, 3600, 3600, 3600):
        if gap:
            pushing.control.advance_clock(gap - 1)
            assert _deliver(pushing) == [], f"not due yet before {gap}s"
            pushing.control.advance_clock(1)
        attempts_per_step.append(len(_deliver(pushing)))
    assert attempts_per_step == [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0]
    outbox = pushing.control.outbox()
    assert outbox[0]["status"] == "failed" and outbox[0]["attempts"] == 10
    assert len(receiver.posts()) == 10


def test_push_retried_after_slow_reply(pushing: Shop, receiver: Receiver) -> None:
    pushing.control.configure_push(timeout_s=0.2)
    receiver.delay = 0.5
    pushing.new_order(("1", "2", 1), status=10)
    assert [r["ok"] for r in _deliver(pushing)] == [False]
    receiver.delay = 0.0
    assert [r["ok"] for r in _deliver(pushing)] == [True]  # second push follows at 0 s


def test_push_duplicate_injection(pushing: Shop, receiver: Receiver) -> None:
    pushing.control.configure_push(duplicate_next=1)
    pushing.new_order(("1", "2", 1), status=10)
    _deliver(pushing)
    texts = receiver.events()
    assert len(texts) == 2 and texts[0] == texts[1]
    pushing.control.configure_push(duplicate_probability=1.0)
    pushing.control.cancel(json.loads(texts[0])["order_info"]["order_id"])
    _deliver(pushing)
    assert len(receiver.posts()) == 4


def test_background_worker_delivers_without_help(shop: Shop, receiver: Receiver) -> None:
    shop.control.configure_push(url=receiver.url, token=TOKEN, encoding_aes_key=AES_KEY, auto=True)
    shop.new_order(("1", "2", 1), status=10)
    deadline = time.monotonic() + 10  # generous: CI machines can be slow; it returns at the first post
    while not receiver.posts() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert len(receiver.posts()) == 1


# --- checklist 11: lifecycle helpers and their events ---------------------------------------------
def test_create_unpaid_then_pay_pushes_new_pay_wait_shipping(pushing: Shop, receiver: Receiver) -> None:
    order_id = pushing.new_order(("1", "2", 1), status=10)
    assert pushing.order(order_id)["status"] == 10
    pushing.control.pay(order_id)
    assert pushing.order(order_id)["status"] == 20
    _deliver(pushing)
    events = _events(receiver)
    assert [e["Event"] for e in events] == [
        "channels_ec_order_new",
        "channels_ec_order_pay",
        "channels_ec_order_wait_shipping",
    ]
    assert isinstance(events[1]["order_info"]["pay_time"], int)


def test_cancel_unpaid_is_250_with_cancel_type(pushing: Shop, receiver: Receiver) -> None:
    order_id = pushing.new_order(("1", "2", 1), status=10)
    pushing.control.cancel(order_id, cancel_type=2)
    assert pushing.order(order_id)["status"] == 250
    _deliver(pushing)
    cancel = _events(receiver)[-1]
    assert cancel["Event"] == "channels_ec_order_cancel" and cancel["order_info"]["cancel_type"] == 2


def test_refund_all_is_200_with_cancel_type_3(pushing: Shop, receiver: Receiver) -> None:
    order_id = pushing.new_order(("1", "2", 2))
    pushing.control.refund(order_id)
    order = pushing.order(order_id)
    assert order["status"] == 200
    assert order["order_detail"]["product_infos"][0]["finish_aftersale_sku_cnt"] == 2
    _deliver(pushing)
    names = [e["Event"] for e in _events(receiver)]
    assert "channels_ec_aftersale_update" in names
    assert _events(receiver)[-1]["order_info"]["cancel_type"] == 3


def test_aftersale_open_shows_on_order_and_pushes_update(pushing: Shop, receiver: Receiver) -> None:
    order_id = pushing.new_order(("1", "2", 3))
    answer = pushing.control.aftersale(order_id, action="open", count=1)
    order = pushing.order(order_id)
    assert order["order_detail"]["product_infos"][0]["on_aftersale_sku_cnt"] == 1
    assert order["aftersale_detail"]["on_aftersale_order_cnt"] == 1
    listed = order["aftersale_detail"]["aftersale_order_list"][0]
    assert listed["aftersale_order_id"] == answer["aftersale_order_id"]
    _deliver(pushing)
    update = _events(receiver)[-1]
    assert update["Event"] == "channels_ec_aftersale_update"
    assert update["finder_shop_aftersale_status_update"]["status"] == "MERCHANT_PROCESSING"
    assert update["finder_shop_aftersale_status_update"]["order_id"] == order_id


def test_ship_pushes_deliver_with_finish_delivery(pushing: Shop, receiver: Receiver) -> None:
    order_id = pushing.new_order(("1", "2", 1), ("3", "4", 1))
    pushing.send(order_id, package("SF1111111111", ("1", "2", 1)))
    pushing.send(order_id, package("SF2222222222", ("3", "4", 1)))
    _deliver(pushing)
    delivers = [e for e in _events(receiver) if e["Event"] == "channels_ec_order_deliver"]
    assert [e["order_info"]["finish_delivery"] for e in delivers] == [0, 1]


def test_confirm_and_settle(pushing: Shop, receiver: Receiver) -> None:
    order_id = pushing.new_order(("1", "2", 1))
    pushing.send(order_id, package("SF1111111111", ("1", "2", 1)))
    pushing.control.confirm(order_id, confirm_type=2)
    pushing.control.settle(order_id)
    assert pushing.order(order_id)["status"] == 100
    _deliver(pushing)
    events = _events(receiver)
    assert (
        events[-2]["Event"] == "channels_ec_order_confirm" and events[-2]["order_info"]["confirm_type"] == 2
    )
    assert events[-1]["Event"] == "channels_ec_order_settle" and "settle_time" in events[-1]["order_info"]


def test_ext_info_urge_and_address_change(pushing: Shop, receiver: Receiver) -> None:
    order_id = pushing.new_order(("1", "2", 1))
    pushing.control.ext_info(order_id, type=7)
    pushing.control.ext_info(order_id, type=4, address={"detail_info": "新地址 8 号"})
    assert "address_under_review" in pushing.order(order_id)["order_detail"]["delivery_info"]
    pushing.control.ext_info(order_id, type=16)
    delivery = pushing.order(order_id)["order_detail"]["delivery_info"]
    assert "address_under_review" not in delivery and delivery["address_info"]["detail_info"] == "新地址 8 号"
    _deliver(pushing)
    types = [
        e["order_info"]["type"]
        for e in _events(receiver)
        if e["Event"] == "channels_ec_order_ext_info_update"
    ]
    assert types == [7, 4, 16]


def test_modify_event_type_is_configurable(pushing: Shop, receiver: Receiver) -> None:
    order_id = pushing.new_order(("1", "2", 1))
    pushing.send(order_id, package("SF1111111111", ("1", "2", 1)))
    pushing.control.configure(modify_event_type=99)
    body = {"order_id": order_id, "delivery_list": [package("SF2222222222", ("1", "2", 1))]}
    assert pushing.call("/channels/ec/order/deliveryinfo/update", body)["errcode"] == 0
    _deliver(pushing)
    last = _events(receiver)[-1]
    assert last["Event"] == "channels_ec_order_ext_info_update" and last["order_info"]["type"] == 99


def test_control_can_queue_any_event(pushing: Shop, receiver: Receiver) -> None:
    order_id = pushing.new_order(("1", "2", 1), status=10)
    queued = pushing.control.queue_event("channels_ec_order_ext_info_update", order_id, type=5)
    assert queued >= 1
    _deliver(pushing)
    last = _events(receiver)[-1]
    assert last["Event"] == "channels_ec_order_ext_info_update"
    assert last["order_info"] == {"order_id": int(order_id), "type": 5}


def test_aftersale_with_empty_body_blocks_the_whole_first_line(shop: Shop) -> None:
    order_id = shop.new_order(("1", "2", 2), ("3", "4", 1))
    record = shop.control.aftersale(order_id)
    assert (record["product_id"], record["sku_id"], record["count"]) == ("1", "2", 2)
    order = shop.order(order_id)
    assert [p["on_aftersale_sku_cnt"] for p in order["order_detail"]["product_infos"]] == [2, 0]
