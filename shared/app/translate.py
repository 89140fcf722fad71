"""Adapter types -> the core's domain types (pure)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from shared.domain.orders import OrderLine, ShopOrder, ShopPackage, ShopStatus
from shared.domain.purchases import contact_key
from shared.domain.rows import SheetRow
from shared.domain.states import RowState
from shared.sheets.layout import Row
from shared.wechat.models import Order

_STATUS = {
    10: ShopStatus.UNPAID,
    12: ShopStatus.UNPAID,
    13: ShopStatus.UNPAID,
    20: ShopStatus.AWAITING_SHIPMENT,
    21: ShopStatus.PARTIALLY_SHIPPED,
    30: ShopStatus.SHIPPED,
    100: ShopStatus.COMPLETED,
    200: ShopStatus.CANCELLED,
    250: ShopStatus.CANCELLED,
}


def _utc(seconds: int | None) -> datetime | None:
    return datetime.fromtimestamp(seconds, tz=UTC) if seconds else None


def mask_name(name: str) -> str:
    return f"{name[0]}**" if name else ""


def mask_phone(phone: str) -> str:
    digits = phone.strip()
    return f"{digits[:3]}****{digits[-4:]}" if len(digits) >= 7 else ("****" if digits else "")


def phone_last4(order: Order) -> str:
    """The 4 digits a courier checks (SF, ZTO via Kuaidi100): of a platform virtual number
    (``170xxxx1234-5678``, ``virtual_order_tel_number``) the 4 after ``-``, else the phone's last 4.
    Held in memory for the tracking query only; the sheet gets the masked recipient."""
    address = order.delivery.address
    if address is None:
        return ""
    for phone in (address.virtual_order_tel_number, address.tel_number):
        tail = phone.rsplit("-", 1)[1] if "-" in phone else phone
        digits = "".join(ch for ch in tail if "0" <= ch <= "9")
        if len(digits) >= 4 and "*" not in tail[-4:]:
            return digits[-4:]
    return ""


def recipient_contact(order: Order) -> str:
    """The recipient's ``contact_key`` (exact name + mobile), or "" when the order hides the buyer's
    phone behind a platform virtual number (``virtual_order_tel_number``): a supplier purchase made
    with that number cannot be told apart from one made with the real phone, so nothing is compared."""
    address = order.delivery.address
    if address is None or address.virtual_order_tel_number.strip():
        return ""
    return contact_key(address.user_name, address.tel_number)


def shop_order(order: Order) -> ShopOrder:
    """A WeChat order as the core sees it: status mapped, deadline = the earliest line deadline,
    recipient masked (the full address never leaves the adapter), packages by waybill."""
    deadlines = [p.delivery_deadline for p in order.products if p.delivery_deadline]
    address = order.delivery.address
    recipient = ""
    recipient_key = ""
    if address is not None:
        recipient = " ".join(x for x in (mask_name(address.user_name), mask_phone(address.tel_number)) if x)
        full = "|".join(
            (
                address.user_name,
                address.tel_number,
                address.province_name,
                address.city_name,
                address.county_name,
                address.detail_info,
            )
        )
        recipient_key = hashlib.sha256(full.encode("utf-8")).hexdigest()[:16]
    return ShopOrder(
        order_id=order.order_id,
        status=_STATUS.get(order.status, ShopStatus.UNPAID),
        paid_at=_utc(order.pay_time),
        ship_by=_utc(min(deadlines)) if deadlines else None,
        lines=tuple(
            OrderLine(
                p.product_id, p.sku_id, p.title, p.sku_cnt, p.finish_aftersale_sku_cnt, p.on_aftersale_sku_cnt
            )
            for p in order.products
        ),
        packages=tuple(ShopPackage(p.delivery_id, p.waybill_id) for p in order.delivery.packages),
        aftersale_open=order.has_open_aftersale,
        recipient=recipient,
        recipient_key=recipient_key,
        updated_at=_utc(order.update_time) if order.update_time else None,
        phone_last4=phone_last4(order),
        contact_key=recipient_contact(order),
    )


IDENTIFIERS = frozenset({"order_id", "supplier_order_no", "tracking_numbers"})


def sheet_row(row: Row, state: RowState | None) -> SheetRow:
    """A 订单 row read by the gateway; ``state`` is what its 状态 label stands for."""
    return SheetRow(
        row=row.number,
        order_id=row.key,
        supplier=row["supplier"].strip(),
        supplier_order_no=row["supplier_order_no"].strip(),
        courier=row["courier"].strip(),
        tracking_cell=row["tracking_numbers"],
        state=state,
        message=row["message"],
        logistics=row["logistics"],
        paid_at=row["paid_at"],
        ship_by=row["ship_by"],
        items=row["items"],
        quantity=row["quantity"],
        recipient=row["recipient"],
        numeric=row.numeric & IDENTIFIERS,
    )
