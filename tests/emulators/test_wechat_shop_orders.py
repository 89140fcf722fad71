"""WeChat Shop emulator: order list, detail and search (docs/platforms/wechat-shop.md#emulator-checklist
5-7)."""

from __future__ import annotations

import json

from .conftest import Shop, package

LIST = "/channels/ec/order/list/get"
SEARCH = "/channels/ec/order/search"
DAY = 86400


def _now(shop: Shop) -> int:
    return int(shop.control.clock()["now"])


def _window(shop: Shop, back: int = 3600, key: str = "create_time_range") -> dict[str, dict[str, int]]:
    now = _now(shop)
    return {key: {"start_time": now - back, "end_time": now + 60}}


# --- checklist 5: order list ------------------------------------------------------------------
def test_list_requires_a_time_range(shop: Shop) -> None:
    assert shop.call(LIST, {"page_size": 10})["errcode"] == 40097


def test_list_range_over_7_days_is_40097(shop: Shop) -> None:
    now = _now(shop)
    body = {"update_time_range": {"start_time": now - 7 * DAY - 1, "end_time": now}}
    assert shop.call(LIST, body)["errcode"] == 40097
    body = {"update_time_range": {"start_time": now - 7 * DAY, "end_time": now}}
    assert shop.call(LIST, body)["errcode"] == 0


def test_list_page_size_over_100_is_40097(shop: Shop) -> None:
    assert shop.call(LIST, {**_window(shop), "page_size": 101})["errcode"] == 40097
    assert shop.call(LIST, {**_window(shop), "page_size": 100})["errcode"] == 0


def test_list_returns_ids_only_and_pages_with_next_key(shop: Shop) -> None:
    created = {shop.new_order(("1", "2", 1)) for _ in range(5)}
    body = {**_window(shop), "page_size": 2}
    seen: list[str] = []
    pages = 0
    while True:
        answer = shop.call(LIST, body)
        assert answer["errcode"] == 0, answer
        assert all(isinstance(i, str) for i in answer["order_id_list"])
        seen += answer["order_id_list"]
        pages += 1
        if not answer["has_more"]:
            break
        body = {**body, "next_key": answer["next_key"]}
    assert set(seen) == created and len(seen) == 5
    assert pages == 3


def test_list_changing_params_between_pages_is_606006(shop: Shop) -> None:
    for _ in range(3):
        shop.new_order(("1", "2", 1))
    body = {**_window(shop), "page_size": 2}
    first = shop.call(LIST, body)
    assert first["has_more"] is True
    changed = {**body, "page_size": 3, "next_key": first["next_key"]}
    assert shop.call(LIST, changed)["errcode"] == 606006
    assert shop.call(LIST, {**body, "next_key": "garbage"})["errcode"] == 606006


def test_list_update_time_range_sees_status_changes(shop: Shop) -> None:
    order_id = shop.new_order(("1", "2", 1))
    shop.control.advance_clock(8 * DAY)
    assert shop.call(LIST, _window(shop, key="update_time_range"))["order_id_list"] == []
    shop.send(order_id, package("SF1234567890", ("1", "2", 1)))
    assert shop.call(LIST, _window(shop, key="update_time_range"))["order_id_list"] == [order_id]


def test_list_status_filters_20_30_include_21_and_250_includes_200(shop: Shop) -> None:
    paid = shop.new_order(("1", "2", 1))
    partial = shop.new_order(("1", "2", 1), ("3", "4", 1))
    shop.send(partial, package("SF1234567890", ("1", "2", 1)))
    full = shop.new_order(("1", "2", 1))
    shop.send(full, package("SF1234567891", ("1", "2", 1)))
    unpaid_cancel = shop.new_order(("1", "2", 1), status=10)
    shop.control.cancel(unpaid_cancel, cancel_type=1)
    refunded = shop.new_order(("1", "2", 1))
    shop.control.refund(refunded)

    def ids(status: int) -> set[str]:
        return set(shop.call(LIST, {**_window(shop), "status": status, "page_size": 100})["order_id_list"])

    assert ids(20) == {paid, partial}
    assert ids(21) == {partial}
    assert ids(30) == {full, partial}
    assert ids(250) == {unpaid_cancel, refunded}
    assert ids(200) == {refunded}


def test_list_too_many_orders_is_31042_when_configured(shop: Shop) -> None:
    for _ in range(3):
        shop.new_order(("1", "2", 1))
    shop.control.configure(max_orders_per_range=2)
    assert shop.call(LIST, _window(shop))["errcode"] == 31042


# --- checklist 6: order detail ----------------------------------------------------------------
def test_detail_shape_ids_strings_fen_seconds(shop: Shop) -> None:
    order_id = shop.control.create_order(
        products=[
            {
                "product_id": "10000127954449",
                "sku_id": "2294042806",
                "sku_cnt": 2,
                "title": "杯子",
                "sale_price": 1990,
            }
        ],
        status=20,
    )
    order = shop.order(order_id)
    assert order["order_id"] == order_id and int(order_id) > 2**53
    assert order["status"] == 20
    line = order["order_detail"]["product_infos"][0]
    assert (line["product_id"], line["sku_id"], line["sku_cnt"]) == ("10000127954449", "2294042806", 2)
    assert line["on_aftersale_sku_cnt"] == 0 and line["finish_aftersale_sku_cnt"] == 0
    assert order["order_detail"]["price_info"]["product_price"] == 3980
    assert isinstance(order["create_time"], int) and order["create_time"] < 10**10
    assert isinstance(order["order_detail"]["pay_info"]["pay_time"], int)
    delivery = order["order_detail"]["delivery_info"]
    assert delivery["delivery_product_info"] == [] and "ship_done_time" not in delivery
    assert delivery["address_info"]["user_name"]
    assert order["aftersale_detail"] == {"on_aftersale_order_cnt": 0, "aftersale_order_list": []}


def test_detail_packages_grow_and_ship_done_time_only_when_complete(shop: Shop) -> None:
    order_id = shop.new_order(("1", "2", 1), ("3", "4", 2))
    assert shop.send(order_id, package("SF1234567890", ("1", "2", 1)))["errcode"] == 0
    delivery = shop.order(order_id)["order_detail"]["delivery_info"]
    assert len(delivery["delivery_product_info"]) == 1 and "ship_done_time" not in delivery
    pkg = delivery["delivery_product_info"][0]
    assert pkg["delivery_name"] == "顺丰速运" and isinstance(pkg["delivery_time"], int)
    assert pkg["product_infos"] == [{"product_id": "1", "sku_id": "2", "product_cnt": 1}]
    assert shop.send(order_id, package("7701234567", ("3", "4", 2), courier="ZTO"))["errcode"] == 0
    order = shop.order(order_id)
    delivery = order["order_detail"]["delivery_info"]
    assert [p["delivery_name"] for p in delivery["delivery_product_info"]] == ["顺丰速运", "中通快递"]
    assert isinstance(delivery["ship_done_time"], int) and order["status"] == 30


def test_detail_unknown_order_is_100002(shop: Shop) -> None:
    assert shop.call("/channels/ec/order/get", {"order_id": "3720129913508728832"})["errcode"] == 100002


def test_detail_accepts_numeric_order_id_exactly(shop: Shop) -> None:
    order_id = shop.new_order(("1", "2", 1))
    raw = '{"order_id": ' + order_id + "}"  # a bare JSON number above 2**53
    resp = shop.http.post(
        "/channels/ec/order/get",
        params={"access_token": shop.token},
        content=raw,
        headers={"Content-Type": "application/json"},
    )
    assert json.loads(resp.text)["order"]["order_id"] == order_id


def test_detail_encode_sensitive_info_masks_address(shop: Shop) -> None:
    order_id = shop.new_order(("1", "2", 1))
    answer = shop.call("/channels/ec/order/get", {"order_id": order_id, "encode_sensitive_info": True})
    address = answer["order"]["order_detail"]["delivery_info"]["address_info"]
    assert "*" in address["user_name"] and "****" in address["tel_number"]


# --- checklist 7: search ----------------------------------------------------------------------
def test_search_requires_a_condition(shop: Shop) -> None:
    assert shop.call(SEARCH, {"page_size": 10})["errcode"] == 40097
    assert shop.call(SEARCH, {"search_condition": {}, "page_size": 10})["errcode"] == 40097


def test_search_page_size_rules(shop: Shop) -> None:
    assert shop.call(SEARCH, {"search_condition": {"title": "x"}, "page_size": 101})["errcode"] == 40097
    assert shop.call(SEARCH, {"search_condition": {"title": "x"}})["errcode"] == 40097
    assert shop.call(SEARCH, {"search_condition": {"title": "x"}, "page_size": 100})["errcode"] == 0


def test_search_by_title_order_id_and_tel_last4_with_paging(shop: Shop) -> None:
    cups = [shop.control.create_order(products=[{"title": "保温杯 500ml"}]) for _ in range(3)]
    other = shop.control.create_order(products=[{"title": "雨伞"}], address={"tel_number": "13912341111"})
    body = {"search_condition": {"title": "保温杯"}, "page_size": 2, "next_key": ""}
    first = shop.call(SEARCH, body)
    assert first["has_more"] is True and len(first["order_id_list"]) == 2
    second = shop.call(SEARCH, {**body, "next_key": first["next_key"]})
    assert set(first["order_id_list"] + second["order_id_list"]) == set(cups)
    assert shop.call(SEARCH, {**body, "page_size": 3, "next_key": first["next_key"]})["errcode"] == 606006
    by_id = shop.call(SEARCH, {"search_condition": {"order_id": other}, "page_size": 10})
    assert by_id["order_id_list"] == [other]
    by_tel = shop.call(SEARCH, {"search_condition": {"tel_number_last4": "1111"}, "page_size": 10})
    assert by_tel["order_id_list"] == [other]


def test_search_on_aftersale_order_exist(shop: Shop) -> None:
    calm = shop.new_order(("1", "2", 1))
    troubled = shop.new_order(("1", "2", 1))
    shop.control.aftersale(troubled, action="open")
    cond = {"search_condition": {"title": "商品1"}, "page_size": 10}
    assert shop.call(SEARCH, {**cond, "on_aftersale_order_exist": 1})["order_id_list"] == [troubled]
    assert shop.call(SEARCH, {**cond, "on_aftersale_order_exist": 0})["order_id_list"] == [calm]
