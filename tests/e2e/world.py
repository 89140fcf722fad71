"""A whole local world for end-to-end tests: the WeChat Shop and Sheets emulators on loopback, a
workspace made by init-sheet, a journal in a temp folder, and the real clients wired as in production.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

from emulators.control import Kuaidi100Control, SheetsControl, ShopControl
from emulators.kuaidi100 import DEFAULT_CUSTOMER, DEFAULT_KEY, Kuaidi100Emulator
from emulators.sheets.server import serve as serve_sheets
from emulators.sheets.store import Spreadsheet, Store, new_spreadsheet_id
from emulators.wechat_shop.server import running as running_shop
from shared.app.supplier_feed import SupplierFeed
from shared.app.tick import TickDeps, TickReport, refresh, run_tick
from shared.app.tracking_watch import TrackingConfig
from shared.journal.journal import Journal
from shared.journal.local_store import LocalDirStore
from shared.reconcile.archive_room import CellLimits
from shared.reconcile.messages import shipped as shipped_message
from shared.sheets.gateway import SheetsGateway, connect
from shared.sheets.http import SheetsHTTPClient
from shared.sheets.settings import SheetsSettings
from shared.sheets.workspace_init import create_spreadsheet, init_workspace
from shared.suppliers.shipment_drop import ShipmentDrop
from shared.tracking import Kuaidi100Client, Kuaidi100Config, RetryPolicy
from shared.wechat.client import WeChatShopClient
from sheet_templates.workspace import status_label

ROOT = Path(__file__).resolve().parents[2]

OPERATOR = {"Authorization": "Bearer operator"}
EDIT_SECRET = "edit-secret-for-tests"
PUSH_TOKEN = "pushtoken123"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"  # 43 characters, as the platform issues


@dataclass
class World:
    shop_url: str
    sheets_url: str
    spreadsheet_id: str
    gateway: SheetsGateway
    shop: WeChatShopClient
    journal: Journal
    feed: SupplierFeed
    http: httpx.Client
    shop_secret: str = ""
    kuaidi100: Kuaidi100Emulator | None = None
    tracking: TrackingConfig | None = None
    offset: timedelta = field(default_factory=timedelta)  # how far the test moved every clock
    supplier_env: dict[str, str] = field(default_factory=dict)  # secrets the 供应商 tab's rows name
    supplier_files: ShipmentDrop | None = None  # where suppliers' shipment files are dropped
    app: str = ""  # the emulator's app this world's shop is ("": its default app)
    # the cells that roll the archive over to archive spreadsheets (a test sets small ones)
    archive_limits: CellLimits = field(default_factory=CellLimits)

    # --- the emulators' control clients ----------------------------------------------------------
    @property
    def shop_control(self) -> ShopControl:
        return ShopControl(self.shop_url, self.http, app=self.app)

    @property
    def sheets_control(self) -> SheetsControl:
        return SheetsControl(self.sheets_url, self.http)

    @property
    def kuaidi100_control(self) -> Kuaidi100Control:
        assert self.kuaidi100 is not None, "world(..., tracking=True)"
        return Kuaidi100Control(self.kuaidi100.base_url, self.http)

    # --- time: the shop, Kuaidi100 and the tick move together -----------------------------------
    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def advance(self, hours: float) -> None:
        """Move every clock ``hours`` ahead (Kuaidi100's scripted scans appear on the way)."""
        step = timedelta(hours=hours)
        self.offset += step
        self.shop_control.advance_clock(step.total_seconds())
        if self.kuaidi100 is not None:
            self.kuaidi100_control.set_clock(self.now())

    def cold_start(self) -> None:
        """A new tracking client, as a new function instance has: its in-process guards are empty."""
        assert self.kuaidi100 is not None and self.tracking is not None
        k100 = self.kuaidi100
        config = Kuaidi100Config(DEFAULT_CUSTOMER, DEFAULT_KEY, k100.base_url, k100.autonumber_url)
        if isinstance(self.tracking.provider, Kuaidi100Client):
            self.tracking.provider.close()
        self.tracking.provider = Kuaidi100Client(config, clock=self.now, retry=RetryPolicy(attempts=1))

    def parcel(self, number: str, com: str, journey: str, start: datetime | None = None) -> None:
        """Register a scripted parcel at the Kuaidi100 emulator (starting now, or at ``start``)."""
        self.kuaidi100_control.add_parcel(number, com, journey, start=start or self.now())

    # --- the shop, as the platform and its buyers change it ------------------------------------
    def create_order(self, sku_cnt: int = 1, title: str = "蓝色T恤", **extra: Any) -> str:
        products = [{"product_id": "10001", "sku_id": "20001", "sku_cnt": sku_cnt, "title": title}]
        return self.shop_control.create_order(**{"products": products, "status": 20, **extra})

    def cancelled_orders(self, count: int) -> list[str]:
        """``count`` orders a tick saw paid, then cancelled by their buyers and seen finished."""
        ids = [self.create_order() for _ in range(count)]
        self.tick()
        for order_id in ids:
            self.shop_control.cancel(order_id)
        self.tick()
        return ids

    def shop_order(self, order_id: str) -> dict[str, Any]:
        return dict(self.shop_control.order(order_id)["order"])

    def shop_waybills(self, order_id: str) -> list[str]:
        packages = (
            self.shop_order(order_id)["order_detail"]["delivery_info"].get("delivery_product_info") or []
        )
        return [p["waybill_id"] for p in packages]

    # --- the sheet, as an operator sees and edits it -------------------------------------------
    def _values_url(self, a1: str, verb: str = "") -> str:
        return f"{self.sheets_url}/v4/spreadsheets/{self.spreadsheet_id}/values/{quote(a1, safe='')}{verb}"

    def _put(self, a1: str, value: str, entered: bool = False) -> None:
        answer = self.http.put(
            self._values_url(a1),
            params={"valueInputOption": "USER_ENTERED" if entered else "RAW"},
            json={"values": [[value]]},
            headers=OPERATOR,
        )
        answer.raise_for_status()

    def values(self, tab: str = "订单") -> list[list[str]]:
        answer = self.http.get(self._values_url(tab), headers=OPERATOR)
        answer.raise_for_status()
        return [[str(c) for c in row] for row in answer.json().get("values", [])]

    def records(self, tab: str = "订单") -> list[dict[str, str]]:
        rows = self.values(tab)
        if not rows:
            return []
        header = rows[0]
        return [dict(zip(header, row + [""] * (len(header) - len(row)), strict=True)) for row in rows[1:]]

    def row_of(self, order_id: str) -> dict[str, str]:
        found = [r for r in self.records() if r.get("订单号") == order_id]
        assert len(found) == 1, f"{order_id}: {len(found)} rows"
        return found[0]

    def type_cell(
        self,
        key: str,
        header: str,
        text: str,
        tab: str = "订单",
        key_header: str = "订单号",
        *,
        entered: bool = False,
    ) -> None:
        """An operator types into the row whose ``key_header`` cell is ``key``. ``entered``: as typed in
        the Sheets UI (USER_ENTERED: a digit string becomes a number unless the cell is plain text, a
        leading = makes a formula); otherwise stored as the exact text (RAW)."""
        rows = self.values(tab)
        col, key_col = rows[0].index(header), rows[0].index(key_header)
        row = next(i for i, r in enumerate(rows) if len(r) > key_col and r[key_col] == key)
        self._put(f"'{tab}'!{chr(ord('A') + col)}{row + 1}", text, entered)

    def set_number_format(self, header: str, fmt: dict[str, Any] | None, tab: str = "订单") -> None:
        """The whole column's number format (``None``: automatic, as in a workspace made before the
        identifier columns were plain text, or after someone changed the format)."""
        col = self.values(tab)[0].index(header)
        grid = {"sheetId": self._sheet_id(tab), "startColumnIndex": col, "endColumnIndex": col + 1}
        cell = {"userEnteredFormat": {"numberFormat": fmt}} if fmt else {}
        answer = self.http.post(
            f"{self.sheets_url}/v4/spreadsheets/{self.spreadsheet_id}:batchUpdate",
            json={
                "requests": [
                    {"repeatCell": {"range": grid, "cell": cell, "fields": "userEnteredFormat.numberFormat"}}
                ]
            },
            headers=OPERATOR,
        )
        answer.raise_for_status()

    def set_setting(self, key: str, value: str) -> None:
        self.type_cell(key, "值", value, tab="设置", key_header="键")

    def paste_inbox(self, text: str, supplier: str = "", *, entered: bool = False) -> None:
        # At the first free row, as a person pastes: appending to a fixed A2 would let Sheets' table
        # detection move the paste (or overwrite a row whose supplier cell is blank).
        answer = self.http.post(
            self._values_url(f"'回传'!A{len(self.values('回传')) + 1}", ":append"),
            params={"valueInputOption": "USER_ENTERED" if entered else "RAW"},
            json={"values": [[supplier, text]]},
            headers=OPERATOR,
        )
        answer.raise_for_status()

    def add_supplier(self, name: str, channel: str, settings: str, default_courier: str = "") -> None:
        """An operator adds a row to the 供应商 tab."""
        header = self.values("供应商")[0]
        row = {"供应商": name, "对接方式": channel, "默认快递": default_courier, "接入设置": settings}
        answer = self.http.post(
            self._values_url(f"'供应商'!A{len(self.values('供应商')) + 1}", ":append"),
            params={"valueInputOption": "RAW"},
            json={"values": [[row.get(h, "") for h in header]]},
            headers=OPERATOR,
        )
        answer.raise_for_status()

    # --- a supplier's own spreadsheet, as the supplier sees and edits it ------------------------
    def new_supplier_sheet(self, title: str) -> str:
        return create_spreadsheet(
            SheetsHTTPClient.build(SheetsSettings(api_base=self.sheets_url, anonymous=True)), title
        )

    def supplier_rows(self, sid: str, tab: str = "待发货") -> list[dict[str, str]]:
        answer = self.http.get(f"{self.sheets_url}/v4/spreadsheets/{sid}/values/{quote(tab, safe='')}")
        answer.raise_for_status()
        rows = [[str(c) for c in r] for r in answer.json().get("values", [])]
        return [dict(zip(rows[0], r + [""] * (len(rows[0]) - len(r)), strict=True)) for r in rows[1:]]

    def supplier_row(self, sid: str, order_id: str) -> dict[str, str]:
        (found,) = [r for r in self.supplier_rows(sid) if r["订单号"] == order_id]
        return found

    def type_in_supplier_sheet(self, sid: str, order_id: str, header: str, text: str) -> None:
        """The supplier types into the row of ``order_id`` in their sheet (its 待发货 tab)."""
        answer = self.http.get(f"{self.sheets_url}/v4/spreadsheets/{sid}/values/{quote('待发货', safe='')}")
        answer.raise_for_status()
        rows = answer.json()["values"]
        col, row = rows[0].index(header), next(i for i, r in enumerate(rows) if r and r[0] == order_id)
        a1 = quote(f"'待发货'!{chr(ord('A') + col)}{row + 1}", safe="")
        self.http.put(
            f"{self.sheets_url}/v4/spreadsheets/{sid}/values/{a1}",
            params={"valueInputOption": "RAW"},
            json={"values": [[text]]},
        ).raise_for_status()

    def seed_shipped(self, count: int, journey: str | None = "normal") -> list[str]:
        """``count`` rows already shipped with a ZTO number each, written straight into 订单 (one
        append) with the journal agreeing and the listing watermark at now, so a tick reads no order
        from the shop: what a sheet looks like after weeks of pushes. Each number gets a scripted
        parcel (``journey``; None: unknown to Kuaidi100). Returns the numbers."""
        header = self.values()[0]
        numbers = [f"7810{i:010d}" for i in range(count)]
        rows, agreed = [], {}
        for i, number in enumerate(numbers):
            order_id = f"9{i:018d}"
            cells = {
                "订单号": order_id,
                "收件人": "张** 138****5678",
                "供应商单号": f"PO-{i}",
                "快递公司": "中通",
                "快递单号": number,
                "状态": status_label("shipped", "zh"),
                "说明": shipped_message((number,), "").zh,
            }
            rows.append([cells.get(h, "") for h in header])
            agreed[order_id] = [number]
        answer = self.http.post(
            self._values_url("'订单'!A2", ":append"),
            params={"valueInputOption": "RAW"},
            json={"values": rows},
            headers=OPERATOR,
        )
        answer.raise_for_status()
        self.journal.put_state("orders/facts", {"agreed": agreed, "corrections": {}, "corrected": []})
        self.journal.set_watermark("orders", self.now())
        if journey is not None:
            for number in numbers:
                self.parcel(number, "zhongtong", journey)
        return numbers

    # --- the product ---------------------------------------------------------------------------
    def env(self, journal_dir: Path) -> dict[str, str]:
        """The environment a deployed function would get, pointed at this world."""
        return {
            "WAYBILL_WECHAT_API_BASE": self.shop_url,
            "WAYBILL_WECHAT_APPID": self.shop.appid,
            "WAYBILL_WECHAT_SECRET": self.shop_secret,
            "WAYBILL_SHEETS_API_BASE": self.sheets_url,
            "WAYBILL_SPREADSHEET_ID": self.spreadsheet_id,
            "WAYBILL_SHEETS_ANONYMOUS": "1",
            "WAYBILL_EDIT_SECRET": EDIT_SECRET,
            "WAYBILL_JOURNAL_DIR": str(journal_dir),
            "WAYBILL_WECHAT_PUSH_TOKEN": PUSH_TOKEN,
            "WAYBILL_WECHAT_AES_KEY": AES_KEY,
        }

    def cli(self, journal_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
        """``python -m shared.cli <args>`` in its own process, configured as a deployment at this
        world (``env``)."""
        return subprocess.run(
            [sys.executable, "-m", "shared.cli", *args],
            cwd=ROOT,
            env={**os.environ, **self.env(journal_dir)},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    # --- the emulators' own records and knobs (what really crossed the wire) ----------------------
    def sheets_requests(self) -> list[dict[str, Any]]:
        """Every Sheets API request the product made (the operator's own requests left out)."""
        return [r for r in self.sheets_control.requests() if r["user"] != "operator"]

    def sheets_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for r in self.sheets_requests():
            counts[r["endpoint"]] = counts.get(r["endpoint"], 0) + 1
        return counts

    def clear_sheets_log(self) -> None:
        self.sheets_control.clear_log()

    def shop_calls(self, path: str) -> int:
        """Calls to a platform path (e.g. ``/channels/ec/order/delivery/send``) since the last reset."""
        return self.shop_control.call_count(path)

    def stored_cells(self, tab: str = "订单") -> list[dict[str, Any]]:
        """The emulator's own record of a tab: value and formula of every non-empty cell."""
        return list(self.sheets_control.cells(self.spreadsheet_id, tab)["cells"])

    def _sheet_id(self, tab: str) -> int:
        answer = self.http.get(f"{self.sheets_url}/v4/spreadsheets/{self.spreadsheet_id}", headers=OPERATOR)
        answer.raise_for_status()
        found = [s["properties"] for s in answer.json()["sheets"] if s["properties"]["title"] == tab]
        return int(found[0]["sheetId"])

    def sort_tab(self, header: str, descending: bool = True, tab: str = "订单") -> None:
        """An operator sorts the tab's rows (under the header) by one column, as the web view does."""
        rows = self.values(tab)
        spec = {
            "dimensionIndex": rows[0].index(header),
            "sortOrder": "DESCENDING" if descending else "ASCENDING",
        }
        grid = {"sheetId": self._sheet_id(tab), "startRowIndex": 1, "endRowIndex": len(rows)}
        answer = self.http.post(
            f"{self.sheets_url}/v4/spreadsheets/{self.spreadsheet_id}:batchUpdate",
            json={"requests": [{"sortRange": {"range": grid, "sortSpecs": [spec]}}]},
            headers=OPERATOR,
        )
        answer.raise_for_status()

    def clear_tab(self, tab: str) -> None:
        """An operator selects everything under the header and deletes it."""
        answer = self.http.post(self._values_url(f"'{tab}'!A2:Z", ":clear"), headers=OPERATOR, json={})
        answer.raise_for_status()

    def tick_during(self, action: Callable[[], None], now: datetime | None = None) -> TickReport:
        """Run a tick and do ``action`` (an operator's doing) between the tick's read of the sheet and
        its write. The pause is real: the shop's order list answers slowly (emulator latency on that
        path), so the tick sits between its sheet read and its re-read while the action runs. Raises
        if the action did not land in that window."""
        path = "/channels/ec/order/list/get"
        self.shop_control.set_latency(600, path)
        reads = len(self.sheets_requests())
        outcome: dict[str, Any] = {}

        def run() -> None:
            try:
                outcome["report"] = self.tick(now)
            except BaseException as exc:  # handed to the caller below
                outcome["error"] = exc

        thread = threading.Thread(target=run)
        thread.start()
        try:
            deadline = time.monotonic() + 10
            while len(self.sheets_requests()) == reads and time.monotonic() < deadline:
                time.sleep(0.01)
            action()
            between = [r["endpoint"] for r in self.sheets_requests()[reads:]]
            assert between == ["spreadsheets.values.batchGet"], f"not inside the tick: {between}"
        finally:
            thread.join(30)
            self.shop_control.set_latency(0, path)
        if "error" in outcome:
            raise outcome["error"]
        return outcome["report"]  # type: ignore[no-any-return]

    def menu(self, order_id: str, action: str = "push") -> TickReport:
        """The sheet menu's 推送所选行 (``push``) or 校验所选行 (``validate``) on one order's row, as the
        sheet_edit function runs it."""
        rows = self.values()
        key_col = rows[0].index("订单号")
        number = next(i for i, r in enumerate(rows) if len(r) > key_col and r[key_col] == order_id) + 1
        deps = TickDeps(
            self.gateway,
            self.shop,
            self.journal,
            self.feed,
            clock=self.now,
            tracking=self.tracking,
            supplier_env=self.supplier_env,
            supplier_files=self.supplier_files,
        )
        return refresh(
            deps, row_range=(number, number), force_push=action == "push", push=action != "validate"
        )

    def tick(self, now: datetime | None = None) -> TickReport:
        deps = TickDeps(
            self.gateway,
            self.shop,
            self.journal,
            self.feed,
            clock=(lambda: now) if now else self.now,
            tracking=self.tracking,
            supplier_env=self.supplier_env,
            supplier_files=self.supplier_files,
            archive_limits=self.archive_limits,
        )
        return run_tick(deps)


@dataclass
class Emulators:
    """Running emulators that several worlds can take turns on (see ``world_on``)."""

    shop_url: str
    appid: str
    secret: str
    sheets_url: str
    http: httpx.Client
    sheets_store: Store | None = None  # the in-process Sheets emulator's state
    template: str | None = None  # a workspace made by init-sheet, copied for each world

    def new_workspace(self) -> str:
        """A spreadsheet as init-sheet makes it. init-sheet runs once, over the API; later worlds get a
        copy made inside the emulator (its state-file form), which keeps many scenarios fast."""
        if self.template is None or self.sheets_store is None:
            http_client = SheetsHTTPClient.build(SheetsSettings(api_base=self.sheets_url, anonymous=True))
            sid = create_spreadsheet(http_client, "单号中继 测试")
            init_workspace(http_client, sid)
            if self.sheets_store is None:
                return sid
            self.template = sid
        store = self.sheets_store
        with store.lock:
            template = store.get(self.template)
            assert template is not None
            data = template.to_json()
            data["spreadsheetId"] = new_spreadsheet_id()
            store.add(Spreadsheet.from_json(data))
        return str(data["spreadsheetId"])


@contextmanager
def emulators() -> Iterator[Emulators]:
    with running_shop() as shop_emu, serve_sheets(port=0) as sheets_emu, httpx.Client(timeout=10) as http:
        yield Emulators(
            shop_emu.url,
            shop_emu.state.appid,
            shop_emu.state.secret,
            sheets_emu.url,
            http,
            sheets_emu.emulator.store,
        )


@contextmanager
def world_on(
    emus: Emulators,
    tmp: Path,
    feed: SupplierFeed | None = None,
    sleep: Callable[[float], None] | None = None,
    journal: Journal | None = None,
) -> Iterator[World]:
    """A fresh world on running emulators: a new spreadsheet made by init-sheet, a new journal, and
    the shop emptied. ``sleep`` is the Sheets client's retry sleep (tests pass a no-op)."""
    http = emus.http
    ShopControl(emus.shop_url, http).reset()
    sid = emus.new_workspace()
    gateway = connect(
        SheetsSettings(api_base=emus.sheets_url, spreadsheet_id=sid, anonymous=True), sleep=sleep
    )
    client = WeChatShopClient(emus.appid, emus.secret, base_url=emus.shop_url)
    try:
        yield World(
            emus.shop_url,
            emus.sheets_url,
            sid,
            gateway,
            client,
            journal or Journal(LocalDirStore(tmp / "journal")),
            feed or SupplierFeed(),
            http,
            emus.secret,
        )
    finally:
        client.close()


@contextmanager
def world(
    tmp: Path,
    feed: SupplierFeed | None = None,
    sleep: Callable[[float], None] | None = None,
    journal: Journal | None = None,
    *,
    tracking: bool = False,
) -> Iterator[World]:
    """``tracking``: also a Kuaidi100 emulator (clock at real now; ``World.advance`` moves it with the
    shop's) and the logistics watch in the tick, polling (no callback URL)."""
    with (
        emulators() as emus,
        Kuaidi100Emulator(start=datetime.now(UTC)) if tracking else _nothing() as k100,
        world_on(emus, tmp, feed, sleep, journal) as made,
    ):
        if k100 is not None:
            made.kuaidi100 = k100
            config = Kuaidi100Config(DEFAULT_CUSTOMER, DEFAULT_KEY, k100.base_url, k100.autonumber_url)
            made.tracking = TrackingConfig(
                Kuaidi100Client(config, clock=made.now, retry=RetryPolicy(attempts=1))
            )
        try:
            yield made
        finally:
            if made.tracking is not None and isinstance(made.tracking.provider, Kuaidi100Client):
                made.tracking.provider.close()


@contextmanager
def another_shop(w: World, appid: str, secret: str, journal: Journal) -> Iterator[World]:
    """A second shop beside ``w``: another app on the same WeChat Shop emulator (its own tokens and
    orders), its own workspace made by init-sheet on the same Sheets emulator, and ``journal``."""
    w.shop_control.add_app(appid, secret)
    sheets = SheetsHTTPClient.build(SheetsSettings(api_base=w.sheets_url, anonymous=True))
    sid = create_spreadsheet(sheets, f"单号中继 {appid}")
    init_workspace(sheets, sid)
    gateway = connect(SheetsSettings(api_base=w.sheets_url, spreadsheet_id=sid, anonymous=True))
    client = WeChatShopClient(appid, secret, base_url=w.shop_url)
    try:
        yield World(
            w.shop_url, w.sheets_url, sid, gateway, client, journal, SupplierFeed(), w.http, secret, app=appid
        )
    finally:
        client.close()


@contextmanager
def _nothing() -> Iterator[None]:
    yield None
