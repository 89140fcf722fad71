"""The suppliers' news of a full pass (part of the gather stage): every source the 供应商 tab and the
deployment configure, plus the 回传 inbox, matched to orders (shared/app/supplier_feed.py)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from shared.app import link_suggestions, supplier_sheet_memory
from shared.app.facts import FactsDoc
from shared.app.link_suggestions import LinkFinding
from shared.app.shipment_files import ShipmentFiles
from shared.app.supplier_feed import SupplierFeed, collect_reports
from shared.app.supplier_sheets import GatewaySheetPort, ShopDetails, sibling_client
from shared.app.supplier_tab import build_sources, status_cells
from shared.app.tick.deps import TickDeps
from shared.app.tick.read import Read
from shared.app.tick_lease import TickLease
from shared.domain.orders import ShopOrder, ShopStatus
from shared.reconcile.inputs import SupplierReport
from shared.sheets.gateway import CellWrite


@dataclass(frozen=True, slots=True)
class SupplierNews:
    """``problems``: for the pass's report; ``inbox_writes``: the 回传 rows' results;
    ``status_cells``: the 供应商 状态 cells that change (a row's configuration, or its pull failing);
    ``files``: the shipment files read, remembered by the remember stage once the sheet is written;
    ``links``: the 1688 link suggestions (shared/app/link_suggestions.py)."""

    reports: tuple[SupplierReport, ...] = ()
    problems: tuple[str, ...] = ()
    inbox_writes: tuple[CellWrite, ...] = ()
    status_cells: tuple[CellWrite, ...] = ()
    files: ShipmentFiles | None = None
    links: LinkFinding = field(default_factory=LinkFinding)


def pull_suppliers(
    deps: TickDeps,
    read: Read,
    facts: FactsDoc,
    orders: Mapping[str, ShopOrder],
    now: datetime,
    lease: TickLease | None,
    read_more: Callable[[set[str]], Mapping[str, ShopOrder]] = lambda ids: {},
) -> SupplierNews:
    """``read_more``: reads shop orders the pass has not read (for the link suggestions)."""
    ws = read.workspace
    remembered = supplier_sheet_memory.load(deps.journal)
    tab = build_sources(
        ws.suppliers,
        deps.supplier_env,
        lambda: deps.supplier_sheets or GatewaySheetPort(sibling_client(deps.gateway.http)),
        ShopDetails(deps.shop, deps.concurrency),
        deps.lang,
        deps.clock,
        deployed={name for name, _ in deps.feed.sources},
        workspace_id=deps.gateway.spreadsheet_id,
        remembered=remembered,
        files=(files := ShipmentFiles.load(deps.journal, deps.supplier_files, now)),
    )
    try:
        if lease is not None:
            lease.renew()  # before the supplier pulls (inside: the tab's sources are closed either way)
        sources = SupplierFeed([*tab.sources, *deps.feed.sources])
        cancelled = {oid for oid, o in orders.items() if o.status is ShopStatus.CANCELLED}
        inbox_rows = ws.inbox.rows if ws.inbox is not None else ()
        feed = collect_reports(sources, read.rows, inbox_rows, facts, now, closed_now=cancelled)
        supplier_sheet_memory.save(deps.journal, remembered, tab.still_to_clear())
        before = link_suggestions.load(deps.journal)
        links = link_suggestions.find_links(
            sources.sources, read.rows, read.every_row, orders, read_more, now, before
        )
        link_suggestions.save(deps.journal, before, links.hints)
    finally:
        tab.close()
    cells = status_cells(ws.suppliers, tab, feed.failures)
    return SupplierNews(
        tuple(feed.reports),
        (*feed.problems, *links.problems),
        tuple(feed.inbox_writes),
        tuple(cells),
        files,
        links,
    )
