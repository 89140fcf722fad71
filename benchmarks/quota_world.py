"""The world before the quota benchmark's clock starts: a team's open orders, each ordered from its
supplier and waiting for the tracking number the operators are about to type.

Seeded with the quota off, through the product's own paths: the shop's paid orders are created in
the WeChat emulator (before its push is connected, so their events are not delivered), a tick run by
the served ``sync`` function (its Pub/Sub trigger, as Cloud Scheduler does) lists them onto the
订单 tab; the seeder fills 供应商 and 供应商单号 on every row and, with ``auto_push``, sets 自动推送 to 开
on 设置; a second tick brings the rows to 待单号. Then the shop's push is pointed at ``shop_events``,
the sheet's edit hook at ``sheet_edit``, the call log is cleared and the real quota switched on.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from benchmarks.quota_stack import (
    ORDERS_TAB,
    SERVICE_ACCOUNT,
    Emulator,
    Functions,
    Sheet,
    aes_key,
    create_workspace,
    start_emulator,
)

READS_PER_MINUTE = 60  # the Sheets API's per-user quota (emulators/sheets/quota.py)
WRITES_PER_MINUTE = 60
SUPPLIER = "工厂A"
SETTINGS_TAB = "设置"
SETTING_NAME, SETTING_VALUE = "设置项", "值"  # 设置's columns
AUTO_PUSH = "自动推送"
ON = "开"
AWAITING = "待单号"  # the row state the operators' rows are in: ordered, waiting for the number


@dataclass
class World:
    http: httpx.Client
    sheets: Emulator
    shop: Emulator
    functions: Functions
    sheet: Sheet
    orders_sheet_id: int
    columns: dict[str, int]  # 订单's header -> 0-based column
    rows: list[int]  # 0-based rows awaiting their tracking number, in sheet order
    seeded_states: dict[str, int]  # 状态 label -> rows, after seeding


@contextmanager
def world(product_root: Path, open_orders: int, auto_push: bool) -> Iterator[World]:
    with ExitStack() as stack:
        http = stack.enter_context(httpx.Client(timeout=120))
        journal = Path(tempfile.mkdtemp(prefix="bench-quota-journal-"))
        stack.callback(shutil.rmtree, journal, True)
        sheets = start_emulator("emulators.sheets")
        stack.callback(sheets.stop)
        shop = start_emulator("emulators.wechat_shop")
        stack.callback(shop.stop)
        sid = create_workspace(product_root, sheets.url)
        sheet = Sheet(http, sheets.url, sid)
        health = http.get(f"{shop.url}/_emulator/health").json()
        products = [{"product_id": "10001", "sku_id": "20001", "sku_cnt": 1}]
        body = {"products": products, "count": open_orders}
        http.post(f"{shop.url}/_emulator/orders/bulk", json=body).raise_for_status()

        edit_secret, push_token, aes = secrets.token_hex(16), secrets.token_hex(8), aes_key()
        env = {
            "WAYBILL_WECHAT_API_BASE": shop.url,
            "WAYBILL_WECHAT_APPID": str(health["appid"]),
            "WAYBILL_WECHAT_SECRET": str(health["secret"]),
            "WAYBILL_WECHAT_PUSH_TOKEN": push_token,
            "WAYBILL_WECHAT_AES_KEY": aes,
            "WAYBILL_SHEETS_API_BASE": sheets.url,
            "WAYBILL_SPREADSHEET_ID": sid,
            "WAYBILL_SHEETS_TOKEN": SERVICE_ACCOUNT,
            "WAYBILL_EDIT_SECRET": edit_secret,
            "WAYBILL_JOURNAL_DIR": str(journal),
        }
        functions = Functions.start(product_root, env)
        stack.callback(functions.stop)

        _tick(functions, http)  # lists the shop's orders onto 订单
        columns = sheet.header(ORDERS_TAB)
        _fill_suppliers(sheet, columns, auto_push)
        _tick(functions, http)  # every row now waits for its number
        states = _states(sheet, columns)
        rows = sorted(r for r, label in states.items() if label == AWAITING)
        if len(rows) < open_orders:
            raise RuntimeError(f"seeding left {len(rows)} of {open_orders} rows {AWAITING}: {_count(states)}")

        push = {"url": f"{functions.url}/shop_events", "token": push_token, "encoding_aes_key": aes}
        http.post(f"{shop.url}/_emulator/push/config", json={**push, "auto": True}).raise_for_status()
        if not http.post(f"{shop.url}/_emulator/push/verify", json={}).json().get("ok"):
            raise RuntimeError("shop_events did not answer the platform's URL check")
        hook = {"url": f"{functions.url}/sheet_edit", "secret": edit_secret, "user": "operator@example.com"}
        sheet.control("POST", "webhook", hook)
        quota = {"readsPerMinute": READS_PER_MINUTE, "writesPerMinute": WRITES_PER_MINUTE}
        sheet.control("POST", "quota", quota)
        sheet.control("DELETE", "log")
        orders_id = sheet.sheet_id(ORDERS_TAB)
        yield World(http, sheets, shop, functions, sheet, orders_id, columns, rows, _count(states))


def _tick(functions: Functions, http: httpx.Client) -> None:
    functions.publish_tick(http)
    if not functions.settle(http):
        raise RuntimeError("the seeding tick did not finish within 5 minutes")


def _fill_suppliers(sheet: Sheet, columns: dict[str, int], auto_push: bool) -> None:
    """供应商 and 供应商单号 on every order row (ordered from the supplier); 自动推送 on 设置."""
    order_ids = sheet.cells(ORDERS_TAB, column_cells(columns["订单号"], 2))
    rows = sorted(r for (r, _), text in order_ids.items() if text)
    writes = []
    span = range(rows[0], rows[-1] + 1)
    for name, values in (
        ("供应商", [[SUPPLIER] for _ in span]),
        ("供应商单号", [[f"PO-{r:06d}"] for r in span]),
    ):
        letter = letters(columns[name])
        writes.append((f"'{ORDERS_TAB}'!{letter}{rows[0] + 1}:{letter}{rows[-1] + 1}", values))
    if auto_push:
        header = sheet.header(SETTINGS_TAB)
        named = sheet.cells(SETTINGS_TAB, column_cells(header[SETTING_NAME], 2))
        row = next((r for (r, _), text in named.items() if text == AUTO_PUSH), None)
        if row is None:
            raise RuntimeError(f"no {AUTO_PUSH} row on {SETTINGS_TAB}")
        writes.append((f"'{SETTINGS_TAB}'!{letters(header[SETTING_VALUE])}{row + 1}", [[ON]]))
    sheet.write(writes)


def _states(sheet: Sheet, columns: dict[str, int]) -> dict[int, str]:
    status = columns["状态"]
    return {r: text for (r, _), text in sheet.cells(ORDERS_TAB, column_cells(status, 2)).items() if r > 0}


def _count(states: dict[int, str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for label in states.values():
        counts[label] = counts.get(label, 0) + 1
    return counts


def column_cells(col: int, first_row: int) -> str:
    """A1 cells of one column from ``first_row`` (1-based) down: ``K2:K``."""
    letter = letters(col)
    return f"{letter}{first_row}:{letter}"


def letters(col: int) -> str:
    out, index = "", col + 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out
