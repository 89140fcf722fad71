"""A shipment list (发货单) already read, as a supplier source for one tick."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from shared.suppliers.model import SupplierBatch, SupplierOrder


@dataclass(frozen=True, slots=True)
class ShipmentFileSource:
    """Hands the file's updates and refused rows to the tick; matching decides which orders they
    belong to (a row for an order that is not open is refused there, with its reason)."""

    batch: SupplierBatch

    def fetch_updates(self, open_orders: Sequence[SupplierOrder]) -> SupplierBatch:
        return self.batch
