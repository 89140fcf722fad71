"""Stage 2, gather: everything the decisions need besides the sheet, and what is already settled.

The journal's facts, the logistics watch's views, the shop's orders (a full pass: changed since the
watermark, plus those some row needs; a targeted pass: its rows' orders), the suppliers' reports (a
full pass), and, journaled before anything is decided: pushes settled by reading the order back,
audit entries a crash left unwritten, numbers found on the shop that the journal did not know.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from shared.app import archive_moves, link_suggestions, row_presence
from shared.app.event_queue import EventQueue
from shared.app.facts import FactsDoc
from shared.app.found_on_shop import agree_where_equal
from shared.app.pushes import repair_entries, resolve_unresolved
from shared.app.tick.deps import FACTS_KEEP, TickDeps
from shared.app.tick.read import Read
from shared.app.tick.shop_read import ShopRead, details, read_shop
from shared.app.tick.supplier_pull import SupplierNews, pull_suppliers
from shared.app.tick_lease import TickLease
from shared.app.tracking_watch import TrackingWatch, WatchOutcome, watch_settings
from shared.app.translate import phone_last4
from shared.domain.orders import ShopOrder
from shared.journal.records import AuditEntry
from shared.reconcile.presence import order_key


@dataclass(frozen=True, slots=True)
class Gathered:
    """``facts``: the journal's memory of the orders, changed by later stages and saved by them;
    ``watch``: the logistics watch of a full pass (saved by the remember stage), None otherwise;
    ``unresolved``: orders whose push is still unsettled; ``settled``: the entries already journaled
    this pass (shown in 日志 with the rest); ``shop.listed``: the shop's changed orders were listed
    (a good tick: the watermark moves); ``archived``: orders read from the shop whose row is in an
    archive tab (order id -> tab): never added as new rows, brought back by the tidy stage when
    they come back to life (shared/app/tick/tidy.py)."""

    facts: FactsDoc
    shop: ShopRead
    news: SupplierNews
    logistics: WatchOutcome
    watch: TrackingWatch | None
    unresolved: frozenset[str]
    settled: tuple[AuditEntry, ...]
    archived: Mapping[str, str] = field(default_factory=dict)
    # The 1688 link suggestions: found by a full pass, as last kept in the journal for a targeted one.
    links: link_suggestions.LinkFinding = field(default_factory=link_suggestions.LinkFinding)

    @property
    def orders(self) -> Mapping[str, ShopOrder]:
        return self.shop.orders


def gather(deps: TickDeps, read: Read, now: datetime, lease: TickLease | None) -> Gathered:
    """``lease``: the sync tick's, renewed between the slow parts (tick_lease.py)."""
    if lease is not None:
        lease.renew()
    facts = FactsDoc.load(deps.journal)
    watch, logistics = _watch(deps, read, now)
    also: set[str] = set()
    if read.scope.full:
        # Orders queued by shop events that were not refreshed yet (the tick is the queue's guaranteed
        # drainer), a courier the tracking provider confirmed that may need correcting, known open
        # orders whose row is gone and 订单号 texts new to the journal (row_presence.py).
        queued = EventQueue(deps.journal).take_all(now)
        also = {*logistics.recheck, *queued, *row_presence.to_read(read.rows, facts)}
    shop = read_shop(deps, read, facts, now, also)
    # An 订单号 the shop does not know is flagged at once (a full pass restores a lost order).
    row_presence.learn_reads(facts, read.rows, shop.orders, shop.not_found, now)
    news = SupplierNews()
    if read.scope.full:
        news = pull_suppliers(
            deps, read, facts, shop.orders, now, lease, lambda ids: details(deps, ids).orders
        )
        # A supplier's report is checked against the order (units shipped vs ordered): read those too.
        shop = shop.with_more(details(deps, {r.order_id for r in news.reports} - set(shop.orders)))
        if lease is not None:
            lease.renew()
    read_back = resolve_unresolved(deps.journal, shop.orders, facts, deps.clock)
    settled = [*read_back.entries]
    if read.scope.full:
        settled += repair_entries(deps.journal, now)
    settled += agree_where_equal(read.rows, shop.orders, facts, deps.journal, deps.clock)
    if read.scope.full:
        _forget_gone(facts, read, shop, read_back.pending, now)
    full_watch = watch if read.scope.full else None  # a targeted pass's view of it is not kept
    on_sheet = {order_key(r.order_id) for r in read.every_row}
    archived = archive_moves.archived_among(deps.journal, sorted(set(shop.orders) - on_sheet))
    links = news.links if read.scope.full else link_suggestions.kept(deps.journal, read.rows)
    return Gathered(
        facts, shop, news, logistics, full_watch, read_back.pending, tuple(settled), archived, links
    )


def _forget_gone(
    facts: FactsDoc, read: Read, shop: ShopRead, unresolved: frozenset[str], now: datetime
) -> None:
    """After a full read: the journal forgets the orders whose row has long gone (FactsDoc.sweep)."""
    on_sheet = {r.order_id for r in read.rows} | {order_key(r.order_id) for r in read.rows}
    facts.sweep(on_sheet | set(shop.orders) | unresolved, now, FACTS_KEEP)


def _watch(deps: TickDeps, read: Read, now: datetime) -> tuple[TrackingWatch | None, WatchOutcome]:
    """The logistics watch's views of the tracked rows (nothing when tracking is off). A full pass
    asks the provider within its budget; a targeted one uses the stored state only (an edit must not
    undo a logistics exception)."""
    if deps.tracking is None:
        return None, WatchOutcome()
    full = read.scope.full
    watch = TrackingWatch(deps.journal, deps.tracking if full else None, english=deps.lang == "en")
    settings = watch_settings(read.workspace.settings_tab)
    outcome = watch.run(read.rows, settings, now, full=full, phone_of=_shop_phone(deps))
    return watch, outcome


def _shop_phone(deps: TickDeps) -> Callable[[str], str]:
    """The recipient's real last 4 phone digits of one order, read from the shop (the sheet has the
    masked recipient, which hides a virtual number's extension); "" when the shop does not answer."""

    def phone_of(order_id: str) -> str:
        found = deps.shop.get_orders([order_id], concurrency=1)
        order = found.orders.get(order_id)
        return phone_last4(order) if order is not None else ""

    return phone_of
