"""Named field mappings for common supplier-API shapes, so a 供应商 row can say ``preset=erp_json``
and give only what is its own (endpoint, credentials' variable names, paging size).

A row's own keys always win over the preset's. New presets are data: one more entry here.
"""

from __future__ import annotations

from collections.abc import Mapping

PRESETS: dict[str, dict[str, str]] = {
    # The shape many domestic order systems (ERP / 代发平台) answer with: {code, msg, data:{total,
    # list:[{orderNo, outOrderNo, orderStatus, expressCompany, expressNo, goods[], deliverTime}]}}.
    "erp_json": {
        "auth": "bearer",
        "paging": "page",
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
    },
}


def with_preset(row: Mapping[str, object]) -> dict[str, object]:
    """The row with its preset's keys filled in under its own. Unknown preset: KeyError(name)."""
    name = str(row.get("preset") or "").strip()
    own = {k: v for k, v in row.items() if k != "preset"}
    if not name:
        return own
    return {**PRESETS[name], **own}
