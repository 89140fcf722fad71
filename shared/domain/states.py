"""Row states: stable codes (the summary, the journal, tests) and the variants the sheet shows.

``RowState`` is closed: a 订单 row's state is one of these or unknown (``None``: an empty or foreign
状态 cell). The sets below are the only definitions of which states belong together; every layer
imports them from here.
"""

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

    @classmethod
    def of_code(cls, code: str) -> RowState | None:
        """The state with this code ("shipped" ...), None for any other text."""
        try:
            return cls(code)
        except ValueError:
            return None


class Variant(Enum):
    """A state shown in a stronger colour: 待单号（紧急）, 已取消（供应商已发货）."""

    URGENT = "urgent"
    SUPPLIER_SHIPPED = "supplier_shipped"
    REUSED = "reused"  # 已发货（单号重复）: shipped, with a number another recipient's order carries too


#: On the shop order and on its way: the shop holds the row's numbers. Such a row is decided from the
#: sheet and the journal when the shop did not change, is followed by the logistics watch, and its
#: supplier is told the order shipped.
SHIPPED_LIKE: frozenset[RowState] = frozenset(
    {RowState.SHIPPED, RowState.CORRECTED, RowState.LOGISTICS_EXCEPTION}
)

#: Nothing more happens to the order: no push, no logistics query, no row to restore.
FINISHED: frozenset[RowState] = frozenset({RowState.DELIVERED, RowState.CANCELLED})

#: Nothing left for a supplier to ship: shipped (or on its way) or finished.
CLOSED: frozenset[RowState] = SHIPPED_LIKE | FINISHED

#: Still to be shipped by a supplier: every other state (a supplier's own sheet lists exactly these).
OPEN: frozenset[RowState] = frozenset(RowState) - CLOSED

#: The rows whose parcels the logistics watch keeps an entry for (a delivered row keeps its text).
TRACKED: frozenset[RowState] = SHIPPED_LIKE | {RowState.DELIVERED}
