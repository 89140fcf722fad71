"""CloudEvent (Pub/Sub, private): take the work the public functions queued and do it.

Triggered by "work is waiting" on WAYBILL_REFRESH_TOPIC (functions/handoff.py). Drains the sheet-edit
queue (shared/app/edit_queue.py), then the shop-event queue (shared/app/event_queue.py). Its trigger
does not retry (infra: RETRY_POLICY_DO_NOT_RETRY), so nothing raises out of here: a failing edit goes
back to its queue and the timer's ``sync`` drains both queues before its tick.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from functions.deps import config, deps
from functions.pass_log import Pass, new_id, timed
from shared.app.edit_queue import PendingEdit, drain_edits
from shared.app.edit_work import apply_edit
from shared.app.event_queue import DrainPolicy, drain
from shared.app.tick import TickDeps, refresh
from shared.app.wiring import invocation_deadline
from shared.retry import within

log = logging.getLogger("waybill.refresh")


def on_message(cloud_event: Any) -> None:
    try:
        event_id = str(cloud_event["id"])
    except (KeyError, TypeError):
        event_id = ""
    try:
        tick = deps()
        deadline = invocation_deadline(config(), "refresh")
    except Exception as exc:  # a missing setting: logged, the queues keep the work for the tick
        line = {
            "function": "refresh",
            "event": "refresh",
            "outcome": "failed",
            "error_class": type(exc).__name__,
        }
        log.error("refresh not configured", extra={"fields": line})
        return
    with within(deadline):  # every retry wait of the drain ends before it
        drain_pending(tick, "refresh", event_id)


def drain_pending(tick: TickDeps, function: str, event_id: str = "") -> None:
    """Every queued edit, then the queued shop events. Logs one line per edit and one per event
    drain; never raises."""
    try:
        edits = drain_edits(tick.journal, lambda pending: _apply(tick, pending, function))
        if edits.failed:
            line = {
                "function": function,
                "event": "edit_queue",
                "outcome": "queued",
                "error_class": edits.failed,
            }
            log.warning("edits put back", extra={"fields": {**line, "returned": edits.returned}})
        with timed(function=function, event="shop_event_queue", drain_id=new_id(), event_id=event_id) as one:
            _drain_events(tick, one)
    except Exception as exc:  # the queue itself unreachable: the tick sweeps
        line = {
            "function": function,
            "event": "refresh",
            "outcome": "failed",
            "error_class": type(exc).__name__,
        }
        log.error("refresh failed", extra={"fields": line})


def _apply(tick: TickDeps, pending: PendingEdit, function: str) -> None:
    scope = "headers" if pending.header else "rows"
    ids = {
        "function": function,
        "event": "sheet_edit",
        "edit_id": pending.edit_id,
        "action": pending.edit.action,
    }
    with timed(**ids) as one:
        report = apply_edit(tick, pending)
        one.report("sheet edit done", report, scope=scope)


def _drain_events(tick: TickDeps, one: Pass) -> None:
    def refresh_orders(order_ids: Sequence[str]) -> list[str]:
        report = refresh(tick, order_ids=order_ids)
        # An order the shop would not give us this time (busy, rate limit) is not done: the drain
        # queues it again, for the next drain or the tick (which reads it on its own).
        if report.skipped:  # a broken header on 订单/设置/供应商: nothing was looked at
            return list(order_ids)
        return [o for o in order_ids if o in report.shop_errors]

    policy = DrainPolicy(interval=timedelta(seconds=config().event_min_interval))
    drained = drain(tick.journal, refresh_orders, tick.clock, policy)
    counts = {"refreshed": len(drained.refreshed), "deferred": drained.deferred}
    if drained.failed:
        error = drained.failed.partition(":")[0]
        one.done("shop events queued, refresh failed", "queued", logging.WARNING, **counts, error_class=error)
    else:
        one.done("shop events done", "refreshed" if drained.refreshed else "idle", **counts)
