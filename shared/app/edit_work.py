"""What a queued sheet edit does once the private ``refresh`` function takes it (shared/app/edit_queue.py).

* a header row edited (any tab): the layout check alone, so the alert shows or clears at once;
* a row of 异常 (the exception desk's 进度, a refused number's 原因分类) or of 日志 (a correction's
  原因分类): shared/app/desk_edit.py;
* otherwise the edited rows of 订单 are read and reconciled: 校验所选行 (``validate``) never pushes,
  推送所选行 (``push``) pushes even rows that would wait, an operator's edit (``edit``) pushes as the
  tick would, and its tracked cells are journaled as audit entries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime

from shared.app.desk_edit import apply_desk_edits, is_desk_edit, merged_spans
from shared.app.edit_queue import PendingEdit
from shared.app.tick import TickDeps, TickReport, check_layout, refresh
from shared.journal.records import AuditEntry
from shared.sheets.edit_signature import SheetEdit
from shared.sheets.layout import Table

TRACKED_FIELDS = frozenset({"tracking_numbers", "courier", "supplier_order_no", "supplier"})


def apply_edit(tick: TickDeps, pending: PendingEdit) -> TickReport:
    """Raises what the refresh raises (the caller puts the edit back)."""
    return apply_edits(tick, (pending,))


def apply_edits(tick: TickDeps, batch: Sequence[PendingEdit]) -> TickReport:
    """One pass for a batch made by ``edit_batches`` (all header edits, or row edits of one action):
    one read of every row they touched and one write. Raises what the refresh raises (the caller
    puts the batch back)."""
    if all(p.header for p in batch):
        return check_layout(tick)
    if all(is_desk_edit(p) for p in batch):
        return apply_desk_edits(tick, batch)
    action = batch[0].edit.action
    makers = [edit_entries(p.edit) for p in batch]
    return refresh(
        tick,
        row_ranges=merged_ranges(p.rows for p in batch),
        force_push=action == "push",
        push=action != "validate",
        entries=lambda table: [entry for make in makers for entry in make(table)],
    )


def edit_batches(taken: Sequence[PendingEdit]) -> list[tuple[PendingEdit, ...]]:
    """Queued edits that can share one pass: the header edits (one layout check), and the row edits
    of each action (校验/推送/an operator's edit decide differently), and the 异常 rows' edits (the
    desk), in the order each first came."""
    groups: dict[str, list[PendingEdit]] = {}
    for pending in taken:
        group = "header" if pending.header else "desk" if is_desk_edit(pending) else pending.edit.action
        groups.setdefault(group, []).append(pending)
    return [tuple(group) for group in groups.values()]


def merged_ranges(ranges: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Row ranges, overlapping or adjacent ones joined (each row is read once)."""
    return tuple(merged_spans(ranges))


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
