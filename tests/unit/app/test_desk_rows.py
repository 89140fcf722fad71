"""New 异常 rows for the exception desk (pure): 进度 starts 待处理 in the workspace's language, a
logistics kind carries its two drafts (from the order's row as the workspace shows it: the masked
recipient only), other kinds none; a row closed by 已解决 counts as closed like 已处理 = 是."""

from __future__ import annotations

from datetime import UTC, datetime

from shared.app.sheet_plan import exception_changes
from shared.domain.text import Bilingual
from shared.reconcile.plan import Alert
from shared.sheets.layout import Row

NOW = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
ORDER = Row(
    2,
    {
        "order_id": "3701",
        "supplier_order_no": "PO-9",
        "courier": "中通快递",
        "tracking_numbers": "73100000000011\n73100000000012",
        "items": "蓝色T恤 × 2",
        "recipient": "张**",
    },
    "3701",
)
STALLED = Alert("3701", "logistics_stalled", Bilingual("停了", "Stalled"))
OVERDUE = Alert("3702", "overdue", Bilingual("超时", "Overdue"))


def test_a_logistics_row_starts_pending_with_both_drafts() -> None:
    changes = exception_changes([STALLED, OVERDUE], [], "zh", NOW, set(), orders={"3701": ORDER})
    stalled, overdue = changes.new_rows
    assert stalled["progress"] == "待处理" and overdue["progress"] == "待处理"
    supplier, buyer = stalled["draft_supplier"], stalled["draft_buyer"]
    assert "3701" in supplier and "PO-9" in supplier and "73100000000011 73100000000012" in supplier
    assert "张**" in supplier and "蓝色T恤 × 2" in supplier and "核实" in supplier
    assert "没有新的物流信息" in buyer and "中通快递" in buyer
    assert "draft_supplier" not in overdue and "draft_buyer" not in overdue


def test_the_english_workspace_starts_pending_and_keeps_chinese_drafts() -> None:
    [row] = exception_changes([STALLED], [], "en", NOW, set(), orders={"3701": ORDER}).new_rows
    assert row["progress"] == "Pending" and row["draft_buyer"].startswith("亲，您好！")


def test_a_row_closed_by_resolved_progress_is_not_open() -> None:
    listed = [
        Row(3, {"order_id": "3701", "kind": "物流-停滞", "progress": "已解决", "resolved": ""}, "3701"),
    ]
    changes = exception_changes([STALLED], listed, "zh", NOW, {"3701"}, orders={"3701": ORDER})
    assert [r["kind"] for r in changes.new_rows] == ["物流-停滞"]  # listed again, as with 已处理 = 是
    assert changes.resolved == []
    still = [Row(3, {"order_id": "3701", "kind": "物流-停滞", "progress": "已联系快递"}, "3701")]
    assert exception_changes([STALLED], still, "zh", NOW, {"3701"}).new_rows == []
