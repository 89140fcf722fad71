"""How fast an operator's edit is done (a couple of seconds: docs/architecture.md#a-sheet-edit), at 1,000
and 10,000 rows, over HTTP as deployed (functions-framework on loopback, emulators in their own processes):
sheet_edit answers at once and hands the edit to the refresh function through the Pub/Sub emulator;
measured until every message is handled, so the figure is the whole way from the post to the push.

Baseline, measured in the same run: a full tick over the same sheet, which is what an edit would cost
if it simply ran a sync. The edit path reads only the edited rows and the shop order concerned.

``python -m benchmarks sheet_edit`` or ``python -m benchmarks.bench_sheet_edit [sizes...]``.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

from benchmarks.bench_tick import _seed, _start
from emulators.control import SheetsControl

SIZES = (1_000, 10_000)
EDITS = 5
SECRET = "bench-edit-secret"


def _environment(config: dict[str, Any]) -> dict[str, str]:
    return {
        "WAYBILL_WECHAT_API_BASE": config["shop"],
        "WAYBILL_WECHAT_APPID": config["appid"],
        "WAYBILL_WECHAT_SECRET": config["secret"],
        "WAYBILL_SHEETS_API_BASE": config["sheets"],
        "WAYBILL_SPREADSHEET_ID": config["sid"],
        "WAYBILL_SHEETS_ANONYMOUS": "1",
        "WAYBILL_EDIT_SECRET": SECRET,
        "WAYBILL_JOURNAL_DIR": config["journal"],
    }


def _signed_edit(config: dict[str, Any], row: int, column: int, value: str) -> tuple[bytes, dict[str, str]]:
    from shared.sheets.edit_signature import signed_request

    payload = {
        "spreadsheetId": config["sid"],
        "sheetName": "订单",
        "range": f"J{row}",
        "row": row,
        "column": column,
        "numRows": 1,
        "numColumns": 1,
        "value": value,
        "oldValue": "",
        "user": "bench@example.com",
    }
    return signed_request(SECRET.encode(), payload, int(time.time()))


def _measure(size: int) -> dict[str, Any]:
    from demo.local_functions import serve
    from functions import deps as function_deps
    from shared.app.tick import TickDeps, run_tick
    from shared.journal.journal import Journal
    from shared.journal.local_store import LocalDirStore
    from shared.sheets.gateway import connect
    from shared.sheets.settings import SheetsSettings
    from shared.wechat.client import WeChatShopClient

    sheets, shop = _start("emulators.sheets"), _start("emulators.wechat_shop")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            config = _seed(sheets.url, shop.url, size, Path(tmp) / "journal")
            gateway = connect(
                SheetsSettings(api_base=sheets.url, spreadsheet_id=config["sid"], anonymous=True)
            )
            client = WeChatShopClient(config["appid"], config["secret"], base_url=shop.url)
            now = datetime.fromisoformat(config["now"])  # the seeded world's clock (see bench_tick)
            journal = Journal(LocalDirStore(Path(config["journal"])))
            deps = TickDeps(gateway, client, journal, clock=lambda: now)
            start = time.perf_counter()
            run_tick(deps)  # the baseline, and it brings the rows to their states
            tick_wall = time.perf_counter() - start
            client.close()

            os.environ.update(_environment(config))
            function_deps.reset()
            served = serve()
            os.environ.update(served.pubsub_env())  # sheet_edit hands the edit to refresh (Pub/Sub)
            header = [str(h) for h in gateway.http.values_get(config["sid"], "'订单'!1:1")["values"][0]]
            column = header.index("快递单号") + 1
            walls = []
            calls = []
            with httpx.Client(timeout=60) as http:
                control = SheetsControl(sheets.url, http)
                for n in range(EDITS):
                    row = 2 + (n * 97) % size
                    body, headers = _signed_edit(config, row, column, "")
                    before = control.total()
                    start = time.perf_counter()
                    answer = http.post(f"{served.url}/sheet_edit", content=body, headers=headers)
                    answer.raise_for_status()
                    # Answered at once (202); measured until the refresh function has done the edit.
                    if not served.settle(60):
                        raise RuntimeError("the handed-on edit did not finish within 60 s")
                    walls.append(time.perf_counter() - start)
                    calls.append(control.total() - before)
            served.stop()
            function_deps.reset()
            return {
                "rows": size,
                "edit_median": statistics.median(walls),
                "edit_max": max(walls),
                "edit_calls": max(calls),
                "tick": tick_wall,
            }
    finally:
        sheets.stop()
        shop.stop()


def main(argv: list[str] | None = None) -> int:
    sizes = tuple(int(a) for a in (argv or [])) or SIZES
    results = [_measure(size) for size in sizes]
    header = ("rows", "edit median s", "edit max s", "edit Sheets calls", "full tick s (baseline)", "ratio")
    rows = [header] + [
        (
            f"{r['rows']:,}",
            f"{r['edit_median']:.3f}",
            f"{r['edit_max']:.3f}",
            str(r["edit_calls"]),
            f"{r['tick']:.3f}",
            f"{r['tick'] / r['edit_median']:.1f}x",
        )
        for r in results
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
