"""What a queued sheet edit does once the private ``refresh`` function takes it (shared/app/edit_queue.py).

* a header row edited (any tab): the layout check alone, so the alert shows or clears at once;
* otherwise the edited rows of 订单 are read and reconciled: 校验所选行 (``validate``) never pushes,
  推送所选行 (``push``) pushes even rows that would wait, an operator's edit (``edit``) pushes as the
  tick would, and its tracked cells are journaled as audit entries.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from shared.app.edit_queue import PendingEdit
from shared.app.tick import TickDeps, TickReport, check_layout, refresh
from shared.journal.records import AuditEntry
from shared.sheets.edit_signature import SheetEdit
from shared.sheets.layout import Table

TRACKED_FIELDS = frozenset({"tracking_numbers", "courier", "supplier_order_no", "supplier"})


def apply_edit(tick: TickDeps, pending: PendingEdit) -> TickReport:
    """Raises what the refresh raises (the caller puts the edit back)."""
    if pending.header:
        return check_layout(tick)
    edit = pending.edit
    return refresh(
        tick,
        row_range=pending.rows,
        force_push=edit.action == "push",
        push=edit.action != "validate",
        entries=edit_entries(edit),
    )


def edit_entries(edit: SheetEdit) -> Callable[[Table], list[AuditEntry]]:
    """The audit entries for an operator's edit of tracked columns, made once the rows are read: one
    per row and tracked column the edit covers (a pasted block too). Apps Script gives the old value
    of a single cell only; for a block the 原值 stays empty and the new value is what the row holds."""

    def make(table: Table) -> list[AuditEntry]:
        if edit.action != "edit":
            return []
        single = edit.num_rows <= 1 and edit.num_columns <= 1
        columns = range(edit.column, edit.column + max(1, edit.num_columns))
        rows = range(edit.row, edit.row + max(1, edit.num_rows))
        fields = {
            name: col for name, col in table.columns.items() if col in columns and name in TRACKED_FIELDS
        }
        entries = []
        for row in (r for r in table.rows if r.number in rows):
            for field in fields:
                entries.append(
                    AuditEntry(
                        datetime.fromtimestamp(edit.timestamp, UTC),
                        edit.user or "operator",
                        "edit",
                        row.key or None,
                        field,
                        (edit.old_value or "") if single else "",
                        (edit.value or "") if single else row[field],
                        "sheet",
                        f"{edit.sheet_name}!{edit.range}",
                    )
                )
        return entries

    return make
