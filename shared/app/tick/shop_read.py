"""The shop's orders a pass reads (part of the gather stage)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from shared.app import translate
from shared.app.facts import FactsDoc
from shared.app.tick.deps import OVERLAP, WATERMARK, TickDeps
from shared.app.tick.read import Read
from shared.couriers import cell_numbers
from shared.domain.orders import ShopOrder
from shared.domain.rows import SheetRow
from shared.domain.states import FINISHED, SHIPPED_LIKE
from shared.wechat.errors import OrderNotFoundError, WeChatError


@dataclass(frozen=True, slots=True)
class ShopRead:
    """``errors``: "list" or an order id -> the shop's code and message, for the pass's report only;
    ``not_found``: ids the shop does not know; ``listed``: the changed orders were listed."""

    orders: Mapping[str, ShopOrder]
    errors: Mapping[str, str]
    not_found: frozenset[str] = frozenset()
    listed: bool = False

    def with_more(self, more: ShopRead) -> ShopRead:
        """These orders and ``more``'s (read later in the same pass)."""
        orders, errors = {**self.orders, **more.orders}, {**self.errors, **more.errors}
        return ShopRead(orders, errors, self.not_found, self.listed)


def orders_to_read(rows: Sequence[SheetRow], agreed: Mapping[str, list[str]]) -> set[str]:
    """Rows whose decision needs the shop's current view even if the order did not change there:
    a number waiting to be pushed, or a shipped row whose numbers differ from the agreed ones."""
    wanted: set[str] = set()
    for row in rows:
        if not row.has_tracking or row.state in FINISHED:
            continue
        numbers = cell_numbers(row.courier or None, row.tracking_cell)
        if row.state in SHIPPED_LIKE:
            if list(numbers) != agreed.get(row.order_id):
                wanted.add(row.order_id)
        else:
            wanted.add(row.order_id)
    return wanted


def read_shop(deps: TickDeps, read: Read, facts: FactsDoc, now: datetime, also: Iterable[str]) -> ShopRead:
    """A targeted pass: its rows' orders (and the events' orders). A full pass: the orders changed
    since the watermark, plus those some row needs, plus unresolved pushes, plus ``also``."""
    if not read.scope.full:
        return details(deps, {r.order_id for r in read.rows} | read.scope.order_ids)
    changed, errors, listed = _list_changed(deps, now)
    wanted = set(changed) | orders_to_read(read.rows, facts.agreed)
    wanted |= {i.order_id for i in deps.journal.unresolved_intents(now)}
    wanted |= set(also)
    found = details(deps, wanted)
    return ShopRead(found.orders, {**errors, **found.errors}, found.not_found, listed)


def _list_changed(deps: TickDeps, now: datetime) -> tuple[list[str], dict[str, str], bool]:
    """The ids of the orders changed since the watermark (a little before: update times can lag)."""
    since = deps.journal.watermark(WATERMARK) or now - deps.lookback
    try:
        changed = deps.shop.list_order_ids(
            int((since - OVERLAP).timestamp()), int(now.timestamp()), by="update"
        )
    except WeChatError as exc:
        return [], {"list": f"{exc.errcode} {exc.errmsg}"[:200]}, False
    return list(changed), {}, True


def details(deps: TickDeps, wanted: set[str]) -> ShopRead:
    """The orders' details, and the ids the shop does not know (``OrderNotFoundError``)."""
    if not wanted:
        return ShopRead({}, {})
    found = deps.shop.get_orders(sorted(wanted), concurrency=deps.concurrency)
    errors = {order_id: f"{e.errcode} {e.errmsg}"[:200] for order_id, e in found.errors.items()}
    unknown = frozenset(oid for oid, e in found.errors.items() if isinstance(e, OrderNotFoundError))
    orders = {order_id: translate.shop_order(order) for order_id, order in found.orders.items()}
    return ShopRead(orders, errors, unknown)
