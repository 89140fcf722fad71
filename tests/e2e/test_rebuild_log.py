"""The 日志 tab is a view of the journal: cleared by someone, rebuilt entry for entry."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from shared.app.log_rebuild import rebuild_log
from tests.e2e.world import world

ROOT = Path(__file__).resolve().parents[2]


def test_a_cleared_log_is_rebuilt_from_the_journal(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        w.set_setting("auto_push", "开")
        first, second = w.create_order(), w.create_order()
        w.tick()
        w.type_cell(first, "快递单号", "SF6026131434978")
        w.type_cell(second, "快递单号", "12345")  # refused (too short): nothing is logged for it
        w.tick()
        before = w.records("日志")
        assert [r["操作"] for r in before] == ["推送单号到小店"]
        w.clear_tab("日志")
        assert w.records("日志") == []
        env = {**os.environ, **w.env(tmp_path / "journal")}
        done = subprocess.run(
            [sys.executable, "-m", "shared.cli", "rebuild-log"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert "1 entries (4 Sheets calls)" in done.stdout  # header, clear, sheet ids (new process), append
        assert w.records("日志") == before


def test_rebuilding_over_a_full_log_replaces_its_rows(tmp_path: Path) -> None:
    """The clear really clears: rows still in the tab are replaced, not followed by a second copy
    (its ranges go in the batchClear body; sent as a query parameter, Google refuses them)."""
    with world(tmp_path) as w:
        w.set_setting("auto_push", "开")
        order = w.create_order()
        w.tick()
        w.type_cell(order, "快递单号", "SF6026131434978")
        w.tick()
        before = w.records("日志")
        assert len(before) == 1
        rebuild_log(w.gateway, w.journal)
        assert w.records("日志") == before
