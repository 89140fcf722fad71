"""Stage 5, write: every tab in one guarded ``values:batchUpdate`` plus one batch of appended rows.

With WAYBILL_TARGETED_WRITE=as_read (``TickDeps.write_as_read``), a targeted pass (sheet edits, shop
events) writes as read: its read stage is its re-read, and values, colours, notes and appended rows go
in ONE ``spreadsheets:batchUpdate`` (shared/sheets/gateway.py ``write_many(as_read=True)``), so such a
pass costs two Sheets calls. It is off by default: between the read and the write the pass pushes to
the shop (seconds), and an operator who sorts 订单 or moves a column meanwhile would have this pass's
cells land on other rows; the re-read catches that (a fill on the wrong row could later be pushed).

Only what changes is written (shared/app/sheet_plan.py); a tab whose header is broken is left out
(its writes are reported as LAYOUT_CHANGED, its appended rows dropped: the journal keeps the entries).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from shared.app import error_causes, row_presence, sheet_plan, stale_sync
from shared.app.layout_guard import LayoutCheck
from shared.app.tick.act import Acted
from shared.app.tick.deps import WATERMARK, Layouts, TickDeps
from shared.app.tick.gather import Gathered
from shared.app.tick.read import LayoutOnly, Read
from shared.app.tick.scorecard import scorecard_requests
from shared.journal.records import AuditEntry
from shared.reconcile.causes import Cause
from shared.reconcile.deadline import from_sheet_time
from shared.reconcile.plan import Plan
from shared.sheets.append_cells import Appendix, append_request
from shared.sheets.gateway import Item, ItemResult, Outcome, TableWrite, WriteReport


@dataclass(frozen=True, slots=True)
class Written:
    """``reports``: one per tab written, 订单 first; ``rows_written``: 订单 rows whose 状态 or 说明
    changed; ``new_rows``: rows appended to 订单, ``restored_rows`` of them open orders whose row
    had gone (row_presence.py); ``scorecard``: the batch carried the 统计 tab (scorecard.py)."""

    reports: tuple[WriteReport, ...]
    rows_written: int = 0
    new_rows: int = 0
    restored_rows: int = 0
    scorecard: bool = False
    scorecard_inputs: str = ""  # the fingerprint of what the 统计 tab counted (tick/scorecard.py)
    open_exceptions: int = 0  # open 异常 cases after this write (the overview, shared/reconcile/overview.py)

    @property
    def dropped(self) -> int:
        return sum(len(r.dropped) for r in self.reports)

    @property
    def outcomes(self) -> dict[str, int]:
        """The gateway's outcome -> how many items had it."""
        counts: dict[str, int] = {}
        for one in self.reports:
            for outcome, count in one.outcomes().items():
                counts[outcome.value] = counts.get(outcome.value, 0) + count
        return counts


def write(deps: TickDeps, read: Read, gathered: Gathered, plan: Plan, acted: Acted, now: datetime) -> Written:
    ws, lang = read.workspace, deps.lang
    decisions = acted.after.decisions
    by_number = {r.number: r for r in ws.orders.rows}
    order_cells = sheet_plan.order_writes(decisions, plan.fills, ws.orders.by_key(), lang, now, by_number)
    # This pass is a good one when it listed the shop (the watermark moves): that clears the stopped-
    # sync banner; a pass that did not list shows it once the last good one is old (an edit or a shop
    # event is what runs while the tick is dead).
    last_good = now if gathered.shop.listed else deps.journal.watermark(WATERMARK)
    banner = stale_sync.check(last_good, now, ws.stale_minutes, lang)
    decided = {d.order_id for d in decisions} | read.layout.markers | banner.markers
    alerts = [*plan.alerts, *acted.after.alerts, *read.layout.alerts(), *banner.alerts]
    exceptions = sheet_plan.exception_changes(
        alerts, ws.exceptions, lang, now, decided, orders=ws.orders.by_key(), urgent_hours=ws.desk_hours
    )
    new_rows = sheet_plan.new_order_rows(((n.values, n.decision) for n in plan.new_rows), lang, now)
    appendices = [
        Appendix(ws.orders, new_rows),
        Appendix(ws.exceptions, exceptions.new_rows),
        Appendix(ws.log, sheet_plan.log_rows(acted.logged, lang, _log_causes(deps, read, acted, now))),
    ]
    order_cells_all = (
        *order_cells.cells,
        *sheet_plan.logistics_writes(gathered.logistics.texts, ws.orders.by_key()),
        *row_presence.keyless_writes(ws.orders, lang),
    )
    writes = [
        TableWrite(ws.orders, order_cells_all),
        TableWrite(ws.exceptions, tuple(exceptions.resolved)),
    ]
    if ws.inbox is not None:
        writes.append(TableWrite(ws.inbox, gathered.news.inbox_writes))
    if ws.suppliers is not None:
        writes.append(TableWrite(ws.suppliers, gathered.news.status_cells))
    # the full tick: hourly, or when what the tab counts changes now
    board = scorecard_requests(deps, read, now, decisions, exceptions.new_rows)
    reports = guarded_write(
        deps,
        read.layout,
        writes,
        appendices,
        as_read=not read.scope.full and deps.write_as_read,
        extra=board.requests,
    )
    restored = sum(1 for n in plan.new_rows if n.restored)
    return Written(
        tuple(reports),
        order_cells.changed_rows,
        len(new_rows),
        restored,
        bool(board.requests),
        board.inputs,
        exceptions.still_open,
    )


def _log_causes(deps: TickDeps, read: Read, acted: Acted, now: datetime) -> dict[AuditEntry, Cause | None]:
    """The 原因分类 of the corrections and refused numbers this pass logs (shared/app/error_causes.py).
    Only a pass that logs one reads the journal's history, and only as far back as those orders were
    paid."""
    corrected = {e.order_id for e in acted.logged if error_causes.has_cause(e)}
    if not corrected:
        return {}
    paid = [from_sheet_time(r.paid_at) for r in read.every_row if r.order_id in corrected]
    history = deps.journal.recent_entries(now, error_causes.history_days(paid, now))
    return error_causes.log_causes(acted.logged, history)


def write_layout_only(deps: TickDeps, now: datetime, only: LayoutOnly, *, as_read: bool = False) -> Written:
    """Show the headers' state on 异常 and journal it; touch nothing else (no order facts, no
    tracking state, no event queue, no push; no cell of 订单)."""
    lay = Layouts.of(deps.lang)
    entries = only.layout.journal_changes(deps.journal, deps.clock(), deps.actor)
    exceptions, log = only.tables.get(lay.exceptions.title), only.tables.get(lay.log.title)
    writes: list[TableWrite] = []
    appendices: list[Appendix] = []
    if exceptions is not None:
        changes = sheet_plan.exception_changes(
            only.layout.alerts(), exceptions.rows, deps.lang, now, only.layout.markers
        )
        writes.append(TableWrite(exceptions, tuple(changes.resolved)))
        appendices.append(Appendix(exceptions, changes.new_rows))
    if log is not None:
        appendices.append(Appendix(log, sheet_plan.log_rows(entries, deps.lang)))
    return Written(tuple(guarded_write(deps, only.layout, writes, appendices, as_read=as_read)))


def guarded_write(
    deps: TickDeps,
    layout: LayoutCheck,
    writes: Sequence[TableWrite],
    appendices: Sequence[Appendix],
    *,
    as_read: bool = False,
    extra: Sequence[Mapping[str, Any]] = (),
) -> list[WriteReport]:
    """One guarded write plus the appends, leaving out every tab whose header is broken
    (``as_read``: the tables as read are the re-read; see the module docstring). ``extra``: more
    requests for the same ``spreadsheets:batchUpdate`` (the 统计 tab's)."""
    allowed = [w if layout.writable(w.table.title) else TableWrite(w.table) for w in writes]
    extra = list(extra)
    parts = [a for a in appendices if a.rows and layout.writable(a.header.title)]
    if parts:
        ids = deps.gateway.sheet_ids()
        extra += [append_request(ids[a.header.title], a) for a in parts]
    written = deps.gateway.write_many(allowed, extra_requests=extra, as_read=as_read)
    return [
        one if layout.writable(w.table.title) else _refused(w.items)
        for one, w in zip(written, writes, strict=True)
    ]


def _refused(items: Sequence[Item]) -> WriteReport:
    return WriteReport(tuple(ItemResult(i, Outcome.LAYOUT_CHANGED, None) for i in items))
