"""The quota benchmark's pure parts (benchmarks/quota_report.py, the plan in bench_quota.py): the
percentiles, what counts as a 429 surfaced to the operator, the figures of a run and the table.
No stack is started and nothing is timed: the benchmark itself is ``python -m benchmarks quota``."""

from __future__ import annotations

import math
from typing import Any

from benchmarks.bench_quota import parser, plan_of
from benchmarks.quota_report import meets, mentions_quota, percentile, summarise, surfaced_log_lines, table


def test_percentile_is_nearest_rank() -> None:
    values = [5.0, 1.0, 4.0, 2.0, 3.0]
    assert percentile(values, 50) == 3.0
    assert percentile(values, 95) == 5.0
    assert percentile(values, 20) == 1.0
    assert percentile(values, 0) == 1.0
    assert percentile(list(range(1, 101)), 95) == 95


def test_percentile_of_edits_never_coloured_is_inf_and_of_nothing_nan() -> None:
    waits = [1.0] * 18 + [math.inf] * 2
    assert percentile(waits, 50) == 1.0
    assert percentile(waits, 95) == math.inf
    assert math.isnan(percentile([], 50))


def test_quota_words_but_not_429_inside_a_longer_number() -> None:
    assert mentions_quota("SheetsRateLimited")
    assert mentions_quota("[429 RESOURCE_EXHAUSTED] Quota exceeded for quota metric 'Write requests'")
    assert mentions_quota("表格接口配额已用完")
    assert mentions_quota("429")
    assert not mentions_quota("3700095126429604208")  # an order id
    assert not mentions_quota("已推送到小店：SF1429000000009。")
    assert not mentions_quota("sheet edit done")
    assert not mentions_quota("在单元格 订单!J429 修改")  # a 日志 row naming the cell edited
    assert mentions_quota("HTTP 429")


def test_surfaced_log_lines_are_warnings_or_worse_naming_the_quota() -> None:
    lines = [
        {
            "severity": "ERROR",
            "function": "refresh",
            "message": "sheet_edit failed",
            "error_class": "SheetsRateLimited",
        },
        {
            "severity": "WARNING",
            "function": "refresh",
            "message": "edits put back",
            "error_class": "SheetsRateLimited",
        },
        {
            "severity": "WARNING",
            "function": "sync",
            "message": "edits put back",
            "error_class": "SheetsRateLimited",
        },
        {
            "severity": "WARNING",
            "function": "refresh",
            "message": "edits put back",
            "error_class": "SheetsRateLimited",
        },
        {"severity": "INFO", "message": "sheet edit done", "error_class": "SheetsRateLimited"},
        {"severity": "WARNING", "message": "push refused by the shop", "code": 45011, "duration_ms": 1429},
        {"severity": "ERROR", "message": "tick failed", "error_class": "SheetsUnavailable"},
    ]
    assert surfaced_log_lines(lines) == {
        "refresh: sheet_edit failed (SheetsRateLimited)": 1,
        "refresh: edits put back (SheetsRateLimited)": 2,
        "sync: edits put back (SheetsRateLimited)": 1,
    }


def _raw(**over: Any) -> dict[str, Any]:
    """Observations of a small run: 4 edits (one never coloured), a sale from t=100 to t=160."""
    edits = [
        {"typed_at": 10.0, "coloured_at": 11.0},
        {"typed_at": 110.0, "coloured_at": 113.0},
        {"typed_at": 150.0, "coloured_at": 170.0},
        {"typed_at": 200.0, "coloured_at": None},
    ]
    raw: dict[str, Any] = {
        "edits": edits,
        "sale": {"window": [100.0, 160.0], "orders": 10},
        "sale_on_sheet": 9,
        "hooks": [
            {"sent": 10.0, "answered": 10.05, "status": 202},
            {"sent": 110.0, "answered": 110.1, "status": 202},
            {"sent": 150.0, "answered": 150.2, "status": 500},
            {"sent": 200.0, "answered": 210.0, "status": None, "error": "timed out"},
        ],
        "service_account": {"200": 10, "429": 3},
        "rejected": 3,
        "log_lines": [{"severity": "ERROR", "message": "refresh failed", "error_class": "SheetsRateLimited"}],
        "surfaced_cells": {"订单": 0, "日志": 1, "异常": 0},
        "ticks": [60.0],
        "ended": 240.0,
        "drained": 360.0,
    }
    return raw | over


def test_summary_of_a_run() -> None:
    s = summarise(_raw())
    assert (s["edits"], s["coloured"]) == (4, 3)
    assert s["calls_per_edit"] == 2.5  # served calls only; the 429s apart
    assert (s["client_429"], s["emulator_rejected"]) == (3, 3)
    assert (s["surfaced_log_lines"], s["surfaced_cells"], s["surfaced_429"]) == (1, 1, 2)
    assert s["surfaced_kinds"] == {"-: refresh failed (SheetsRateLimited)": 1}
    assert s["colour_p50_s"] == 3.0
    assert s["colour_p95_s"] == math.inf
    assert s["burst_edits"] == 2 and s["burst_p95_s"] == 20.0
    assert math.isclose(s["hook_p50_ms"], 100.0, abs_tol=1e-6)
    assert math.isclose(s["hook_total_s"], 10.35, abs_tol=1e-6)
    assert s["hooks_failed"] == 2  # a 500 and no answer
    assert (s["sale_orders"], s["sale_on_sheet"], s["ticks"]) == (10, 9, 1)
    assert s["drain_s"] == 120.0


def test_targets_met_and_missed() -> None:
    missed = meets(summarise(_raw()))
    assert missed == {"surfaced_429": False, "coloured": False, "burst_p95_s": False, "hook_p50_ms": True}
    good = _raw(
        edits=[{"typed_at": 110.0, "coloured_at": 112.0}],
        log_lines=[],
        surfaced_cells={"订单": 0},
    )
    assert all(meets(summarise(good)).values())


def test_table_sets_runs_side_by_side_with_targets() -> None:
    before = summarise(_raw())
    quick = [{"typed_at": 110.0, "coloured_at": 112.0}]
    after = summarise(_raw(edits=quick, log_lines=[], surfaced_cells={}))
    lines = table([("baseline abc", before), ("this tree", after)])
    header, rows = lines[0], {line.split("  ")[0]: line for line in lines[1:]}
    assert "target" in header and header.index("baseline abc") < header.index("this tree")
    assert len(lines) == 15
    coloured = rows["edits coloured"]
    assert "3/4 MISSED" in coloured and "1/1 ok" in coloured and "all" in coloured
    assert "> 120 (not all)" in rows["edit -> colour p95 (s)"]
    surfaced = rows["429s surfaced to the operator (log lines + cells)"]
    assert "2 MISSED" in surfaced and "0 ok" in surfaced
    assert "20.0 MISSED" in rows["edit -> colour p95 during the flash sale (s)"]
    assert "< 200" in rows["hook answer p50 (ms)"]


def test_plan_from_the_command_line() -> None:
    smoke = plan_of(parser().parse_args(["--minutes", "1"]))
    assert smoke.edits == 100
    assert smoke.sale_start == 0.0  # the sale's minute is the whole smoke run
    full = plan_of(parser().parse_args([]))
    assert full.minutes == 10 and full.edits == 1000
    assert full.sale_start == 270.0  # the middle minute
    assert full.tick_seconds == 300.0  # infra/terraform: sync_schedule "*/5 * * * *"
