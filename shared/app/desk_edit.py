"""An operator's edit of 进度 on the 异常 tab (the exception desk), or of 原因分类 (why a number was
wrong) on a 异常 or 日志 row, once ``refresh`` takes it.

The sheet-edit hook queues it like any edit (shared/app/edit_queue.py); this pass reads 异常, 设置
and the 日志 header (with the edited 日志 rows, when there are some) in one ``values:batchGet``. For
each edited row whose 原因分类 the edit covers it journals the operator's cause, or, for text outside
the list, a refusal whose 日志 row says why (shared/app/cause_edit.py); the scorecard takes the
operator's cause over the inferred one. For each edited row whose 进度 the edit covers:

* journals who (the trigger's user e-mail, as the hook reports it) and when (the edit's time), old
  and new progress: action ``resolve`` for 已解决 (a resolution), ``progress`` otherwise; keyed by
  the edit and the row, so an edit applied again after a failure is journaled once;
* writes 进度时间 (a system column: the product writes it, from the edit's time);
* takes the urgent mark off (or puts it on) as the desk's rule says for that row now (its colour
  follows through a conditional-format rule);
* adds the 日志 rows, in one guarded write.

No shop, supplier or tracking call, and nothing of 订单 is read.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from shared.app import cause_edit, layout_guard, sheet_plan
from shared.app.edit_queue import PendingEdit
from shared.app.tick.deps import Layouts, TickDeps
from shared.app.tick.report import TickReport
from shared.app.tick.write import guarded_write
from shared.journal.records import AuditEntry
from shared.reconcile import desk
from shared.reconcile.deadline import to_sheet_time
from shared.sheets.append_cells import Appendix
from shared.sheets.gateway import CellWrite, TableWrite
from shared.sheets.layout import Row, Table
from shared.sheets.workspace_settings import parse_settings
from sheet_templates.workspace import EXCEPTIONS, LOG

_DESK_TITLES = (EXCEPTIONS.title.zh, EXCEPTIONS.title.en, LOG.title.zh, LOG.title.en)
_LOG_TITLES = (LOG.title.zh, LOG.title.en)


def is_desk_edit(pending: PendingEdit) -> bool:
    """An edit of the 异常 or 日志 tab's rows (a header is a layout edit, not the desk's)."""
    return not pending.header and pending.edit.sheet_name in _DESK_TITLES


def apply_desk_edits(tick: TickDeps, batch: Sequence[PendingEdit]) -> TickReport:
    """Raises what the gateway raises (the caller puts the batch back)."""
    now = tick.clock()
    before = tick.gateway.calls.total
    lay = Layouts.of(tick.lang)
    on_log = cause_edit.log_edits(batch, _LOG_TITLES)
    spans = merged_spans((p.edit.row, p.edit.row + max(1, p.edit.num_rows) - 1) for p in on_log)
    tables = tick.gateway.read(
        [lay.exceptions, lay.settings],
        headers_only=[] if spans else [lay.log],
        partial=[(lay.log, first, last) for first, last in spans],
        lenient=True,
    )
    layout = layout_guard.check(tables.values(), tick.lang)
    exceptions, log = tables[lay.exceptions.title], tables[lay.log.title]
    hours = parse_settings(tables[lay.settings.title]).exception_urgent_hours
    entries: list[AuditEntry] = []
    cells: list[CellWrite] = []
    touched: dict[int, Row] = {}
    for pending in batch:
        tab, table = ("log", log) if pending in on_log else ("exceptions", exceptions)
        for row, entry in cause_edit.cause_entries(pending, table, tab):
            if tick.journal.record_entry_once(entry, cause_edit.identity(pending, tab, row)):
                entries.append(entry)
    if "progress" in exceptions.columns:
        for pending in (p for p in batch if p not in on_log):
            for row, entry in progress_entries(pending, exceptions):
                if tick.journal.record_entry_once(entry, f"desk/{pending.edit_id}/{row.number}"):
                    entries.append(entry)
                cells.append(CellWrite(row.key, row.number, "progress_at", to_sheet_time(entry.at)))
                touched[row.number] = row
    if "urgent" in exceptions.columns:
        cells += sheet_plan.urgent_changes(touched.values(), tick.lang, now, hours)
    writes = [TableWrite(exceptions, tuple(cells))]
    reports = guarded_write(tick, layout, writes, [Appendix(log, sheet_plan.log_rows(entries, tick.lang))])
    return TickReport(
        now,
        sheets_calls=tick.gateway.calls.total - before,
        dropped_writes=sum(len(r.dropped) for r in reports),
    )


def merged_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Row spans, overlapping or adjacent ones joined (each row read once)."""
    out: list[tuple[int, int]] = []
    for first, last in sorted(spans):
        if out and first <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], last))
        else:
            out.append((first, last))
    return out


def progress_entries(pending: PendingEdit, table: Table) -> list[tuple[Row, AuditEntry]]:
    """(row, entry) for each row of ``table`` whose 进度 the edit covers (a pasted block too: Apps
    Script gives the old value of a single cell only, so a block's 原值 stays empty)."""
    edit = pending.edit
    column = table.columns.get("progress")
    if column is None or not edit.column <= column < edit.column + max(1, edit.num_columns):
        return []
    single = edit.num_rows <= 1 and edit.num_columns <= 1
    rows = range(edit.row, edit.row + max(1, edit.num_rows))
    at = datetime.fromtimestamp(edit.timestamp, UTC)
    out = []
    for row in (r for r in table.rows if r.number in rows and r.key):
        new = (edit.value or "") if single else row["progress"]
        resolved = desk.Progress.of_text(new) is desk.Progress.RESOLVED
        entry = AuditEntry(
            at,
            edit.user or "operator",
            "resolve" if resolved else "progress",
            row.key,
            "progress",
            (edit.old_value or "") if single else "",
            new,
            "sheet",
            row["kind"],  # which exception (the 类型 as the row shows it)
        )
        out.append((row, entry))
    return out
