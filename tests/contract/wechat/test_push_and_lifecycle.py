"""Checklist items 11 (lifecycle helpers, seen through the client and the pushes) and 12 (push
delivery: URL verification, signatures, AES decryption, exact order ids, retries, duplicates) of
docs/platforms/wechat-shop.md#emulator-checklist."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from shared.wechat import EventReceiver, OutgoingPackage, WeChatShopClient
from tests.contract.wechat.conftest import Emulator
from tests.contract.wechat.push_receiver import PUSH_AES_KEY, PUSH_TOKEN, Inbox, push_endpoint


@pytest.fixture
def inbox(emu: Emulator) -> Iterator[Inbox]:
    receiver = EventReceiver(PUSH_TOKEN, [PUSH_AES_KEY], expected_receive_id=emu.appid)
    with push_endpoint(receiver) as (url, box):
        emu.control.configure_push(url=url, token=PUSH_TOKEN, encoding_aes_key=PUSH_AES_KEY, auto=False)
        yield box


def deliver(emu: Emulator) -> list[dict[str, object]]:
    results: list[dict[str, object]] = emu.control.deliver_push()
    return results


# --- 12. push delivery ----------------------------------------------------------------------------


def test_item12_url_verification_echoes_echostr(emu: Emulator, inbox: Inbox) -> None:
    answer = emu.control.verify_push()
    assert answer["ok"] is True
    assert inbox.verified == [answer["reply"]]


def test_item12_url_verification_with_a_wrong_token_is_refused(emu: Emulator, inbox: Inbox) -> None:
    emu.control.configure_push(token="someoneElsesToken")
    assert emu.control.verify_push()["ok"] is False
    assert inbox.rejected == ["EventSignatureError"]


def test_item12_decrypting_a_pushed_event_keeps_order_id_exact(emu: Emulator, inbox: Inbox) -> None:
    order_id = emu.new_order(("1001", "2001", 1), status=10)
    deliver(emu)
    (event,) = inbox.of("channels_ec_order_new")
    assert event.order_id == order_id and int(order_id) > 2**53
    assert event.receive_id == emu.appid
    assert event.payload["order_info"]["order_id"] == int(order_id)  # a JSON number, kept exact
    assert event.to_user.startswith("gh_")


def test_item12_wrong_aes_key_is_rejected_and_retried_by_the_platform(emu: Emulator, inbox: Inbox) -> None:
    emu.control.configure_push(encoding_aes_key="Q" * 43)
    emu.new_order(("1001", "2001", 1), status=10)
    assert [r["ok"] for r in deliver(emu)] == [False]
    assert inbox.rejected == ["EventDecryptError"] and inbox.events == []
    emu.control.configure_push(encoding_aes_key=PUSH_AES_KEY)
    assert [r["ok"] for r in deliver(emu)] == [True]  # second push is due at once (0 s)


def test_item12_failed_pushes_follow_the_retry_schedule(emu: Emulator, inbox: Inbox) -> None:
    emu.new_order(("1001", "2001", 1), status=10)
    inbox.fail_next = 3
    assert [r["ok"] for r in deliver(emu)] == [False]  # push 1
    assert [r["ok"] for r in deliver(emu)] == [False]  # push 2, due 0 s later
    assert [r["ok"] for r in deliver(emu)] == [False]  # push 3, due 0 s later
    assert deliver(emu) == []  # push 4 is due 10 s later
    emu.sleep(11)
    assert [r["ok"] for r in deliver(emu)] == [True]
    assert len(inbox.of("channels_ec_order_new")) == 1


def test_item12_duplicate_delivery_has_the_same_dedup_key(emu: Emulator, inbox: Inbox) -> None:
    emu.control.configure_push(duplicate_next=1)
    emu.new_order(("1001", "2001", 1), status=10)
    deliver(emu)
    first, second = inbox.of("channels_ec_order_new")
    assert first.dedup_key == second.dedup_key
    assert len({e.dedup_key for e in inbox.events}) == len(inbox.events) - 1


# --- 11. lifecycle helpers ------------------------------------------------------------------------


def test_item11_create_pay_ship_confirm_settle(emu: Emulator, client: WeChatShopClient, inbox: Inbox) -> None:
    order_id = emu.new_order(("1001", "2001", 1), status=10)
    assert client.get_order(order_id).status == 10
    emu.control.pay(order_id)
    assert client.get_order(order_id).status == 20
    client.ship(order_id, [OutgoingPackage("SF", "SF5000000001")])
    emu.control.confirm(order_id, confirm_type=2)
    assert client.get_order(order_id).status == 100
    emu.control.settle(order_id)
    deliver(emu)
    names = [e.event for e in inbox.events]
    assert names == [
        "channels_ec_order_new",
        "channels_ec_order_pay",
        "channels_ec_order_wait_shipping",
        "channels_ec_order_deliver",
        "channels_ec_order_confirm",
        "channels_ec_order_settle",
    ]
    assert all(e.order_id == order_id for e in inbox.events)
    assert inbox.of("channels_ec_order_pay")[0].payload["order_info"]["pay_time"] > 0
    assert inbox.of("channels_ec_order_deliver")[0].payload["order_info"]["finish_delivery"] == 1
    assert inbox.of("channels_ec_order_confirm")[0].payload["order_info"]["confirm_type"] == 2


def test_item11_partial_shipment_pushes_finish_delivery_0(
    emu: Emulator, client: WeChatShopClient, inbox: Inbox
) -> None:
    order_id = emu.new_order(("1001", "2001", 1), ("1002", "2002", 1))
    client.ship(order_id, [OutgoingPackage("SF", "SF5000000002", (("1001", "2001"),))])
    deliver(emu)
    assert [e.payload["order_info"]["finish_delivery"] for e in inbox.of("channels_ec_order_deliver")] == [0]


def test_item11_cancel_unpaid_is_250_and_refund_all_is_200(
    emu: Emulator, client: WeChatShopClient, inbox: Inbox
) -> None:
    unpaid = emu.new_order(("1001", "2001", 1), status=10)
    emu.control.cancel(unpaid, cancel_type=2)
    paid = emu.new_order(("1001", "2001", 1))
    emu.control.refund(paid)
    assert client.get_order(unpaid).status == 250
    assert client.get_order(paid).status == 200
    deliver(emu)
    cancels = {
        e.order_id: e.payload["order_info"]["cancel_type"] for e in inbox.of("channels_ec_order_cancel")
    }
    assert cancels == {unpaid: 2, paid: 3}


def test_item11_after_sale_open_and_close_are_pushed_and_seen_in_detail(
    emu: Emulator, client: WeChatShopClient, inbox: Inbox
) -> None:
    order_id = emu.new_order(("1001", "2001", 2))
    emu.control.aftersale(order_id, action="open", count=1)
    order = client.get_order(order_id)
    assert order.has_open_aftersale and order.products[0].on_aftersale_sku_cnt == 1
    assert order.aftersale.on_aftersale_order_cnt == 1
    emu.control.aftersale(order_id, action="close")
    assert not client.get_order(order_id).has_open_aftersale
    deliver(emu)
    updates = inbox.of("channels_ec_aftersale_update")
    assert [e.order_id for e in updates] == [order_id, order_id]
    assert [e.payload["finder_shop_aftersale_status_update"]["status"] for e in updates] == [
        "MERCHANT_PROCESSING",
        "USER_CANCELD",
    ]


def test_item11_buyer_urges_shipment_ext_info_type_7(emu: Emulator, inbox: Inbox) -> None:
    order_id = emu.new_order(("1001", "2001", 1))
    emu.control.ext_info(order_id, type=7)
    deliver(emu)
    (event,) = inbox.of("channels_ec_order_ext_info_update")
    assert event.order_id == order_id and event.payload["order_info"]["type"] == 7
