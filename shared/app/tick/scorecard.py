"""The 统计 (Scorecard) tab, refreshed by the sync tick at most hourly, in the tick's own batch.

Only a full tick refreshes it, and only when the last refresh the journal remembers
(``state/scorecard.json``) is an hour old or more, or when what it counts changed since (``inputs``: a
new logistics exception or cancellation after shipping on 异常, an order turning 已修正, 单号有误 or
单号重复 on 订单), so a new exception shows in the tick that finds it, not an hour later: the tab
counts the rows as the tick leaves them (its decided states, its new 异常 rows), and a tick that
changes nothing it counts (a repeated tick) does not refresh it. Still at most once a
tick, in the tick's batch. The tab's requests ride in the write stage's ONE
``spreadsheets:batchUpdate`` (write.py), after one metadata ``GET`` that reads the sheet ids afresh
(a stale id would fail the whole batch): a refreshing tick costs at most that GET and, if it had
nothing else to send, the batchUpdate; every other pass costs nothing more. The first tick of a
process reads the metadata anyway, so it costs the same as before.

The values come from the tick's own read of 订单 and 异常 and from the journal's last 31 days of
audit entries (shared/app/scorecard.py; the numbers: shared/reconcile/scorecard.py). The same batch
adds (or updates the spec of) the tab's two charts: on-time rate per supplier by week, and logistics
exceptions by kind (shared/sheets/charts.py), drawn from data blocks under the table. When the ids
cannot be read the refresh is skipped and tried again by the next tick: it never fails the tick.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from shared.app import scorecard
from shared.app.sheet_plan import alert_code
from shared.app.tick.deps import TickDeps
from shared.app.tick.read import Read
from shared.domain.rows import SheetRow
from shared.domain.states import RowState
from shared.reconcile.plan import RowDecision
from shared.reconcile.scorecard import compute, on_time_by_week
from shared.sheets.errors import SheetsError
from shared.sheets.layout import Row
from sheet_templates.scorecard import TITLE

log = logging.getLogger(__name__)

STATE = "scorecard"
EVERY = timedelta(hours=1)


def due(deps: TickDeps, now: datetime, inputs: str | None = None) -> bool:
    """Whether the tab's last refresh is at least ``EVERY`` old (or never happened), or its
    ``inputs`` (a fingerprint, ``fingerprint``) changed since."""
    state = deps.journal.get_state(STATE) or {}
    try:
        last = datetime.fromisoformat(str(state["at"]))
    except (KeyError, ValueError):
        return True
    if inputs is not None and state.get("inputs") != inputs:
        return True
    return now - last >= EVERY or last > now  # a refresh "from the future": a clock was wrong


_COUNTED_STATES = frozenset({RowState.CORRECTED, RowState.INVALID, RowState.NUMBER_REUSED})


@dataclass(frozen=True, slots=True)
class Board:
    """The requests that rewrite the tab (none: not due) and the fingerprint of what they count."""

    requests: tuple[Mapping[str, Any], ...] = ()
    inputs: str = ""


def after_tick(
    read: Read, decisions: Sequence[RowDecision], new_exceptions: Sequence[Mapping[str, Any]]
) -> tuple[list[SheetRow], list[Row]]:
    """The 订单 rows and 异常 rows as this tick leaves them: as read, with the states it decided and
    the 异常 rows it appends, so the tab counts what the tick found at once (and the next tick, reading
    the same, finds nothing changed)."""
    decided = {d.order_id: d.state for d in decisions}
    # Most rows keep their state: copy only those that change (a tick decides every live row).
    rows = [
        r if (state := decided.get(r.order_id, r.state)) is r.state else replace(r, state=state)
        for r in read.every_row
    ]
    added = [
        Row(0, {k: str(v) for k, v in new.items()}, key=str(new.get("order_id", "")))
        for new in new_exceptions
    ]
    return rows, [*read.workspace.exceptions.rows, *added]


def fingerprint(rows: Sequence[SheetRow], exceptions: Sequence[Row]) -> str:
    """What the scorecard counts: the 异常 rows of the kinds it counts and the orders in a wrong-number
    state. A hash: the journal keeps a few bytes, whatever the sheet's size."""
    kinds = scorecard.counted_kinds()
    alerts = sorted(f"{r.key}/{code}" for r in exceptions if (code := alert_code(r["kind"])) in kinds)
    wrong = sorted(f"{r.order_id}/{r.state.value}" for r in rows if r.state in _COUNTED_STATES)
    return hashlib.sha256("\n".join([*alerts, "", *wrong]).encode()).hexdigest()[:16]


def scorecard_requests(
    deps: TickDeps,
    read: Read,
    now: datetime,
    decisions: Sequence[RowDecision] = (),
    new_exceptions: Sequence[Mapping[str, Any]] = (),
) -> Board:
    """The requests that rewrite the 统计 tab when it is due (nothing otherwise)."""
    if not read.scope.full:
        return Board()
    rows, exceptions = after_tick(read, decisions, new_exceptions)
    inputs = fingerprint(rows, exceptions)
    if not due(deps, now, inputs):
        return Board()
    entries = deps.journal.recent_entries(now, scorecard.JOURNAL_DAYS)
    facts = scorecard.inputs(rows, entries, exceptions)
    board = scorecard.board(compute(facts, now), on_time_by_week(facts, now), deps.lang)
    try:
        requests = deps.gateway.replace_tab_requests(
            TITLE.pick(deps.lang), board.cells, lambda sheet_id: board.charts(sheet_id, deps.lang)
        )
    except SheetsError as exc:
        log.warning("scorecard not refreshed: %s", exc)
        return Board()
    return Board(tuple(requests), inputs)


def refreshed(deps: TickDeps, now: datetime, inputs: str) -> None:
    """The tick's batch carried the tab: the next refresh is due an hour from ``now``, or as soon as
    what it counts differs from ``inputs``."""
    deps.journal.put_state(STATE, {"at": now.isoformat(), "inputs": inputs})
