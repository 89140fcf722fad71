"""Order objects for unit tests, built through the real parser from platform-shaped JSON."""

from __future__ import annotations

from typing import Any

from shared.wechat.models import Order, parse_order

BIG_ID = "3720129913508728832"


def line(
    product_id: str, sku_id: str, cnt: int, *, refunded: int = 0, open_aftersale: int = 0
) -> dict[str, Any]:
    return {
        "product_id": product_id,
        "sku_id": sku_id,
        "sku_cnt": cnt,
        "title": f"item {sku_id}",
        "finish_aftersale_sku_cnt": refunded,
        "on_aftersale_sku_cnt": open_aftersale,
    }


def package(delivery_id: str, waybill_id: str, *items: tuple[str, str, int]) -> dict[str, Any]:
    return {
        "delivery_id": delivery_id,
        "waybill_id": waybill_id,
        "deliver_type": 1,
        "delivery_time": 1_700_000_000,
        "product_infos": [{"product_id": p, "sku_id": s, "product_cnt": n} for p, s, n in items],
    }


def order(
    lines: list[dict[str, Any]],
    packages: list[dict[str, Any]] | None = None,
    *,
    status: int = 20,
    aftersale_cnt: int = 0,
) -> Order:
    return parse_order(
        {
            "order_id": BIG_ID,
            "status": status,
            "create_time": 1_700_000_000,
            "update_time": 1_700_000_100,
            "order_detail": {
                "product_infos": lines,
                "delivery_info": {"delivery_product_info": packages or []},
                "pay_info": {"pay_time": 1_700_000_050},
            },
            "aftersale_detail": {"on_aftersale_order_cnt": aftersale_cnt},
        }
    )
