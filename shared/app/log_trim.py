"""The 日志 tab keeps the recent entries only (设置 log_keep_days, log_keep_rows); the journal keeps
them all, and ``rebuild-log --since/--until`` brings any period back into the tab.

Cost when it runs (with the archive run, shared/app/tick/tidy.py): ONE ``values:batchGet`` of the 时间
column and, when rows are due, ONE ``spreadsheets:batchUpdate`` of ``deleteDimension`` requests.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from shared.reconcile.archive import log_trim_spans
from shared.reconcile.deadline import from_sheet_time
from shared.sheets import a1
from shared.sheets.gateway import _guard
from shared.sheets.layout import Table, column_values
from shared.sheets.workspace_settings import WorkspaceSettings

if TYPE_CHECKING:
    from shared.app.tick.deps import TickDeps


def trim(deps: TickDeps, log: Table, chosen: WorkspaceSettings, now: datetime) -> int:
    """Delete the 日志 rows beyond the bound; the number deleted (0: nothing due, or no 时间 column)."""
    column = log.columns.get("at")
    if column is None or (chosen.log_keep_days <= 0 and chosen.log_keep_rows <= 0):
        return 0
    cutoff = now - timedelta(days=chosen.log_keep_days) if chosen.log_keep_days > 0 else None
    (values,) = deps.gateway.batch_get([a1.column_range(log.title, column)])
    times = [from_sheet_time(text) for text in column_values(values)]
    spans = log_trim_spans(times, cutoff, int(chosen.log_keep_rows))
    if not spans:
        return 0
    sheet_id = deps.gateway.sheet_ids()[log.title]
    requests = [
        {
            "deleteDimension": {
                "range": {"sheetId": sheet_id, "dimension": "ROWS", "startIndex": a, "endIndex": b}
            }
        }
        for a, b in spans
    ]
    with _guard("log trim"):
        deps.gateway.http.batch_update(deps.gateway.spreadsheet_id, {"requests": requests})
    return sum(b - a for a, b in spans)
