"""The order models accept the shapes real answers have (issue 15): every field the SDK beans
declare (tests/golden/wechat), optional objects null or absent, the after-sale item's status as an
integer, a string or absent, unknown fields, and the search list under either key."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from shared.app.translate import shop_order
from shared.wechat.errors import ProtocolError
from shared.wechat.jsonexact import loads
from shared.wechat.models import AftersaleRef, parse_id_page, parse_order

GOLDEN = Path(__file__).parents[2] / "golden" / "wechat"
OPTIONAL_DETAIL_OBJECTS = (
    "coupon_info",
    "commission_infos",
    "sharer_info",
    "settle_info",
    "sku_sharer_infos",
    "agent_info",
    "source_info",
    "source_infos",
    "refund_info",
    "greeting_card_info",
    "custom_info",
    "ext_info",
    "pay_info",
    "price_info",
)


def _full() -> dict[str, Any]:
    answer = loads((GOLDEN / "order_every_field.json").read_bytes())
    assert isinstance(answer, dict)
    return dict(answer["order"])


def test_every_declared_field_parses() -> None:
    order = parse_order(_full())
    assert order.order_id == "3731000000000000123" and order.status == 21
    assert [(p.product_id, p.sku_id, p.sku_cnt) for p in order.products] == [
        ("10000154800001", "3616300001", 2),
        ("10000154800002", "3616300002", 1),
    ]
    assert order.products[1].finish_aftersale_sku_cnt == 1
    (package,) = order.delivery.packages
    assert (package.delivery_id, package.waybill_id, package.delivery_time) == (
        "YTO",
        "YT1234567890123",
        1764700000,
    )
    assert package.items[0].product_cnt == 2
    assert order.delivery.ship_done_time is None  # 0 means not yet
    assert order.delivery.address is not None and order.delivery.address.county_name == "朝阳区"
    assert order.pay_time == 1764640010 and order.order_price == 7480
    assert order.aftersale.orders == (AftersaleRef("4000000000000000001", "5"),)
    assert not order.has_open_aftersale


def test_the_golden_order_reaches_the_core() -> None:
    core = shop_order(parse_order(_full()))
    assert core.packages[0].delivery_id == "YTO" and core.phone_last4 == "5678"
    assert core.recipient and "李四" not in core.recipient


@pytest.mark.parametrize("how", ["absent", "null", "empty"])
@pytest.mark.parametrize("name", OPTIONAL_DETAIL_OBJECTS)
def test_optional_detail_objects_may_be_absent_null_or_empty(name: str, how: str) -> None:
    data = _full()
    detail = dict(data["order_detail"])
    if how == "absent":
        detail.pop(name)
    else:
        detail[name] = None if how == "null" else type(detail[name])()
    data["order_detail"] = detail
    assert parse_order(data).products == parse_order(_full()).products


@pytest.mark.parametrize(
    ("field", "holder"),
    [
        ("delivery_address", "package"),
        ("tel_number_ext_info", "address"),
        ("address_under_review", "delivery"),
        ("quality_inspect_info", "delivery"),
        ("recharge_info", "delivery"),
        ("sku_deliver_info", "line"),
        ("extra_service", "line"),
        ("order_product_coupon_info_list", "line"),
    ],
)
def test_nested_optional_objects_may_be_absent_or_null(field: str, holder: str) -> None:
    for value in ("absent", None):
        data = copy.deepcopy(_full())
        delivery = data["order_detail"]["delivery_info"]
        target = {
            "package": delivery["delivery_product_info"][0],
            "address": delivery["address_info"],
            "delivery": delivery,
            "line": data["order_detail"]["product_infos"][0],
        }[holder]
        if value == "absent":
            target.pop(field)
        else:
            target[field] = None
        assert parse_order(data).delivery.packages == parse_order(_full()).delivery.packages


@pytest.mark.parametrize(
    ("item", "status"),
    [
        ({"aftersale_order_id": "4000000000000000001", "status": 5}, "5"),
        (
            {"aftersale_order_id": "4000000000000000001", "status": "MERCHANT_PROCESSING"},
            "MERCHANT_PROCESSING",
        ),
        ({"aftersale_order_id": "4000000000000000001"}, None),
        ({"aftersale_order_id": "4000000000000000001", "status": None}, None),
        ({"aftersale_order_id": 4000000000000000001, "status": 0}, "0"),
    ],
)
def test_aftersale_item_status_integer_string_or_absent(item: dict[str, Any], status: str | None) -> None:
    data = _full()
    data["aftersale_detail"] = {"on_aftersale_order_cnt": 1, "aftersale_order_list": [item]}
    order = parse_order(data)
    assert order.aftersale.orders == (AftersaleRef("4000000000000000001", status),)
    assert order.has_open_aftersale  # from the count, whatever the item's status says


def test_unknown_fields_anywhere_are_ignored() -> None:
    data = copy.deepcopy(_full())
    data["brand_new_top_level"] = {"x": [1, 2]}
    data["order_detail"]["brand_new_object"] = [{"y": 1.5}]
    data["order_detail"]["product_infos"][0]["brand_new_line_field"] = "z"
    data["order_detail"]["delivery_info"]["delivery_product_info"][0]["brand_new"] = True
    assert parse_order(data) == parse_order(_full())


def test_a_bare_minimum_order_parses() -> None:
    """An unpaid order as the Go SDK's struct would leave it: no optional object at all."""
    order = parse_order({"order_id": 3731000000000000125, "status": 10, "create_time": 1, "update_time": 1})
    assert order.order_id == "3731000000000000125" and order.products == () and order.delivery.address is None
    assert order.aftersale.orders == () and order.pay_time is None


def test_a_quantity_that_is_not_an_integer_is_refused() -> None:
    data = copy.deepcopy(_full())
    data["order_detail"]["product_infos"][0]["sku_cnt"] = "2"
    with pytest.raises(ProtocolError):
        parse_order(data)


@pytest.mark.parametrize("key", ["order_id_list", "orders"])
def test_search_answer_under_either_key(key: str) -> None:
    answers = json.loads((GOLDEN / "search_answers.json").read_text(encoding="utf-8"))
    page = parse_id_page(answers[key])
    assert page.order_ids == ("3731000000000000123", "3731000000000000124")
    assert page.next_key == "k1" and page.has_more


def test_an_empty_search_answer_has_no_ids() -> None:
    assert parse_id_page({"errcode": 0, "errmsg": "ok", "has_more": False}).order_ids == ()
    assert parse_id_page({"orders": [], "next_key": "", "has_more": False}).order_ids == ()
