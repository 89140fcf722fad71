"""The supplier sheet adapter against the Sheets emulator, over real HTTP on 127.0.0.1, through the
app layer's SheetPort (GatewaySheetPort on a bounded-retry Sheets client)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote

import httpx
import pytest

from emulators.sheets.server import serve
from shared.app.supplier_sheets import GatewaySheetPort
from shared.sheets.http import SheetsHTTPClient
from shared.sheets.settings import SheetsSettings
from shared.sheets.workspace_init import create_spreadsheet
from shared.suppliers.errors import SupplierConfigError
from shared.suppliers.model import ShippedItem, SupplierOrder
from shared.suppliers.supplier_settings import SupplierSheetConfig
from shared.suppliers.supplier_sheet import SupplierSheetSource

NOW = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)
ZTO = "73100029384756"
TAB = "待发货"


@dataclass
class Rig:
    url: str
    http: SheetsHTTPClient
    port: GatewaySheetPort
    web: httpx.Client

    def new_sheet(self) -> str:
        return create_spreadsheet(self.http, "供应商")

    def values(self, sid: str, tab: str = TAB) -> list[list[str]]:
        answer = self.web.get(f"{self.url}/v4/spreadsheets/{sid}/values/{quote(tab, safe='')}")
        answer.raise_for_status()
        return [[str(c) for c in row] for row in answer.json().get("values", [])]

    def records(self, sid: str) -> list[dict[str, str]]:
        rows = self.values(sid)
        return [dict(zip(rows[0], r + [""] * (len(rows[0]) - len(r)), strict=True)) for r in rows[1:]]

    def put(self, sid: str, cell: str, rows: list[list[str]]) -> None:
        """The supplier edits their sheet (``cell`` is the top-left of ``rows``, in the tab)."""
        a1 = quote(f"'{TAB}'!{cell}", safe="")
        answer = self.web.put(
            f"{self.url}/v4/spreadsheets/{sid}/values/{a1}",
            params={"valueInputOption": "RAW"},
            json={"values": rows},
        )
        answer.raise_for_status()

    def type(self, sid: str, order_id: str, header: str, text: str) -> None:
        """The supplier types into the row of ``order_id``."""
        rows = self.values(sid)
        col, row = rows[0].index(header), next(i for i, r in enumerate(rows) if r and r[0] == order_id)
        self.put(sid, f"{chr(ord('A') + col)}{row + 1}", [[text]])


@pytest.fixture(scope="module")
def rig() -> Iterator[Rig]:
    with serve(port=0) as running, httpx.Client(timeout=10) as web:
        http = SheetsHTTPClient.build(SheetsSettings(api_base=running.url, anonymous=True))
        yield Rig(running.url, http, GatewaySheetPort(http), web)


def order(shop_id: str, supplier: str = "甲工厂", **extra: object) -> SupplierOrder:
    return SupplierOrder(supplier, None, shop_id, **extra)  # type: ignore[arg-type]


def with_address(orders: object) -> list[SupplierOrder]:
    """A stand-in for the shop lookup: the same orders with items and the full address."""
    assert isinstance(orders, list | tuple)
    return [
        SupplierOrder(
            o.supplier_id,
            o.supplier_order_no,
            o.shop_order_id,
            (ShippedItem("SKU-1", "蓝色T恤", 2),),
            "张三",
            "13800005678",
            "广东省深圳市南山区科技园路1号",
        )
        for o in orders
    ]


def source(rig: Rig, sid: str, supplier: str = "甲工厂") -> SupplierSheetSource:
    return SupplierSheetSource(SupplierSheetConfig(supplier, sid), rig.port, with_address, clock=lambda: NOW)


def test_open_orders_are_sent_with_the_address_then_a_typed_number_comes_back(rig: Rig) -> None:
    sid = rig.new_sheet()
    src = source(rig, sid)
    assert src.fetch_updates([order("1001"), order("1002")]).updates == ()
    sent = rig.records(sid)
    assert [r["订单号"] for r in sent] == ["1001", "1002"]
    assert sent[0]["收货地址"] == "广东省深圳市南山区科技园路1号" and sent[0]["电话"] == "13800005678"
    assert sent[0]["商品"] == "蓝色T恤 × 2" and sent[0]["数量"] == "2"
    assert sent[0]["下发时间"] == "2026-11-26 10:00"

    rig.type(sid, "1002", "快递公司", "中通")
    rig.type(sid, "1002", "快递单号", ZTO)
    batch = src.fetch_updates([order("1001"), order("1002")])
    (update,) = batch.updates
    assert (update.shop_order_id, update.courier, update.tracking_numbers) == ("1002", "ZTO", (ZTO,))
    assert update.source == "supplier_sheet" and batch.problems == ()
    assert [r["处理结果"] for r in rig.records(sid)] == ["", "已收到单号，谢谢。"]
    assert len(rig.records(sid)) == 2  # nothing sent twice


def test_another_suppliers_orders_never_reach_the_sheet(rig: Rig) -> None:
    sid = rig.new_sheet()
    source(rig, sid).fetch_updates([order("2001"), order("2002", supplier="乙工厂")])
    assert [r["订单号"] for r in rig.records(sid)] == ["2001"]


def test_a_bad_number_is_explained_to_the_supplier_and_not_reported(rig: Rig) -> None:
    sid = rig.new_sheet()
    src = source(rig, sid)
    src.fetch_updates([order("3001")])
    rig.type(sid, "3001", "快递公司", "中通")
    rig.type(sid, "3001", "快递单号", "12345")
    batch = src.fetch_updates([order("3001")])
    assert batch.updates == () and len(batch.problems) == 1
    assert rig.records(sid)[0]["处理结果"].startswith("单号有误")


def test_a_number_without_courier_is_taken_when_its_format_names_the_courier(rig: Rig) -> None:
    sid = rig.new_sheet()
    src = source(rig, sid)
    src.fetch_updates([order("3101")])
    rig.type(sid, "3101", "快递单号", "SF6026131434978")
    (update,) = src.fetch_updates([order("3101")]).updates
    assert update.courier == "SF"


def test_a_closed_order_is_told_not_to_ship_and_orders_with_numbers_are_not_sent(rig: Rig) -> None:
    sid = rig.new_sheet()
    src = source(rig, sid)
    src.fetch_updates([order("4001"), order("4002", needs_tracking=False)])
    assert [r["订单号"] for r in rig.records(sid)] == ["4001"]
    src.fetch_updates([])  # 4001 was cancelled or moved to another supplier
    assert rig.records(sid)[0]["处理结果"] == "此订单已取消或不再由你发货，请勿发货。"


def test_results_follow_the_row_when_the_supplier_sorts_meanwhile(rig: Rig) -> None:
    sid = rig.new_sheet()
    src = source(rig, sid)
    src.fetch_updates([order("5001"), order("5002")])
    rig.type(sid, "5002", "快递单号", "SF6026131434978")

    class Sorting(GatewaySheetPort):
        """Swaps the two data rows right before the adapter's re-read, as a supplier sorting would."""

        reads = 0

        def read_tab(self, spreadsheet_id: str, tab: str) -> list[list[str]]:
            self.reads += 1
            if self.reads == 2:
                rows = rig.values(sid)
                body = [rows[2], rows[1]]
                width = max(len(r) for r in body)
                rig.put(sid, "A2", [r + [""] * (width - len(r)) for r in body])
            return super().read_tab(spreadsheet_id, tab)

    sorting = SupplierSheetSource(SupplierSheetConfig("甲工厂", sid), Sorting(rig.http), with_address)
    assert len(sorting.fetch_updates([order("5001"), order("5002")]).updates) == 1
    by_id = {r["订单号"]: r for r in rig.records(sid)}
    assert rig.records(sid)[0]["订单号"] == "5002"
    assert by_id["5002"]["处理结果"] == "已收到单号，谢谢。" and by_id["5001"]["处理结果"] == ""


def test_a_sheet_whose_header_lost_a_needed_column_is_a_config_error(rig: Rig) -> None:
    sid = rig.new_sheet()
    source(rig, sid).fetch_updates([order("6001")])
    rig.put(sid, "I1", [["备注"]])
    with pytest.raises(SupplierConfigError, match="快递单号"):
        source(rig, sid).fetch_updates([order("6001")])


def test_an_unknown_spreadsheet_is_a_config_error(rig: Rig) -> None:
    with pytest.raises(SupplierConfigError, match="spreadsheet_id"):
        source(rig, "no-such-sheet").fetch_updates([order("7001")])
