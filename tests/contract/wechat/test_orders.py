"""Checklist items 5 (order list), 6 (order detail) and 7 (search) of
docs/platforms/wechat-shop.md#emulator-checklist."""

from __future__ import annotations

import pytest

from shared.wechat import OutgoingPackage, SearchCondition, WeChatShopClient
from shared.wechat.client import PATH_ORDER_LIST, PATH_ORDER_SEARCH
from shared.wechat.errors import OrderNotFoundError
from tests.contract.wechat.conftest import Emulator

DAY = 86_400


def _create(emu: Emulator, *, days_ago: float, status: int = 10, title: str = "商品", **extra: object) -> str:
    body = {
        "products": [{"product_id": "1001", "sku_id": "2001", "sku_cnt": 1, "title": title}],
        "status": status,
        "create_time": int(emu.now() - days_ago * DAY),
        **extra,
    }
    order_id: str = emu.control.create_order(**body)
    return order_id


# --- 5. list --------------------------------------------------------------------------------------


def test_item5_list_over_twenty_days_is_split_into_seven_day_windows(
    emu: Emulator, client: WeChatShopClient
) -> None:
    ids = {_create(emu, days_ago=d) for d in (0.5, 3, 8, 12, 15.5, 19.5)}
    now = int(emu.now())
    found = client.list_order_ids(now - 20 * DAY, now, by="create")
    assert set(found) == ids and len(found) == len(ids)
    codes = emu.codes(PATH_ORDER_LIST)
    assert len(codes) == 3 and set(codes) == {0}  # 3 windows, none refused with 40097


def test_item5_paging_follows_next_key_with_every_other_param_unchanged(
    emu: Emulator, client: WeChatShopClient
) -> None:
    ids = {_create(emu, days_ago=0.1 + i / 100) for i in range(7)}
    now = int(emu.now())
    found = client.list_order_ids(now - DAY, now, by="create", page_size=2)
    assert set(found) == ids
    assert emu.codes(PATH_ORDER_LIST) == [0, 0, 0, 0]  # 4 pages, no 606006


def test_item5_status_filter_20_includes_partially_shipped(emu: Emulator, client: WeChatShopClient) -> None:
    waiting = emu.new_order(("1001", "2001", 1))
    partial = emu.new_order(("1001", "2001", 1), ("1002", "2002", 1))
    shipped = emu.new_order(("1001", "2001", 1))
    client.ship(partial, [OutgoingPackage("SF", "SF1000000001", (("1001", "2001"),))])
    client.ship(shipped, [OutgoingPackage("SF", "SF1000000002")])
    now = int(emu.now())
    assert set(client.list_order_ids(now - 3600, now + 60, status=20)) == {waiting, partial}
    assert set(client.list_order_ids(now - 3600, now + 60, status=30)) == {partial, shipped}


def test_item5_update_time_range_sees_an_old_order_that_changed_now(
    emu: Emulator, client: WeChatShopClient
) -> None:
    old = _create(emu, days_ago=10, status=10)
    now = int(emu.now())
    assert client.list_order_ids(now - 3600, now + 60) == []
    emu.control.pay(old)
    assert client.list_order_ids(now - 3600, int(emu.now()) + 60) == [old]


def test_item5_too_many_orders_31042_halves_the_window(emu: Emulator, client: WeChatShopClient) -> None:
    ids = {_create(emu, days_ago=i / 10) for i in range(1, 8)}
    emu.control.configure(max_orders_per_range=3)
    now = int(emu.now())
    assert set(client.list_order_ids(now - DAY, now, by="create")) == ids
    codes = emu.codes(PATH_ORDER_LIST)
    assert 31042 in codes and codes[-1] == 0


# --- 6. detail ------------------------------------------------------------------------------------


def test_item6_detail_is_typed_with_exact_ids_and_grows_per_shipment(
    emu: Emulator, client: WeChatShopClient
) -> None:
    order_id = emu.new_order(("1001", "2001", 2), ("1002", "2002", 1))
    assert len(order_id) >= 19 and int(order_id) > 2**53
    order = client.get_order(order_id)
    assert order.order_id == order_id and order.status == 20
    assert [(p.product_id, p.sku_id, p.sku_cnt) for p in order.products] == [
        ("1001", "2001", 2),
        ("1002", "2002", 1),
    ]
    assert (
        order.pay_time is not None and order.delivery.packages == () and order.delivery.ship_done_time is None
    )
    assert order.products[0].delivery_deadline is not None
    client.ship(order_id, [OutgoingPackage("SF", "SF2000000001", (("1001", "2001"),))])
    partial = client.get_order(order_id)
    assert partial.status == 21 and partial.delivery.ship_done_time is None
    (pkg,) = partial.delivery.packages
    assert (pkg.delivery_id, pkg.delivery_name, pkg.waybill_id) == ("SF", "顺丰速运", "SF2000000001")
    assert pkg.delivery_time is not None and pkg.items[0].product_cnt == 2
    client.ship(order_id, [OutgoingPackage("YTO", "YT2000000002")])
    done = client.get_order(order_id)
    assert done.status == 30 and done.delivery.ship_done_time is not None
    assert len(done.delivery.packages) == 2


def test_item6_unknown_order_is_100002(client: WeChatShopClient) -> None:
    with pytest.raises(OrderNotFoundError):
        client.get_order("3799999999999999999")


# --- 7. search ------------------------------------------------------------------------------------


def test_item7_search_by_title_follows_pages(emu: Emulator, client: WeChatShopClient) -> None:
    cups = {_create(emu, days_ago=0.01 * i, status=20, title="保温杯 500ml") for i in range(1, 4)}
    _create(emu, days_ago=0.05, status=20, title="雨伞")
    assert set(client.search_order_ids(SearchCondition(title="保温杯"), page_size=1)) == cups
    assert emu.codes(PATH_ORDER_SEARCH) == [0, 0, 0]


def test_item7_search_by_order_id_and_aftersale_filter(emu: Emulator, client: WeChatShopClient) -> None:
    a = emu.new_order(("1001", "2001", 2))
    b = emu.new_order(("1001", "2001", 2))
    emu.control.aftersale(a, action="open", count=1)
    assert client.search_order_ids(SearchCondition(order_id=b)) == [b]
    with_open = client.search_order_ids(SearchCondition(title="商品"), on_aftersale_order_exist=1)
    assert with_open == [a]


def test_item7_search_without_condition_is_refused_before_sending(
    emu: Emulator, client: WeChatShopClient
) -> None:
    with pytest.raises(ValueError):
        client.search_order_ids(SearchCondition())
    assert emu.count(PATH_ORDER_SEARCH) == 0


@pytest.mark.parametrize("key", ["order_id_list", "orders"])
def test_item7_search_answer_under_either_list_key(emu: Emulator, client: WeChatShopClient, key: str) -> None:
    """WxJava and the doc table name the list order_id_list, the Go SDK and the doc's sample orders."""
    emu.control.configure(search_list_key=key)
    cups = {_create(emu, days_ago=0.01 * i, status=20, title="保温杯 500ml") for i in range(1, 4)}
    assert set(client.search_order_ids(SearchCondition(title="保温杯"), page_size=2)) == cups


# --- the real shapes (issue 15) -------------------------------------------------------------------


def test_details_with_every_optional_object_parse(emu: Emulator, client: WeChatShopClient) -> None:
    """Orders of every id variant (coupon, sharer, both, neither: emulators/wechat_shop/extras.py),
    with an after-sale and a pending address change, read by the real client."""
    ids = [emu.new_order(("1001", "2001", 2), ("1002", "2002", 1)) for _ in range(12)]
    assert {int(i) % 4 for i in ids} == {0, 1, 2, 3}
    emu.control.aftersale(ids[0], action="open", count=1)
    emu.control.ext_info(ids[1], type=4, address={"detail_info": "新地址 8 号"})
    details = client.get_orders(ids)
    assert not details.errors and set(details.orders) == set(ids)
    opened = details.orders[ids[0]]
    assert opened.has_open_aftersale and opened.aftersale.orders[0].status is None
    assert all(len(o.products) == 2 for o in details.orders.values())


def test_courier_list_as_the_shop_lists_it(emu: Emulator, client: WeChatShopClient) -> None:
    emu.control.configure(couriers={"SF": "顺丰速运", "YD": "韵达快递"})
    assert [(c.delivery_id, c.delivery_name) for c in client.delivery_companies()] == [
        ("SF", "顺丰速运"),
        ("YD", "韵达快递"),
    ]
