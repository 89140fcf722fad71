"""One sync tick over 1,000, 10,000 and 50,000 open rows on the emulators, with no injected latency.

Targets: at most 5 Sheets API calls per tick at every size; at most 2 s wall and 300 MB peak RSS at
10,000 rows. Baseline, measured in the same run at 1,000 rows: a naive loop that reads and writes
row by row with gspread's worksheet methods (``row_values`` per row, ``update_cell`` per cell) and
decides each row with the same ``reconcile``.

The emulators run in their own processes (as in ``make demo``), so the tick's process holds only the
product. Each tick (and the baseline) runs in a fresh child process: its peak RSS is its own.

The world before the tick, seeded fast: the 订单 tab written directly in one ``values.update`` (as an
import of open orders: no status yet, so the tick writes status, message and sync time on every
row), the shop's orders created with one ``/_emulator/orders/bulk`` call, and the journal's order
watermark an hour after they were created (a steady tick: nothing new to list). One row in 100 has
a freshly typed tracking number: the tick reads those orders from the shop and validates them
(auto-push stays off, as in the template).

``python -m benchmarks tick`` or ``python -m benchmarks.bench_tick [sizes...]``.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks.memory import peak_mb
from emulators.control import ShopControl

SIZES = (1_000, 10_000, 50_000)
BASELINE_ROWS = 1_000
TARGET_CALLS = 5
TARGET_SECONDS_10K = 2.0
TARGET_MB_10K = 300
BEIJING = timedelta(hours=8)


@dataclass
class Emulator:
    process: subprocess.Popen[str]
    url: str

    def stop(self) -> None:
        """Ask it to stop; kill it when it is still going 10 s later (an emulator holding a
        simulated year, ~1 GB, can take longer than that to free it on a loaded machine, and a
        benchmark's result must not be lost to an emulator's slow exit)."""
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)


def _start(module: str) -> Emulator:
    process = subprocess.Popen(
        [sys.executable, "-m", module, "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    first = process.stdout.readline()
    found = re.search(r"http://127\.0\.0\.1:\d+", first)
    if not found:
        process.kill()
        raise RuntimeError(f"{module} did not start: {first!r}")
    return Emulator(process, found.group(0))


def _sheet_time(at: datetime) -> str:
    return (at + BEIJING).strftime("%Y-%m-%d %H:%M")


def open_rows(header: list[str], order_ids: list[str], now: datetime) -> list[list[str]]:
    """Open rows as an import leaves them: no status yet. 1 in 3 awaits a supplier order, 1 in 100
    has a tracking number just typed, the rest await their number."""
    col = {name: i for i, name in enumerate(header)}
    rows = []
    for i, order_id in enumerate(order_ids):
        cells = [""] * len(header)
        paid = now - timedelta(minutes=(i * 7) % (44 * 60))
        cells[col["订单号"]] = order_id
        cells[col["付款时间"]] = _sheet_time(paid)
        cells[col["发货截止"]] = _sheet_time(paid + timedelta(hours=48))
        cells[col["商品"]] = "蓝色T恤 ×1"
        cells[col["数量"]] = "1"
        cells[col["收件人"]] = "张** 138****5678"
        if i % 3:
            cells[col["供应商"]] = "工厂A"
            cells[col["供应商单号"]] = f"PO-{i}"
        if i % 100 == 0:
            cells[col["快递公司"]] = "中通"
            cells[col["快递单号"]] = f"7310{i:010d}"
        rows.append(cells)
    return rows


def _seed(sheets: str, shop: str, size: int, journal_dir: Path) -> dict[str, Any]:
    """A workspace with ``size`` open rows and the shop's matching orders; the tick's settings."""
    from shared.journal.journal import Journal
    from shared.journal.local_store import LocalDirStore
    from shared.sheets.http import SheetsHTTPClient
    from shared.sheets.settings import SheetsSettings
    from shared.sheets.workspace_init import create_spreadsheet, init_workspace

    http = SheetsHTTPClient.build(SheetsSettings(api_base=sheets, anonymous=True))
    sid = create_spreadsheet(http, f"bench {size}")
    init_workspace(http, sid)
    with ShopControl(shop, timeout=600) as control:
        control.reset()
        order_ids = control.create_orders(
            size, products=[{"product_id": "10001", "sku_id": "20001", "sku_cnt": 1}]
        )
        health = control.health()
    created = datetime.now(UTC)
    meta = http.fetch_sheet_metadata(sid)
    orders = next(s for s in meta["sheets"] if s["properties"]["title"] == "订单")["properties"]
    missing = size + 1 - orders["gridProperties"]["rowCount"]
    if missing > 0:
        grow = {"appendDimension": {"sheetId": orders["sheetId"], "dimension": "ROWS", "length": missing}}
        http.batch_update(sid, {"requests": [grow]})
    header = [str(h) for h in http.values_get(sid, "'订单'!1:1")["values"][0]]
    values = open_rows(header, order_ids, created)
    http.values_update(sid, "'订单'!A2", params={"valueInputOption": "RAW"}, body={"values": values})
    now = created + timedelta(hours=1)
    Journal(LocalDirStore(journal_dir)).set_watermark("orders", now - timedelta(minutes=1))
    return {
        "sheets": sheets,
        "sid": sid,
        "shop": shop,
        "appid": health["appid"],
        "secret": health["secret"],
        "journal": str(journal_dir),
        "now": now.isoformat(),
    }


def _tick(config: dict[str, Any]) -> dict[str, Any]:
    """In the child: one tick, as deployed (real clients), timed."""
    from shared.app.tick import TickDeps, run_tick
    from shared.journal.journal import Journal
    from shared.journal.local_store import LocalDirStore
    from shared.sheets.gateway import connect
    from shared.sheets.settings import SheetsSettings
    from shared.wechat.client import WeChatShopClient

    now = datetime.fromisoformat(config["now"])
    gateway = connect(SheetsSettings(api_base=config["sheets"], spreadsheet_id=config["sid"], anonymous=True))
    shop = WeChatShopClient(config["appid"], config["secret"], base_url=config["shop"])
    journal = Journal(LocalDirStore(Path(config["journal"])))
    deps = TickDeps(gateway, shop, journal, clock=lambda: now)
    start = time.perf_counter()
    report = run_tick(deps)
    wall = time.perf_counter() - start
    shop.close()
    return {
        "calls": report.sheets_calls,
        "by_endpoint": gateway.calls.snapshot(),
        "wall": wall,
        "peak_mb": peak_mb(),
        "rows_written": report.rows_written,
        "states": report.states,
    }


def _naive(config: dict[str, Any]) -> dict[str, Any]:
    """In the child: the baseline. gspread's worksheet methods, one row and one cell at a time."""
    import gspread

    from shared.app.sheet_plan import status_text
    from shared.domain.rows import SheetRow
    from shared.domain.settings import Settings
    from shared.reconcile.deadline import to_sheet_time
    from shared.reconcile.engine import reconcile
    from shared.reconcile.inputs import JournalFacts
    from shared.sheets.http import SheetsHTTPClient
    from shared.sheets.settings import SheetsSettings

    now = datetime.fromisoformat(config["now"])
    settings = SheetsSettings(api_base=config["sheets"], spreadsheet_id=config["sid"], anonymous=True)
    client = gspread.Client(SheetsHTTPClient.build(settings).auth, http_client=SheetsHTTPClient)
    http = client.http_client
    assert isinstance(http, SheetsHTTPClient)
    http.api_base = settings.api_base
    start = time.perf_counter()
    ws = client.open_by_key(config["sid"]).worksheet("订单")
    header = ws.row_values(1)
    col = {name: i for i, name in enumerate(header)}
    written = 0
    for number in range(2, config["rows"] + 2):
        cells = ws.row_values(number)
        cells += [""] * (len(header) - len(cells))
        row = SheetRow(
            number,
            cells[col["订单号"]],
            supplier=cells[col["供应商"]],
            supplier_order_no=cells[col["供应商单号"]],
            courier=cells[col["快递公司"]],
            tracking_cell=cells[col["快递单号"]],
            paid_at=cells[col["付款时间"]],
            ship_by=cells[col["发货截止"]],
        )
        plan = reconcile([row], {}, [], JournalFacts(), Settings(), now)
        for d in plan.decisions:
            ws.update_cell(number, col["状态"] + 1, status_text(d, "zh"))
            ws.update_cell(number, col["说明"] + 1, d.message.zh)
            ws.update_cell(number, col["同步时间"] + 1, to_sheet_time(now))
            written += 1
    wall = time.perf_counter() - start
    return {"calls": http.counter.total, "wall": wall, "peak_mb": peak_mb(), "rows_written": written}


def _child(kind: str, config: dict[str, Any]) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_tick", f"--{kind}", json.dumps(config)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{kind} child failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _shop_reads(shop: str) -> int:
    with ShopControl(shop, timeout=30) as control:
        return control.call_count("/channels/ec/order/get")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] in ("--tick", "--naive"):
        result = (_tick if args[0] == "--tick" else _naive)(json.loads(args[1]))
        print(json.dumps(result))
        return 0
    sizes = tuple(int(a) for a in args) or SIZES
    sheets, shop = _start("emulators.sheets"), _start("emulators.wechat_shop")
    results: dict[int, dict[str, Any]] = {}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            config = _seed(sheets.url, shop.url, BASELINE_ROWS, Path(tmp) / "baseline")
            baseline = _child("naive", {**config, "rows": BASELINE_ROWS})
            for size in sizes:
                seeding = time.perf_counter()
                config = _seed(sheets.url, shop.url, size, Path(tmp) / str(size))
                seeded = time.perf_counter() - seeding
                with ShopControl(shop.url, timeout=30) as control:
                    control.reset_calls()
                results[size] = {
                    **_child("tick", config),
                    "seeded_s": seeded,
                    "shop_reads": _shop_reads(shop.url),
                }
    finally:
        sheets.stop()
        shop.stop()
    _print(results, baseline)
    return 0


def _print(results: dict[int, dict[str, Any]], baseline: dict[str, Any]) -> None:
    head = ("rows", "Sheets calls/tick", "wall s", "peak RSS MB", "rows written", "shop reads", "seed s")
    lines = [head]
    lines.append(
        (
            f"{BASELINE_ROWS:,} naive",
            str(baseline["calls"]),
            f"{baseline['wall']:.2f}",
            f"{baseline['peak_mb']:.0f}",
            f"{baseline['rows_written']:,}",
            "0",
            "",
        )
    )
    for size, r in results.items():
        lines.append(
            (
                f"{size:,}",
                str(r["calls"]),
                f"{r['wall']:.2f}",
                f"{r['peak_mb']:.0f}",
                f"{r['rows_written']:,}",
                f"{r['shop_reads']:,}",
                f"{r['seeded_s']:.1f}",
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    for line in lines:
        print("  ".join(cell.rjust(w) for cell, w in zip(line, widths, strict=True)))
    ours = results.get(BASELINE_ROWS)
    if ours:
        print(
            f"at {BASELINE_ROWS:,} rows the naive loop makes {baseline['calls'] / ours['calls']:.0f}x "
            f"the API calls and takes {baseline['wall'] / ours['wall']:.1f}x the wall time"
        )
    for size, r in results.items():
        print(f"{size:,} rows: Sheets calls {r['by_endpoint']}")
    calls_ok = all(r["calls"] <= TARGET_CALLS for r in results.values())
    print(f"target <= {TARGET_CALLS} Sheets calls per tick at every size: {'met' if calls_ok else 'NOT met'}")
    ten = results.get(10_000)
    if ten:
        ok = ten["wall"] <= TARGET_SECONDS_10K and ten["peak_mb"] <= TARGET_MB_10K
        print(
            f"target <= {TARGET_SECONDS_10K:.0f} s and <= {TARGET_MB_10K} MB at 10,000 rows: "
            f"{ten['wall']:.2f} s, {ten['peak_mb']:.0f} MB: {'met' if ok else 'NOT met'}"
        )


if __name__ == "__main__":
    raise SystemExit(main())
