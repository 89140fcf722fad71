"""A 设置 value the tick cannot use (a typo, "1e9" meant as never, "inf") keeps its default, the tick
goes on, and the row says so in its description (说明) until the value is fixed (issue 18: the
archive and log settings a new user types)."""

from __future__ import annotations

from pathlib import Path

from sheet_templates.workspace import SETTINGS_ROWS
from tests.e2e.world import World, world

PLAIN = {s.key: s.description.zh for s in SETTINGS_ROWS}


def _description(w: World, key: str) -> str:
    return next(r["说明"] for r in w.records("设置") if r["键"] == key)


def test_a_setting_out_of_range_keeps_its_default_and_its_row_says_so(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        cancelled = w.create_order()
        w.tick()  # the archive clock starts
        w.shop_control.cancel(cancelled)
        w.tick()  # the order finished now
        w.set_setting("archive_after_days", "1e9")  # "never", as a person may mean it
        w.set_setting("log_keep_days", "inf")
        w.set_setting("urgent_hours", "三十")
        w.set_setting("stall_warn_hours", "2")  # the logistics watch's: under its 8 h floor
        w.advance(24 * 31)
        report = w.tick()  # an archive run: 1e9 days is no duration (the tick failed on it before)

        assert report.skipped is None
        assert report.archived_rows == 1  # by the default 30 days, as the note says
        note = _description(w, "archive_after_days")
        assert note.startswith("⚠ “1e9”无法使用（须为 0–3650 的数字），现按默认值 30 执行。")
        assert note.endswith(PLAIN["archive_after_days"])
        assert "“inf”无法使用" in _description(w, "log_keep_days")
        assert "“三十”无法使用" in _description(w, "urgent_hours")
        watch_note = "⚠ “2”无法使用（须为 8–2880 的数字），现按默认值 48 执行。"
        assert _description(w, "stall_warn_hours").startswith(watch_note)
        assert _description(w, "stall_days") == PLAIN["stall_days"]  # a good value: no note

        # fixed: the plain description comes back at the next tick; nothing more is written after
        w.set_setting("archive_after_days", "0")
        w.set_setting("log_keep_days", "60")
        w.set_setting("urgent_hours", "24")
        w.clear_sheets_log()
        w.tick()
        cleared = w.sheets_counts()
        assert [_description(w, k) for k in ("archive_after_days", "log_keep_days", "urgent_hours")] == [
            PLAIN["archive_after_days"],
            PLAIN["log_keep_days"],
            PLAIN["urgent_hours"],
        ]
        w.clear_sheets_log()
        w.tick()
        assert sum(w.sheets_counts().values()) < sum(cleared.values())


def test_a_description_the_operator_changed_is_left_alone_when_its_value_is_good(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        w.type_cell("stall_days", "说明", "我们的备注 / our note", tab="设置", key_header="键")
        w.set_setting("stall_days", "5")
        w.tick()
        assert _description(w, "stall_days") == "我们的备注 / our note"
