"""The 回传 inbox tab as a supplier source (pure): pasted cells in, updates and a result per cell out.

Each inbox row holds one paste (one or many lines) and, optionally, who sent it. The reference
written on a line may be a supplier order no. or a shop order id: the update carries it in both
fields and matching (matching.py) tries the supplier order no. first, then the shop order id.

``InboxSource`` is the tab's unanswered pastes as one ``SupplierSource``, on the same route as the
API, the supplier sheets and the shipment files: anyone may paste, so it hears about every
supplier's orders (``any_supplier``), and once its updates are matched (``settle``) it has the answer
for each row's result cell: what was found, and why a line was not used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from shared.domain.text import Bilingual
from shared.suppliers.inbox_parser import InboxRecord, parse_inbox
from shared.suppliers.matching import MatchOutcome
from shared.suppliers.model import ShipmentUpdate, SourceProblem, SupplierBatch, SupplierOrder

INBOX_SUPPLIER = "inbox"  # supplier id for pastes whose sender is not given
PASTE_IS_A_NUMBER = Bilingual(
    "粘贴的内容被表格存成了数字（超过 15 位的数字会丢掉末尾几位），没有读取：请把「回传内容」列设为纯文本"
    "（格式 → 数字 → 纯文本）后重新粘贴。",
    "The sheet stored this paste as a number (digits past the 15th "
    "are lost), so it was not read: format the column as plain text and paste again.",
)


@dataclass(frozen=True, slots=True)
class InboxRow:
    """One row of the 回传 tab: where it is, who sent it (a supplier id, or None), what was pasted."""

    row_id: str
    supplier_id: str | None
    text: str
    # The sheet parsed the paste into a number (a bare long number in a column that is not plain
    # text): digits may be lost, so it is not read.
    stored_as_number: bool = False


@dataclass(frozen=True, slots=True)
class InboxRowResult:
    """What became of one pasted cell: its updates, its refused records, and a one-line summary for
    the result column, in Chinese and English."""

    row_id: str
    updates: tuple[ShipmentUpdate, ...]
    problems: tuple[SourceProblem, ...]
    summary: Bilingual


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
            problems.append(SourceProblem(ref, record.problem.code, record.problem.message))
            notes_zh.append(f"第{record.line}行：{record.problem.message.zh}")
            notes_en.append(f"line {record.line}: {record.problem.message.en}")
            continue
        updates.append(_update(supplier, record, ref))
    if not updates and not problems:
        return InboxRowResult(row.row_id, (), (), Bilingual("没有识别到发货信息。", "No shipment found."))
    head_zh = f"识别 {len(updates)} 条" + (f"，{len(problems)} 条有问题" if problems else "")
    head_en = f"{len(updates)} found" + (f", {len(problems)} with problems" if problems else "")
    return InboxRowResult(
        row.row_id,
        tuple(updates),
        tuple(problems),
        Bilingual("；".join([head_zh, *notes_zh]), "; ".join([head_en, *notes_en])),
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


class InboxSource:
    """The 回传 tab's unanswered pastes as a supplier source (``model.hears_any_supplier``,
    ``matching.AnswersBack``). Its updates carry its own supplier id (``INBOX_SUPPLIER``), whoever
    sent the paste: a paste names an order by its supplier order no. or its shop order id."""

    any_supplier = True

    def __init__(self, rows: Sequence[InboxRow]) -> None:
        self.rows = tuple(r for r in rows if r.text.strip())
        self._read: tuple[InboxRowResult, ...] = ()
        self._refusals: dict[str, list[str]] = {}

    def fetch_updates(self, open_orders: Sequence[SupplierOrder]) -> SupplierBatch:
        """Every readable paste's updates; ``open_orders`` plays no part (matching places them)."""
        self._read = read_inbox([r for r in self.rows if not r.stored_as_number])
        self._refusals = {}
        return SupplierBatch(
            tuple(replace(u, supplier_id=INBOX_SUPPLIER) for cell in self._read for u in cell.updates),
            tuple(p for cell in self._read for p in cell.problems),
        )

    def settle(self, outcomes: Sequence[MatchOutcome]) -> None:
        """Why each update that matched no order was not used, for its row's answer."""
        owners = [cell.row_id for cell in self._read for _ in cell.updates]
        for row_id, outcome in zip(owners, outcomes, strict=True):
            if not outcome.placed and outcome.problem is not None:
                self._refusals.setdefault(row_id, []).append(outcome.problem.message.zh)

    def answers(self) -> list[tuple[str, str]]:
        """(row id, the text for its result cell) for every row taken: a paste stored as a number is
        told so; the others get their summary and the reason of each line matching refused."""
        unread = [(r.row_id, PASTE_IS_A_NUMBER.joined()) for r in self.rows if r.stored_as_number]
        read = [
            (cell.row_id, "；".join([cell.summary.zh, *self._refusals.get(cell.row_id, [])]))
            for cell in self._read
        ]
        return [*unread, *read]
