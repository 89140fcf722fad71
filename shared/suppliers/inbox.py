"""The 回传 inbox tab as a supplier source (pure): pasted cells in, updates and a result per cell out.

Each inbox row holds one paste (one or many lines) and, optionally, who sent it. The reference
written on a line may be a supplier order no. or a shop order id: the update carries it in both
fields and matching (matching.py) tries the supplier order no. first, then the shop order id.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from shared.suppliers.inbox_parser import InboxRecord, parse_inbox
from shared.suppliers.model import ShipmentUpdate, SourceProblem

INBOX_SUPPLIER = "inbox"  # supplier id for pastes whose sender is not given


@dataclass(frozen=True, slots=True)
class InboxRow:
    """One row of the 回传 tab: where it is, who sent it (a supplier id, or None), what was pasted."""

    row_id: str
    supplier_id: str | None
    text: str


@dataclass(frozen=True, slots=True)
class InboxRowResult:
    """What became of one pasted cell: its updates, its refused records, and a one-line summary for
    the result column, in Chinese and English."""

    row_id: str
    updates: tuple[ShipmentUpdate, ...]
    problems: tuple[SourceProblem, ...]
    summary_zh: str
    summary_en: str


def read_inbox(rows: Sequence[InboxRow]) -> tuple[InboxRowResult, ...]:
    """Parse every non-empty row; one bad line never blocks the others."""
    return tuple(_read_row(row) for row in rows if row.text.strip())


def _read_row(row: InboxRow) -> InboxRowResult:
    supplier = row.supplier_id or INBOX_SUPPLIER
    updates: list[ShipmentUpdate] = []
    problems: list[SourceProblem] = []
    notes_zh: list[str] = []
    notes_en: list[str] = []
    for record in parse_inbox(row.text):
        ref = f"{row.row_id} line {record.line}"
        if record.problem is not None and record.problem.severity == "error":
            problems.append(
                SourceProblem(ref, record.problem.code, record.problem.message_zh, record.problem.message_en)
            )
            notes_zh.append(f"第{record.line}行：{record.problem.message_zh}")
            notes_en.append(f"line {record.line}: {record.problem.message_en}")
            continue
        updates.append(_update(supplier, record, ref))
    if not updates and not problems:
        return InboxRowResult(row.row_id, (), (), "没有识别到发货信息。", "No shipment found.")
    head_zh = f"识别 {len(updates)} 条" + (f"，{len(problems)} 条有问题" if problems else "")
    head_en = f"{len(updates)} found" + (f", {len(problems)} with problems" if problems else "")
    return InboxRowResult(
        row.row_id,
        tuple(updates),
        tuple(problems),
        "；".join([head_zh, *notes_zh]),
        "; ".join([head_en, *notes_en]),
    )


def _update(supplier: str, record: InboxRecord, ref: str) -> ShipmentUpdate:
    return ShipmentUpdate(
        supplier_id=supplier,
        supplier_order_no=record.order_ref,
        shop_order_id=record.order_ref,
        courier_text=record.courier_text,
        courier=record.courier,
        tracking_numbers=record.tracking_numbers,
        status=record.status,
        source="inbox",
        source_ref=ref,
    )
