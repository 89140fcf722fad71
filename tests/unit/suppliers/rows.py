"""Example 供应商-tab rows for the generic HTTP adapter, shaped like the supplier-API emulator's JSON."""

from __future__ import annotations

ENV = {"WR_ACME_TOKEN": "tok-123456", "WR_ACME_SECRET": "sec-abcdef"}


def acme_row(**changes: str) -> dict[str, str]:
    row = {
        "supplier_id": "acme",
        "endpoint": "https://erp.acme.example/api/v1/orders",
        "auth": "bearer",
        "token_env": "WR_ACME_TOKEN",
        "paging": "page",
        "page_size": "20",
        "since_param": "updatedSince",
        "records_path": "data.list",
        "total_path": "data.total",
        "code_path": "code",
        "message_path": "msg",
        "order_no_path": "orderNo",
        "shop_order_id_path": "outOrderNo",
        "courier_path": "expressCompany",
        "tracking_path": "expressNo",
        "items_path": "goods",
        "item_sku_field": "skuCode",
        "item_title_field": "goodsName",
        "item_quantity_field": "num",
        "shipped_at_path": "deliverTime",
        "shipped_at_format": "beijing",
        "status_path": "orderStatus",
        "status_map": "SENT=shipped; LACK_STOCK=out_of_stock; CLOSED=cancelled; WAIT_SEND=pending",
    }
    row.update(changes)
    return {key: value for key, value in row.items() if value != "<drop>"}
