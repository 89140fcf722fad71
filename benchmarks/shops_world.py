"""The many-shops benchmark's world (benchmarks/bench_shops.py): N shops on ONE WeChat Shop emulator
(an app each, ``POST /_emulator/apps``) and ONE Sheets emulator (a workspace each), one journal.

Seeded in batches through the emulators' control APIs and the product's own workspace builder, as
benchmarks/bench_tick.py seeds one shop: per shop one ``orders/bulk`` call, ``init_workspace``, one
``values.update`` of the 订单 rows (an import of open orders, no status yet, so every tick writes
status, message and sync time on every row; 1 row in 100 has a tracking number just typed, whose
order the tick reads from the shop) and the journal's order watermark set just past the orders'
last update (as a previous tick leaves it: the tick lists nothing new). Every run starts from a
reset of both emulators and a new journal, so the runs compared do the same work.

Counts come from the emulators: the Sheets call log (the service account's calls, per spreadsheet
by the request path) and each app's call counter on the WeChat emulator.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks.bench_tick import open_rows
from emulators.control import SheetsControl, ShopControl

SERVICE_ACCOUNT = "waybill-service-account"  # the functions' Sheets user (a bearer token is a user)
SEEDER = "bench-seeder"
PRODUCTS = [{"product_id": "10001", "sku_id": "20001", "sku_cnt": 1}]
OVERLAP = timedelta(minutes=5)  # the tick lists from a little before its watermark (shared/app/tick/deps.py)


@dataclass(frozen=True)
class Shop:
    key: str
    appid: str
    secret: str
    spreadsheet_id: str = ""

    @property
    def secret_var(self) -> str:
        return f"WAYBILL_SHOP_{self.key.upper()}_SECRET"


def shop_keys(count: int) -> list[str]:
    return [f"s{i:02d}" for i in range(1, count + 1)]


def _app(index: int) -> tuple[str, str]:
    return f"wx{index:016x}", f"bench-shop-secret-{index:04d}-0123456789"


@dataclass
class ShopsWorld:
    sheets_url: str
    shop_url: str
    journal: Path
    shops: list[Shop]

    def env(self, reads_per_minute: int, writes_per_minute: int) -> dict[str, str]:
        """The deployment's settings, as Terraform would set them (docs/shops.md)."""
        registry = {s.key: {"appid": s.appid, "spreadsheet_id": s.spreadsheet_id} for s in self.shops}
        return {
            "WAYBILL_SHOPS": json.dumps(registry),
            **{s.secret_var: s.secret for s in self.shops},
            "WAYBILL_WECHAT_API_BASE": self.shop_url,
            "WAYBILL_SHEETS_API_BASE": self.sheets_url,
            "WAYBILL_SHEETS_TOKEN": SERVICE_ACCOUNT,
            "WAYBILL_JOURNAL_DIR": str(self.journal),
            "WAYBILL_SHEETS_READS_PER_MINUTE": str(reads_per_minute),
            "WAYBILL_SHEETS_WRITES_PER_MINUTE": str(writes_per_minute),
        }

    def sheets_calls(self) -> tuple[dict[str, dict[str, int]], dict[str, int]]:
        """Per shop key: the service account's Sheets API calls (``calls``) and 429s met; and all the
        service account's calls by API method (``values.batchGet``, ...)."""
        with SheetsControl(self.sheets_url, timeout=60) as control:
            requests = control.requests()
        by_sid = {s.spreadsheet_id: s.key for s in self.shops}
        counts = {s.key: {"calls": 0, "429": 0} for s in self.shops}
        methods: dict[str, int] = {}
        for r in requests:
            if r["user"] != SERVICE_ACCOUNT:
                continue
            methods[r["endpoint"]] = methods.get(r["endpoint"], 0) + 1
            sid = str(r["path"]).split("/v4/spreadsheets/", 1)[-1].split("/")[0].split(":")[0].split("?")[0]
            key = by_sid.get(sid)
            if key is not None:
                counts[key]["calls"] += 1
                counts[key]["429"] += r["status"] == 429
        return counts, methods

    def wechat_calls(self) -> dict[str, int]:
        """Per shop key: the platform calls its app served (token, listing, details, ...)."""
        with ShopControl(self.shop_url, timeout=60) as control:
            return {s.key: int(control.for_app(s.appid).calls(limit=0)["total"]) for s in self.shops}

    def clear_counters(self) -> None:
        with SheetsControl(self.sheets_url, timeout=60) as sheets:
            sheets.clear_log()
        with ShopControl(self.shop_url, timeout=60) as control:
            for s in self.shops:
                control.for_app(s.appid).reset_calls()


def seed(sheets_url: str, shop_url: str, journal: Path, count: int, rows: int) -> ShopsWorld:
    """Both emulators reset, then ``count`` shops of ``rows`` open orders each (quota off meanwhile)."""
    from shared.journal.journal import Journal
    from shared.journal.local_store import LocalDirStore

    with SheetsControl(sheets_url, timeout=120) as sheets, ShopControl(shop_url, timeout=600) as control:
        sheets.reset()
        control.reset()
        shops = []
        for index, key in enumerate(shop_keys(count), start=1):
            appid, secret = _app(index)
            order_ids = control.add_app(appid, secret).create_orders(rows, products=PRODUCTS)
            sid = _workspace(sheets_url, key, order_ids)
            shops.append(Shop(key, appid, secret, sid))
    # Just past every order's last update, as the previous tick left it: nothing new to list.
    mark = datetime.now(UTC) + OVERLAP + timedelta(seconds=2)
    for shop in shops:
        Journal(LocalDirStore(journal / "shops" / shop.key)).set_watermark("orders", mark)
    time.sleep(3)  # the listing's window (watermark - overlap .. now) must not be empty or inverted
    return ShopsWorld(sheets_url, shop_url, journal, shops)


def _workspace(sheets_url: str, key: str, order_ids: list[str]) -> str:
    """A workspace built by the product's init, its 订单 tab filled in one ``values.update``."""
    from shared.sheets.http import SheetsHTTPClient
    from shared.sheets.settings import SheetsSettings
    from shared.sheets.workspace_init import create_spreadsheet, init_workspace

    http = SheetsHTTPClient.build(SheetsSettings(api_base=sheets_url, token=SEEDER))
    sid = create_spreadsheet(http, f"bench shop {key}")
    init_workspace(http, sid)
    meta = http.fetch_sheet_metadata(sid)
    orders = next(s for s in meta["sheets"] if s["properties"]["title"] == "订单")["properties"]
    missing = len(order_ids) + 1 - orders["gridProperties"]["rowCount"]
    if missing > 0:
        grow = {"appendDimension": {"sheetId": orders["sheetId"], "dimension": "ROWS", "length": missing}}
        http.batch_update(sid, {"requests": [grow]})
    header = [str(h) for h in http.values_get(sid, "'订单'!1:1")["values"][0]]
    values = open_rows(header, order_ids, datetime.now(UTC))
    http.values_update(sid, "'订单'!A2", params={"valueInputOption": "RAW"}, body={"values": values})
    return sid


def set_quota(sheets_url: str, reads: int, writes: int) -> dict[str, Any]:
    """The Sheets emulator's per-user quota, to match the deployment's setting."""
    with SheetsControl(sheets_url, timeout=60) as sheets:
        return sheets.set_quota(reads, writes)
