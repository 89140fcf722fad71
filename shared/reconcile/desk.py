"""The exception desk's rules (pure): progress of a 异常 row, when it turns urgent, and its drafts.

A 异常 row carries the operator's 进度 (a dropdown, ``PROGRESS``). It is open while neither its
进度 is 已解决 nor its 已处理 is 是: either one closes it (the product's own 是 when the condition no
longer holds, the operator's 已解决). An open row left 待处理 (or with an empty 进度) for longer than
``urgent_hours`` (设置 ``exception_urgent_hours``) since it was found is urgent: the product writes
``urgent_note`` into its 紧急 cell and colours the row. Any other 进度 means someone is on it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import Enum

from shared.domain.text import Bilingual
from shared.reconcile.scorecard import ExceptionKind


class Progress(Enum):
    PENDING = "pending"
    SUPPLIER_CONTACTED = "supplier_contacted"
    COURIER_CONTACTED = "courier_contacted"
    BUYER_TOLD = "buyer_told"
    RESOLVED = "resolved"

    @property
    def label(self) -> Bilingual:
        return PROGRESS_LABELS[self]

    @classmethod
    def of_text(cls, text: str) -> Progress | None:
        """The progress a cell names in either language (case-insensitive for English); an empty
        cell is ``PENDING``; other text is None (the dropdown is not strict)."""
        text = text.strip()
        if not text:
            return cls.PENDING
        for one in cls:
            if text == one.label.zh or text.casefold() == one.label.en.casefold():
                return one
        return None


PROGRESS_LABELS: dict[Progress, Bilingual] = {
    Progress.PENDING: Bilingual("待处理", "Pending"),
    Progress.SUPPLIER_CONTACTED: Bilingual("已联系供应商", "Supplier contacted"),
    Progress.COURIER_CONTACTED: Bilingual("已联系快递", "Courier contacted"),
    Progress.BUYER_TOLD: Bilingual("已告知买家", "Buyer told"),
    Progress.RESOLVED: Bilingual("已解决", "Resolved"),
}

#: The dropdown's values, in the order a case usually moves.
PROGRESS: tuple[Bilingual, ...] = tuple(PROGRESS_LABELS[p] for p in Progress)

DEFAULT_URGENT_HOURS = 24.0


def urgent_note(hours: float) -> Bilingual:
    shown = f"{hours:g}"
    return Bilingual(
        f"紧急：待处理已超过 {shown} 小时，请尽快联系供应商或快递",
        f"Urgent: pending for more than {shown} hours; contact the supplier or the courier",
    )


def is_closed(progress_cell: str, resolved_open: bool) -> bool:
    """``resolved_open``: the 已处理 cell still reads open (否 or empty)."""
    return not resolved_open or Progress.of_text(progress_cell) is Progress.RESOLVED


def is_urgent(
    found_at: datetime | None, progress_cell: str, resolved_open: bool, now: datetime, urgent_hours: float
) -> bool:
    """An open row still 待处理 for more than ``urgent_hours`` since ``found_at``. ``urgent_hours``
    0 turns it off; a row without a readable 发现时间 is never urgent (nothing to count from)."""
    if urgent_hours <= 0 or found_at is None or is_closed(progress_cell, resolved_open):
        return False
    if Progress.of_text(progress_cell) is not Progress.PENDING:
        return False
    return now - found_at > timedelta(hours=urgent_hours)


#: The logistics alert codes (shared/app/sheet_plan.py ALERT_LABELS) that come with drafts.
DRAFT_KINDS: dict[str, ExceptionKind] = {
    "logistics_no_pickup": ExceptionKind.NO_PICKUP,
    "logistics_stalled": ExceptionKind.STALLED,
    "logistics_returned": ExceptionKind.RETURNED,
    "logistics_rejected": ExceptionKind.REFUSED,
}
