"""The stage: every emulator and the functions on free loopback ports, wired as a deployment is.

The functions get their configuration the production way, from environment variables
(shared/app/config.py, shared/sheets/settings.py); the Sheets emulator's edit hook and the WeChat
emulator's message push point at the served functions, so an edit in the web view and a shop event
reach them over HTTP with the real signatures. The Kuaidi100 emulator's credentials and URLs turn the
tick's logistics watch on (polling: no callback URL), and the tick runs on the demo's clock
(demo/clock.py), which ``Stage.move_clocks`` moves together with the emulators' clocks.

With ``shops=N`` (DEMO_SHOPS, demo/shops.py) the WeChat emulator serves N apps and the Sheets
emulator N workspaces, the functions get WAYBILL_SHOPS, and ``Stage.for_shop`` is the stage as one
shop sees it (its app, workspace and message push); ``Stage.schedule`` is Cloud Scheduler's tick.
"""

from __future__ import annotations

import os
import secrets
import shutil
import string
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

from demo import alibaba
from demo.clock import DemoClock
from demo.local_functions import serve as serve_functions
from demo.shops import DemoShop, registry_env
from emulators.control import AlibabaControl, Kuaidi100Control, SheetsControl, ShopControl, SupplierControl
from emulators.kuaidi100 import DEFAULT_CUSTOMER, DEFAULT_KEY, Kuaidi100Emulator
from emulators.sheets.server import serve as serve_sheets
from emulators.supplier_api.server import serve as serve_supplier
from emulators.wechat_shop.server import serve as serve_shop
from functions import deps as function_deps
from shared.app.supplier_feed import SupplierFeed
from shared.sheets.http import SheetsHTTPClient
from shared.sheets.settings import SheetsSettings
from shared.sheets.workspace_init import create_spreadsheet, init_workspace
from shared.suppliers.http_api import HttpApiSource
from shared.suppliers.http_config import HttpSupplierConfig

SUPPLIER_TOKEN_ENV = "WR_DEMO_SUPPLIER_TOKEN"
SUPPLIER_TOKEN = "test-token"  # the supplier emulator's default bearer token
# Provider calls per tick: every shipped row of the demo's shop is refreshed in one tick (production
# keeps the default 50 and spreads the refresh over ticks; the demo moves 81 h in one step).
TRACKING_BUDGET = "300"


def supplier_row(supplier_id: str, orders_url: str) -> dict[str, str]:
    """The 供应商 settings of the emulated supplier's API: the erp_json preset (its shape, see
    emulators/supplier_api/README.md) and this supplier's own endpoint, token variable and paging."""
    return {
        "preset": "erp_json",
        "supplier_id": supplier_id,
        "endpoint": orders_url,
        "token_env": SUPPLIER_TOKEN_ENV,
        "page_size": "50",
    }


def _aes_key() -> str:
    """A fresh EncodingAESKey: 43 characters of [A-Za-z0-9], as the platform issues them."""
    return "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(43))


@dataclass
class Stage:
    shop_url: str
    sheets_url: str
    supplier_url: str
    functions_url: str
    spreadsheet_id: str
    edit_secret: str
    journal_dir: Path
    http: httpx.Client
    push: dict[str, Any]
    kuaidi100_url: str = ""
    clock: DemoClock = field(default_factory=DemoClock)
    # Waits until the work sheet_edit and shop_events handed on (Pub/Sub) is done; False: timed out.
    settle: Callable[[float], bool] = lambda _timeout: True
    alibaba_url: str = ""  # the 1688 emulator (demo/alibaba.py)
    app: str = ""  # the WeChat app this view of the stage addresses ("": the emulator's default app)
    shops: tuple[DemoShop, ...] = ()  # DEMO_SHOPS (demo/shops.py); (): one shop, no registry
    # Cloud Scheduler's tick: one message on the scheduler's topic, fanned out by dispatch.
    schedule: Callable[[], None] = lambda: None
    # Pub/Sub's pushes so far per subscription: {"delivered", "failed"} (demo/local_functions.py).
    deliveries: Callable[[], dict[str, dict[str, int]]] = dict
    # DEMO_SHOPS: the overview spreadsheet (总览, docs/shops.md) the functions rewrite after each tick
    overview_id: str = ""

    def for_shop(self, shop: DemoShop) -> Stage:
        """The stage as ``shop`` sees it: its app, its workspace and its message push."""
        push = shop.push(self.functions_url, bool(self.push.get("auto")))
        return replace(self, spreadsheet_id=shop.spreadsheet_id, app=shop.appid, push=push)

    def connect_shop_push(self) -> None:
        """Point the shop's message push at shop_events and check the URL as the platform does.
        Done after seeding: the seeded orders' own events predate the subscription."""
        self.shop_control.configure_push(**self.push)
        verified = self.shop_control.verify_push()
        if not verified.get("ok"):
            raise RuntimeError(f"shop_events did not answer the URL check: {verified}")

    @property
    def web_url(self) -> str:
        return f"{self.sheets_url}/ui/{self.spreadsheet_id}"

    @property
    def overview_url(self) -> str:
        return f"{self.sheets_url}/ui/{self.overview_id}" if self.overview_id else ""

    # The emulators' control clients (their /_emulator/ APIs), over the stage's HTTP client.
    @property
    def shop_control(self) -> ShopControl:
        return ShopControl(self.shop_url, self.http, app=self.app)

    @property
    def sheets_control(self) -> SheetsControl:
        return SheetsControl(self.sheets_url, self.http)

    @property
    def supplier_control(self) -> SupplierControl:
        return SupplierControl(self.supplier_url, self.http)

    @property
    def alibaba_control(self) -> AlibabaControl:
        return AlibabaControl(self.alibaba_url, self.http)

    @property
    def kuaidi100_control(self) -> Kuaidi100Control:
        return Kuaidi100Control(self.kuaidi100_url, self.http)

    def move_clocks(self, hours: float) -> datetime:
        """Move the tick's clock, the shop's and Kuaidi100's ``hours`` ahead, together: the shop's
        order update times and the tick's listing window stay in step, and Kuaidi100's scripted
        scans up to the new now appear. Returns the new now (UTC)."""
        now = self.clock.advance(hours)
        self.shop_control.advance_clock(hours * 3600)
        self.kuaidi100_control.set_clock(now)
        return now

    def sheets_calls(self) -> int:
        """Sheets API calls served so far (the emulator's own count; control calls excluded)."""
        return self.sheets_control.total()


@contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, old in saved.items():
            if old is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = old


@contextmanager
def stage(supplier_id: str, *, live_push: bool, seed: int = 7, shops: int | None = None) -> Iterator[Stage]:
    """Start everything; stop everything (in reverse order) when the block ends, Ctrl-C included.

    ``live_push``: the WeChat emulator delivers shop events in the background as the platform does;
    off, the caller delivers them (``push/deliver``) between ticks, so a headless run is
    deterministic. ``shops``: serve that many shops (DEMO_SHOPS); None: one shop, no registry."""
    with ExitStack() as stack:
        workdir = Path(tempfile.mkdtemp(prefix="waybill-demo-"))
        stack.callback(shutil.rmtree, workdir, True)
        http = stack.enter_context(httpx.Client(timeout=30))
        shop_server = serve_shop(port=0, seed=seed)
        stack.callback(shop_server.stop)
        sheets = stack.enter_context(serve_sheets(port=0))
        supplier = serve_supplier(port=0)
        stack.callback(supplier.close)
        alibaba_server, alibaba_env = alibaba.start()
        stack.callback(alibaba_server.close)
        clock = DemoClock()
        kuaidi100 = stack.enter_context(Kuaidi100Emulator(start=clock.now()))

        settings = SheetsSettings(api_base=sheets.url, anonymous=True)
        sheets_client = SheetsHTTPClient.build(settings)
        many = _shops(shops, ShopControl(shop_server.url, http), sheets_client)
        overview_id = ""
        if many:
            spreadsheet_id = many[0].spreadsheet_id
            # An empty spreadsheet: the functions add its 总览 tab at their first refresh.
            overview_id = create_spreadsheet(sheets_client, "单号中继 总览 Waybill Relay overview")
        else:
            spreadsheet_id = create_spreadsheet(sheets_client, "单号中继 演示 Waybill Relay demo")
            init_workspace(sheets_client, spreadsheet_id)

        edit_secret, push_token, aes_key = secrets.token_hex(16), secrets.token_hex(8), _aes_key()
        journal_dir = workdir / "journal"
        env = {
            "WAYBILL_WECHAT_API_BASE": shop_server.url,
            "WAYBILL_WECHAT_APPID": shop_server.state.appid,
            "WAYBILL_WECHAT_SECRET": shop_server.state.secret,
            "WAYBILL_WECHAT_PUSH_TOKEN": push_token,
            "WAYBILL_WECHAT_AES_KEY": aes_key,
            "WAYBILL_SHEETS_API_BASE": sheets.url,
            "WAYBILL_SPREADSHEET_ID": spreadsheet_id,
            "WAYBILL_SHEET_LANG": "zh",
            "WAYBILL_SHEETS_ANONYMOUS": "1",
            "WAYBILL_EDIT_SECRET": edit_secret,
            "WAYBILL_JOURNAL_DIR": str(journal_dir),
            SUPPLIER_TOKEN_ENV: SUPPLIER_TOKEN,
            "KUAIDI100_CUSTOMER": DEFAULT_CUSTOMER,
            "KUAIDI100_KEY": DEFAULT_KEY,
            "KUAIDI100_BASE_URL": kuaidi100.base_url,
            "KUAIDI100_AUTONUMBER_URL": kuaidi100.autonumber_url,
            "KUAIDI100_CALLBACK_URL": "",
            "KUAIDI100_BUDGET": TRACKING_BUDGET,
            # The functions' JSON log lines (stderr) would drown the demo's own summary: errors only,
            # unless asked for (WAYBILL_LOG_LEVEL=INFO make demo shows every pass).
            "WAYBILL_LOG_LEVEL": os.environ.get("WAYBILL_LOG_LEVEL", "ERROR"),
            **alibaba_env,  # the 1688 base URL and the 1688 supplier's variables
            **(registry_env(many, edit_secret) if many else {}),
            **({"WAYBILL_OVERVIEW_SPREADSHEET_ID": overview_id} if overview_id else {}),
        }
        stack.enter_context(_environment(env))
        config = HttpSupplierConfig.from_row(supplier_row(supplier_id, f"{supplier.url}/api/v1/orders"), env)
        source = stack.enter_context(HttpApiSource(config))
        function_deps.set_feed(SupplierFeed(sources=((supplier_id, source),)))
        stack.callback(function_deps.set_feed, None)
        function_deps.set_clock(clock.now)
        stack.callback(function_deps.set_clock, None)
        served = serve_functions()
        stack.callback(served.stop)
        # The public functions hand their work on through the local Pub/Sub emulator
        # (demo/local_functions.py).
        stack.enter_context(_environment(served.pubsub_env()))

        SheetsControl(sheets.url, http).set_webhook(
            f"{served.url}/sheet_edit", edit_secret, "operator@demo.local"
        )
        stage = Stage(
            shop_server.url,
            sheets.url,
            supplier.url,
            served.url,
            spreadsheet_id,
            edit_secret,
            journal_dir,
            http,
            {
                "url": f"{served.url}/shop_events",
                "token": push_token,
                "encoding_aes_key": aes_key,
                "auto": live_push,
            },
            kuaidi100.base_url,
            clock,
            served.settle,
            alibaba_server.url,
            shops=tuple(many),
            schedule=served.schedule,
            deliveries=served.deliveries,
            overview_id=overview_id,
        )
        yield stage


def _shops(count: int | None, shop: ShopControl, sheets: SheetsHTTPClient) -> list[DemoShop]:
    """``count`` shops, each with its own app on the WeChat emulator and its own workspace (made by
    init-sheet's ``init_workspace``); [] for None."""
    made: list[DemoShop] = []
    for index in range(count or 0):
        one = DemoShop.make(index)
        shop.add_app(one.appid, one.secret)
        sid = create_spreadsheet(sheets, f"单号中继 演示 {one.key} Waybill Relay demo")
        init_workspace(sheets, sid)
        made.append(replace(one, spreadsheet_id=sid))
    return made
