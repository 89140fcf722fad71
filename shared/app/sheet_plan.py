"""Turn reconcile's plan (and the tick's outcomes) into sheet writes and appended rows (pure).

Only rows whose status or message changes are written: a quiet tick writes nothing, and the values
payload follows the changes, not the size of the sheet.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import datetime

from shared.app import log_text
from shared.couriers import find
from shared.domain.states import RowState
from shared.domain.text import Bilingual
from shared.journal.records import AuditEntry
from shared.reconcile import desk
from shared.reconcile.causes import Cause
from shared.reconcile.deadline import from_sheet_time, to_sheet_time
from shared.reconcile.drafts import ParcelFacts, drafts
from shared.reconcile.plan import Alert, CellFill, RowDecision
from shared.sheets.gateway import CellWrite
from shared.sheets.layout import Row, Table
from sheet_templates.workspace import Lang, state_by_label, status_label
from sheet_templates.workspace import state as template_state

# 异常 tab: the kind of each alert code, in the workspace's language. The cell holds the label only;
# the code is found back from it (labels are unique in each language), and a row written before
# labels stood alone ("超时未发货 [overdue]") still reads as its code.
ALERT_LABELS: dict[str, Bilingual] = {
    "overdue": Bilingual("超时未发货", "Overdue"),
    "cancelled_stop_supplier": Bilingual("取消-停供应商单", "Cancelled: stop supplier"),
    "cancelled_after_supplier_shipped": Bilingual("取消-已发货需拦截", "Cancelled after shipping"),
    "supplier_mismatch": Bilingual("供应商数据不一致", "Supplier mismatch"),
    "shop_mismatch": Bilingual("小店数据不一致", "Shop mismatch"),
    "quantity_mismatch": Bilingual("数量不符", "Quantity mismatch"),
    "number_reused": Bilingual("单号重复使用", "Number reused"),
    "edit_budget_exhausted": Bilingual("修改次数用完", "Edit budget used up"),
    "supplier_out_of_stock": Bilingual("供应商缺货", "Out of stock"),
    "supplier_cancelled": Bilingual("供应商取消", "Supplier cancelled"),
    "push_failed": Bilingual("推送失败", "Push failed"),
    "row_restored": Bilingual("订单行已恢复", "Row restored"),
    # The logistics watch (reconcile prefixes the rule's code with "logistics_").
    "logistics_no_pickup": Bilingual("物流-未揽收", "Logistics: no pickup"),
    "logistics_stalled": Bilingual("物流-停滞", "Logistics: stalled"),
    "logistics_returned": Bilingual("物流-退回", "Logistics: returned"),
    "logistics_rejected": Bilingual("物流-拒收", "Logistics: refused"),
    "logistics_problem": Bilingual("物流-疑难件", "Logistics: problem"),
    "logistics_overdue": Bilingual("物流-在途过久", "Logistics: too long in transit"),
    "logistics_courier_mismatch": Bilingual("物流-快递公司不符", "Logistics: wrong courier"),
    # A tab's header row is broken (shared/app/layout_guard.py); the 订单号 cell names the tab.
    "layout_broken": Bilingual("表头有误", "Header problem"),
    # No tick has succeeded for 设置 stale_sync_minutes (shared/app/stale_sync.py).
    "sync_stale": Bilingual("同步已停止", "Sync stopped"),
    # The workspace nears its cell limit, or an archive spreadsheet cannot be opened
    # (shared/app/archive_books.py); the 订单号 cell names the spreadsheet.
    "archive_room": Bilingual("归档空间", "Archive space"),
}
OTHER_ALERT = Bilingual("其他问题", "Other problem")  # a code without a label (never resolved automatically)
_CODE_OF_LABEL = {label: code for code, pair in ALERT_LABELS.items() for label in (pair.zh, pair.en)}

# 已处理 is a 是/否 dropdown: the system marks a resolved alert 是, and 否 (or nothing) is still open.
RESOLVED = Bilingual("是", "Yes")
_OPEN_MARKS = {"", "否", "no"}


# Alerts that report something that happened rather than a condition that holds: they stay open
# until the operator marks them handled (the next tick's decision of the row does not resolve them).
EVENT_KINDS = frozenset({"row_restored"})


def alert_kind_text(kind: str, lang: Lang) -> str:
    return ALERT_LABELS.get(kind, OTHER_ALERT).pick(lang)


def alert_code(text: str) -> str:
    """The code a 异常 kind cell stands for ("超时未发货" or "Overdue" -> "overdue"); an older cell
    with the code in brackets ("超时未发货 [overdue]") reads the same; unknown text -> itself."""
    text = text.strip()
    if text.endswith("]") and "[" in text:
        return text[text.rindex("[") + 1 : -1]
    return _CODE_OF_LABEL.get(text, text)


def alert_action(alert: Alert, lang: Lang) -> str:
    return alert.action.pick(lang)


def is_open(resolved_cell: str) -> bool:
    return resolved_cell.strip().lower() in _OPEN_MARKS


def status_text(decision: RowDecision, lang: Lang) -> str:
    """The 状态 label; a variant the template has no label for (待下单 near the deadline is urgent
    too, but has no colour of its own) shows the state's plain label, the message tells the rest."""
    has_variant = decision.variant is not None and bool(template_state(decision.state.value).variants)
    return status_label(decision.state.value, lang, 0 if has_variant else None)


def message_of(decision: RowDecision, lang: Lang) -> str:
    return decision.message.pick(lang)


@dataclass(frozen=True, slots=True)
class OrderWrites:
    cells: tuple[CellWrite, ...]
    changed_rows: int


def order_writes(
    decisions: Sequence[RowDecision],
    fills: Sequence[CellFill],
    current: Mapping[str, Row],
    lang: Lang,
    now: datetime,
    at: Mapping[int, Row] | None = None,
) -> OrderWrites:
    """``at``: the rows by sheet row number; a decision goes to the row it was made for when that row
    holds its key (an order id on several rows: the order's own row, or a flagged duplicate)."""
    cells: list[CellWrite] = []
    changed = 0
    synced = to_sheet_time(now)

    def row_of(order_id: str, number: int) -> Row | None:
        there = (at or {}).get(number)
        return there if there is not None and there.key == order_id else current.get(order_id)

    for decision in decisions:
        row = row_of(decision.order_id, decision.row)
        if row is None:
            continue
        status, message = status_text(decision, lang), message_of(decision, lang)
        if row["status"] == status and row["message"] == message:
            continue
        changed += 1
        cells += [
            CellWrite(decision.order_id, row.number, "status", status),
            CellWrite(decision.order_id, row.number, "message", message),
            CellWrite(decision.order_id, row.number, "synced_at", synced),
        ]
    for fill in fills:
        row = row_of(fill.order_id, fill.row)
        if row is not None:
            value = courier_in(fill.value, lang) if fill.field == "courier" else fill.value
            cells.append(CellWrite(fill.order_id, row.number, fill.field, value, only_if_empty=True))
    return OrderWrites(tuple(cells), changed)


def courier_in(name: str, lang: Lang) -> str:
    """A courier as the 快递公司 dropdown of this workspace lists it (reconcile names it in Chinese)."""
    courier = find(name) if name.strip() else None
    if courier is None:
        return name
    return courier.name.pick(lang)


def logistics_writes(texts: Mapping[str, str], current: Mapping[str, Row]) -> list[CellWrite]:
    """The 物流 cells (a system column) whose text changes."""
    return [
        CellWrite(order_id, row.number, "logistics", text)
        for order_id, text in sorted(texts.items())
        if (row := current.get(order_id)) is not None and row["logistics"] != text
    ]


def new_order_rows(
    new_rows: Iterable[tuple[dict[str, str], RowDecision]], lang: Lang, now: datetime
) -> list[dict[str, str]]:
    out = []
    for values, decision in new_rows:
        out.append(
            {
                **values,
                "status": status_text(decision, lang),
                "message": message_of(decision, lang),
                "synced_at": to_sheet_time(now),
            }
        )
    return out


@dataclass(frozen=True, slots=True)
class ExceptionChanges:
    """``resolved``: 已处理 cells and the 紧急 cells that change (the row's colour follows its 紧急
    cell through a conditional-format rule init-sheet installs: no format write per tick)."""

    new_rows: list[dict[str, str]]
    resolved: list[CellWrite]
    still_open: int = 0  # open 异常 cases once these are written (the overview counts them)


def is_row_open(row: Row) -> bool:
    """Open: neither 已处理 = 是 nor 进度 = 已解决 (either one closes the row)."""
    return not desk.is_closed(row["progress"], is_open(row["resolved"]))


def exception_changes(
    alerts: Sequence[Alert],
    listed: Sequence[Row] | Table,
    lang: Lang,
    now: datetime,
    decided: set[str],
    *,
    orders: Mapping[str, Row] | None = None,
    urgent_hours: float = desk.DEFAULT_URGENT_HOURS,
) -> ExceptionChanges:
    """New alerts are appended once (进度 待处理, with the drafts of a logistics kind when ``orders``
    holds the order's row); a listed open alert that no longer holds is marked resolved (for
    orders decided this tick only: an order not looked at keeps its alert). ``listed`` as a Table:
    its open rows left 待处理 past ``urgent_hours`` turn urgent (and back), when it has a 紧急 column."""
    rows = listed.rows if isinstance(listed, Table) else listed
    open_listed: dict[tuple[str, str], Row] = {}
    for row in rows:
        if is_row_open(row):
            open_listed.setdefault((row.key, alert_code(row["kind"])), row)
    current = {(a.order_id, a.kind): a for a in alerts}
    pending = desk.Progress.PENDING.label.pick(lang)
    new_rows = [
        {
            "found_at": to_sheet_time(now),
            "order_id": a.order_id,
            "kind": alert_kind_text(a.kind, lang),
            "message": a.message.pick(lang),
            "action": alert_action(a, lang),
            "progress": pending,
            **_drafts_of(a, (orders or {}).get(a.order_id)),
            **_cause_of(a, lang),
        }
        for key, a in current.items()
        if key not in open_listed
    ]
    resolved: list[CellWrite] = []
    done = RESOLVED.pick(lang)
    closing: set[int] = set()
    for (order_id, kind), row in open_listed.items():
        if (order_id, kind) in current or order_id not in decided or kind not in ALERT_LABELS:
            continue
        if kind in EVENT_KINDS:
            continue
        closing.add(row.number)
        resolved.append(CellWrite(order_id, row.number, "resolved", done, only_if_empty=True))
    if isinstance(listed, Table) and "urgent" in listed.columns:
        resolved += urgent_changes(listed.rows, lang, now, urgent_hours, closing)
    return ExceptionChanges(new_rows, resolved, len(open_listed) - len(closing) + len(new_rows))


def urgent_changes(
    rows: Iterable[Row],
    lang: Lang,
    now: datetime,
    urgent_hours: float,
    closing: AbstractSet[int] = frozenset(),
) -> list[CellWrite]:
    """The 紧急 cells that change: a row turning urgent gets the note, a marked row no longer urgent
    (someone is on it, it closed) loses it. Rows already as they should be cost nothing (a quiet tick
    writes nothing)."""
    note = desk.urgent_note(urgent_hours).pick(lang)
    cells: list[CellWrite] = []
    for row in rows:
        if not row.key:
            continue
        urgent = row.number not in closing and desk.is_urgent(
            from_sheet_time(row["found_at"]), row["progress"], is_open(row["resolved"]), now, urgent_hours
        )
        marked = bool(row["urgent"].strip())
        if urgent and not marked:
            cells.append(CellWrite(row.key, row.number, "urgent", note))
        elif marked and not urgent:
            cells.append(CellWrite(row.key, row.number, "urgent", ""))
    return cells


def _cause_of(alert: Alert, lang: Lang) -> dict[str, str]:
    """A refused number's 原因分类, as inferred (the operator may pick another): a number held because
    it is on another recipient's order was reused."""
    return {"cause": Cause.REUSED_NUMBER.label.pick(lang)} if alert.kind == "number_reused" else {}


def _drafts_of(alert: Alert, order: Row | None) -> dict[str, str]:
    """The two drafts of a logistics exception (Chinese: they go to Chinese suppliers and buyers), from
    the order's row as the workspace shows it (the recipient masked); none for other kinds."""
    kind = desk.DRAFT_KINDS.get(alert.kind)
    if kind is None or order is None:
        return {}
    numbers = [n.strip() for n in order["tracking_numbers"].splitlines() if n.strip()]
    parcel = ParcelFacts(
        order_id=alert.order_id,
        supplier_order_no=order["supplier_order_no"].strip(),
        courier=order["courier"].strip(),
        number=" ".join(numbers),
        items=order["items"].strip(),
        recipient=order["recipient"].strip(),
    )
    made = drafts(kind, parcel)
    return {"draft_supplier": made.to_supplier, "draft_buyer": made.to_buyer}


def log_rows(
    entries: Iterable[AuditEntry], lang: Lang, causes: Mapping[AuditEntry, Cause | None] | None = None
) -> list[dict[str, str]]:
    """The 日志 rows of these entries, worded for the workspace (shared/app/log_text.py); an entry in
    ``causes`` (an accepted correction, shared/app/error_causes.py) shows its cause in 原因分类, or
    asks for it."""
    causes = causes or {}
    return [log_text.log_row(e, lang, causes.get(e, False)) for e in entries]


@functools.lru_cache(maxsize=256)
def state_of_label(label: str) -> RowState | None:
    """The state a 状态 label stands for, None for any other text (cached: a tick asks once per
    row, labels are few)."""
    found = state_by_label(label) if label.strip() else None
    return RowState.of_code(found.state) if found else None
