"""The supplier sheet adapter against the Sheets emulator, over real HTTP on 127.0.0.1, through the
app layer's SheetPort (GatewaySheetPort on the Sheets adapter's tab client, bounded retries)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

import httpx
import pytest

from emulators.sheets.server import serve
from shared.app.supplier_sheets import GatewaySheetPort
from shared.sheets.http import SheetsHTTPClient
from shared.sheets.settings import SheetsSettings
from shared.sheets.tab_client import TabClient
from shared.sheets.workspace_init import create_spreadsheet
from shared.suppliers.errors import SupplierConfigError
from shared.suppliers.model import ClosedOrder, ClosedStage, ShippedItem, SupplierOrder
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

    def records(self, sid: str, tab: str = TAB) -> list[dict[str, str]]:
        rows = self.values(sid, tab)
        return [dict(zip(rows[0], r + [""] * (len(rows[0]) - len(r)), strict=True)) for r in rows[1:]]

    def put(
        self, sid: str, cell: str, rows: list[list[str]], tab: str = TAB, *, entered: bool = False
    ) -> None:
        """The supplier edits their sheet (``cell`` is the top-left of ``rows``, in the tab);
        ``entered``: parsed as the Sheets UI parses typing (USER_ENTERED)."""
        a1 = quote(f"'{tab}'!{cell}", safe="")
        answer = self.web.put(
            f"{self.url}/v4/spreadsheets/{sid}/values/{a1}",
            params={"valueInputOption": "USER_ENTERED" if entered else "RAW"},
            json={"values": rows},
        )
        answer.raise_for_status()

    def type(
        self, sid: str, order_id: str, header: str, text: str, tab: str = TAB, *, entered: bool = False
    ) -> None:
        """The supplier types into the row of ``order_id``."""
        rows = self.values(sid, tab)
        col, row = rows[0].index(header), next(i for i, r in enumerate(rows) if r and r[0] == order_id)
        self.put(sid, f"{chr(ord('A') + col)}{row + 1}", [[text]], tab, entered=entered)

    def calls_during(self, pull: Callable[[], object]) -> dict[str, int]:
        """The Sheets calls ``pull`` made through the rig's port, by endpoint."""
        before = self.port.calls.snapshot()
        pull()
        after = self.port.calls.snapshot()
        return {k: v - before.get(k, 0) for k, v in after.items() if v != before.get(k, 0)}


class Sorting(GatewaySheetPort):
    """Swaps the first two data rows right before the adapter's re-read, as a supplier sorting would."""

    def __init__(self, rig: Rig, sid: str) -> None:
        super().__init__(TabClient(rig.http))
        self.rig, self.sid, self.reads = rig, sid, 0

    def read_tab(self, spreadsheet_id: str, tab: str) -> list[list[object]]:
        self.reads += 1
        if self.reads == 2:
            rows = self.rig.values(self.sid)
            body = [rows[2], rows[1]]
            width = max(len(r) for r in body)
            self.rig.put(self.sid, "A2", [r + [""] * (width - len(r)) for r in body])
        return super().read_tab(spreadsheet_id, tab)


@pytest.fixture(scope="module")
def rig() -> Iterator[Rig]:
    with serve(port=0) as running, httpx.Client(timeout=10) as web:
        http = SheetsHTTPClient.build(SheetsSettings(api_base=running.url, anonymous=True))
        yield Rig(running.url, http, GatewaySheetPort(TabClient(http)), web)


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


def closed(
    shop_id: str,
    stage: ClosedStage,
    numbers: tuple[str, ...] = (),
    shipped_at: datetime | None = None,
    supplier: str = "甲工厂",
) -> ClosedOrder:
    return ClosedOrder(supplier, shop_id, stage, numbers, shipped_at)


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
    (row,) = rig.records(sid)
    assert row["处理结果"] == "此订单已取消或不再由你发货，请勿发货；收件信息已按隐私要求清除。"
    assert row["收件人"] == row["电话"] == row["收货地址"] == ""


def test_results_follow_the_row_when_the_supplier_sorts_meanwhile(rig: Rig) -> None:
    sid = rig.new_sheet()
    src = source(rig, sid)
    src.fetch_updates([order("5001"), order("5002")])
    rig.type(sid, "5002", "快递单号", "SF6026131434978")
    sorting = SupplierSheetSource(SupplierSheetConfig("甲工厂", sid), Sorting(rig, sid), with_address)
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


def test_a_renamed_address_header_stops_every_write_even_the_privacy_clearing(rig: Rig) -> None:
    """Issue 12: a recipient column the adapter could not find could not be cleared either; with its
    header renamed the pull writes nothing (no new row, no clearing) and says which column is gone."""
    sid = rig.new_sheet()
    source(rig, sid).fetch_updates([order("6101")])
    header = rig.values(sid)[0]
    letter = chr(ord("A") + header.index("收货地址"))
    rig.put(sid, f"{letter}1", [["地址"]])
    before = rig.values(sid)
    with pytest.raises(SupplierConfigError, match="收货地址"):
        source(rig, sid).fetch_updates([order("6102")], closed=[closed("6101", "cancelled")])
    assert rig.values(sid) == before


def test_a_header_typed_twice_is_a_config_error(rig: Rig) -> None:
    sid = rig.new_sheet()
    source(rig, sid).fetch_updates([order("6201")])
    width = len(rig.values(sid)[0])
    rig.put(sid, f"{chr(ord('A') + width)}1", [["Tracking no."]])
    before = rig.values(sid)
    with pytest.raises(SupplierConfigError, match="快递单号"):
        source(rig, sid).fetch_updates([order("6202")])
    assert rig.values(sid) == before


def test_an_unknown_spreadsheet_is_a_config_error(rig: Rig) -> None:
    with pytest.raises(SupplierConfigError, match="spreadsheet_id"):
        source(rig, "no-such-sheet").fetch_updates([order("7001")])


# -- after the order: the recipient is cleared once the supplier no longer needs it ---------------------

DONE = "已完成，收件信息已按隐私要求清除。"
NOT_YOURS = "此订单已取消或不再由你发货，请勿发货；收件信息已按隐私要求清除。"
ZTO_FIXED = "73100029384757"
SF = "SF6026131434978"


def recipient(row: dict[str, str]) -> tuple[str, str, str]:
    return row["收件人"], row["电话"], row["收货地址"]


def test_finished_orders_lose_the_recipient_and_keep_everything_else(rig: Rig) -> None:
    sid = rig.new_sheet()
    src = source(rig, sid)
    src.fetch_updates([order("8001"), order("8002"), order("8003"), order("8004")])
    for shipped in ("8001", "8003"):
        rig.type(sid, shipped, "快递公司", "中通")
        rig.type(sid, shipped, "快递单号", ZTO)
    rig.type(sid, "8001", "供应商单号", "GY-1")
    before = {r["订单号"]: r for r in rig.records(sid)}

    # 8001 delivered, 8002 cancelled, 8003 moved to another supplier, 8004 still open, 8005 new.
    finished = [closed("8001", "delivered", (ZTO,)), closed("8002", "cancelled")]
    batch = None

    def pull() -> None:
        nonlocal batch
        batch = src.fetch_updates([order("8004"), order("8005")], closed=finished)

    calls = rig.calls_during(pull)
    assert batch is not None and batch.updates == () and batch.problems == ()
    # One read; then one re-read, one values:batchUpdate and one values:append.
    assert calls == {"values.get": 2, "values.batchUpdate": 1, "values.append": 1}
    after = {r["订单号"]: r for r in rig.records(sid)}
    assert after["8001"]["处理结果"] == DONE
    assert after["8002"]["处理结果"] == NOT_YOURS
    assert after["8003"]["处理结果"] == "此订单已取消或不再由你发货；收件信息已按隐私要求清除。"
    for gone in ("8001", "8002", "8003"):
        assert recipient(after[gone]) == ("", "", "")
        # Supplier cells and the other system cells stay as they were.
        for header in ("供应商单号", "快递公司", "快递单号", "商品", "数量", "下发时间"):
            assert after[gone][header] == before[gone][header]
    assert after["8001"]["供应商单号"] == "GY-1" and after["8003"]["快递单号"] == ZTO
    assert recipient(after["8004"]) == recipient(before["8004"]) != ("", "", "")
    assert recipient(after["8005"]) != ("", "", "")

    # A second pull with nothing new writes nothing.
    assert rig.calls_during(pull) == {"values.get": 1}
    assert {r["订单号"]: r for r in rig.records(sid)} == after


def test_a_shipped_order_keeps_its_recipient_for_the_configured_days(rig: Rig) -> None:
    sid = rig.new_sheet()
    clock = [NOW]
    config = SupplierSheetConfig("甲工厂", sid, keep_address_days=3)
    src = SupplierSheetSource(config, rig.port, with_address, clock=lambda: clock[0])
    src.fetch_updates([order("8101"), order("8102")])
    rig.type(sid, "8101", "快递单号", SF)
    src.fetch_updates([order("8101"), order("8102")])
    shipped = [closed("8101", "shipped", (SF,), shipped_at=NOW), closed("8102", "shipped", (SF,))]

    clock[0] = NOW + timedelta(days=3)  # a parcel in transit may still need a re-ship
    assert rig.calls_during(lambda: src.fetch_updates([], closed=shipped)) == {"values.get": 1}
    assert all(recipient(r) != ("", "", "") for r in rig.records(sid))

    clock[0] = NOW + timedelta(days=3, minutes=1)
    assert src.fetch_updates([], closed=shipped).updates == ()
    by_id = {r["订单号"]: r for r in rig.records(sid)}
    assert recipient(by_id["8101"]) == ("", "", "") and by_id["8101"]["处理结果"] == DONE
    assert by_id["8101"]["快递单号"] == SF
    # When it shipped is not known (yet): kept, however late it is.
    assert recipient(by_id["8102"]) != ("", "", "") and by_id["8102"]["处理结果"] == ""


def test_a_number_changed_after_shipping_is_reported_and_the_same_number_is_not(rig: Rig) -> None:
    sid = rig.new_sheet()
    src = source(rig, sid)
    src.fetch_updates([order("8201")])
    rig.type(sid, "8201", "快递公司", "中通")
    rig.type(sid, "8201", "快递单号", ZTO)
    assert len(src.fetch_updates([order("8201")]).updates) == 1
    shipped = [closed("8201", "shipped", (ZTO,), shipped_at=NOW)]
    found = []

    def pull() -> None:
        found.append(src.fetch_updates([], closed=shipped))

    assert rig.calls_during(pull) == {"values.get": 1} and found[-1].updates == ()

    rig.type(sid, "8201", "快递单号", ZTO_FIXED)  # the supplier fixes a typo after the push
    assert rig.calls_during(pull) == {"values.get": 1}  # reported; the row already says "received"
    (update,) = found[-1].updates
    assert (update.shop_order_id, update.courier, update.tracking_numbers) == ("8201", "ZTO", (ZTO_FIXED,))
    assert update.source == "supplier_sheet" and update.status == "shipped"
    assert recipient(rig.records(sid)[0]) != ("", "", "")

    rig.type(sid, "8201", "快递单号", "12345")  # a slip: explained to the supplier, not reported
    pull()
    assert found[-1].updates == () and len(found[-1].problems) == 1
    assert rig.records(sid)[0]["处理结果"].startswith("单号有误")
    rig.type(sid, "8201", "快递单号", ZTO)  # ... and undone: the complaint goes, nothing is reported
    pull()
    assert found[-1].updates == () and rig.records(sid)[0]["处理结果"] == "已收到单号，谢谢。"


def test_clearing_follows_the_row_when_the_supplier_sorts_meanwhile(rig: Rig) -> None:
    sid = rig.new_sheet()
    source(rig, sid).fetch_updates([order("8301"), order("8302")])
    sorting = SupplierSheetSource(SupplierSheetConfig("甲工厂", sid), Sorting(rig, sid), with_address)
    sorting.fetch_updates([order("8302")], closed=[closed("8301", "cancelled")])
    rows = rig.records(sid)
    assert [r["订单号"] for r in rows] == ["8302", "8301"]
    assert recipient(rows[1]) == ("", "", "") and rows[1]["处理结果"] == NOT_YOURS
    assert recipient(rows[0]) != ("", "", "") and rows[0]["处理结果"] == ""


def test_an_order_moved_back_to_the_supplier_gets_its_recipient_again(rig: Rig) -> None:
    sid = rig.new_sheet()
    src = source(rig, sid)
    src.fetch_updates([order("8401")])
    src.fetch_updates([])  # moved to another supplier
    assert recipient(rig.records(sid)[0]) == ("", "", "")
    src.fetch_updates([order("8401")])  # ... and back
    (row,) = rig.records(sid)
    assert recipient(row) == ("张三", "13800005678", "广东省深圳市南山区科技园路1号")
    assert row["处理结果"] == "此订单仍由你发货，请按收件信息发货。"
    assert rig.calls_during(lambda: src.fetch_updates([order("8401")])) == {"values.get": 1}


def test_an_english_sheet_is_told_in_english(rig: Rig) -> None:
    sid = rig.new_sheet()
    tab = "To ship"
    src = SupplierSheetSource(
        SupplierSheetConfig("甲工厂", sid), rig.port, with_address, lang="en", clock=lambda: NOW
    )
    src.fetch_updates([order("8501"), order("8502")])
    rig.type(sid, "8501", "Tracking no.", SF, tab)
    src.fetch_updates([], closed=[closed("8501", "delivered", (SF,)), closed("8502", "cancelled")])
    by_id = {r["Order ID"]: r for r in rig.records(sid, tab)}
    assert by_id["8501"]["Result"] == "Done; recipient details removed for privacy."
    assert by_id["8502"]["Result"] == (
        "This order was cancelled or is no longer yours to ship: do not ship it. "
        "Recipient details removed for privacy."
    )
    assert all((r["Recipient"], r["Phone"], r["Address"]) == ("", "", "") for r in by_id.values())


def test_what_the_supplier_types_stays_text_and_a_parsed_number_is_refused(rig: Rig) -> None:
    sid = rig.new_sheet()
    src = source(rig, sid)
    src.fetch_updates([order("4001"), order("4002")])
    long_no = "1234567890123456789"  # a 19-digit supplier order no., as 1688 gives
    rig.type(sid, "4001", "快递公司", "中通", entered=True)
    rig.type(sid, "4001", "快递单号", ZTO, entered=True)
    rig.type(sid, "4001", "供应商单号", long_no, entered=True)
    (update,) = src.fetch_updates([order("4001"), order("4002")]).updates
    assert update.tracking_numbers == (ZTO,) and update.supplier_order_no == long_no

    # A supplier who turned the column back to automatic: what they type becomes a rounded number.
    sheet_id = next(
        s["properties"]["sheetId"]
        for s in rig.http.fetch_sheet_metadata(sid)["sheets"]
        if s["properties"]["title"] == TAB
    )
    column = rig.values(sid)[0].index("快递单号")
    rig.http.batch_update(
        sid,
        {
            "requests": [
                {
                    "repeatCell": {
                        "range": {
                            "sheetId": sheet_id,
                            "startColumnIndex": column,
                            "endColumnIndex": column + 1,
                        },
                        "cell": {},
                        "fields": "userEnteredFormat.numberFormat",
                    }
                }
            ]
        },
    )
    rig.type(sid, "4002", "快递公司", "中通", entered=True)
    rig.type(sid, "4002", "快递单号", ZTO, entered=True)
    batch = src.fetch_updates([order("4002")])
    assert batch.updates == ()
    (problem,) = batch.problems
    assert problem.code == "stored_as_number"
    result = next(r for r in rig.records(sid) if r["订单号"] == "4002")["处理结果"]
    assert "纯文本" in result


def test_new_orders_land_under_the_suppliers_gaps_from_column_a(rig: Rig) -> None:
    """Issue 15 item 2: a supplier's empty row and a note under it in a far column would move a
    values.append to the tab (Sheets' table detection); the adapter appends under the last row it
    read, from column A, and overwrites nothing."""
    sid = rig.new_sheet()
    src = source(rig, sid)
    src.fetch_updates([order("9001"), order("9002")])
    width = len(rig.values(sid)[0])
    rig.put(sid, "B3", [[""]])  # 9002's 供应商单号 stays empty; its first cell holds the order id
    rig.put(sid, f"{chr(ord('A') + width - 1)}5", [["周末不发货"]])  # row 4 left empty
    rig.put(sid, "A3", [[""]])  # and the supplier cleared 9002's order id by mistake
    before = rig.values(sid)
    assert len(before) == 5
    src.fetch_updates([order("9001"), order("9002"), order("9003")])
    after = rig.values(sid)
    assert after[:5] == before  # nothing overwritten
    added = [r for r in after[5:] if r]
    header = after[0]
    ids = [r[header.index("订单号")] for r in added]
    assert "9003" in ids
    row = added[ids.index("9003")]
    assert row[0] == "9003"  # from column A, each field under its own header
    assert row[header.index("收货地址")] == "广东省深圳市南山区科技园路1号"
