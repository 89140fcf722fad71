"""The 1688 link suggestions of a pass (docs/platforms/supplier-apis.md#1688, "Suggested links").

A full pass (the sync tick) looks at the rows of a supplier whose source lists its purchases (1688:
``lists_purchases``) that still wait for their link: 供应商单号 and 快递单号 empty, 待单号 (or new),
paid within ``WINDOW``. It reads those rows' shop orders (the recipient's ``contact_key``, the lines)
when the pass has not read them already, asks each such supplier's source for the purchases created
since the earliest of those days (Beijing), and lets the pure core match them
(shared/reconcile/link_suggest.py). Both adapters only meet here, through neutral domain types: the
shop order (``ShopOrder.contact_key``) and the purchase (``shared.domain.purchases.Purchase``).

The hints are kept in the journal (``STATE``): a targeted pass (a sheet edit, a shop event) shows the
same sentence without asking 1688, and a suggestion is noted in the journal and 日志 only when it is
new (a ``link_suggested`` audit entry), not at every tick. A supplier whose list cannot be read this
time keeps its previous hints. Only the sync tick (which holds the tick lease) writes the document.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from shared.domain.orders import ShopOrder, ShopStatus
from shared.domain.purchases import BEIJING, Purchase, beijing_day
from shared.domain.rows import SheetRow
from shared.domain.states import RowState
from shared.journal.journal import Journal
from shared.reconcile.deadline import from_sheet_time
from shared.reconcile.link_suggest import LinkHint, ShopSide, suggest_links
from shared.suppliers.errors import SupplierError
from shared.suppliers.model import ListsPurchases, SupplierSource, lists_purchases

STATE = "suppliers/link_hints"
#: How long after the buyer paid a row is still offered its purchase (made that day; a week is ample).
WINDOW = timedelta(days=7)
#: Shop orders read per pass for the matching (beyond those the pass read anyway); the rest wait.
MAX_READS = 50
_WAITING = frozenset({None, RowState.AWAITING_TRACKING, RowState.AWAITING_SUPPLIER_ORDER})


@dataclass(frozen=True, slots=True)
class LinkFinding:
    """``hints``: order id -> what its row is told; ``new``: the suggestions made for the first time
    (noted once); ``problems``: for the pass's report (a list that could not be read)."""

    hints: Mapping[str, LinkHint] = field(default_factory=dict)
    new: frozenset[str] = frozenset()
    problems: tuple[str, ...] = ()


def load(journal: Journal) -> dict[str, LinkHint]:
    raw = journal.get_state(STATE) or {}
    hints: dict[str, LinkHint] = {}
    for item in raw.get("hints", []):
        if not isinstance(item, dict):
            continue
        try:
            hint = LinkHint(
                str(item["order_id"]),
                str(item["supplier_id"]),
                str(item.get("order_no", "")),
                int(item.get("purchases", 1)),
                int(item.get("shop_orders", 1)),
            )
        except (KeyError, TypeError, ValueError):
            continue
        hints[hint.order_id] = hint
    return hints


def kept(journal: Journal, rows: Sequence[SheetRow]) -> LinkFinding:
    """A targeted pass's view: the hints the last tick kept, read only when one of ``rows`` could
    show one (a supplier, and 供应商单号 and 快递单号 empty); nothing is new."""
    if not any(
        r.supplier.strip() and not r.supplier_order_no.strip() and not r.tracking_cell.strip() for r in rows
    ):
        return LinkFinding()
    return LinkFinding(load(journal))


def save(journal: Journal, before: Mapping[str, LinkHint], after: Mapping[str, LinkHint]) -> None:
    """Write ``after`` when it differs from what was loaded (``before``)."""
    if dict(before) == dict(after):
        return
    items = [
        {
            "order_id": h.order_id,
            "supplier_id": h.supplier_id,
            "order_no": h.order_no,
            "purchases": h.purchases,
            "shop_orders": h.shop_orders,
        }
        for h in sorted(after.values(), key=lambda h: h.order_id)
    ]
    journal.put_state(STATE, {"hints": items})


def waiting_rows(rows: Sequence[SheetRow], suppliers: Collection[str], now: datetime) -> list[SheetRow]:
    """The rows of these suppliers still waiting for their link, paid within ``WINDOW``."""
    waiting = []
    for row in rows:
        if (
            row.supplier.strip() not in suppliers
            or row.supplier_order_no.strip()
            or row.tracking_cell.strip()
        ):
            continue
        paid = from_sheet_time(row.paid_at)
        if row.state in _WAITING and paid is not None and now - WINDOW <= paid <= now + timedelta(hours=1):
            waiting.append(row)
    return waiting


def _side(row: SheetRow, order: ShopOrder) -> ShopSide | None:
    if order.paid_at is None or order.status is not ShopStatus.AWAITING_SHIPMENT:
        return None
    quantities = tuple(sorted(line.quantity for line in order.lines))
    return ShopSide(
        order.order_id, row.supplier.strip(), beijing_day(order.paid_at), order.contact_key, quantities
    )


def find_links(
    sources: Sequence[tuple[str, SupplierSource]],
    rows: Sequence[SheetRow],
    every_row: Sequence[SheetRow],
    orders: Mapping[str, ShopOrder],
    read_more: Callable[[set[str]], Mapping[str, ShopOrder]],
    now: datetime,
    before: Mapping[str, LinkHint],
) -> LinkFinding:
    """The hints of a full pass. ``rows``: the rows decided; ``every_row``: every row read (what is
    already linked); ``orders``: the shop orders the pass read; ``read_more``: reads others."""
    listers: dict[str, ListsPurchases] = {}
    for name, source in sources:
        if lists_purchases(source):
            listers[name] = source
    waiting = waiting_rows(rows, set(listers), now)
    if not waiting:
        return LinkFinding()
    missing = sorted({r.order_id for r in waiting} - set(orders))[:MAX_READS]
    known = {**orders, **(read_more(set(missing)) if missing else {})}
    sides = [s for r in waiting if (o := known.get(r.order_id)) is not None and (s := _side(r, o))]
    purchases: list[Purchase] = []
    problems: list[str] = []
    unread: set[str] = set()
    for supplier in sorted({s.supplier_id for s in sides}):
        lister = listers[supplier]
        days = [s.paid_on for s in sides if s.supplier_id == supplier]
        since = datetime.combine(min(days), time(0), BEIJING)
        try:
            purchases += lister.recent_purchases(since)
        except SupplierError as exc:
            unread.add(supplier)
            problems.append(f"{supplier}: the purchase list for link suggestions failed: {exc}"[:300])
    linked = {r.supplier_order_no.strip() for r in every_row if r.supplier_order_no.strip()}
    hints = suggest_links([s for s in sides if s.supplier_id not in unread], purchases, linked)
    waiting_ids = {r.order_id for r in waiting}
    # A supplier whose list failed keeps what its rows were told before (no flicker, nothing new).
    hints |= {oid: h for oid, h in before.items() if h.supplier_id in unread and oid in waiting_ids}
    new = frozenset(
        oid
        for oid, h in hints.items()
        if h.suggested and before.get(oid) != h and h.supplier_id not in unread
    )
    return LinkFinding(hints, new, tuple(problems))
