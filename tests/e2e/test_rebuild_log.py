"""The 日志 tab is a view of the journal: cleared by someone, rebuilt entry for entry."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from shared.app.log_rebuild import NotALogTab, rebuild_log
from tests.e2e.world import World, world

ROOT = Path(__file__).resolve().parents[2]


def _pushed(w: World) -> str:
    """An order whose number was typed and pushed: one entry in the journal and in 日志."""
    w.set_setting("auto_push", "开")
    order = w.create_order()
    w.tick()
    w.type_cell(order, "快递单号", "SF6026131434978")
    w.tick()
    return order


def test_a_cleared_log_is_rebuilt_from_the_journal(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        w.set_setting("auto_push", "开")
        first, second = w.create_order(), w.create_order()
        w.tick()
        w.type_cell(first, "快递单号", "SF6026131434978")
        w.type_cell(second, "快递单号", "12345")  # refused (too short): logged once, its cause asked for
        w.tick()
        before = w.records("日志")
        assert [r["操作"] for r in before] == ["推送单号到小店", "快递单号未通过"]
        assert before[1]["原因分类"] == "" and "原因未知" in before[1]["原因"]
        w.clear_tab("日志")
        assert w.records("日志") == []
        done = w.cli(tmp_path / "journal", "rebuild-log")
        assert done.returncode == 0, done.stderr
        assert "2 entries (4 Sheets calls)" in done.stdout  # header, clear, sheet ids (new process), append
        assert w.records("日志") == before


def test_rebuilding_over_a_full_log_replaces_its_rows(tmp_path: Path) -> None:
    """The clear really clears: rows still in the tab are replaced, not followed by a second copy
    (its ranges go in the batchClear body; sent as a query parameter, Google refuses them)."""
    with world(tmp_path) as w:
        _pushed(w)
        before = w.records("日志")
        assert len(before) == 1
        rebuild_log(w.gateway, w.journal)
        assert w.records("日志") == before


def test_a_period_the_bounded_log_no_longer_shows_is_brought_back_into_its_own_tab(tmp_path: Path) -> None:
    """日志 keeps the recent entries (设置 log_keep_days / log_keep_rows); the journal keeps them all,
    and rebuild-log --since/--until --into writes one period to a tab of its own."""
    with world(tmp_path) as w:
        w.set_setting("auto_push", "开")
        w.set_setting("log_keep_days", "30")
        old, new = w.create_order(), w.create_order()
        w.tick()
        w.type_cell(old, "快递单号", "SF6026131434978")
        w.tick()
        w.advance(24 * 40)
        w.type_cell(new, "快递单号", "SF6026131434969")
        assert [r["订单号"] for r in w.records("日志")] == [old]
        assert w.tick().log_rows_trimmed == 1  # this tick's archive run trims 日志
        assert [r["订单号"] for r in w.records("日志")] == [new]

        start = (w.now() - timedelta(days=60)).replace(hour=0, minute=0, second=0, microsecond=0)
        end = w.now() - timedelta(days=20)
        report = rebuild_log(w.gateway, w.journal, since=start, until=end, into="日志-旧")
        assert report.entries == 1
        assert [r["订单号"] for r in w.records("日志-旧")] == [old]
        assert [r["订单号"] for r in w.records("日志")] == [new]  # 日志 itself untouched


def test_into_a_tab_that_is_no_log_is_refused_and_the_tab_left_as_it_was(tmp_path: Path) -> None:
    """--into 订单 (or 设置, an archive tab, the operator's own tab) would clear that tab's rows and
    fill it with log lines: refused before anything is written, exit 2, reason in both languages."""
    with world(tmp_path) as w:
        order = _pushed(w)
        tabs = {t: w.values(t) for t in ("订单", "设置", "日志")}
        for title in ("订单", "设置"):
            with pytest.raises(NotALogTab) as refused:
                rebuild_log(w.gateway, w.journal, into=title)
            assert refused.value.title == title
        done = w.cli(tmp_path / "journal", "rebuild-log", "--into", "订单")
        assert done.returncode == 2
        assert "its header is not the log's" in done.stderr and "表头不是日志的表头" in done.stderr
        assert {t: w.values(t) for t in tabs} == tabs  # nothing written anywhere

        # a tab rebuilt with --into before takes a rebuild again
        assert rebuild_log(w.gateway, w.journal, into="日志-旧").entries == 1
        assert rebuild_log(w.gateway, w.journal, into="日志-旧").entries == 1
        assert [r["订单号"] for r in w.records("日志-旧")] == [order]
