"""Sheets API calls per tick: the gateway vs a naive per-row gspread loop, against the local emulator.

Prints, for several row counts, the API calls (which is what Sheets quota counts: 60 writes per
minute per user) and the wall time of: reading the 订单 tab, and writing a tracking number and a
status on every row. The naive baseline (what a first script usually does: ``worksheet.update_acell``
per cell after ``open_by_key``/``worksheet``) is measured on the small sizes only, since its calls
grow with the rows. Timings are informative; only the call counts are asserted, in the tests.
"""

from __future__ import annotations

import time
import uuid

import gspread

from emulators.control import SheetsControl
from emulators.sheets.server import serve
from shared.sheets.gateway import CellWrite, connect
from shared.sheets.http import CallCounter, SheetsHTTPClient
from shared.sheets.orders import orders_layout
from shared.sheets.settings import SheetsSettings, load_settings
from shared.sheets.workspace_init import init_workspace

SIZES = (10, 100, 1_000, 10_000)
NAIVE_MAX = 100


def _workspace(url: str, rows: int) -> SheetsSettings:
    sid = "bench-" + uuid.uuid4().hex[:8]
    with SheetsControl(url, timeout=10) as control:
        control.create_spreadsheet(sid)
    settings = load_settings({}, api_base=url, spreadsheet_id=sid, anonymous=True)
    http = SheetsHTTPClient.build(settings)
    init_workspace(http, sid)
    meta = http.fetch_sheet_metadata(sid)
    orders = next(s for s in meta["sheets"] if s["properties"]["title"] == "订单")["properties"]
    if rows + 1 > orders["gridProperties"]["rowCount"]:
        extra = rows + 1 - orders["gridProperties"]["rowCount"]
        http.batch_update(
            sid,
            {
                "requests": [
                    {"appendDimension": {"sheetId": orders["sheetId"], "dimension": "ROWS", "length": extra}}
                ]
            },
        )
    values = [[f"37{i:08d}", "2026-11-25 10:00", "", f"商品 {i}", 1, "张**"] for i in range(rows)]
    http.values_update(sid, "'订单'!A2", params={"valueInputOption": "RAW"}, body={"values": values})
    return settings


def _gateway(settings: SheetsSettings) -> tuple[int, float]:
    gw = connect(settings, counter=CallCounter())
    start = time.perf_counter()
    table = gw.read([orders_layout()])["订单"]
    writes = [CellWrite(r.key, r.number, "tracking_numbers", f"SF{r.key}") for r in table.rows]
    writes += [CellWrite(r.key, r.number, "status", "待推送") for r in table.rows]
    gw.write(table, writes)
    return gw.calls.total, time.perf_counter() - start


def _naive(settings: SheetsSettings) -> tuple[int, float]:
    client = gspread.Client(SheetsHTTPClient.build(settings).auth, http_client=SheetsHTTPClient)
    http = client.http_client
    assert isinstance(http, SheetsHTTPClient)
    http.api_base = settings.api_base
    start = time.perf_counter()
    ws = client.open_by_key(settings.spreadsheet_id).worksheet("订单")
    for number, row in enumerate(ws.get_all_values()[1:], start=2):
        ws.update_acell(f"J{number}", f"SF{row[0]}")
        ws.update_acell(f"K{number}", "待推送")
    return http.counter.total, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    running = serve(port=0)
    try:
        print(
            f"{'rows':>7} | {'gateway calls':>13} | {'gateway s':>9} | {'naive calls':>11} | {'naive s':>8}"
        )
        print("-" * 62)
        for rows in SIZES:
            calls, seconds = _gateway(_workspace(running.url, rows))
            naive = "-"
            naive_s = "-"
            if rows <= NAIVE_MAX:
                n_calls, n_seconds = _naive(_workspace(running.url, rows))
                naive, naive_s = str(n_calls), f"{n_seconds:.2f}"
            print(f"{rows:>7} | {calls:>13} | {seconds:>9.2f} | {naive:>11} | {naive_s:>8}")
        print(
            "gateway: 1 batchGet read + (1 spreadsheets.get once, 1 batchGet re-read, 1 values:batchUpdate)"
        )
    finally:
        running.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
