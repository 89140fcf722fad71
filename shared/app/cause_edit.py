"""An operator's 原因分类 (cause) on a 日志 or 异常 row, as audit entries (no I/O).

The cause belongs to a wrong number (shared/app/error_causes.py): a correction the shop accepted (its
日志 row, 操作 推送修正到小店 and 结果 成功) or a refused number (its 日志 row, 操作 快递单号未通过,
新值 the number; or, for a reused one, its 异常 row, 类型 单号重复使用). For each row the edit covers,
``cause_entries`` gives one entry:

* ``cause`` (result ok): who (the trigger's user e-mail), when (the edit's time), the old and the new
  cause (the code; empty when the cell was cleared, which gives the word back to the inference), and
  what it is about (the reason: ``correction at <时间>``, ``refused number <the numbers>``, or
  ``refused number`` from a 异常 row, which does not show the number);
* ``cause_refused`` for text outside the list, or a cause chosen on a row that is not a wrong
  number: its 日志 row says so (shared/app/log_text.py) and the cause the scorecard uses is unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from shared.app import log_text
from shared.app.edit_queue import PendingEdit
from shared.app.error_causes import (
    CAUSE_ACTION,
    CAUSE_REFUSED,
    REFUSED_ACTION,
    REFUSED_TARGET,
    correction_target,
    numbers_of,
    refused_target,
)
from shared.app.sheet_plan import alert_code
from shared.journal.records import AuditEntry
from shared.reconcile.causes import Cause
from shared.sheets.layout import Row, Table
from sheet_templates.workspace import LANGS

FIELD = "cause"
_CORRECTION_ACTIONS = frozenset(log_text.action_text("correct", "tracking_numbers", lang) for lang in LANGS)
_OK_RESULTS = frozenset(log_text.result_text("ok", lang) for lang in LANGS)
_REFUSED_ACTIONS = frozenset(log_text.action_text(REFUSED_ACTION, "tracking_numbers", lang) for lang in LANGS)


def covers(pending: PendingEdit, table: Table) -> bool:
    edit = pending.edit
    column = table.columns.get(FIELD)
    return column is not None and edit.column <= column < edit.column + max(1, edit.num_columns)


def target_of(row: Row, tab: str) -> str | None:
    """What a row's cause is about; None: the row is not a wrong number. ``tab``: ``log`` or
    ``exceptions``."""
    if tab == "log":
        if row["action"].strip() in _REFUSED_ACTIONS:
            numbers = numbers_of(row["new"])
            return refused_target(numbers) if numbers else None
        accepted = row["action"].strip() in _CORRECTION_ACTIONS and row["result"].strip() in _OK_RESULTS
        return correction_target(row["at"]) if accepted and row["at"].strip() else None
    # The 异常 row does not show the number: which refusal it is about is read from the journal
    # (shared/app/error_causes.py ``bare_target``).
    return REFUSED_TARGET if alert_code(row["kind"]) == "number_reused" else None


def cause_entries(pending: PendingEdit, table: Table, tab: str) -> list[tuple[Row, AuditEntry]]:
    """(row, entry) for each row of ``table`` (as read) whose 原因分类 the edit covers. A pasted block
    has no old value (Apps Script gives it for a single cell only)."""
    if not covers(pending, table):
        return []
    edit = pending.edit
    single = edit.num_rows <= 1 and edit.num_columns <= 1
    rows = range(edit.row, edit.row + max(1, edit.num_rows))
    at = datetime.fromtimestamp(edit.timestamp, UTC)
    out = []
    for row in (r for r in table.rows if r.number in rows and r["order_id"].strip()):
        typed = ((edit.value or "") if single else row[FIELD]).strip()
        old = _code((edit.old_value or "") if single else "")
        target = target_of(row, tab)
        cause = Cause.of_text(typed)
        if target is not None and (cause is not None or not typed):
            action, new, result, reason = CAUSE_ACTION, cause.value if cause else "", "ok", target
        elif typed:
            refusal = log_text.NOT_A_CAUSE if cause is None else log_text.NOT_APPLICABLE
            action, new, result, reason = CAUSE_REFUSED, typed, refusal, target or ""
        else:
            continue  # a cell cleared on a row that takes no cause: nothing to say
        actor = edit.user or "operator"
        order_id = row["order_id"].strip()
        out.append((row, AuditEntry(at, actor, action, order_id, FIELD, old, new, "sheet", reason, result)))
    return out


def _code(text: str) -> str:
    cause = Cause.of_text(text)
    return cause.value if cause is not None else text.strip()


def identity(pending: PendingEdit, tab: str, row: Row) -> str:
    """The once-key of an entry: the same edit applied again (after a failure) is journaled once."""
    return f"desk/{pending.edit_id}/{tab}/{row.number}/{FIELD}"


def log_edits(batch: Sequence[PendingEdit], titles: Sequence[str]) -> list[PendingEdit]:
    return [p for p in batch if p.edit.sheet_name in titles]
