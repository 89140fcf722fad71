"""Checklist items 8 (courier list) and 9 (delivery/send state machine) of
docs/platforms/wechat-shop.md#emulator-checklist."""

from __future__ import annotations

from typing import Any

import pytest

from shared.wechat import OutgoingPackage, WeChatShopClient
from shared.wechat import errors as e
from shared.wechat.client import PATH_COURIERS_NEW, PATH_DELIVERY_SEND
from tests.contract.wechat.conftest import Emulator

A = ("1001", "2001")
B = ("1002", "2002")


def raw_package(
    waybill: str, *items: tuple[str, str, int], courier: str = "SF", deliver_type: int = 1
) -> dict[str, Any]:
    return {
        "delivery_id": courier,
        "waybill_id": waybill,
        "deliver_type": deliver_type,
        "product_infos": [{"product_id": p, "sku_id": s, "product_cnt": n} for p, s, n in items],
    }


# --- 8. couriers ----------------------------------------------------------------------------------


def test_item8_courier_list_from_new_endpoint_is_cached(emu: Emulator, client: WeChatShopClient) -> None:
    couriers = client.delivery_companies()
    codes = {c.delivery_id: c.delivery_name for c in couriers}
    assert {"SF", "ZTO", "YTO", "YUNDA", "JTSD", "EMS"} <= set(codes)
    assert codes["SF"] == "顺丰速运"
    assert client.delivery_companies() == couriers
    assert emu.count(PATH_COURIERS_NEW) == 1
    only = client.delivery_companies(ewaybill_only=True)
    assert 0 < len(only) < len(couriers)
    client.delivery_companies(refresh=True)
    assert emu.count(PATH_COURIERS_NEW) == 3


# --- 9. ship: happy paths -------------------------------------------------------------------------


def test_item9_ship_whole_order_sends_full_quantities_and_deliver_type_1(
    emu: Emulator, client: WeChatShopClient
) -> None:
    order_id = emu.new_order((*A, 3), (*B, 1))
    result = client.ship(order_id, [OutgoingPackage("ZTO", "ZT3000000001")])
    assert result.sent
    assert result.delivery_list[0]["deliver_type"] == 1
    assert [(i["sku_id"], i["product_cnt"]) for i in result.delivery_list[0]["product_infos"]] == [
        ("2001", 3),
        ("2002", 1),
    ]
    assert client.get_order(order_id).status == 30


def test_item9_two_packages_in_one_call(emu: Emulator, client: WeChatShopClient) -> None:
    order_id = emu.new_order((*A, 2), (*B, 1))
    client.ship(
        order_id, [OutgoingPackage("SF", "SF3000000001", (A,)), OutgoingPackage("SF", "SF3000000002", (B,))]
    )
    order = client.get_order(order_id)
    assert order.status == 30 and [p.waybill_id for p in order.delivery.packages] == [
        "SF3000000001",
        "SF3000000002",
    ]
    assert emu.count(PATH_DELIVERY_SEND) == 1


def test_item9_refunded_units_are_not_shipped(emu: Emulator, client: WeChatShopClient) -> None:
    order_id = emu.new_order((*A, 3), (*B, 1))
    emu.control.aftersale(order_id, action="open", product_id=A[0], sku_id=A[1], count=1)
    emu.control.aftersale(order_id, action="finish")
    result = client.ship(order_id, [OutgoingPackage("SF", "SF3000000003")])
    assert [i["product_cnt"] for i in result.delivery_list[0]["product_infos"]] == [2, 1]
    assert client.get_order(order_id).status == 30


# --- 9. ship: unhappy paths -----------------------------------------------------------------------


def test_item9_shipping_a_cancelled_order(emu: Emulator, client: WeChatShopClient) -> None:
    order_id = emu.new_order((*A, 1))
    emu.control.cancel(order_id)
    with pytest.raises(e.ShipPlanError) as local:
        client.ship(order_id, [OutgoingPackage("SF", "SF3000000004")])
    assert local.value.reason == "status"
    assert emu.count(PATH_DELIVERY_SEND) == 0  # refused before sending
    with pytest.raises(e.StatusNotAllowedError) as remote:
        client.send_delivery(order_id, [raw_package("SF3000000004", (*A, 1))])
    assert remote.value.errcode == 101100


def test_item9_unpaid_order_is_101100(emu: Emulator, client: WeChatShopClient) -> None:
    order_id = emu.new_order((*A, 1), status=10)
    with pytest.raises(e.StatusNotAllowedError):
        client.send_delivery(order_id, [raw_package("SF3000000005", (*A, 1))])


def test_item9_shipping_twice_is_idempotent_and_the_platform_says_109001(
    emu: Emulator, client: WeChatShopClient
) -> None:
    order_id = emu.new_order((*A, 1))
    first = client.ship(order_id, [OutgoingPackage("SF", "SF3000000006")])
    again = client.ship(order_id, [OutgoingPackage("SF", "SF3000000006")])
    assert first.sent and not again.sent and again.already_recorded == ("SF3000000006",)
    assert emu.count(PATH_DELIVERY_SEND) == 1  # a repeated tick never ships twice
    with pytest.raises(e.AlreadyShippedError) as err:
        client.send_delivery(order_id, [raw_package("SF3000000007", (*A, 1))])
    assert err.value.errcode == 109001
    with pytest.raises(e.ShipPlanError):  # a different number for a shipped order: refused locally
        client.ship(order_id, [OutgoingPackage("SF", "SF3000000007")])


def test_item9_a_split_sku_is_refused_locally_and_by_the_platform(
    emu: Emulator, client: WeChatShopClient
) -> None:
    order_id = emu.new_order((*A, 2))
    with pytest.raises(e.ShipPlanError) as local:
        client.ship(
            order_id,
            [OutgoingPackage("SF", "SF3000000008", (A,)), OutgoingPackage("SF", "SF3000000009", (A,))],
        )
    assert local.value.reason == "split_sku"
    assert emu.count(PATH_DELIVERY_SEND) == 0
    with pytest.raises(e.SplitSkuError):  # two entries for one SKU
        client.send_delivery(
            order_id, [raw_package("SF3000000008", (*A, 1)), raw_package("SF3000000009", (*A, 1))]
        )
    with pytest.raises(e.SplitSkuError):  # fewer units than the SKU's shippable count
        client.send_delivery(order_id, [raw_package("SF3000000008", (*A, 1))])


def test_item9_the_after_sale_block(emu: Emulator, client: WeChatShopClient) -> None:
    order_id = emu.new_order((*A, 2), (*B, 1))
    emu.control.aftersale(order_id, action="open", product_id=B[0], sku_id=B[1])
    with pytest.raises(e.ShipPlanError) as local:
        client.ship(order_id, [OutgoingPackage("SF", "SF3000000010")])
    assert local.value.reason == "aftersale"
    with pytest.raises(e.AftersaleBlockError) as remote:
        client.send_delivery(order_id, [raw_package("SF3000000010", (*A, 2))])
    assert remote.value.errcode == 108009
    emu.control.aftersale(order_id, action="close")
    assert client.ship(order_id, [OutgoingPackage("SF", "SF3000000010")]).sent


@pytest.mark.parametrize(
    ("package", "error", "code"),
    [
        (raw_package("SF3000000011", (*A, 1), courier="NOPE"), e.InvalidCourierError, 606004),
        (raw_package("SF-300?", (*A, 1)), e.InvalidWaybillError, 606005),
        (raw_package("", (*A, 1)), e.InvalidWaybillError, 606005),
        (raw_package("SF3000000012", ("9999", "9999", 1)), e.ItemNotInOrderError, 606031),
        (raw_package("SF3000000013", (*A, 5)), e.ItemQuantityError, 109000),
        (raw_package("SF3000000014"), e.NoItemsError, 109002),
        (raw_package("SF3000000015", ("0", "2001", 1)), e.InvalidRequestError, 40097),
        (raw_package("SF3000000016", (*A, 1), deliver_type=3), e.DeliverTypeError, 606008),
    ],
)
def test_item9_send_errors_map_to_their_classes(
    emu: Emulator, client: WeChatShopClient, package: dict[str, Any], error: type[e.WeChatError], code: int
) -> None:
    order_id = emu.new_order((*A, 1))
    with pytest.raises(error) as err:
        client.send_delivery(order_id, [package])
    assert err.value.errcode == code
    assert emu.count(PATH_DELIVERY_SEND) == 1  # business errors are not retried
    assert client.get_order(order_id).status == 20


def test_item9_shop_without_return_address_606003(emu: Emulator, client: WeChatShopClient) -> None:
    order_id = emu.new_order((*A, 1))
    emu.control.set_shop(has_return_address=False)
    with pytest.raises(e.NoReturnAddressError):
        client.ship(order_id, [OutgoingPackage("SF", "SF3000000017")])


@pytest.mark.parametrize(
    ("flag", "error"), [("dropship_locked", e.ThirdPartyLockedError), ("ewaybill", e.EwaybillExistsError)]
)
def test_item9_locked_orders(
    emu: Emulator, client: WeChatShopClient, flag: str, error: type[e.WeChatError]
) -> None:
    order_id = emu.new_order((*A, 1))
    emu.control.set_flags(order_id, **{flag: True})
    with pytest.raises(error):
        client.ship(order_id, [OutgoingPackage("SF", "SF3000000018")])


def test_item9_unknown_order_100002(client: WeChatShopClient) -> None:
    with pytest.raises(e.OrderNotFoundError):
        client.send_delivery("3711111111111111111", [raw_package("SF3000000019", (*A, 1))])


def test_item9_concurrent_update_100003_is_retried(emu: Emulator, client: WeChatShopClient) -> None:
    order_id = emu.new_order((*A, 1))
    client.get_order(order_id)
    emu.control.lock(order_id)
    with pytest.raises(e.ConcurrentUpdateError):
        client.send_delivery(order_id, [raw_package("SF3000000020", (*A, 1))])
    assert emu.codes(PATH_DELIVERY_SEND) == [100003] * 4  # retried up to the bound, nothing shipped
    emu.control.unlock(order_id)
    client.send_delivery(order_id, [raw_package("SF3000000020", (*A, 1))])
    assert client.get_order(order_id).status == 30


def test_item9_lost_response_is_resolved_by_reading_the_order_back(
    emu: Emulator, client: WeChatShopClient
) -> None:
    order_id = emu.new_order((*A, 1))
    client.get_order(order_id)
    emu.control.set_faults(drop_next=1, paths=[PATH_DELIVERY_SEND])
    with pytest.raises(e.TransportError):  # dropped before the emulator processed it: not shipped
        client.ship(order_id, [OutgoingPackage("SF", "SF3000000021")])
    assert emu.codes(PATH_DELIVERY_SEND) == ["dropped"]  # a write is never replayed blindly
    assert client.ship(order_id, [OutgoingPackage("SF", "SF3000000021")]).sent


def test_item9_answer_lost_after_the_ship_was_applied_is_read_back_not_resent(
    emu: Emulator, client: WeChatShopClient
) -> None:
    order_id = emu.new_order((*A, 1))
    client.get_order(order_id)
    emu.control.set_faults(drop_after_next=1, paths=[PATH_DELIVERY_SEND])
    result = client.ship(order_id, [OutgoingPackage("SF", "SF3000000022")])
    assert result.sent  # the network error was resolved by reading the order back ...
    assert emu.codes(PATH_DELIVERY_SEND) == ["dropped_after_processing"]  # ... never by sending again
    assert [p.waybill_id for p in client.get_order(order_id).delivery.packages] == ["SF3000000022"]


def test_item9_race_with_another_instance_shipping_the_same_number_is_success(
    emu: Emulator, client: WeChatShopClient
) -> None:
    from shared.wechat import TokenBucket
    from tests.contract.wechat.conftest import make_client

    order_id = emu.new_order((*A, 2), (*B, 1))
    other = make_client(emu)

    def other_instance_ships_first(_: float) -> None:  # runs between our re-read and our send
        other.send_delivery(order_id, [raw_package("SF3000000030", (*A, 2), (*B, 1))])

    gate = TokenBucket(rate=1.0, burst=1, clock=lambda: 0.0, sleep=other_instance_ships_first)
    gate.reserve()  # the next acquire must "wait", which runs the other instance
    with make_client(emu, rate_limits={PATH_DELIVERY_SEND: gate}) as racer:
        result = racer.ship(order_id, [OutgoingPackage("SF", "SF3000000030")])
    other.close()
    assert result.sent
    assert emu.codes(PATH_DELIVERY_SEND) == [0, 109001]  # theirs, then ours, resolved by reading back
    assert [p.waybill_id for p in client.get_order(order_id).delivery.packages] == ["SF3000000030"]


def test_item9_race_with_a_different_number_is_reported(emu: Emulator, client: WeChatShopClient) -> None:
    from shared.wechat import TokenBucket
    from tests.contract.wechat.conftest import make_client

    order_id = emu.new_order((*A, 1))
    other = make_client(emu)
    gate = TokenBucket(
        rate=1.0,
        burst=1,
        clock=lambda: 0.0,
        sleep=lambda _: other.send_delivery(order_id, [raw_package("YT3000000031", (*A, 1), courier="YTO")]),
    )
    gate.reserve()
    with (
        make_client(emu, rate_limits={PATH_DELIVERY_SEND: gate}) as racer,
        pytest.raises(e.AlreadyShippedError),
    ):
        racer.ship(order_id, [OutgoingPackage("SF", "SF3000000031")])
    other.close()
