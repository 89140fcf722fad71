"""Row states: stable codes (the summary, the journal, tests) and the variants the sheet shows."""

from __future__ import annotations

from enum import Enum


class RowState(Enum):
    AWAITING_SUPPLIER_ORDER = "awaiting_supplier_order"
    AWAITING_TRACKING = "awaiting_tracking"
    INVALID = "invalid"
    CONFIRM_COURIER = "confirm_courier"  # the number alone does not name its courier for certain
    NUMBER_REUSED = "number_reused"  # the number is on another recipient's order: held until confirmed
    MISMATCH = "mismatch"
    READY = "ready"
    SHIPPED = "shipped"
    CORRECTION_PENDING = "correction_pending"
    CORRECTED = "corrected"
    LOGISTICS_EXCEPTION = "logistics_exception"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"


class Variant(Enum):
    """A state shown in a stronger colour: 待单号（紧急）, 已取消（供应商已发货）."""

    URGENT = "urgent"
    SUPPLIER_SHIPPED = "supplier_shipped"
    REUSED = "reused"  # 已发货（单号重复）: shipped, with a number another recipient's order carries too
