"""Ticks long after a push (past the listing overlap) push nothing and log nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.e2e.world import world


def test_a_shipped_row_is_not_pushed_again_by_later_ticks(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        w.set_setting("auto_push", "开")
        order_id = w.create_order()
        w.tick()
        w.type_cell(order_id, "快递公司", "中通")
        w.type_cell(order_id, "快递单号", "73100029384756")
        assert [p.ok for p in w.tick().pushes] == [True]
        start = datetime.now(UTC)
        for minutes in (10, 20, 30):  # the shop's order no longer shows up as changed
            report = w.tick(start + timedelta(minutes=minutes))
            assert report.pushes == [] and report.rows_written == 0, minutes
        assert [r["操作"] for r in w.records("日志")] == ["推送单号到小店"]
        assert w.row_of(order_id)["状态"] == "已发货"
