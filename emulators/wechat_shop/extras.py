"""The optional parts of a real order detail the product does not use
(docs/platforms/wechat-shop.md#order-detail and the SDK beans): settlement, coupons, sharers, commissions,
sources, the sender address of each package, and the per-line extras. Real orders carry them, sometimes empty,
sometimes absent; the emulator fills them so a client that chokes on them fails here and not in production.

Which order gets which is derived from its id (no random draws: the seeded ids of existing worlds
stay the same): id % 4 == 1 has a coupon, 2 came through a sharer, 3 both (plus an agent account).
"""

from __future__ import annotations

from typing import Any

from .state import Order

# The shop's return (sender) address: what ``delivery_product_info[].delivery_address`` shows.
SENDER_ADDRESS: dict[str, Any] = {
    "user_name": "单号中继仓",
    "tel_number": "075500001234",
    "postal_code": "518057",
    "province_name": "广东省",
    "city_name": "深圳市",
    "county_name": "南山区",
    "detail_info": "高新南一道 9 号 1 楼",
    "national_code": "440305",
    "house_number": "",
    "virtual_order_tel_number": "",
    "use_tel_number": 0,
    "hash_code": "",
}


def _variant(order: Order) -> int:
    return int(order.order_id) % 4


def has_coupon(order: Order) -> bool:
    return _variant(order) in (1, 3)


def has_sharer(order: Order) -> bool:
    return _variant(order) in (2, 3)


def _coupon_id(order: Order) -> str:
    return f"15{order.order_id[-16:]}"


def _sharer_openid(order: Order) -> str:
    return f"oSharer{order.order_id[-10:]}"


def line_extras(order: Order, line: dict[str, Any]) -> dict[str, Any]:
    """Fields of ``product_infos[]`` beyond those the emulator models."""
    extras: dict[str, Any] = {
        "is_discounted": False,
        "is_change_price": False,
        "change_price": 0,
        "out_warehouse_id": "",
        "extra_service": {"seven_day_return": 1, "freight_insurance": 0},
        "use_deduction": False,
        "deduction_price": 0,
        "merchant_discounted_price": 0,
        "finder_discounted_price": 0,
        "order_product_coupon_info_list": [],
        "voucher_list": [],
        "package_sku_list": [],
    }
    if has_coupon(order):
        extras["order_product_coupon_info_list"] = [
            {"user_coupon_id": _coupon_id(order), "coupon_type": 3, "discounted_price": 0}
        ]
    return extras


def price_extras() -> dict[str, Any]:
    return {
        "change_down_price": 0,
        "change_freight": 0,
        "is_change_freight": False,
        "use_deduction": False,
        "deduction_price": 0,
        "merchant_discounted_price": 0,
        "finder_discounted_price": 0,
    }


def detail_extras(order: Order, product_price: int) -> dict[str, Any]:
    """Optional objects of ``order_detail``: present as real orders have them, absent otherwise."""
    out: dict[str, Any] = {}
    if order.pay_time is not None:
        settle: dict[str, Any] = {
            "predict_commission_fee": product_price // 20,
            "commission_fee": 0,
            "predict_wecoin_commission": 0,
            "wecoin_commission": 0,
        }
        if order.settle_time is not None:
            settle["commission_fee"] = product_price // 20
            settle["settle_time"] = order.settle_time
        out["settle_info"] = settle
    if has_coupon(order):
        out["coupon_info"] = {"user_coupon_id": _coupon_id(order)}
    if has_sharer(order):
        openid = _sharer_openid(order)
        out["sharer_info"] = {
            "sharer_openid": openid,
            "sharer_unionid": "",
            "sharer_type": 1,
            "share_scene": 2,
            "handling_progress": 1,
        }
        out["sku_sharer_infos"] = [
            {
                "sharer_openid": openid,
                "sharer_unionid": "",
                "sharer_type": 1,
                "share_scene": 2,
                "sku_id": line["sku_id"],
                "from_wecom": False,
            }
            for line in order.lines
        ]
        out["commission_infos"] = [
            {
                "sku_id": line["sku_id"],
                "nickname": "带货达人",
                "type": 1,
                "status": 1 if order.settle_time is None else 2,
                "amount": line["sale_price"] * line["sku_cnt"] // 10,
                "finder_id": f"sph{order.order_id[-8:]}",
                "openfinderid": f"of{order.order_id[-12:]}",
            }
            for line in order.lines
        ]
        out["source_infos"] = [
            {
                "sku_id": line["sku_id"],
                "account_type": 1,
                "account_id": f"sph{order.order_id[-8:]}",
                "sale_channel": 100,
                "account_nickname": "带货达人",
                "content_type": "",
                "content_id": "",
                "promoter_head_supplier_id": "",
            }
            for line in order.lines
        ]
    else:
        out["commission_infos"] = []
    if _variant(order) == 3:
        out["agent_info"] = {
            "agent_finder_id": f"sph{order.order_id[-6:]}",
            "agent_finder_nickname": "授权号",
        }
    return out
