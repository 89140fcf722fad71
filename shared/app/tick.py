"""One sync tick (docs/architecture.md#a-timer-tick): read, pull, reconcile, push, write.

Sheets budget per tick, whatever the number of rows: ONE ``values:batchGet`` (every tab needed),
ONE re-read ``values:batchGet``, ONE ``values:batchUpdate``, ONE ``spreadsheets:batchUpdate``
(appended rows for 订单/异常/日志, notes), plus one metadata GET the first time a process needs sheet
ids. A lease in the journal keeps two ticks from running at once, and fences every push
(tick_lease.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from shared.app import layout_guard, row_presence, sheet_plan, stale_sync, supplier_sheet_memory, translate
from shared.app.event_queue import EventQueue
from shared.app.facts import FactsDoc
from shared.app.found_on_shop import agree_where_equal
from shared.app.layout_guard import LayoutCheck
from shared.app.pushes import PushResult, execute, repair_entries, resolve_unresolved
from shared.app.shipment_files import ShipmentFiles
from shared.app.shop_couriers import ShopCouriers
from shared.app.supplier_feed import SHIPPED_STATES, SupplierFeed, collect_reports
from shared.app.supplier_sheets import GatewaySheetPort, ShopDetails, sibling_client
from shared.app.supplier_tab import build_sources, status_cells
from shared.app.tick_lease import LeaseLost, TickLease
from shared.app.tracking_watch import TrackingConfig, TrackingWatch, WatchOutcome, watch_settings
from shared.couriers import check_cell, find
from shared.domain.orders import ShopOrder, ShopStatus
from shared.domain.rows import SheetRow
from shared.domain.settings import Settings
from shared.domain.states import RowState
from shared.journal.journal import Journal
from shared.journal.records import AuditEntry
from shared.reconcile import messages as msg
from shared.reconcile.engine import reconcile
from shared.reconcile.plan import Alert, Plan, RowDecision
from shared.reconcile.presence import order_key
from shared.sheets.append_cells import Appendix, append_request
from shared.sheets.gateway import CellWrite, ItemResult, Outcome, SheetsGateway, TableWrite, WriteReport
from shared.sheets.layout import Table, TableLayout
from shared.sheets.workspace_settings import parse_settings
from shared.suppliers.sheet_port import SheetPort
from shared.suppliers.shipment_drop import ShipmentDrop
from shared.wechat.client import WeChatShopClient
from shared.wechat.errors import OrderNotFoundError, WeChatError
from sheet_templates.workspace import EXCEPTIONS, INBOX, LOG, ORDERS, SETTINGS, SUPPLIERS, Lang

_FILLABLE = ("courier", "tracking_numbers", "supplier_order_no")  # operator cells the system may fill
WATERMARK = "orders"
OVERLAP = timedelta(minutes=5)  # re-list a little before the watermark: update times can lag
# How long the journal keeps what it knows of an order whose row has left the 订单 tab (FactsDoc.sweep):
# well past the listing's lookback, so an order the listing brings back still finds its facts.
FACTS_KEEP = timedelta(days=30)


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class TickDeps:
    gateway: SheetsGateway
    shop: WeChatShopClient
    journal: Journal
    feed: SupplierFeed = field(default_factory=SupplierFeed)
    lang: Lang = "zh"
    clock: Callable[[], datetime] = utc_now
    lookback: timedelta = timedelta(days=7)
    concurrency: int = 8
    actor: str = "system"
    # The 供应商 tab's adapters: secrets are read from this environment (by the names the tab gives),
    # and supplier sheets are reached through ``supplier_sheets`` (None: a sibling of the gateway's
    # client, with its own call counter).
    supplier_env: Mapping[str, str] = field(default_factory=dict)
    supplier_sheets: SheetPort | None = None
    # Where suppliers' shipment files are dropped (WAYBILL_SUPPLIER_FILES; None: none are read).
    supplier_files: ShipmentDrop | None = None
    tracking: TrackingConfig | None = None  # None: the logistics watch is off (no KUAIDI100_* settings)


@dataclass
class TickReport:
    at: datetime
    states: dict[str, int] = field(default_factory=dict)
    new_rows: int = 0
    restored_rows: int = 0  # of new_rows: open orders whose row had gone (row_presence.py)
    rows_written: int = 0
    pushes: list[PushResult] = field(default_factory=list)
    sheets_calls: int = 0
    shop_errors: dict[str, str] = field(default_factory=dict)
    supplier_problems: list[str] = field(default_factory=list)
    dropped_writes: int = 0
    write_outcomes: dict[str, int] = field(default_factory=dict)  # gateway outcome -> items
    skipped: str | None = None
    tracking_calls: int = 0  # tracking-provider calls (HTTP requests, retries included)
    tracking_deferred: int = 0  # numbers due for a provider call but left for the next tick (budget)
    layout_problems: list[dict[str, Any]] = field(default_factory=list)  # broken headers (layout_guard)

    def as_dict(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "states": self.states,
            "new_rows": self.new_rows,
            "restored_rows": self.restored_rows,
            "rows_written": self.rows_written,
            "pushes": [
                {"order_id": p.order_id, "kind": p.kind, "ok": p.ok, "code": p.code} for p in self.pushes
            ],
            "sheets_calls": self.sheets_calls,
            "shop_errors": self.shop_errors,
            "supplier_problems": self.supplier_problems,
            "dropped_writes": self.dropped_writes,
            "write_outcomes": self.write_outcomes,
            "skipped": self.skipped,
            "tracking_calls": self.tracking_calls,
            "tracking_deferred": self.tracking_deferred,
            "layout_problems": self.layout_problems,
        }


@dataclass(frozen=True, slots=True)
class Layouts:
    orders: TableLayout
    settings: TableLayout
    inbox: TableLayout
    exceptions: TableLayout
    log: TableLayout
    suppliers: TableLayout

    @classmethod
    def of(cls, lang: Lang) -> Layouts:
        def lay(tab: Any) -> TableLayout:
            return TableLayout.from_template(tab, lang)

        return cls(lay(ORDERS), lay(SETTINGS), lay(INBOX), lay(EXCEPTIONS), lay(LOG), lay(SUPPLIERS))


def orders_to_read(rows: Sequence[SheetRow], agreed: dict[str, list[str]]) -> set[str]:
    """Rows whose decision needs the shop's current view even if the order did not change there:
    a number waiting to be pushed, or a shipped row whose numbers differ from the agreed ones."""
    wanted: set[str] = set()
    for row in rows:
        if not row.has_tracking or row.state in sheet_plan.FINAL_STATES:
            continue
        numbers = check_cell(row.courier or None, row.tracking_cell).numbers
        if row.state in ("shipped", "corrected", "logistics_exception"):
            if list(numbers) != agreed.get(row.order_id):
                wanted.add(row.order_id)
        else:
            wanted.add(row.order_id)
    return wanted


def run_tick(deps: TickDeps) -> TickReport:
    """A full tick: every row, shop changes since the watermark, every supplier source and the inbox."""
    now = deps.clock()
    lease = TickLease(deps.journal, deps.clock)
    if not lease.acquire():
        return TickReport(now, skipped="another tick is running")
    try:
        return _tick(deps, now, lease)
    except LeaseLost:
        # Taken over (this tick stalled past its lease): the tick holding it now does the work.
        return TickReport(now, skipped="lease lost")
    finally:
        lease.release()


@dataclass
class _Workspace:
    orders: Table
    exceptions: Table
    log: Table
    inbox: Table | None
    settings: Settings
    suppliers: Table | None = None
    stale_minutes: float = 30.0  # 设置 stale_sync_minutes (stale_sync.py)


def _workspace(
    tables: dict[str, Table], lay: Layouts, layout: LayoutCheck, force_push: bool = False
) -> _Workspace:
    chosen = parse_settings(tables[lay.settings.title])
    settings = Settings(
        auto_push=chosen.auto_push or force_push,
        confirmed=force_push,
        urgent_hours=chosen.urgent_hours,
        supplier_couriers=_supplier_couriers(tables.get(lay.suppliers.title)),
    )
    return _Workspace(
        tables[lay.orders.title],
        tables[lay.exceptions.title],
        tables[lay.log.title],
        # A 回传 tab with a broken header is neither read as a source nor written.
        tables.get(lay.inbox.title) if layout.writable(lay.inbox.title) else None,
        settings,
        tables.get(lay.suppliers.title),
        chosen.stale_sync_minutes,
    )


def _supplier_couriers(suppliers: Table | None) -> tuple[tuple[str, str], ...]:
    """(supplier, courier code) for each 供应商 row whose 默认快递 names a known courier."""
    if suppliers is None:
        return ()
    pairs = []
    for row in suppliers.rows:
        courier = find(row["default_courier"]) if row["default_courier"].strip() else None
        if row.key.strip() and courier is not None:
            pairs.append((row.key.strip(), courier.code))
    return tuple(pairs)


def _rows(table: Table) -> list[SheetRow]:
    return [translate.sheet_row(r, sheet_plan.state_of_label(r["status"])) for r in table.rows if r.key]


def _tick(deps: TickDeps, now: datetime, lease: TickLease) -> TickReport:
    report = TickReport(now)
    calls_before = deps.gateway.calls.total
    lay = Layouts.of(deps.lang)
    tables = deps.gateway.read(
        [lay.orders, lay.settings, lay.inbox, lay.exceptions, lay.suppliers],
        headers_only=[lay.log],
        lenient=True,
    )
    # Before anything is decided: a tab whose header is broken must not be trusted nor written.
    layout = _check(deps, tables, report)
    if layout.stops:
        _layout_only(deps, now, layout, tables, lay, report)
        report.sheets_calls = deps.gateway.calls.total - calls_before
        return report
    lease.renew()  # between stages (tick_lease.py)
    ws = _workspace(tables, lay, layout)
    rows = _rows(ws.orders)
    facts = FactsDoc.load(deps.journal)
    watch, logistics = _watch(deps, rows, tables[lay.settings.title], now, report, full=True)
    tab = build_sources(
        ws.suppliers,
        deps.supplier_env,
        lambda: deps.supplier_sheets or GatewaySheetPort(sibling_client(deps.gateway.http)),
        ShopDetails(deps.shop, deps.concurrency),
        deps.lang,
        deps.clock,
        deployed={name for name, _ in deps.feed.sources},
        workspace_id=deps.gateway.spreadsheet_id,
        remembered=(remembered := supplier_sheet_memory.load(deps.journal)),
        files=(files := ShipmentFiles.load(deps.journal, deps.supplier_files, now)),
    )
    # Orders queued by shop events that were not refreshed yet: read with the rest (the listing of
    # changed orders would find them too; this makes the tick the queue's guaranteed drainer).
    queued = EventQueue(deps.journal).take_all(now)
    # Known open orders whose row is gone, and 订单号 texts new to the journal (row_presence.py).
    also = {*logistics.recheck, *queued, *row_presence.to_read(rows, facts)}
    not_found: set[str] = set()
    shop_orders, listed_ok = _read_shop(deps, rows, facts, now, report, also=also, not_found=not_found)
    row_presence.learn_reads(facts, rows, shop_orders, not_found, now)
    try:
        lease.renew()  # before the supplier pulls (inside: the tab's sources are closed either way)
        sources = SupplierFeed([*tab.sources, *deps.feed.sources])
        cancelled = {oid for oid, o in shop_orders.items() if o.status is ShopStatus.CANCELLED}
        inbox_rows = ws.inbox.rows if ws.inbox is not None else ()
        feed = collect_reports(sources, rows, inbox_rows, facts, now, closed_now=cancelled)
        supplier_sheet_memory.save(deps.journal, remembered, tab.still_to_clear())
    finally:
        tab.close()
    report.supplier_problems = feed.problems
    # A supplier's report is checked against the order (units shipped vs ordered): read those too.
    shop_orders.update(_details(deps, {r.order_id for r in feed.reports} - set(shop_orders), report))
    lease.renew()
    read_back = resolve_unresolved(deps.journal, shop_orders, facts, deps.clock)
    unresolved = read_back.pending
    # Journaled before anything else is decided: pushes settled by reading the order back, audit
    # entries a crash left unwritten, and numbers found on the shop that the journal did not know.
    settled = [
        *read_back.entries,
        *repair_entries(deps.journal, now),
        *agree_where_equal(rows, shop_orders, facts, deps.journal, deps.clock),
    ]
    plan = reconcile(
        rows, shop_orders, feed.reports, facts.as_facts(unresolved), ws.settings, now, logistics.views
    )
    on_sheet = {r.order_id for r in rows} | {order_key(r.order_id) for r in rows}
    facts.sweep(on_sheet | set(shop_orders) | unresolved, now, FACTS_KEEP)
    # This tick is a good one when it listed the shop (it moves the watermark below): that clears the
    # stopped-sync banner; a tick that could not list shows it once the last good one is old.
    last_good = now if listed_ok else deps.journal.watermark(WATERMARK)
    _apply(
        deps,
        now,
        plan,
        rows,
        shop_orders,
        facts,
        ws,
        report,
        layout,
        inbox_writes=feed.inbox_writes,
        supplier_cells=status_cells(ws.suppliers, tab, feed.failures),
        logistics_texts=logistics.texts,
        adopt_rows=True,
        lease=lease,
        settled=settled,
        stale=stale_sync.check(last_good, now, ws.stale_minutes, deps.lang),
    )
    files.save(deps.journal)  # after the sheet write: a file is remembered once its numbers landed
    if watch is not None:
        watch.save()
    if listed_ok:
        deps.journal.set_watermark(WATERMARK, now)
    report.sheets_calls = deps.gateway.calls.total - calls_before
    return report


def refresh(
    deps: TickDeps,
    *,
    order_ids: Sequence[str] = (),
    row_range: tuple[int, int] | None = None,
    force_push: bool = False,
    push: bool = True,
    entries: Callable[[Table], Sequence[AuditEntry]] | None = None,
) -> TickReport:
    """A targeted pass for a sheet edit (``row_range``: only those rows are read) or shop events
    (``order_ids``: the orders tab is read to find or add their rows). No supplier pulls, no
    listing; the shop is read only for the orders concerned. ``force_push`` is the menu's 推送所选行;
    ``push=False`` is 校验所选行 (validate only, never push).
    ``entries`` turns the orders table as read into audit entries (an operator's edit, with the order
    id of the edited row); they are journaled and logged with the rest."""
    now = deps.clock()
    report = TickReport(now)
    calls_before = deps.gateway.calls.total
    lay = Layouts.of(deps.lang)
    if row_range is not None:
        tables = deps.gateway.read(
            [lay.settings, lay.exceptions, lay.suppliers],
            headers_only=[lay.log],
            partial=[(lay.orders, row_range[0], row_range[1])],
            lenient=True,
        )
    else:
        tables = deps.gateway.read(
            [lay.orders, lay.settings, lay.exceptions, lay.suppliers], headers_only=[lay.log], lenient=True
        )
    layout = _check(deps, tables, report)
    if layout.stops:
        # Not one row is decided from a partial view: the edit is looked at again once the header is
        # back (the next tick reads every row), and shop events stay queued (see shop_events).
        _layout_only(deps, now, layout, tables, lay, report)
        report.sheets_calls = deps.gateway.calls.total - calls_before
        return report
    ws = _workspace(tables, lay, layout, force_push)
    rows = every_row = _rows(ws.orders)
    if row_range is None:
        wanted = set(order_ids)
        rows = [r for r in rows if r.order_id in wanted]
    scope = {r.order_id for r in rows} | (set(order_ids) if row_range is None else set())
    facts = FactsDoc.load(deps.journal)
    not_found: set[str] = set()
    shop_orders = _details(deps, scope, report, not_found)
    # An edited 订单号 the shop does not know is flagged at once (the tick restores the lost order).
    row_presence.learn_reads(facts, rows, shop_orders, not_found, now)
    read_back = resolve_unresolved(deps.journal, shop_orders, facts, deps.clock)
    unresolved = read_back.pending
    settled = [*read_back.entries, *agree_where_equal(rows, shop_orders, facts, deps.journal, deps.clock)]
    settings = ws.settings if push else replace(ws.settings, auto_push=False)
    # The stored tracking state only (no provider calls): an edit must not undo a logistics exception.
    _, logistics = _watch(deps, rows, tables[lay.settings.title], now, report, full=False)
    plan = reconcile(
        rows, shop_orders, [], facts.as_facts(unresolved), settings, now, logistics.views, context=every_row
    )
    _apply(
        deps,
        now,
        plan,
        rows,
        shop_orders,
        facts,
        ws,
        report,
        layout,
        entries=entries(ws.orders) if entries else (),
        logistics_texts=logistics.texts,
        settled=settled,
        # An edit or a shop event is what runs while the tick is dead: it shows the banner.
        stale=stale_sync.check(deps.journal.watermark(WATERMARK), now, ws.stale_minutes, deps.lang),
    )
    report.sheets_calls = deps.gateway.calls.total - calls_before
    return report


def _apply(
    deps: TickDeps,
    now: datetime,
    plan: Plan,
    rows: Sequence[SheetRow],
    shop_orders: dict[str, ShopOrder],
    facts: FactsDoc,
    ws: _Workspace,
    report: TickReport,
    layout: LayoutCheck,
    inbox_writes: Sequence[CellWrite] = (),
    entries: Sequence[AuditEntry] = (),
    supplier_cells: Sequence[CellWrite] = (),
    logistics_texts: Mapping[str, str] | None = None,
    adopt_rows: bool = False,
    lease: TickLease | None = None,
    settled: Sequence[AuditEntry] = (),
    stale: stale_sync.StaleSync | None = None,
) -> None:
    """Push, journal, and write the sheet: every tab in one guarded write plus one batch of appends.
    ``adopt_rows``: a full tick (its rows are the whole tab; see row_presence.learn_rows).
    ``lease``: the sync tick's, renewed before each push (the fence); once lost, what was pushed is
    saved to the journal and the tick stops there (raises ``LeaseLost``) without writing the sheet.
    ``settled``: entries already journaled this pass (read-backs, repairs, found on the shop), shown
    in 日志 with the rest. ``stale``: the stopped-sync banner to show or clear on 异常."""
    journal, lang = deps.journal, deps.lang
    notes = [
        AuditEntry(
            deps.clock(),
            "operator" if n.source == "sheet" else n.source,
            n.action,
            n.order_id,
            n.field,
            n.old,
            n.new,
            n.source,
            n.reason,
            "noted",
        )
        for n in plan.audits
    ]
    for entry in [*entries, *notes]:  # what was seen, then the pushes it led to (as in 日志)
        journal.append(entry)
    broke = layout.journal_changes(journal, deps.clock(), deps.actor)
    fence = lease.holds if lease is not None else None
    # The shop's courier list is read (journal copy, at most daily from the shop) only if a push needs it.
    couriers = ShopCouriers(journal, deps.shop, deps.clock)
    results = execute(
        plan.pushes,
        deps.shop,
        journal,
        facts,
        shop_orders,
        deps.clock,
        deps.actor,
        fence,
        couriers=couriers.delivery_id,
    )
    report.pushes = results
    # Journal first, sheet second: what the shop agreed to must survive a failed sheet write, or the
    # next tick would take the operator's later correction for a mismatch.
    facts.save(journal)
    if lease is not None and lease.lost:
        raise LeaseLost("another tick took the lease over during the pushes")
    decisions = _after_pushes(plan, results, facts)
    _note_shipped(facts, rows, decisions, plan, now)
    logged = [*broke, *settled, *entries, *notes, *(r.entry for r in results if r.entry is not None)]

    by_number = {r.number: r for r in ws.orders.rows}
    order_cells = sheet_plan.order_writes(decisions, plan.fills, ws.orders.by_key(), lang, now, by_number)
    # The same sentence as the row's 说明 (messages.push_refused), never the platform's own text.
    failed = [
        Alert(r.order_id, "push_failed", *msg.push_refused(r.reason, r.retry, r.code or "", r.courier))
        for r in results
        if not r.ok and not r.unknown
    ]
    banner = stale or stale_sync.StaleSync((), frozenset())
    decided = {d.order_id for d in decisions} | layout.markers | banner.markers
    exceptions = sheet_plan.exception_changes(
        [*plan.alerts, *failed, *layout.alerts(), *banner.alerts], ws.exceptions.rows, lang, now, decided
    )
    new_rows = sheet_plan.new_order_rows(((n.values, n.decision) for n in plan.new_rows), lang, now)
    appendices = [
        Appendix(ws.orders, new_rows),
        Appendix(ws.exceptions, exceptions.new_rows),
        Appendix(ws.log, sheet_plan.log_rows(logged, lang)),
    ]
    order_cells_all = (
        *order_cells.cells,
        *sheet_plan.logistics_writes(logistics_texts or {}, ws.orders.by_key()),
        *row_presence.keyless_writes(ws.orders, lang),
    )
    writes = [TableWrite(ws.orders, order_cells_all), TableWrite(ws.exceptions, tuple(exceptions.resolved))]
    if ws.inbox is not None:
        writes.append(TableWrite(ws.inbox, tuple(inbox_writes)))
    if ws.suppliers is not None:
        writes.append(TableWrite(ws.suppliers, tuple(supplier_cells)))
    written = _write(deps, layout, writes, appendices, report)
    _agree_shop_fills(plan, shop_orders, facts, written[0])
    for dropped in written[0].dropped:  # the 订单 tab: a fill the gateway refused did not happen
        item = dropped.item
        if isinstance(item, CellWrite) and item.only_if_empty and item.field in _FILLABLE:
            journal.append(
                AuditEntry(
                    deps.clock(),
                    deps.actor,
                    "fill_dropped",
                    item.key,
                    item.field,
                    "",
                    str(item.value),
                    "sync",
                    "not written: the cell was no longer empty or the row moved",
                    dropped.outcome.value,
                )
            )
    report.rows_written = order_cells.changed_rows
    report.new_rows = len(new_rows)
    report.restored_rows = sum(1 for n in plan.new_rows if n.restored)
    row_presence.learn_rows(facts, rows, plan, decisions, shop_orders, adopt=adopt_rows)
    facts.save(journal)
    report.states = _final_counts(rows, decisions, plan)


def _agree_shop_fills(
    plan: Plan, shop_orders: Mapping[str, ShopOrder], facts: FactsDoc, written: WriteReport
) -> None:
    """A row filled from the shop (shipped in the shop backend) now holds the shop's numbers, and the
    fill's audit entry journaled them: agree, so they are not "found on the shop" a second time. A
    fill the gateway did not write agrees nothing (the cell holds what someone typed)."""
    filled = {
        one.item.key
        for one in written.applied
        if isinstance(one.item, CellWrite) and one.item.field == "tracking_numbers"
    }
    for note in plan.audits:
        order = shop_orders.get(note.order_id)
        shop_fill = note.action == "fill" and note.source == "shop" and note.field == "tracking_numbers"
        if shop_fill and order is not None and note.order_id in filled:
            facts.agree(order.order_id, order.waybills)


def _check(deps: TickDeps, tables: Mapping[str, Table], report: TickReport) -> LayoutCheck:
    layout = layout_guard.check(tables.values(), deps.lang)
    report.layout_problems = [p.as_dict() for p in layout.problems]
    layout.log()
    return layout


def _write(
    deps: TickDeps,
    layout: LayoutCheck,
    writes: Sequence[TableWrite],
    appendices: Sequence[Appendix],
    report: TickReport,
) -> list[WriteReport]:
    """One guarded write plus the appends, leaving out every tab whose header is broken (such a tab's
    writes are reported as LAYOUT_CHANGED, its appended rows dropped: the journal keeps the entries)."""
    allowed = [w if layout.writable(w.table.title) else TableWrite(w.table) for w in writes]
    extra = []
    parts = [a for a in appendices if a.rows and layout.writable(a.header.title)]
    if parts:
        ids = deps.gateway.sheet_ids()
        extra = [append_request(ids[a.header.title], a) for a in parts]
    written = deps.gateway.write_many(allowed, extra_requests=extra)
    written = [
        one
        if layout.writable(w.table.title)
        else WriteReport(tuple(ItemResult(i, Outcome.LAYOUT_CHANGED, None) for i in w.items))
        for one, w in zip(written, writes, strict=True)
    ]
    report.dropped_writes = sum(len(r.dropped) for r in written)
    for one in written:
        for outcome, count in one.outcomes().items():
            report.write_outcomes[outcome.value] = report.write_outcomes.get(outcome.value, 0) + count
    return written


def _layout_only(
    deps: TickDeps,
    now: datetime,
    layout: LayoutCheck,
    tables: Mapping[str, Table],
    lay: Layouts,
    report: TickReport,
) -> None:
    """The pass found a tab the decisions read broken: show it, journal it, and touch nothing else
    (no order facts, no tracking state, no event queue, no push; no cell of 订单)."""
    entries = layout.journal_changes(deps.journal, deps.clock(), deps.actor)
    exceptions, log = tables.get(lay.exceptions.title), tables.get(lay.log.title)
    writes: list[TableWrite] = []
    appendices: list[Appendix] = []
    if exceptions is not None:
        changes = sheet_plan.exception_changes(
            layout.alerts(), exceptions.rows, deps.lang, now, layout.markers
        )
        writes.append(TableWrite(exceptions, tuple(changes.resolved)))
        appendices.append(Appendix(exceptions, changes.new_rows))
    if log is not None:
        appendices.append(Appendix(log, sheet_plan.log_rows(entries, deps.lang)))
    _write(deps, layout, writes, appendices, report)
    report.skipped = "layout"


def check_layout(deps: TickDeps) -> TickReport:
    """Only the headers: an operator edited a header row (the sheet-edit trigger), so the alert shows
    (or clears) at once instead of at the next tick. Decides nothing, pushes nothing."""
    now = deps.clock()
    report = TickReport(now)
    calls_before = deps.gateway.calls.total
    lay = Layouts.of(deps.lang)
    tables = deps.gateway.read(
        [lay.exceptions],
        headers_only=[lay.orders, lay.settings, lay.inbox, lay.suppliers, lay.log],
        lenient=True,
    )
    layout = _check(deps, tables, report)
    _layout_only(deps, now, layout, tables, lay, report)
    report.skipped = "layout" if layout.stops else "headers only"
    report.sheets_calls = deps.gateway.calls.total - calls_before
    return report


def _note_shipped(
    facts: FactsDoc, rows: Sequence[SheetRow], decisions: Sequence[RowDecision], plan: Plan, now: datetime
) -> None:
    """Remember when each order was first seen shipped, as read or as decided now (a supplier's sheet
    keeps the recipient for some days after that). A row shipped before this was kept counts from now."""
    shown = [(row.order_id, row.state) for row in rows]
    decided = [(d.order_id, d.state.value) for d in [*decisions, *(n.decision for n in plan.new_rows)]]
    for order_id, state in [*shown, *decided]:
        if state in SHIPPED_STATES:
            facts.seen_shipped(order_id, now)


def _watch(
    deps: TickDeps,
    rows: Sequence[SheetRow],
    settings: Table,
    now: datetime,
    report: TickReport,
    *,
    full: bool,
) -> tuple[TrackingWatch | None, WatchOutcome]:
    """The logistics watch's views of the tracked rows (nothing when tracking is off). ``full``: the
    sync tick (provider calls within the budget); otherwise the stored state only."""
    if deps.tracking is None:
        return None, WatchOutcome()
    watch = TrackingWatch(deps.journal, deps.tracking if full else None, english=deps.lang == "en")
    outcome = watch.run(rows, watch_settings(settings), now, full=full, phone_of=_shop_phone(deps))
    report.tracking_calls, report.tracking_deferred = outcome.calls, outcome.deferred
    return watch, outcome


def _final_counts(rows: Sequence[SheetRow], decisions: Sequence[RowDecision], plan: Plan) -> dict[str, int]:
    by_order = {row.order_id: row.state for row in rows}
    for d in decisions:
        by_order[d.order_id] = d.state.value
    for n in plan.new_rows:
        by_order[n.order_id] = n.decision.state.value
    counts: dict[str, int] = {}
    for state in by_order.values():
        if state:
            counts[state] = counts.get(state, 0) + 1
    return counts


def _read_shop(
    deps: TickDeps,
    rows: Sequence[SheetRow],
    facts: FactsDoc,
    now: datetime,
    report: TickReport,
    also: Iterable[str] = (),
    not_found: set[str] | None = None,
) -> tuple[dict[str, ShopOrder], bool]:
    """Orders changed since the watermark, plus those some row needs, plus unresolved pushes, plus
    ``also`` (the logistics watch's: a courier the tracking provider confirmed may need correcting;
    and orders queued by shop events)."""
    since = deps.journal.watermark(WATERMARK) or now - deps.lookback
    listed_ok = True
    try:
        changed = deps.shop.list_order_ids(
            int((since - OVERLAP).timestamp()), int(now.timestamp()), by="update"
        )
    except WeChatError as exc:
        report.shop_errors["list"] = f"{exc.errcode} {exc.errmsg}"[:200]
        changed, listed_ok = [], False
    wanted = set(changed) | orders_to_read(rows, facts.agreed)
    wanted |= {i.order_id for i in deps.journal.unresolved_intents(now)}
    wanted |= set(also)
    return _details(deps, wanted, report, not_found), listed_ok


def _shop_phone(deps: TickDeps) -> Callable[[str], str]:
    """The recipient's real last 4 phone digits of one order, read from the shop (the sheet has the
    masked recipient, which hides a virtual number's extension); "" when the shop does not answer."""

    def phone_of(order_id: str) -> str:
        details = deps.shop.get_orders([order_id], concurrency=1)
        order = details.orders.get(order_id)
        return translate.phone_last4(order) if order is not None else ""

    return phone_of


def _details(
    deps: TickDeps, wanted: set[str], report: TickReport, not_found: set[str] | None = None
) -> dict[str, ShopOrder]:
    """The orders' details; ``not_found`` collects the ids the shop answered 100002 for."""
    if not wanted:
        return {}
    details = deps.shop.get_orders(sorted(wanted), concurrency=deps.concurrency)
    for order_id, error in details.errors.items():
        report.shop_errors[order_id] = f"{error.errcode} {error.errmsg}"[:200]
        if not_found is not None and isinstance(error, OrderNotFoundError):
            not_found.add(order_id)
    return {oid: translate.shop_order(order) for oid, order in details.orders.items()}


def _after_pushes(plan: Plan, results: Sequence[PushResult], facts: FactsDoc) -> list[RowDecision]:
    """What the rows show after this tick's pushes: shipped/corrected when the call worked (the very
    text the next tick's reconcile gives, so it has nothing to rewrite), the platform's reason when
    it did not."""
    outcome = {r.order_id: r for r in results}
    flagged = set(plan.flagged_rows)
    decisions = []
    for d in plan.decisions:
        result = outcome.get(d.order_id)
        if result is None or d.row in flagged:
            decisions.append(d)
            continue
        if result.unknown:
            text = msg.push_unconfirmed()  # the row stays as it was until the read-back
            decisions.append(RowDecision(d.order_id, d.row, d.state, None, text[0], text[1]))
            continue
        if result.ok:
            numbers = tuple(facts.agreed.get(d.order_id, ()))
            corrected = result.kind == "correct"
            state = RowState.CORRECTED if corrected else RowState.SHIPPED
            text = msg.corrected(numbers) if corrected else msg.shipped(numbers, "")
        else:
            state = d.state if result.retry else RowState.INVALID
            text = msg.push_refused(result.reason, result.retry, result.code or "", result.courier)
        decisions.append(RowDecision(d.order_id, d.row, state, None, text[0], text[1]))
    return decisions
