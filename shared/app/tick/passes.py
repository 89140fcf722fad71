"""The passes: the sync tick, a targeted refresh (a sheet edit, shop events) and a header check.

Every pass is the same pipeline of stages (``_run``); they differ only in what their read stage
covers (read.py ``Scope``). The sync tick runs under a lease in the journal, which keeps two ticks
from running at once and fences every push (tick_lease.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from shared.app.tick.act import act
from shared.app.tick.collector import tick_memory
from shared.app.tick.decide import decide
from shared.app.tick.deps import TickDeps
from shared.app.tick.gather import gather
from shared.app.tick.read import EntriesOf, LayoutOnly, Read, Scope, read
from shared.app.tick.remember import remember
from shared.app.tick.report import TickReport, layout_report, pass_report
from shared.app.tick.tidy import Tidied, tidy
from shared.app.tick.write import write, write_layout_only
from shared.app.tick_lease import LeaseLost, TickLease


def run_tick(deps: TickDeps) -> TickReport:
    """A full tick: every row, shop changes since the watermark, every supplier source and the inbox."""
    now = deps.clock()
    lease = TickLease(deps.journal, deps.clock)
    if not lease.acquire():
        return TickReport(now, skipped="another tick is running")
    try:
        with tick_memory():  # full collections held, caches emptied after (collector.py)
            return _run(deps, now, Scope(full=True), lease=lease)
    except LeaseLost:
        # Taken over (this tick stalled past its lease): the tick holding it now does the work.
        return TickReport(now, skipped="lease lost")
    finally:
        lease.release()


def refresh(
    deps: TickDeps,
    *,
    order_ids: Sequence[str] = (),
    row_range: tuple[int, int] | None = None,
    row_ranges: Sequence[tuple[int, int]] = (),
    force_push: bool = False,
    push: bool = True,
    entries: EntriesOf | None = None,
) -> TickReport:
    """A targeted pass for sheet edits (``row_range``/``row_ranges``: only those rows are read, in
    the one read; several queued edits share the pass) or shop events
    (``order_ids``: the orders tab is read to find or add their rows). No supplier pulls, no
    listing; the shop is read only for the orders concerned. ``force_push`` is the menu's 推送所选行;
    ``push=False`` is 校验所选行 (validate only, never push).
    ``entries`` turns the orders table as read into audit entries (an operator's edit, with the order
    id of the edited row); they are journaled and logged with the rest. A broken header stops it: not
    one row is decided from a partial view (the edit is looked at again by the next tick, which reads
    every row; shop events stay queued)."""
    now = deps.clock()
    ranges = (*([row_range] if row_range is not None else []), *row_ranges)
    ids = frozenset(order_ids) if not ranges else frozenset()
    scope = Scope(rows=ranges or None, order_ids=ids, push=push, force_push=force_push)
    return _run(deps, now, scope, entries=entries)


def check_layout(deps: TickDeps) -> TickReport:
    """Only the headers: an operator edited a header row (the sheet-edit trigger), so the alert shows
    (or clears) at once instead of at the next tick. Decides nothing, pushes nothing."""
    return _run(deps, deps.clock(), Scope(headers_only=True))


def _run(
    deps: TickDeps,
    now: datetime,
    scope: Scope,
    *,
    entries: EntriesOf | None = None,
    lease: TickLease | None = None,
) -> TickReport:
    """read -> gather -> decide -> act -> write -> remember (-> tidy, the sync tick only: archive,
    restore, trim 日志; shared/app/tick/tidy.py), each stage's output the next one's input.
    ``now``: the pass's one time (every stage decides and writes as of it)."""
    calls_before = deps.gateway.calls.total
    stages = _Stages(deps.timer)
    sheet: Read | LayoutOnly = read(deps, scope, entries)
    stages.done("read")
    if isinstance(sheet, LayoutOnly):
        written = write_layout_only(deps, now, sheet, as_read=not scope.full and deps.write_as_read)
        stages.done("write")
        report = layout_report(now, sheet.layout, written, deps.gateway.calls.total - calls_before)
    else:
        gathered = gather(deps, sheet, now, lease)
        stages.done("gather")
        plan = decide(sheet, gathered, now)
        stages.done("decide")
        acted = act(deps, sheet, gathered, plan, lease)
        stages.done("act")
        written = write(deps, sheet, gathered, plan, acted, now)
        stages.done("write")
        remember(deps, sheet, gathered, plan, acted, written, now)
        stages.done("remember")
        before_tidy = deps.gateway.calls.total
        tidied = tidy(deps, sheet, gathered, plan, acted, now) if scope.full else Tidied()
        if scope.full:
            stages.done("tidy")
        housekeeping = deps.gateway.calls.total - before_tidy
        calls = deps.gateway.calls.total - calls_before
        report = pass_report(now, sheet, gathered, plan, acted, written, calls, tidied, housekeeping)
    report.sheets_headroom = deps.gateway.headroom()  # what the shared quota has left (sheets_quota.py)
    report.stage_s = stages.seconds
    return report


class _Stages:
    """Each stage's wall time, for the report (which stage a slow pass spent its time in)."""

    def __init__(self, timer: Callable[[], float]) -> None:
        self._timer, self._last = timer, timer()
        self.seconds: dict[str, float] = {}

    def done(self, stage: str) -> None:
        now = self._timer()
        self.seconds[stage] = round(now - self._last, 3)
        self._last = now
