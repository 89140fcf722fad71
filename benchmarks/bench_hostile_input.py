"""Worst case per cell of every text parser on hostile input (long runs of spaces, brackets,
punctuation, CJK, zero-width characters, courier names), at three sizes measured in one run:

* baseline: the same runs at a normal size (20 characters, a typical cell);
* at the bound: the longest text each parser still reads (a longer one is refused whole);
* 50,000 characters: the most a Sheets cell holds.

Target: a few milliseconds per cell at 50,000 characters. CPU time of this process, median of
three runs, worst pattern shown. ``python -m benchmarks hostile``.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from shared.couriers import check_cell, detect
from shared.couriers.cells import MAX_CELL_CHARS
from shared.couriers.normalize import MAX_INPUT_CHARS
from shared.suppliers.http_config import HttpSupplierConfig
from shared.suppliers.http_presets import PRESETS
from shared.suppliers.http_records import convert
from shared.suppliers.inbox_parser import MAX_PASTE_CHARS, MAX_PASTE_LINES, parse_inbox
from shared.suppliers.shipment_file import parse_shipment_rows
from shared.suppliers.text_bounds import MAX_TRACKING_CHARS

TARGET_MS = 5.0
NORMAL = 20
SHEETS_CELL = 50_000
RUNS = {
    "spaces": " ",
    "ideographic spaces": "\u3000",
    "open brackets": "(",
    "CJK brackets": "【",
    "punctuation": "。",
    "mixed junk": ",;!?~",
    "CJK": "中",
    "courier names": "顺丰",
    "names and spaces": "中通 ",
    "labels": "运单号：",
    "zero-width": "\u200b",
    "digits and spaces": "1 ",
    "line breaks": "1\n",
    "hyphens": "-",
}
_HEADER = ["订单号", "快递公司", "快递单号", "发货时间", "数量"]
_GOOD_ROW = ["PO-1", "中通", "73123456789012", "2026-11-26 12:00", "1"]
_CONFIG = HttpSupplierConfig.from_row(
    {
        **PRESETS["erp_json"],
        "supplier_id": "bench",
        "endpoint": "https://erp.bench.example/api/v1/orders",
        "token_env": "WR_BENCH_TOKEN",
    },
    {"WR_BENCH_TOKEN": "tok-bench"},
)
_RECORD_FIELDS = ("orderNo", "outOrderNo", "orderStatus", "expressCompany", "expressNo", "deliverTime")


def _hostile(run: str, size: int) -> str:
    # "1" + run + "x": the run sits between characters, where backtracking patterns are worst.
    body = run * (size // len(run) + 1)
    return ("1" + body)[: size - 1] + "x"


def _shipment_cells(text: str) -> None:
    for column in range(len(_HEADER)):
        row = [text if i == column else cell for i, cell in enumerate(_GOOD_ROW)]
        parse_shipment_rows([_HEADER, row], "bench")


def _record_fields(text: str) -> None:
    for name in _RECORD_FIELDS:
        record = {
            "orderNo": "GY1",
            "orderStatus": "SENT",
            "expressCompany": "中通",
            "expressNo": "73123456789012",
        }
        convert(_CONFIG, {**record, name: text}, "bench")


# (parser, what one call covers, the function, the longest text it still reads)
PARSERS: tuple[tuple[str, int, Callable[[str], object], int], ...] = (
    ("detect (one line)", 1, detect, MAX_INPUT_CHARS),
    ("check_cell (tracking cell)", 1, lambda t: check_cell("中通", t), MAX_CELL_CHARS),
    ("courier cell", 1, lambda t: check_cell(t, "73123456789012"), MAX_CELL_CHARS),
    ("inbox paste", 1, parse_inbox, MAX_PASTE_CHARS),
    ("shipment file cell", len(_HEADER), _shipment_cells, MAX_CELL_CHARS),
    ("supplier record field", len(_RECORD_FIELDS), _record_fields, MAX_TRACKING_CHARS),
)


def _ms_per_cell(fn: Callable[[str], object], text: str, cells: int) -> float:
    times = []
    for _ in range(3):
        start = time.process_time()
        fn(text)
        times.append(time.process_time() - start)
    return statistics.median(times) * 1000 / cells


def _worst(fn: Callable[[str], object], size: int, cells: int) -> tuple[float, str]:
    return max((_ms_per_cell(fn, _hostile(run, size), cells), name) for name, run in RUNS.items())


def main(argv: list[str] | None = None) -> None:
    del argv
    rows = [("parser", "baseline (20 ch)", "at its bound", "50,000 ch", "worst pattern at 50,000")]
    worst_overall = 0.0
    for name, cells, fn, bound in PARSERS:
        base, _ = _worst(fn, NORMAL, cells)
        capped, capped_run = _worst(fn, bound, cells)
        big, big_run = _worst(fn, SHEETS_CELL, cells)
        worst_overall = max(worst_overall, big)
        rows.append(
            (
                name,
                f"{base:.3f} ms",
                f"{capped:.3f} ms ({bound:,} ch, {capped_run})",
                f"{big:.3f} ms",
                big_run,
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
    verdict = "met" if worst_overall <= TARGET_MS else "NOT met"
    print(f"worst per cell at 50,000 ch: {worst_overall:.3f} ms (target <= {TARGET_MS} ms: {verdict})")
    # Not hostile, but the most an inbox cell is read for: a full paste of real-looking orders.
    full = "".join(f"37051150584712{i:05d} 中通 7312345{i:07d}\n" for i in range(MAX_PASTE_LINES))
    print(
        f"inbox paste of {MAX_PASTE_LINES} order lines ({len(full):,} ch, the most read): "
        f"{_ms_per_cell(parse_inbox, full, 1):.1f} ms per cell"
    )


if __name__ == "__main__":
    main()
