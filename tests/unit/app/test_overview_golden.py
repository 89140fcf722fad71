"""The overview (总览) from a few shops' tick records, by hand (shared/reconcile/overview.py, then the
tab's values and colours, shared/app/overview.py ``overview_table``).

NOW = 2026-12-05 04:00 UTC (12:00 Beijing). Five shops, in registry order:

* north: ticked ok 5 min ago; 7 open orders, 2 past ship-by, 1 near, 3 open 异常: OK, but orange
  (orders past their deadline);
* south: failed twice in a row (the workspace was not found); its counts are those of its last good
  tick, an hour ago: FAILING, red, with the error and "2 in a row";
* east: last good tick 2 h ago, its 设置 says stale after 60 min: STALE, amber;
* west: never ticked since the overview was set up: NEVER, grey, empty cells;
* wide: ticked ok 1 min ago, nothing past its deadline: OK, white.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from shared.app.overview import overview_table
from shared.app.overview_record import failure_text
from shared.domain.states import RowState
from shared.domain.text import Bilingual
from shared.reconcile.overview import (
    Status,
    TickCounts,
    TickRecord,
    count_orders,
    next_record,
    shop_lines,
    status_of,
)
from shared.sheets.errors import SheetsNotFound
from sheet_templates import overview as template

NOW = datetime(2026, 12, 5, 4, 0, tzinfo=UTC)
SHOPS = ("north", "south", "east", "west", "wide")


def _ago(minutes: float) -> datetime:
    return NOW - timedelta(minutes=minutes)


def _records() -> dict[str, TickRecord | None]:
    good = next_record(
        None, started=_ago(61), ended=_ago(60), outcome="ok", counts=TickCounts(4, 0, 2, 1), stale_minutes=30
    )
    lost = SheetsNotFound("Requested entity was not found", http_status=404)
    once = next_record(good, started=_ago(31), ended=_ago(30), outcome="failed", error=failure_text(lost))
    twice = next_record(once, started=_ago(2), ended=_ago(1), outcome="failed", error=failure_text(lost))
    return {
        "north": next_record(
            None,
            started=_ago(6),
            ended=_ago(5),
            outcome="ok",
            counts=TickCounts(7, 2, 1, 3),
            stale_minutes=30,
        ),
        "south": twice,
        "east": next_record(
            None,
            started=_ago(121),
            ended=_ago(120),
            outcome="ok",
            counts=TickCounts(1, 0, 0, 0),
            stale_minutes=60,
        ),
        "wide": next_record(
            None, started=_ago(2), ended=_ago(1), outcome="ok", counts=TickCounts(2, 0, 0, 0)
        ),
    }


def test_the_shops_lines_are_in_registry_order_with_their_status() -> None:
    lines = shop_lines(SHOPS, _records(), NOW)
    assert [(line.shop, line.status) for line in lines] == [
        ("north", Status.OK),
        ("south", Status.FAILING),
        ("east", Status.STALE),
        ("west", Status.NEVER),
        ("wide", Status.OK),
    ]
    assert [line.past_deadline for line in lines] == [True, False, False, False, False]


def test_a_failed_tick_keeps_the_last_good_tick_and_its_counts_and_counts_the_failures() -> None:
    south = _records()["south"]
    assert south is not None
    assert (south.outcome, south.failures, south.last_ok, south.counted_at) == (
        "failed",
        2,
        _ago(60),
        _ago(60),
    )
    assert south.counts == TickCounts(4, 0, 2, 1)
    fixed = next_record(south, started=_ago(0.5), ended=NOW, outcome="ok", counts=TickCounts(5, 0, 0, 1))
    assert (fixed.failures, fixed.error, fixed.last_ok, status_of(fixed, NOW)) == (0, None, NOW, Status.OK)


def test_the_tab_golden_zh() -> None:
    table = overview_table(shop_lines(SHOPS, _records(), NOW), NOW, "zh")
    assert table.rows == (
        ("店铺总览 · 更新于 2026-12-05 12:00（北京时间）· 每个店铺同步后整页重写，请勿在此编辑",),
        (
            "店铺",
            "状态",
            "未发货订单",
            "已过发货截止",
            "临近发货截止",
            "未处理异常",
            "最近成功同步",
            "最近一次同步",
            "数字截至",
            "错误",
        ),
        ("north", "正常", 7, 2, 1, 3, "2026-12-05 11:55", "2026-12-05 11:55", "2026-12-05 11:55", ""),
        (
            "south",
            "同步失败",
            4,
            0,
            2,
            1,
            "2026-12-05 11:00",
            "2026-12-05 11:59",
            "2026-12-05 11:00",
            "工作表格读写失败（SheetsNotFound 404）；连续失败 2 次",
        ),
        (
            "east",
            "同步停滞",
            1,
            0,
            0,
            0,
            "2026-12-05 10:00",
            "2026-12-05 10:00",
            "2026-12-05 10:00",
            "超过 60 分钟没有成功同步",
        ),
        ("west", "尚未同步", "", "", "", "", "", "", "", ""),
        ("wide", "正常", 2, 0, 0, 0, "2026-12-05 11:59", "2026-12-05 11:59", "2026-12-05 11:59", ""),
    )
    assert table.colours == (
        template.PAST_DEADLINE_ROW,
        template.FAILING_ROW,
        template.STALE_ROW,
        template.NEVER_ROW,
        template.PLAIN_ROW,
    )


def test_the_tab_in_english() -> None:
    table = overview_table(shop_lines(SHOPS, _records(), NOW), NOW, "en")
    assert table.rows[0] == (
        "Shops overview · refreshed 2026-12-05 12:00 (Beijing time) · "
        "rewritten after every shop's tick: do not edit",
    )
    assert table.rows[1][:3] == ("Shop", "Status", "Open orders")
    assert table.rows[3][1] == "Failing"
    assert (
        table.rows[3][-1]
        == "the workspace could not be read or written (SheetsNotFound 404); 2 failed ticks in a row"
    )
    assert table.rows[4][-1] == "no good tick for more than 60 minutes"
    assert table.rows[5][1] == "Never ticked"


def test_a_shop_that_turned_the_stale_warning_off_is_never_stale() -> None:
    quiet = next_record(None, started=_ago(600), ended=_ago(600), outcome="ok", stale_minutes=0)
    assert status_of(quiet, NOW) is Status.OK
    assert status_of(next_record(quiet, started=NOW, ended=NOW, outcome="failed"), NOW) is Status.FAILING


def test_a_deployment_without_a_registry_has_one_row_named_this_shop() -> None:
    table = overview_table(shop_lines(("",), {}, NOW), NOW, "en")
    assert table.rows[2][:2] == ("This shop", "Never ticked")


def test_the_open_orders_and_the_ship_by_window() -> None:
    rows = [
        (RowState.AWAITING_TRACKING, NOW - timedelta(minutes=1)),  # past
        (RowState.AWAITING_SUPPLIER_ORDER, NOW + timedelta(hours=12)),  # near: exactly the window
        (RowState.READY, NOW + timedelta(hours=12, minutes=1)),  # open, not near yet
        (RowState.INVALID, None),  # open, no deadline known
        (RowState.SHIPPED, NOW - timedelta(days=1)),  # shipped: not open, not late
        (RowState.CANCELLED, NOW - timedelta(days=1)),
        (None, NOW - timedelta(days=1)),  # a row with no state of ours
    ]
    assert count_orders(rows, NOW, near_hours=12) == (4, 1, 1)


def test_a_record_reads_back_as_written() -> None:
    record = _records()["south"]
    assert record is not None
    assert TickRecord.from_json(record.as_json()) == record
    assert record.error == Bilingual(
        "工作表格读写失败（SheetsNotFound 404）",
        "the workspace could not be read or written (SheetsNotFound 404)",
    )
