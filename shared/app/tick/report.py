"""What a pass reports (logged as one JSON line, functions/pass_log.py): built once, at its end,
from the stages' outputs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from shared.app.layout_guard import LayoutCheck
from shared.app.pushes import PushResult
from shared.app.tick.act import Acted
from shared.app.tick.gather import Gathered
from shared.app.tick.read import Read
from shared.app.tick.tidy import Tidied
from shared.app.tick.write import Written
from shared.domain.rows import SheetRow
from shared.domain.states import RowState
from shared.reconcile.deadline import from_sheet_time
from shared.reconcile.overview import TickCounts, count_orders
from shared.reconcile.plan import Plan, RowDecision


@dataclass
class TickReport:
    at: datetime
    states: dict[str, int] = field(default_factory=dict)
    new_rows: int = 0
    restored_rows: int = 0  # of new_rows: open orders whose row had gone (row_presence.py)
    rows_written: int = 0
    pushes: list[PushResult] = field(default_factory=list)
    sheets_calls: int = 0
    shop_errors: dict[str, str] = field(default_factory=dict)
    supplier_problems: list[str] = field(default_factory=list)
    dropped_writes: int = 0
    write_outcomes: dict[str, int] = field(default_factory=dict)  # gateway outcome -> items
    skipped: str | None = None
    tracking_calls: int = 0  # tracking-provider calls (HTTP requests, retries included)
    tracking_deferred: int = 0  # numbers due for a provider call but left for the next tick (budget)
    layout_problems: list[dict[str, Any]] = field(default_factory=list)  # broken headers (layout_guard)
    archived_rows: int = 0  # rows moved from 订单 to an archive tab (shared/app/tick/tidy.py)
    unarchived_rows: int = 0  # archived orders back in 订单 (they came back to life)
    log_rows_trimmed: int = 0  # 日志 rows beyond its bound, deleted (the journal keeps them)
    # Of ``sheets_calls``, those the tidy stage spent (archive moves, the 日志 trim's read): the
    # tick's own budget is the rest (docs/invariants.md).
    housekeeping_calls: int = 0
    # Sheets reads and writes left in the shared quota window at the pass's end (None: no buckets)
    sheets_headroom: dict[str, int] | None = None
    # The sync tick's counts for the overview (shared/reconcile/overview.py; None: a targeted pass
    # or a tick that decided nothing), and the 设置 they were counted with.
    counts: TickCounts | None = None
    stale_minutes: float | None = None  # 设置 stale_sync_minutes
    near_hours: float | None = None  # 设置 urgent_hours: "near the ship-by deadline"
    # Seconds each stage took (read, gather, decide, act, write, remember, tidy; those the pass ran)
    stage_s: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "states": self.states,
            "new_rows": self.new_rows,
            "restored_rows": self.restored_rows,
            "rows_written": self.rows_written,
            "pushes": [
                {"order_id": p.order_id, "kind": p.kind, "ok": p.ok, "code": p.code} for p in self.pushes
            ],
            "sheets_calls": self.sheets_calls,
            "shop_errors": self.shop_errors,
            "supplier_problems": self.supplier_problems,
            "dropped_writes": self.dropped_writes,
            "write_outcomes": self.write_outcomes,
            "skipped": self.skipped,
            "tracking_calls": self.tracking_calls,
            "tracking_deferred": self.tracking_deferred,
            "layout_problems": self.layout_problems,
            "archived_rows": self.archived_rows,
            "unarchived_rows": self.unarchived_rows,
            "log_rows_trimmed": self.log_rows_trimmed,
            "housekeeping_calls": self.housekeeping_calls,
            "sheets_headroom": self.sheets_headroom,
            "stage_s": self.stage_s,
        }


def pass_report(
    at: datetime,
    read: Read,
    gathered: Gathered,
    plan: Plan,
    acted: Acted,
    written: Written,
    calls: int,
    tidied: Tidied | None = None,
    housekeeping: int = 0,
) -> TickReport:
    """The report of a pass that decided its rows."""
    return TickReport(
        at,
        states=final_counts(read.rows, acted.after.decisions, plan),
        new_rows=written.new_rows,
        restored_rows=written.restored_rows,
        rows_written=written.rows_written,
        pushes=list(acted.pushes),
        sheets_calls=calls,
        shop_errors=dict(gathered.shop.errors),
        supplier_problems=list(gathered.news.problems),
        dropped_writes=written.dropped,
        write_outcomes=written.outcomes,
        tracking_calls=gathered.logistics.calls,
        tracking_deferred=gathered.logistics.deferred,
        layout_problems=_problems(read.layout),
        archived_rows=tidied.archived if tidied else 0,
        unarchived_rows=tidied.restored if tidied else 0,
        log_rows_trimmed=tidied.log_trimmed if tidied else 0,
        housekeeping_calls=housekeeping,
        counts=tick_counts(at, read, acted, plan, written) if read.scope.full else None,
        stale_minutes=read.workspace.stale_minutes,
        near_hours=read.workspace.settings.urgent_hours,
    )


def tick_counts(at: datetime, read: Read, acted: Acted, plan: Plan, written: Written) -> TickCounts:
    """The overview's counts after the tick: every 订单 row's final state and ship-by deadline."""
    states: dict[str, RowState | None] = {row.order_id: row.state for row in read.rows}
    ship_by = {row.order_id: from_sheet_time(row.ship_by) for row in read.rows}
    for d in acted.after.decisions:
        states[d.order_id] = d.state
    for n in plan.new_rows:
        states[n.order_id] = n.decision.state
        ship_by[n.order_id] = from_sheet_time(n.values.get("ship_by", ""))
    near = read.workspace.settings.urgent_hours
    opened, past, soon = count_orders(((s, ship_by.get(o)) for o, s in states.items()), at, near)
    return TickCounts(opened, past, soon, written.open_exceptions)


def layout_report(at: datetime, layout: LayoutCheck, written: Written, calls: int) -> TickReport:
    """The report of a pass that only showed the headers' state: stopped by a broken header the
    decisions need (``skipped="layout"``), or a header edit that found none (``"headers only"``)."""
    return TickReport(
        at,
        sheets_calls=calls,
        dropped_writes=written.dropped,
        write_outcomes=written.outcomes,
        skipped="layout" if layout.stops else "headers only",
        layout_problems=_problems(layout),
    )


def _problems(layout: LayoutCheck) -> list[dict[str, Any]]:
    return [p.as_dict() for p in layout.problems]


def final_counts(rows: Sequence[SheetRow], decisions: Sequence[RowDecision], plan: Plan) -> dict[str, int]:
    """Rows per state code once the pass is done (rows it did not decide keep the state they showed)."""
    by_order: dict[str, RowState | None] = {row.order_id: row.state for row in rows}
    for d in decisions:
        by_order[d.order_id] = d.state
    for n in plan.new_rows:
        by_order[n.order_id] = n.decision.state
    counts: dict[str, int] = {}
    for state in by_order.values():
        if state is not None:
            counts[state.value] = counts.get(state.value, 0) + 1
    return counts
