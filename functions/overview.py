"""After a shop's tick: record it in the shop's journal and rewrite the overview (总览, docs/shops.md).

Only with WAYBILL_OVERVIEW_SPREADSHEET_ID set; unset, nothing is recorded or written. A record or
an overview that cannot be written (a Sheets, journal or setting error) is logged, not raised: it
must not fail (and so have Pub/Sub retry) a shop's tick. Its
write spends from the shared Sheets quota at the tick's priority and waits at most
``OVERVIEW_WAIT`` seconds for a token; without one it is skipped (INFO): the next shop's tick
rewrites the whole tab anyway.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from functions.deps import clock, config, journal, overview_gateway, registry
from shared.app.config import ConfigError
from shared.app.overview import refresh_overview
from shared.app.overview_record import record_tick
from shared.app.sheets_quota import spending_as
from shared.app.tick import TickReport
from shared.journal.errors import JournalError
from shared.retry import Deadline, within
from shared.sheets.errors import SheetsError, SheetsRateLimited
from shared.sheets.quota import Priority
from shared.sheets.settings import load_settings

log = logging.getLogger("waybill.overview")

OVERVIEW_WAIT = 10.0


def after_tick(
    shop: str, started: datetime, report: TickReport | None = None, error: BaseException | None = None
) -> None:
    """Record the shop's tick (its ``report``, or the ``error`` it raised), then refresh the overview."""
    line: dict[str, Any] = {"function": "sync", "event": "overview", **({"shop": shop} if shop else {})}
    try:
        gateway = overview_gateway()
        if gateway is None:
            return
        record_tick(journal(shop), started, clock()(), report, error)
        shops = registry()
        keys = shops.keys if shops is not None else ("",)
        lang = load_settings(config().env).lang
        with spending_as(Priority.TICK), within(Deadline.after(OVERVIEW_WAIT)):
            refresh_overview(keys, journal, gateway, lang, clock()())
    except SheetsRateLimited:
        log.info("overview deferred: quota", extra={"fields": {**line, "outcome": "deferred"}})
    except (SheetsError, JournalError, ConfigError) as exc:
        fields = {**line, "outcome": "failed", "error_class": type(exc).__name__}
        log.warning("overview not refreshed", extra={"fields": fields})
    else:
        log.info("overview refreshed", extra={"fields": {**line, "outcome": "ok", "shops": len(keys)}})
