"""What every pass works with: the adapters, the clock, the workspace's language and tabs."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from shared.app.supplier_feed import SupplierFeed
from shared.app.tracking_watch import TrackingConfig
from shared.journal.journal import Journal
from shared.reconcile.archive_room import CellLimits
from shared.sheets.gateway import SheetsGateway
from shared.sheets.layout import TableLayout
from shared.suppliers.sheet_port import SheetPort
from shared.suppliers.shipment_drop import ShipmentDrop
from shared.wechat.client import WeChatShopClient
from sheet_templates.workspace import EXCEPTIONS, INBOX, LOG, ORDERS, SETTINGS, SUPPLIERS, Lang

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
    # Seconds on a monotonic clock, for the report's stage times only (telemetry: decides nothing).
    timer: Callable[[], float] = time.perf_counter
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
    # A targeted pass takes its own read as the re-read (2 Sheets calls, blind to a sort made while it
    # pushed) instead of reading again before it writes (WAYBILL_TARGETED_WRITE; off by default).
    write_as_read: bool = False
    # Archive spreadsheets (shared/app/archive_books.py): a spreadsheet id -> its gateway (None: one on
    # ``gateway``'s client); the cells that roll the archive over to them; the gateways made this tick.
    archive_gateway: Callable[[str], SheetsGateway] | None = None
    archive_limits: CellLimits = field(default_factory=CellLimits)
    archive_books: dict[str, SheetsGateway] = field(default_factory=dict)


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
