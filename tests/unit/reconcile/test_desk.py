"""The exception desk's pure rules: progress from a cell, closed rows, urgency on an injected clock,
and the urgent marks a pass writes (only the rows that change)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from shared.app.sheet_plan import is_row_open, urgent_changes
from shared.reconcile.deadline import to_sheet_time
from shared.reconcile.desk import Progress, is_closed, is_urgent, urgent_note
from shared.sheets.layout import Row

FOUND = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)


def test_progress_reads_either_language_and_an_empty_cell_is_pending() -> None:
    assert Progress.of_text("") is Progress.PENDING
    assert Progress.of_text(" 已联系快递 ") is Progress.COURIER_CONTACTED
    assert Progress.of_text("buyer told") is Progress.BUYER_TOLD
    assert Progress.of_text("Resolved") is Progress.RESOLVED
    assert Progress.of_text("打过电话") is None


def test_resolved_progress_and_resolved_yes_both_close_a_row() -> None:
    assert is_closed("已解决", resolved_open=True)
    assert is_closed("待处理", resolved_open=False)
    assert not is_closed("已联系供应商", resolved_open=True)


def test_a_pending_row_turns_urgent_only_after_the_setting() -> None:
    at = FOUND + timedelta(hours=24)
    assert not is_urgent(FOUND, "待处理", True, at, 24)  # exactly at the limit: not yet
    assert is_urgent(FOUND, "待处理", True, at + timedelta(minutes=1), 24)
    assert is_urgent(FOUND, "", True, at + timedelta(minutes=1), 24)
    assert not is_urgent(FOUND, "已联系供应商", True, at + timedelta(days=3), 24)  # someone is on it
    assert not is_urgent(FOUND, "待处理", False, at + timedelta(days=3), 24)  # 已处理 = 是
    assert not is_urgent(FOUND, "已解决", True, at + timedelta(days=3), 24)
    assert not is_urgent(FOUND, "待处理", True, at + timedelta(days=3), 0)  # 0: off
    assert not is_urgent(None, "待处理", True, at + timedelta(days=3), 24)  # no 发现时间
    assert not is_urgent(FOUND, "打过电话", True, at + timedelta(days=3), 24)  # not a dropdown value


def _row(number: int, progress: str, urgent: str = "", resolved: str = "") -> Row:
    values = {
        "found_at": to_sheet_time(FOUND),
        "order_id": f"37{number}",
        "kind": "物流-停滞",
        "progress": progress,
        "urgent": urgent,
        "resolved": resolved,
    }
    return Row(number, values, f"37{number}")


def test_urgent_marks_are_written_only_where_they_change() -> None:
    note = urgent_note(12).pick("zh")
    rows = [
        _row(2, "待处理"),  # turns urgent
        _row(3, "待处理", urgent=note),  # already marked: nothing
        _row(4, "已联系快递", urgent=note),  # someone is on it: the mark goes
        _row(5, "待处理", urgent=note, resolved="是"),  # closed: the mark goes
        _row(6, "已联系快递"),  # nothing
    ]
    cells = urgent_changes(rows, "zh", FOUND + timedelta(hours=13), 12)
    assert [(c.row, c.field, c.value) for c in cells] == [
        (2, "urgent", note),
        (4, "urgent", ""),
        (5, "urgent", ""),
    ]
    assert note == "紧急：待处理已超过 12 小时，请尽快联系供应商或快递"
    assert urgent_note(24).pick("en").startswith("Urgent: pending for more than 24 hours")
    assert urgent_changes(rows[1:2], "zh", FOUND + timedelta(hours=13), 12) == []
    assert is_row_open(rows[2]) and not is_row_open(rows[3]) and not is_row_open(_row(7, "已解决"))
