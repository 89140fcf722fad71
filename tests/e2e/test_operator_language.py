"""The 日志 and 异常 tabs speak the operator's language (issue 12, item 6), end to end.

A workspace with a supplier API configured as ``make demo`` configures it (the source comes with the
deployment, the 供应商 row names only the channel) is ticked through: an order the supplier fills and
that is pushed, then corrected; an order cancelled after the supplier order; an order cancelled and
then shipped by the supplier all the same. Every row the product wrote to 日志 and 异常 is then read:
no code words, brackets or None, and every dropdown column holds only values its dropdown allows. The
same story runs in an English workspace.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from demo.stage import SUPPLIER_TOKEN, SUPPLIER_TOKEN_ENV, supplier_row
from emulators.control import ShopControl, SupplierControl
from emulators.supplier_api.server import serve as serve_supplier
from shared.app.supplier_feed import SupplierFeed
from shared.app.tick import TickDeps, TickReport, run_tick
from shared.journal.journal import Journal
from shared.journal.local_store import LocalDirStore
from shared.sheets.gateway import connect
from shared.sheets.http import SheetsHTTPClient
from shared.sheets.settings import SheetsSettings
from shared.sheets.workspace_init import create_spreadsheet, init_workspace
from shared.suppliers.http_api import HttpApiSource
from shared.suppliers.http_config import HttpSupplierConfig
from shared.wechat.client import WeChatShopClient
from sheet_templates.workspace import TABS, Lang, dropdown_values
from tests.e2e.world import OPERATOR, World, emulators, world

SUPPLIER = "优品工厂"
FILLED, CORRECTED = "73100029384756", "73100029384757"
CODE_WORD = re.compile(r"[A-Za-z_]{3,}")
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@contextmanager
def supplier_api() -> Iterator[tuple[str, SupplierFeed]]:
    """The supplier emulator and the feed the deployment gives (as demo/stage.py does)."""
    served = serve_supplier(port=0)
    env = {SUPPLIER_TOKEN_ENV: SUPPLIER_TOKEN}
    config = HttpSupplierConfig.from_row(supplier_row(SUPPLIER, f"{served.url}/api/v1/orders"), env)
    try:
        with HttpApiSource(config) as source:
            yield served.url, SupplierFeed(((SUPPLIER, source),))
    finally:
        served.close()


class Story:
    """The workspace's tabs and headers in one language, and the steps of the story."""

    def __init__(self, w: World, api: str, lang: Lang) -> None:
        self.w, self.api, self.lang = w, api, lang
        self.zh = lang == "zh"
        self.tabs = {t.key: t.title.pick(lang) for t in TABS}
        self.head = {(t.key, c.field): c.header.pick(lang) for t in TABS for c in t.columns}

    def h(self, tab: str, field: str) -> str:
        return self.head[(tab, field)]

    def tick(self) -> TickReport:
        return run_tick(TickDeps(self.w.gateway, self.w.shop, self.w.journal, self.w.feed, lang=self.lang))

    def type(self, order_id: str, field: str, text: str) -> None:
        self.w.type_cell(
            order_id,
            self.h("orders", field),
            text,
            tab=self.tabs["orders"],
            key_header=self.h("orders", "order_id"),
        )

    def records(self, tab: str) -> list[dict[str, str]]:
        return self.w.records(self.tabs[tab])

    def run(self) -> dict[str, str]:
        w = self.w
        w.type_cell(
            "auto_push",
            self.h("settings", "value"),
            "开" if self.zh else "On",
            tab=self.tabs["settings"],
            key_header=self.h("settings", "key"),
        )
        supplier_row_values = {self.h("suppliers", "name"): SUPPLIER, self.h("suppliers", "channel"): "API"}
        header = w.values(self.tabs["suppliers"])[0]
        w.http.post(
            w._values_url(f"'{self.tabs['suppliers']}'!A2", ":append"),
            params={"valueInputOption": "RAW"},
            json={"values": [[supplier_row_values.get(h, "") for h in header]]},
            headers=OPERATOR,
        ).raise_for_status()
        pushed, stopped, shipped_anyway = w.create_order(), w.create_order(), w.create_order()
        self.tick()
        for order_id, number in ((pushed, "GY-1"), (stopped, "GY-2"), (shipped_anyway, "GY-3")):
            self.type(order_id, "supplier", SUPPLIER)
            self.type(order_id, "supplier_order_no", number)
        self.seed(order_no="GY-1", shop_order_id=pushed, tracking=[FILLED])
        self.tick()  # the supplier's number is filled in and pushed
        assert w.shop_waybills(pushed) == [FILLED]
        w.shop_control.cancel(stopped)
        w.shop_control.cancel(shipped_anyway)
        self.tick()
        self.seed(order_no="GY-3", shop_order_id=shipped_anyway)  # it ships all the same
        self.tick()
        self.type(pushed, "tracking_numbers", CORRECTED)
        self.tick()  # the correction is pushed
        assert w.shop_waybills(pushed) == [CORRECTED]
        return {"pushed": pushed, "stopped": stopped, "shipped_anyway": shipped_anyway}

    def seed(self, **order: object) -> None:
        SupplierControl(self.api, self.w.http).seed(order)

    # --- what the operator reads ------------------------------------------------------------------
    def assert_words(self, tab: str, fields: tuple[str, ...]) -> list[dict[str, str]]:
        rows = self.records(tab)
        assert rows, f"nothing on {tab}"
        for row in rows:
            for field in fields:
                text = row[self.h(tab, field)]
                assert "[" not in text and "]" not in text and "None" not in text, (field, row)
                if self.zh:
                    if "@" not in text:
                        assert not CODE_WORD.search(text), (field, row)
                else:
                    assert not re.search(r"[a-z]+_[a-z_]+", text), (field, row)  # no snake_case codes
        return rows

    def assert_dropdowns(self) -> None:
        """Every cell of a column with a fixed dropdown holds a value that dropdown allows."""
        for tab in TABS:
            for column in tab.columns:
                if column.dropdown is None or column.dropdown == "suppliers":
                    continue
                allowed = set(dropdown_values(column.dropdown, self.lang))
                cells = {r[column.header.pick(self.lang)] for r in self.w.records(tab.title.pick(self.lang))}
                assert cells - {""} <= allowed, (tab.key, column.field, cells - allowed - {""})


def _the_story(story: Story) -> None:
    ids = story.run()
    log = story.assert_words("log", ("actor", "action", "source", "reason", "result"))
    exceptions = story.assert_words("exceptions", ("kind", "message", "action", "resolved"))
    story.assert_dropdowns()
    h = story.h
    zh = story.zh
    by_action = {r[h("log", "action")]: r for r in log}
    fill = by_action["自动填入快递单号" if zh else "Filled in Tracking no."]
    assert fill[h("log", "actor")] == (f"供应商 {SUPPLIER}" if zh else f"Supplier {SUPPLIER}")
    assert fill[h("log", "new")] == FILLED
    ship = by_action["推送单号到小店" if zh else "Pushed to the shop"]
    assert ship[h("log", "result")] == ("成功" if zh else "Done")
    assert ship[h("log", "actor")] == ("系统" if zh else "System")
    correct = by_action["推送修正到小店" if zh else "Correction pushed to the shop"]
    assert (correct[h("log", "old")], correct[h("log", "new")]) == (FILLED, CORRECTED)
    buyer = "给买家的消息：亲" if zh else "message for the buyer: 亲"
    assert buyer in correct[h("log", "reason")]
    if not zh:  # English through and through, but for the buyer's draft (the buyer reads Chinese)
        for row in log:
            for field in ("actor", "action", "result"):
                assert not CHINESE.search(row[h("log", field)].replace(SUPPLIER, "")), row  # a name is a name
            assert not CHINESE.search(row[h("log", "reason")].split("message for the buyer")[0]), row

    kinds = {(r[h("exceptions", "order_id")], r[h("exceptions", "kind")]): r for r in exceptions}
    stop = kinds[(ids["stopped"], "取消-停供应商单" if zh else "Cancelled: stop supplier")]
    assert "GY-2" in stop[h("exceptions", "message")]
    assert stop[h("exceptions", "action")] == ("取消供应商订单" if zh else "Cancel the supplier order")
    assert stop[h("exceptions", "resolved")] == ""
    # The order the supplier shipped after all: its first alert is settled (是), the new one open.
    first = kinds[(ids["shipped_anyway"], "取消-停供应商单" if zh else "Cancelled: stop supplier")]
    assert first[h("exceptions", "resolved")] == ("是" if zh else "Yes")
    late = kinds[(ids["shipped_anyway"], "取消-已发货需拦截" if zh else "Cancelled after shipping")]
    assert late[h("exceptions", "resolved")] == ""
    if not zh:
        for row in exceptions:
            for field in ("kind", "message", "action", "resolved"):
                assert not CHINESE.search(row[h("exceptions", field)]), row

    # The supplier API that worked all along is not shown as misconfigured.
    (supplier,) = story.records("suppliers")
    status = supplier[h("suppliers", "status")]
    assert status == (
        "已启用：接口（部署时配置），每次同步自动取回单号。"
        if zh
        else "Active: API (configured with the deployment), pulled at every sync."
    )


def test_log_and_exceptions_read_chinese_in_a_chinese_workspace(tmp_path: Path) -> None:
    with supplier_api() as (api, feed), world(tmp_path, feed) as w:
        _the_story(Story(w, api, "zh"))


def test_log_and_exceptions_read_english_in_an_english_workspace(tmp_path: Path) -> None:
    with supplier_api() as (api, feed), emulators() as emus:
        ShopControl(emus.shop_url, emus.http).reset()
        http_client = SheetsHTTPClient.build(SheetsSettings(api_base=emus.sheets_url, anonymous=True))
        sid = create_spreadsheet(http_client, "Waybill Relay test", lang="en")
        init_workspace(http_client, sid, lang="en")
        gateway = connect(
            SheetsSettings(api_base=emus.sheets_url, spreadsheet_id=sid, anonymous=True, lang="en")
        )
        shop = WeChatShopClient(emus.appid, emus.secret, base_url=emus.shop_url)
        try:
            w = World(
                emus.shop_url,
                emus.sheets_url,
                sid,
                gateway,
                shop,
                Journal(LocalDirStore(tmp_path / "journal")),
                feed,
                emus.http,
                emus.secret,
            )
            _the_story(Story(w, api, "en"))
        finally:
            shop.close()
