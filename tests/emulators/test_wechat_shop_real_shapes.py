"""WeChat Shop emulator: the shapes real answers have beyond what the product uses (issue 15):
the 2025 after-sale list, a whole address under review, the optional order objects, and a shop's own
courier list."""

from __future__ import annotations

from typing import Any

from .conftest import Shop, package

NEW_LIST = "/channels/ec/order/deliverycompanylist/new/get"
ADDRESS_KEYS = {"user_name", "tel_number", "province_name", "city_name", "county_name", "detail_info"}


def _orders_of_each_variant(shop: Shop) -> dict[int, dict[str, Any]]:
    """One order per id variant (id % 4), paid, so every optional object is represented."""
    seen: dict[int, dict[str, Any]] = {}
    for _ in range(60):
        order_id = shop.new_order(("1", "2", 1), ("3", "4", 2))
        seen.setdefault(int(order_id) % 4, shop.order(order_id))
        if len(seen) == 4:
            return seen
    raise AssertionError("the seeded ids never covered the four variants")


def test_aftersale_list_items_carry_the_id_only(shop: Shop) -> None:
    order_id = shop.new_order(("1", "2", 3))
    opened = shop.control.aftersale(order_id, action="open", count=1)
    listed = shop.order(order_id)["aftersale_detail"]["aftersale_order_list"]
    assert listed == [{"aftersale_order_id": opened["aftersale_order_id"]}]


def test_a_requested_address_is_a_whole_address(shop: Shop) -> None:
    order_id = shop.new_order(("1", "2", 1))
    before = shop.order(order_id)["order_detail"]["delivery_info"]["address_info"]
    shop.control.ext_info(order_id, type=4, address={"detail_info": "新地址 8 号"})
    delivery = shop.order(order_id)["order_detail"]["delivery_info"]
    review = delivery["address_under_review"]
    assert set(before) <= set(review) and set(review) >= ADDRESS_KEYS
    assert review["detail_info"] == "新地址 8 号" and review["user_name"] == before["user_name"]
    assert isinstance(delivery["address_apply_time"], int)
    shop.control.ext_info(order_id, type=16)
    delivery = shop.order(order_id)["order_detail"]["delivery_info"]
    assert delivery["address_info"] == review
    assert "address_under_review" not in delivery and "address_apply_time" not in delivery


def test_order_details_carry_the_optional_objects(shop: Shop) -> None:
    variants = _orders_of_each_variant(shop)
    for variant, order in variants.items():
        detail = order["order_detail"]
        assert set(detail["settle_info"]) >= {"predict_commission_fee", "commission_fee"}
        assert isinstance(detail["commission_infos"], list)
        assert ("coupon_info" in detail) == (variant in (1, 3))
        assert ("sharer_info" in detail) == (variant in (2, 3))
        assert ("source_infos" in detail) == (variant in (2, 3))
        assert ("agent_info" in detail) == (variant == 3)
        line = detail["product_infos"][0]
        assert {"extra_service", "order_product_coupon_info_list", "merchant_discounted_price"} <= set(line)
    shared = variants[3]["order_detail"]
    assert shared["sharer_info"]["sharer_openid"] and len(shared["commission_infos"]) == 2
    assert {s["sku_id"] for s in shared["source_infos"]} == {"2", "4"}


def test_settle_info_fills_in_at_settlement(shop: Shop) -> None:
    order_id = shop.new_order(("1", "2", 1))
    assert "settle_time" not in shop.order(order_id)["order_detail"]["settle_info"]
    shop.send(order_id, package("SF1111111111", ("1", "2", 1)))
    shop.control.confirm(order_id, confirm_type=1)
    shop.control.settle(order_id)
    assert isinstance(shop.order(order_id)["order_detail"]["settle_info"]["settle_time"], int)


def test_each_package_carries_the_sender_address(shop: Shop) -> None:
    order_id = shop.new_order(("1", "2", 1))
    shop.send(order_id, package("SF1111111111", ("1", "2", 1)))
    package_info = shop.order(order_id)["order_detail"]["delivery_info"]["delivery_product_info"][0]
    assert set(package_info["delivery_address"]) >= ADDRESS_KEYS


def test_the_shop_lists_its_own_couriers(shop: Shop) -> None:
    shop.control.configure(couriers={"SF": "顺丰速运", "YD": "韵达快递"}, ewaybill_couriers=["YD"])
    listed = shop.call(NEW_LIST, {"ewaybill_only": False})["company_list"]
    assert listed == [
        {"delivery_id": "SF", "delivery_name": "顺丰速运"},
        {"delivery_id": "YD", "delivery_name": "韵达快递"},
    ]
    assert [c["delivery_id"] for c in shop.call(NEW_LIST, {"ewaybill_only": True})["company_list"]] == ["YD"]
    order_id = shop.new_order(("1", "2", 1))
    refused = shop.send(order_id, package("3100000000001", ("1", "2", 1), courier="YUNDA"))
    assert refused["errcode"] == 606004
    assert shop.send(order_id, package("3100000000001", ("1", "2", 1), courier="YD"))["errcode"] == 0
    recorded = shop.order(order_id)["order_detail"]["delivery_info"]["delivery_product_info"][0]
    assert (recorded["delivery_id"], recorded["delivery_name"]) == ("YD", "韵达快递")
