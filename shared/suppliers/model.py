"""The supplier vocabulary shared by every adapter (pure: no I/O)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, Protocol, TypeGuard

from shared.domain.purchases import Purchase
from shared.domain.text import Bilingual

ShipmentStatus = Literal["shipped", "out_of_stock", "cancelled"]
SHIPMENT_STATUSES: tuple[ShipmentStatus, ...] = ("shipped", "out_of_stock", "cancelled")


@dataclass(frozen=True, slots=True)
class ShippedItem:
    """A line of what the supplier shipped: their SKU or title, and how many."""

    sku: str | None
    title: str | None
    quantity: int


@dataclass(frozen=True, slots=True)
class SupplierOrder:
    """An order placed at a supplier and still open (no tracking number yet, or not delivered).

    ``recipient_*`` are filled only for adapters that need the address (a supplier's own sheet);
    they never leave that supplier's sheet. ``needs_tracking`` is False when the order's row already
    holds a tracking number (typed or reported), so it is not sent to the supplier to ship.
    """

    supplier_id: str
    supplier_order_no: str | None
    shop_order_id: str
    items: tuple[ShippedItem, ...] = ()
    recipient_name: str | None = None
    recipient_phone: str | None = None
    recipient_address: str | None = None
    needs_tracking: bool = True


ClosedStage = Literal["shipped", "delivered", "cancelled"]


@dataclass(frozen=True, slots=True)
class ClosedOrder:
    """An order of a supplier that needs no number from them any more, for a source that showed it
    to the supplier (their own sheet) and must follow it after it closed.

    ``shipped``: the shop has the parcel's number(s) (``tracking_numbers``: the order row's, as
    normalised) and the parcel has been on its way since ``shipped_at`` (first seen shipped by a tick;
    None: not known yet). It may still need the supplier (a re-ship needs the address), and the
    supplier may still correct the number. ``delivered`` / ``cancelled``: nothing more is needed.
    An order moved to another supplier is in neither list of its former supplier.
    """

    supplier_id: str
    shop_order_id: str
    stage: ClosedStage
    tracking_numbers: tuple[str, ...] = ()
    shipped_at: datetime | None = None
    # The row's 供应商单号, for a source that looks the order up by it (1688); None when empty.
    supplier_order_no: str | None = None


@dataclass(frozen=True, slots=True)
class ShipmentUpdate:
    """What a supplier reports about one of their orders.

    ``courier_text`` is the courier exactly as the supplier wrote it (中通速递, zto ...); ``courier``
    is our code for it, or None when the registry does not know the name. ``tracking_numbers`` holds
    one normalised number per package. ``source_ref`` says where it came from (inbox line 7, API page
    2, file row 15) so that a person can check it.
    """

    supplier_id: str
    supplier_order_no: str | None
    shop_order_id: str | None
    courier_text: str | None
    courier: str | None
    tracking_numbers: tuple[str, ...]
    status: ShipmentStatus = "shipped"
    items: tuple[ShippedItem, ...] = ()
    shipped_at: datetime | None = None
    source: str = ""
    source_ref: str = ""


@dataclass(frozen=True, slots=True)
class SourceProblem:
    """A record from a supplier source that could not be turned into an update, and why."""

    source_ref: str
    code: str
    message: Bilingual


@dataclass(frozen=True, slots=True)
class SupplierBatch:
    """Per-item outcomes of one pull: the updates, and the records refused with a reason."""

    updates: tuple[ShipmentUpdate, ...] = ()
    problems: tuple[SourceProblem, ...] = field(default_factory=tuple)


class SupplierSource(Protocol):
    """Any adapter: given the open supplier orders, return shipment updates."""

    def fetch_updates(self, open_orders: Sequence[SupplierOrder]) -> SupplierBatch: ...


class SupplierFacingSource(SupplierSource, Protocol):
    """A source that shows orders to the supplier (their own sheet), marked by ``pull_when_idle``.

    It is pulled even when none of its supplier's orders is open (a row whose order closed must still
    be told so), and it is also given its supplier's ``closed`` orders: to clear what it showed once
    the order no longer needs the supplier, and to notice a number the supplier changes after shipping.
    """

    pull_when_idle: bool

    def fetch_updates(
        self, open_orders: Sequence[SupplierOrder], *, closed: Sequence[ClosedOrder] = ()
    ) -> SupplierBatch: ...


def faces_supplier(source: SupplierSource) -> TypeGuard[SupplierFacingSource]:
    """Whether ``source`` shows orders to its supplier (and so takes ``closed`` orders too)."""
    return getattr(source, "pull_when_idle", False) is True


def hears_any_supplier(source: SupplierSource) -> bool:
    """Whether anyone may report through ``source`` (the 回传 inbox: whoever pasted it), so that a
    report names an order by its supplier order no. or its shop order id whichever supplier it is
    assigned to. Such a source is asked about every supplier's orders, under its own supplier id,
    and its reports are matched on their own, apart from the suppliers' own sources."""
    return getattr(source, "any_supplier", False) is True


class ListsPurchases(Protocol):
    """A source that can list the purchases its buyer account placed (1688), so that the tick can
    suggest which one belongs to a shop order whose 供应商单号 is empty (shared/reconcile/link_suggest.py).
    Raises the supplier error family when the list cannot be read."""

    def recent_purchases(self, since: datetime) -> Sequence[Purchase]: ...


def lists_purchases(source: object) -> TypeGuard[ListsPurchases]:
    """Whether ``source`` lists its buyer account's purchases (``ListsPurchases``)."""
    return callable(getattr(source, "recent_purchases", None))
