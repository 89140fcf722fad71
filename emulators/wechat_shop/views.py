"""The order object as order/get returns it: string ids, fen, second timestamps
(docs/platforms/wechat-shop.md#order-detail)."""

from __future__ import annotations

from typing import Any

from .extras import SENDER_ADDRESS, detail_extras, line_extras, price_extras
from .state import Order

ACTIVE_AFTERSALE_EXCLUDED = {
    "USER_CANCELD",
    "MERCHANT_REFUND_RETRY_FAIL",
    "MERCHANT_FAIL",
    "MERCHANT_REFUND_SUCCESS",
    "MERCHANT_RETURN_SUCCESS",
}


def shipped_units(order: Order, product_id: str, sku_id: str) -> int:
    total = 0
    for pkg in order.packages:
        for item in pkg["product_infos"]:
            if item["product_id"] == product_id and item["sku_id"] == sku_id:
                total += int(item["product_cnt"])
    return total


def shippable_units(order: Order, line: dict[str, Any]) -> int:
    """Ordered, minus refunded (finished after-sale), minus already shipped
    (docs/platforms/wechat-shop.md#shipping)."""
    done = shipped_units(order, line["product_id"], line["sku_id"])
    return max(0, int(line["sku_cnt"]) - int(line["finish_aftersale_sku_cnt"]) - done)


def has_active_aftersale(order: Order) -> bool:
    if any(int(line["on_aftersale_sku_cnt"]) > 0 for line in order.lines):
        return True
    return any(a["status"] not in ACTIVE_AFTERSALE_EXCLUDED for a in order.aftersales)


def _mask_name(name: str) -> str:
    return name[:1] + "*" * max(1, len(name) - 1) if name else name


def _mask_tel(tel: str) -> str:
    return tel[:3] + "****" + tel[-4:] if len(tel) >= 8 else tel


def order_view(order: Order, encode_sensitive_info: bool = False) -> dict[str, Any]:
    address = dict(order.address)
    if encode_sensitive_info:
        address["user_name"] = _mask_name(str(address.get("user_name", "")))
        address["tel_number"] = _mask_tel(str(address.get("tel_number", "")))
        address["detail_info"] = "****"
    product_infos = []
    for line in order.lines:
        product_infos.append(
            {
                "product_id": line["product_id"],
                "sku_id": line["sku_id"],
                "sku_cnt": line["sku_cnt"],
                "title": line["title"],
                "thumb_img": line.get("thumb_img", ""),
                "sku_attrs": line.get("sku_attrs", []),
                "sale_price": line["sale_price"],
                "market_price": line.get("market_price", line["sale_price"]),
                "real_price": line["sale_price"] * line["sku_cnt"],
                "estimate_price": line["sale_price"] * line["sku_cnt"],
                "on_aftersale_sku_cnt": line["on_aftersale_sku_cnt"],
                "finish_aftersale_sku_cnt": line["finish_aftersale_sku_cnt"],
                "sku_code": line.get("sku_code", ""),
                "out_product_id": line.get("out_product_id", ""),
                "out_sku_id": line.get("out_sku_id", ""),
                "is_free_gift": False,
                "delivery_deadline": line.get("delivery_deadline", 0),
                "sku_deliver_info": {"stock_type": 0},
                **line_extras(order, line),
            }
        )
    delivery_info: dict[str, Any] = {
        "address_info": address,
        "delivery_product_info": [
            {
                "waybill_id": p["waybill_id"],
                "delivery_id": p["delivery_id"],
                "delivery_name": p["delivery_name"],
                "delivery_time": p["delivery_time"],
                "deliver_type": p["deliver_type"],
                "product_infos": [dict(i) for i in p["product_infos"]],
                "delivery_address": dict(SENDER_ADDRESS),
            }
            for p in order.packages
        ],
        "deliver_method": order.deliver_method,
    }
    if order.ship_done_time is not None:
        delivery_info["ship_done_time"] = order.ship_done_time
    if order.address_under_review is not None:
        delivery_info["address_under_review"] = dict(order.address_under_review)
        if order.address_apply_time is not None:
            delivery_info["address_apply_time"] = order.address_apply_time
    if order.ewaybill:
        delivery_info["ewaybill_order_code"] = f"EWB{order.order_id[-12:]}"
    product_price = sum(line["sale_price"] * line["sku_cnt"] for line in order.lines)
    pay_info: dict[str, Any] = {"payment_method": 1}
    if order.pay_time is not None:
        pay_info.update(
            {
                "pay_time": order.pay_time,
                "prepay_time": order.create_time,
                "prepay_id": f"wx{order.order_id[-12:]}",
                "transaction_id": f"4200{order.order_id}",
            }
        )
    ext_info: dict[str, Any] = {
        "customer_notes": order.customer_notes,
        "merchant_notes": order.merchant_notes,
        "order_scene": 1,
    }
    if order.confirm_receipt_time is not None:
        ext_info["confirm_receipt_time"] = order.confirm_receipt_time
    return {
        "order_id": order.order_id,
        "status": order.status,
        "create_time": order.create_time,
        "update_time": order.update_time,
        "openid": order.openid,
        "unionid": "",
        "is_present": False,
        "order_detail": {
            "product_infos": product_infos,
            "pay_info": pay_info,
            "price_info": {
                "product_price": product_price,
                "order_price": product_price + order.freight,
                "freight": order.freight,
                "discounted_price": 0,
                "is_discounted": False,
                "original_order_price": product_price + order.freight,
                "estimate_product_price": product_price,
                "merchant_receieve_price": product_price + order.freight,
                **price_extras(),
            },
            "delivery_info": delivery_info,
            "ext_info": ext_info,
            **detail_extras(order, product_price),
        },
        "aftersale_detail": {
            "on_aftersale_order_cnt": sum(
                1 for a in order.aftersales if a["status"] not in ACTIVE_AFTERSALE_EXCLUDED
            ),
            # Ids only: the SDKs' item had an integer ``status`` (Go SDK), withdrawn from the bean in
            # 2025 (WxJava keeps only aftersale_order_id); an after-sale's status comes from the
            # after-sale APIs and the aftersale_update event, never from here.
            "aftersale_order_list": [
                {"aftersale_order_id": a["aftersale_order_id"]} for a in order.aftersales
            ],
        },
    }
