"""The app-layer pieces the supplier sheet adapter needs: its SheetPort on the Sheets adapter's tab
client, and the lookup that gives an order's items and full recipient address from the shop.

The Sheets protocol (ranges, RAW writes, appends, which answer means a missing tab) is the Sheets
adapter's (``shared/sheets/tab_client.py``, on a twin of the workspace's HTTP client with its own
call counter). Here its typed errors become the supplier error family, by class only, so a broken
supplier sheet is reported on its 供应商 row and never stops the tick.

The full address is read from the WeChat order here and handed only to the supplier sheet adapter;
nothing on this path writes to the workspace.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

from shared.domain.text import Bilingual
from shared.sheets.errors import (
    SheetsBadRequest,
    SheetsError,
    SheetsNotFound,
    SheetsPermissionDenied,
    SheetsRateLimited,
    SheetsTabNotFound,
    SheetsUnavailable,
)
from shared.sheets.http import CallCounter, SheetsHTTPClient
from shared.sheets.tab_client import TabClient
from shared.suppliers.errors import SupplierAuthError, SupplierConfigError, SupplierError, SupplierUnavailable
from shared.suppliers.model import ShippedItem, SupplierOrder
from shared.suppliers.sheet_port import CellValue, SheetTabMissing
from shared.wechat.client import WeChatShopClient
from shared.wechat.models import Order

T = TypeVar("T")


def sibling_client(http: SheetsHTTPClient) -> TabClient:
    """The supplier sheets' client: beside the workspace's ``http`` (same base URL, credentials and
    retry policy), with its own call counter."""
    return TabClient.beside(http)


def supplier_error(exc: SheetsError, spreadsheet_id: str, tab: str) -> SupplierError:
    """What a Sheets failure on a supplier's spreadsheet means for that supplier, by its class."""
    if isinstance(exc, SheetsTabNotFound):
        return SheetTabMissing(f"no tab {tab!r}", code=400)
    if isinstance(exc, SheetsNotFound):
        return SupplierConfigError(
            Bilingual(
                f"找不到供应商表格 {spreadsheet_id}，请核对 spreadsheet_id。",
                f"No supplier spreadsheet {spreadsheet_id}: check spreadsheet_id.",
            ).joined(),
            code=404,
        )
    if isinstance(exc, SheetsPermissionDenied):
        return SupplierAuthError(
            Bilingual(
                "没有权限打开供应商表格：请把表格共享给系统的服务账号（编辑者）。",
                "No access to the supplier spreadsheet: share it with the service account as an editor.",
            ).joined(),
            code=403,
        )
    if isinstance(exc, SheetsBadRequest):
        return SupplierConfigError(f"supplier sheet refused the request: {exc}", code=400)
    if isinstance(exc, SheetsUnavailable | SheetsRateLimited):
        return SupplierUnavailable(f"supplier sheet unavailable: {exc}"[:300])
    return SupplierError(f"supplier sheet: {exc}"[:300])


@contextmanager
def _as_supplier_error(spreadsheet_id: str, tab: str) -> Iterator[None]:
    try:
        yield
    except SheetsError as exc:
        raise supplier_error(exc, spreadsheet_id, tab) from None


class GatewaySheetPort:
    """``shared.suppliers.sheet_port.SheetPort`` on the Sheets adapter's tab client (RAW writes only)."""

    def __init__(self, client: TabClient) -> None:
        self.client = client

    @property
    def calls(self) -> CallCounter:
        return self.client.calls

    def _call(self, spreadsheet_id: str, tab: str, call: Callable[[], T]) -> T:
        with _as_supplier_error(spreadsheet_id, tab):
            return call()

    def read_tab(self, spreadsheet_id: str, tab: str) -> list[list[object]]:
        return self._call(spreadsheet_id, tab, lambda: self.client.read(spreadsheet_id, tab))

    def format_as_text(self, spreadsheet_id: str, tab: str, columns: Sequence[int]) -> None:
        self._call(spreadsheet_id, tab, lambda: self.client.format_as_text(spreadsheet_id, tab, columns))

    def add_tab(self, spreadsheet_id: str, tab: str) -> None:
        self._call(spreadsheet_id, tab, lambda: self.client.add_tab(spreadsheet_id, tab))

    def write_cells(self, spreadsheet_id: str, tab: str, cells: Sequence[CellValue]) -> None:
        texts = [(c.row, c.column, c.text) for c in cells]
        self._call(spreadsheet_id, tab, lambda: self.client.write_cells(spreadsheet_id, tab, texts))

    def append_rows(
        self, spreadsheet_id: str, tab: str, rows: Sequence[Sequence[str]], after_row: int
    ) -> None:
        self._call(spreadsheet_id, tab, lambda: self.client.append_rows(spreadsheet_id, tab, rows, after_row))


def supplier_order_details(base: SupplierOrder, order: Order) -> SupplierOrder:
    """``base`` with what the supplier needs to ship it, from the WeChat order: every line still to
    ship (refunded units left out) and the full recipient (name, phone, address)."""
    items = tuple(
        ShippedItem(p.sku_code or p.sku_id or None, p.title or None, p.sku_cnt - p.finish_aftersale_sku_cnt)
        for p in order.products
        if p.sku_cnt - p.finish_aftersale_sku_cnt > 0
    )
    address = order.delivery.address
    if address is None:
        return SupplierOrder(
            base.supplier_id, base.supplier_order_no, base.shop_order_id, items, needs_tracking=True
        )
    place = "".join(
        x
        for x in (
            address.province_name,
            address.city_name,
            address.county_name,
            address.detail_info,
            address.house_number,
        )
        if x
    )
    phone = address.tel_number or address.virtual_order_tel_number
    return SupplierOrder(
        base.supplier_id,
        base.supplier_order_no,
        base.shop_order_id,
        items,
        recipient_name=address.user_name or None,
        recipient_phone=phone or None,
        recipient_address=place or None,
        needs_tracking=base.needs_tracking,
    )


class ShopDetails:
    """The supplier sheet adapter's ``details`` lookup: one order-detail call per order, made only
    for orders about to be sent to a supplier sheet (once in each order's life)."""

    def __init__(self, shop: WeChatShopClient, concurrency: int = 8) -> None:
        self.shop = shop
        self.concurrency = concurrency

    def __call__(self, orders: Sequence[SupplierOrder]) -> list[SupplierOrder]:
        found = self.shop.get_orders([o.shop_order_id for o in orders], concurrency=self.concurrency)
        return [
            supplier_order_details(o, found.orders[o.shop_order_id])
            for o in orders
            if o.shop_order_id in found.orders
        ]
