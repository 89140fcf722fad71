"""The app-layer pieces the supplier sheet adapter needs: a SheetPort on the Sheets client, and the
lookup that gives an order's items and full recipient address from the shop.

The port uses a sibling of the workspace gateway's HTTP client: the same base URL, credentials and
bounded retries, but its own call counter, so supplier spreadsheets never count against (or hide
inside) the workspace's per-tick budget. Sheets errors become the supplier error family, so a broken
supplier sheet is reported on its 供应商 row and never stops the tick.

The full address is read from the WeChat order here and handed only to the supplier sheet adapter;
nothing on this path writes to the workspace.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from gspread.exceptions import GSpreadException

from shared.sheets import a1
from shared.sheets.errors import (
    SheetsBadRequest,
    SheetsError,
    SheetsNotFound,
    SheetsPermissionDenied,
    SheetsRateLimited,
    SheetsUnavailable,
)
from shared.sheets.http import CallCounter, SheetsHTTPClient
from shared.sheets.layout import cell_text
from shared.sheets.workspace_init import text_format_request
from shared.suppliers.errors import SupplierAuthError, SupplierConfigError, SupplierError, SupplierUnavailable
from shared.suppliers.model import ShippedItem, SupplierOrder
from shared.suppliers.sheet_port import CellValue, SheetTabMissing
from shared.wechat.client import WeChatShopClient
from shared.wechat.models import Order


def sibling_client(http: SheetsHTTPClient) -> SheetsHTTPClient:
    """A client like ``http`` (base URL, credentials, session, retry policy) with its own counter."""
    twin = SheetsHTTPClient(http.auth, http.session)
    twin.api_base = http.api_base
    twin.policy = http.policy
    twin.sleep = http.sleep
    twin.counter = CallCounter()
    twin.set_timeout(http.timeout)
    return twin


@contextmanager
def _as_supplier_error(spreadsheet_id: str, tab: str) -> Iterator[None]:
    try:
        yield
    except SheetsBadRequest as exc:
        if "range" in exc.message.lower() or "parse" in exc.message.lower():
            raise SheetTabMissing(f"no tab {tab!r}", code=400) from None
        raise SupplierConfigError(f"supplier sheet refused the request: {exc}", code=400) from None
    except SheetsNotFound:
        raise SupplierConfigError(
            f"找不到供应商表格 {spreadsheet_id}，请核对 spreadsheet_id。 / "
            f"No supplier spreadsheet {spreadsheet_id}: check spreadsheet_id.",
            code=404,
        ) from None
    except SheetsPermissionDenied:
        raise SupplierAuthError(
            "没有权限打开供应商表格：请把表格共享给系统的服务账号（编辑者）。 / "
            "No access to the supplier spreadsheet: share it with the service account as an editor.",
            code=403,
        ) from None
    except (SheetsUnavailable, SheetsRateLimited) as exc:
        raise SupplierUnavailable(f"supplier sheet unavailable: {exc}"[:300]) from None
    except SheetsError as exc:
        raise SupplierError(f"supplier sheet: {exc}"[:300]) from None
    except (GSpreadException, ValueError, KeyError, TypeError) as exc:
        raise SupplierError(f"supplier sheet: unexpected answer ({type(exc).__name__})") from None


class GatewaySheetPort:
    """``shared.suppliers.sheet_port.SheetPort`` over the Sheets API (RAW writes only)."""

    def __init__(self, http: SheetsHTTPClient) -> None:
        self.http = http

    @property
    def calls(self) -> CallCounter:
        return self.http.counter

    def read_tab(self, spreadsheet_id: str, tab: str) -> list[list[object]]:
        with _as_supplier_error(spreadsheet_id, tab):
            doc: Any = self.http.values_get(
                spreadsheet_id,
                a1.sheet_range(tab),
                params={"majorDimension": "ROWS", "valueRenderOption": "FORMULA"},
            )
            # Numbers stay numbers (the adapter refuses an identifier Sheets parsed); the rest is text.
            return [[_raw(v) for v in row] for row in doc.get("values", [])]

    def format_as_text(self, spreadsheet_id: str, tab: str, columns: Sequence[int]) -> None:
        if not columns:
            return
        with _as_supplier_error(spreadsheet_id, tab):
            meta: Any = self.http.fetch_sheet_metadata(spreadsheet_id, params={"fields": "sheets.properties"})
            ids = [
                s["properties"]["sheetId"] for s in meta.get("sheets", []) if s["properties"]["title"] == tab
            ]
            if not ids:
                return
            requests = [text_format_request(int(ids[0]), column) for column in columns]
            self.http.batch_update(spreadsheet_id, {"requests": requests})

    def add_tab(self, spreadsheet_id: str, tab: str) -> None:
        with _as_supplier_error(spreadsheet_id, tab):
            self.http.batch_update(
                spreadsheet_id, {"requests": [{"addSheet": {"properties": {"title": tab}}}]}
            )

    def write_cells(self, spreadsheet_id: str, tab: str, cells: Sequence[CellValue]) -> None:
        if not cells:
            return
        data = [{"range": a1.sheet_range(tab, a1.cell(c.row, c.column)), "values": [[c.text]]} for c in cells]
        with _as_supplier_error(spreadsheet_id, tab):
            self.http.values_batch_update(spreadsheet_id, {"valueInputOption": "RAW", "data": data})

    def append_rows(
        self, spreadsheet_id: str, tab: str, rows: Sequence[Sequence[str]], after_row: int
    ) -> None:
        if not rows:
            return
        with _as_supplier_error(spreadsheet_id, tab):
            # Anchored at the empty cell under the rows read: a range holding no value is where
            # values:append writes, whatever gaps the rows above have (a range holding values would
            # send them under whichever "table" Sheets finds around its last value, perhaps columns
            # to the right). INSERT_ROWS: a row typed there meanwhile is pushed down, not overwritten.
            self.http.values_append(
                spreadsheet_id,
                a1.sheet_range(tab, f"A{after_row + 1}"),
                params={"valueInputOption": "RAW", "insertDataOption": "INSERT_ROWS"},
                body={"values": [list(r) for r in rows], "majorDimension": "ROWS"},
            )


def _raw(value: object) -> object:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else cell_text(value)


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
