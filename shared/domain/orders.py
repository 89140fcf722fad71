"""A shop order as the core sees it, whatever the platform's wire shape."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum


class ShopStatus(Enum):
    """Where the order is on the platform (WeChat codes in the adapter's mapping)."""

    UNPAID = "unpaid"
    AWAITING_SHIPMENT = "awaiting_shipment"  # 20
    PARTIALLY_SHIPPED = "partially_shipped"  # 21
    SHIPPED = "shipped"  # 30
    COMPLETED = "completed"  # 100
    CANCELLED = "cancelled"  # 200 (after-sale) / 250


@dataclass(frozen=True, slots=True)
class OrderLine:
    """One SKU line: how many were ordered, refunded and are in an open after-sale."""

    product_id: str
    sku_id: str
    title: str
    quantity: int
    refunded: int = 0
    in_aftersale: int = 0


@dataclass(frozen=True, slots=True)
class ShopPackage:
    """A package the platform already records: courier (platform delivery_id) and waybill."""

    delivery_id: str
    waybill_id: str


@dataclass(frozen=True, slots=True)
class ShopOrder:
    """An order read from the shop. Times are UTC. ``recipient`` is already masked (张**, 138****5678).

    ``ship_by`` is the platform's delivery deadline; ``aftersale_open`` means a refund/return request
    is active (shipping would be refused).
    """

    order_id: str
    status: ShopStatus
    paid_at: datetime | None
    ship_by: datetime | None
    lines: tuple[OrderLine, ...]
    packages: tuple[ShopPackage, ...] = ()
    aftersale_open: bool = False
    recipient: str = ""
    recipient_key: str = ""  # a stable hash of the full address, to compare recipients without PII
    updated_at: datetime | None = None  # the platform's last change of the order (UTC)
    # The recipient's real last 4 phone digits, for a courier's tracking query only (SF, ZTO): never
    # in the sheet, a log or a repr.
    phone_last4: str = field(default="", repr=False, compare=False)
    # The recipient's exact name and mobile as a comparable hash (shared/domain/purchases.py
    # ``contact_key``), to suggest a supplier purchase made for this order; "" when masked or a virtual
    # number. Never in the sheet.
    contact_key: str = field(default="", repr=False, compare=False)

    @property
    def units(self) -> int:
        return sum(line.quantity - line.refunded for line in self.lines)

    @property
    def waybills(self) -> tuple[str, ...]:
        return tuple(p.waybill_id for p in self.packages)

    @property
    def is_cancelled(self) -> bool:
        return self.status is ShopStatus.CANCELLED

    @property
    def is_shipped(self) -> bool:
        return self.status in (ShopStatus.SHIPPED, ShopStatus.COMPLETED)
