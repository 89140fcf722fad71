"""What each pass logs (one line per tick, edit or event; one per refused push), as JSON fields.

Only counts, ids, codes, durations and error classes: a report's texts (shop error messages, supplier
problems, cell values) are counted, never copied, so no buyer data reaches the logs.

Field names are what infra/terraform/monitoring.tf filters on: ``event`` ("tick", "sheet_edit",
"shop_event", "tracking_event", "push_refused"), ``outcome`` and ``function``.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from shared.app.overview_record import outcome_of
from shared.app.tick import TickReport

log = logging.getLogger("waybill.pass")

# A tick's outcome -> severity. "partial": the shop's listing failed, so the watermark (the last
# good tick) did not move; "stopped": a broken header paused the sync; both count as failing ticks.
SEVERITY = {"ok": logging.INFO, "skipped": logging.INFO, "partial": logging.WARNING}
SEVERITY |= {"stopped": logging.WARNING, "failed": logging.ERROR}


def new_id() -> str:
    return uuid.uuid4().hex[:16]


def report_fields(report: TickReport) -> dict[str, Any]:
    refused = [p for p in report.pushes if not p.ok and not p.unknown]
    return {
        "sheets_calls": report.sheets_calls,
        "pushes_ok": sum(1 for p in report.pushes if p.ok),
        "pushes_failed": len(refused),
        "pushes_unknown": sum(1 for p in report.pushes if p.unknown),
        "rows_written": report.rows_written,
        "new_rows": report.new_rows,
        "restored_rows": report.restored_rows,
        "dropped_writes": report.dropped_writes,
        "layout_problems": len(report.layout_problems),
        "shop_errors": len(report.shop_errors),
        "supplier_problems": len(report.supplier_problems),
        "tracking_calls": report.tracking_calls,
        "tracking_deferred": report.tracking_deferred,
        "states": dict(report.states),
        **_headroom(report),
    }


def _headroom(report: TickReport) -> dict[str, int]:
    """The Sheets reads and writes left in the shared quota window when the pass ended."""
    left = report.sheets_headroom
    if left is None:
        return {}
    return {"sheets_reads_left": left["reads"], "sheets_writes_left": left["writes"]}


def log_refused(report: TickReport, ids: Mapping[str, Any]) -> None:
    """One WARNING per push the shop refused (an answer lost is not a refusal: it is read back)."""
    for push in report.pushes:
        if push.ok or push.unknown:
            continue
        fields = {**ids, "event": "push_refused", "order_id": push.order_id, "kind": push.kind}
        fields |= {"code": push.code or "", "retry": push.retry}
        log.warning("push refused by the shop", extra={"fields": fields})


class Pass:
    """One pass being timed: ``done`` or ``failed`` logs its line with the duration."""

    def __init__(self, ids: Mapping[str, Any]) -> None:
        self.ids = dict(ids)
        self.started = time.monotonic()

    def _ms(self) -> int:
        return int((time.monotonic() - self.started) * 1000)

    def done(self, message: str, outcome: str, level: int = logging.INFO, **fields: Any) -> None:
        line = {**self.ids, "outcome": outcome, "duration_ms": self._ms(), **fields}
        log.log(level, message, extra={"fields": line})

    def report(self, message: str, report: TickReport, **fields: Any) -> None:
        """The pass's line with the report's counts, then a line per refused push."""
        outcome = outcome_of(report)
        self.done(message, outcome, SEVERITY[outcome], **report_fields(report), **fields)
        log_refused(report, self.ids)

    def failed(self, message: str, exc: BaseException) -> None:
        line = {**self.ids, "outcome": "failed", "duration_ms": self._ms()}
        line["error_class"] = type(exc).__name__
        log.error(message, exc_info=exc, extra={"fields": line})


@contextmanager
def timed(**ids: Any) -> Iterator[Pass]:
    """Times a pass; an exception escaping it is logged as ``failed`` (class only) and re-raised."""
    one = Pass(ids)
    try:
        yield one
    except Exception as exc:
        one.failed(f"{ids.get('event', 'pass')} failed", exc)
        raise
