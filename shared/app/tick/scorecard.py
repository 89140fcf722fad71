"""After the sync tick's write: the 统计 (Scorecard) tab, refreshed at most hourly, in one batch.

Only a full tick refreshes it, and only when the last refresh the journal remembers
(``state/scorecard.json``) is an hour old or more: such a tick costs one ``spreadsheets:batchUpdate``
more (plus one metadata ``GET`` the first time, when the tab must be added); every other pass costs
nothing more. The values come from the tick's own read of 订单 and 异常 and from the journal's last
31 days of audit entries (shared/app/scorecard.py). A failed refresh is logged and tried again by
the next tick: it never fails the tick.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from shared.app import scorecard
from shared.app.tick.deps import TickDeps
from shared.app.tick.read import Read
from shared.reconcile.scorecard import compute
from shared.sheets.errors import SheetsError
from sheet_templates.scorecard import TITLE

log = logging.getLogger(__name__)

STATE = "scorecard"
EVERY = timedelta(hours=1)


def due(deps: TickDeps, now: datetime) -> bool:
    """Whether the tab's last refresh is at least ``EVERY`` old (or never happened)."""
    state = deps.journal.get_state(STATE) or {}
    try:
        last = datetime.fromisoformat(str(state["at"]))
    except (KeyError, ValueError):
        return True
    return now - last >= EVERY or last > now  # a refresh "from the future": a clock was wrong


def refresh_scorecard(deps: TickDeps, read: Read, now: datetime) -> bool:
    """Write the 统计 tab when it is due; True when it was written."""
    if not read.scope.full or not due(deps, now):
        return False
    entries = deps.journal.recent_entries(now, scorecard.JOURNAL_DAYS)
    card = compute(scorecard.inputs(read.every_row, entries, read.workspace.exceptions.rows), now)
    try:
        deps.gateway.replace_values(TITLE.pick(deps.lang), scorecard.rows(card, deps.lang))
    except SheetsError as exc:
        log.warning("scorecard not refreshed: %s", exc)
        return False
    deps.journal.put_state(STATE, {"at": now.isoformat()})
    return True
