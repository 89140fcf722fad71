"""CloudEvent (Pub/Sub, private): take the work the public functions queued and do it.

Triggered by "work is waiting" on WAYBILL_REFRESH_TOPIC (functions/handoff.py). Drains the sheet-edit
queue (shared/app/edit_queue.py), then the shop-event queue (shared/app/event_queue.py). Its trigger
does not retry (infra: RETRY_POLICY_DO_NOT_RETRY), so nothing raises out of here: a failing edit goes
back to its queue and the timer's ``sync`` drains both queues before its tick.

Queued edits are drained in batches (shared/app/edit_work.py ``edit_batches``): the edits of one
kind share one pass. Every Sheets request spends from the quota buckets all functions share
(shared/app/sheets_quota.py): the edits at the first priority, the shop events after them. Before
taking the edit queue the drain waits until a pass's tokens are there, so the edits that arrive
meanwhile are taken by the same pass (a burst is merged, not refused with 429). When no token can
come before the invocation's deadline (or a 429 outlasts the client's retries), nothing failed: the
work stays queued, the drain logs "deferred: quota" at INFO and announces the work again, so it runs
once the quota window refills (or at the next tick, whichever comes first).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from functions.deps import UnknownShop, config, deps, registry
from functions.handoff import REFRESH_TOPIC, announce
from functions.pass_log import Pass, new_id, timed
from functions.shop_route import message_shop
from shared.app.edit_queue import EditDrain, EditQueue, PendingEdit, drain_edit_batches
from shared.app.edit_work import apply_edits, edit_batches
from shared.app.event_queue import DrainPolicy, drain
from shared.app.sheets_quota import JournalQuota, spending_as
from shared.app.tick import TickDeps, refresh
from shared.app.wiring import invocation_deadline
from shared.retry import within
from shared.sheets.errors import SheetsQuotaShort, SheetsRateLimited
from shared.sheets.quota import Priority

QUOTA = SheetsRateLimited.__name__
# A 429 that outlasted the client's retries, or no token in the shared buckets before the deadline.
QUOTA_SPENT = frozenset({QUOTA, SheetsQuotaShort.__name__})

log = logging.getLogger("waybill.refresh")


def on_message(cloud_event: Any) -> None:
    try:
        event_id = str(cloud_event["id"])
    except (KeyError, TypeError):
        event_id = ""
    shop = message_shop(cloud_event)
    try:
        if not shop and registry() is not None:
            raise UnknownShop("")  # with shops, every queue is a shop's: a message must name it
        tick = deps(shop)
        deadline = invocation_deadline(config(shop), "refresh")
    except Exception as exc:  # a missing setting: logged, the queues keep the work for the tick
        line = {
            "function": "refresh",
            "event": "refresh",
            "outcome": "failed",
            "error_class": type(exc).__name__,
            **({"shop": shop[:64]} if shop else {}),
        }
        log.error("refresh not configured", extra={"fields": line})
        return
    with within(deadline):  # every retry wait of the drain ends before it
        drain_pending(tick, "refresh", event_id, shop)


def drain_pending(tick: TickDeps, function: str, event_id: str = "", shop: str = "") -> None:
    """Every queued edit, then the queued shop events (of ``shop``, with a registry). Logs one line
    per edit and one per event drain; never raises."""
    try:
        with spending_as(Priority.EDIT):
            edits = _drain_edits(tick, function)
        deferred = edits.failed in QUOTA_SPENT
        if deferred:
            _deferred(function, "edit_queue", returned=edits.returned)
        elif edits.failed:
            line = {
                "function": function,
                "event": "edit_queue",
                "outcome": "queued",
                "error_class": edits.failed,
            }
            log.warning("edits put back", extra={"fields": {**line, "returned": edits.returned}})
        if not deferred:  # no quota left for this minute: the shop events wait with the edits
            with (
                timed(
                    function=function, event="shop_event_queue", drain_id=new_id(), event_id=event_id
                ) as one,
                spending_as(Priority.EVENT),
            ):
                deferred = _drain_events(tick, one, shop)
        if deferred:  # once the window refills: this function again (or the timer's sync)
            announce(REFRESH_TOPIC, "quota", shop, event_id=event_id)
    except Exception as exc:  # the queue itself unreachable: the tick sweeps
        line = {
            "function": function,
            "event": "refresh",
            "outcome": "failed",
            "error_class": type(exc).__name__,
        }
        log.error("refresh failed", extra={"fields": line})


def _drain_edits(tick: TickDeps, function: str) -> EditDrain:
    """The queued edits, once the shared quota holds a pass's tokens (waiting for them first, so
    the edits queued meanwhile share the pass)."""
    quota = tick.gateway.http.quota
    if isinstance(quota, JournalQuota) and EditQueue(tick.journal).pending():
        try:
            quota.wait_for(*pass_cost(tick))
        except SheetsRateLimited:  # no token before the deadline: the edits stay queued
            return EditDrain(returned=len(EditQueue(tick.journal).pending()), failed=QUOTA)
    return drain_edit_batches(tick.journal, lambda batch: _apply(tick, batch, function), edit_batches)


def pass_cost(tick: TickDeps) -> tuple[int, int]:
    """Sheets reads and writes of one targeted pass (shared/app/tick/write.py)."""
    return (1, 1) if tick.write_as_read else (2, 2)


def _deferred(function: str, event: str, **counts: int) -> None:
    """Not a failure: the Sheets quota is spent for this minute; the work stays queued."""
    line = {"function": function, "event": event, "outcome": "deferred", "reason": "quota", **counts}
    log.info("deferred: quota", extra={"fields": line})


def _apply(tick: TickDeps, batch: Sequence[PendingEdit], function: str) -> None:
    """One pass for a batch of edits; the quota running out is logged as deferred (not failed) and
    raised on, so the drain puts the batch back."""
    scope = "headers" if batch[0].header else "rows"
    ids = {
        "function": function,
        "event": "sheet_edit",
        "edit_id": ",".join(p.edit_id for p in batch),
        "action": batch[0].edit.action,
        "edits": len(batch),
    }
    with timed(**ids) as one:
        try:
            report = apply_edits(tick, batch)
        except SheetsRateLimited as exc:
            one.done("deferred: quota", "deferred", reason="quota")
            quota = exc
        else:
            one.report("sheet edit done", report, scope=scope)
            return
    raise quota


def _drain_events(tick: TickDeps, one: Pass, shop: str) -> bool:
    """True when the drain stopped on the Sheets quota (the events stay queued)."""

    def refresh_orders(order_ids: Sequence[str]) -> list[str]:
        report = refresh(tick, order_ids=order_ids)
        # An order the shop would not give us this time (busy, rate limit) is not done: the drain
        # queues it again, for the next drain or the tick (which reads it on its own).
        if report.skipped:  # a broken header on 订单/设置/供应商: nothing was looked at
            return list(order_ids)
        return [o for o in order_ids if o in report.shop_errors]

    policy = DrainPolicy(interval=timedelta(seconds=config(shop).event_min_interval))
    drained = drain(tick.journal, refresh_orders, tick.clock, policy)
    counts = {"refreshed": len(drained.refreshed), "deferred": drained.deferred}
    error = (drained.failed or "").partition(":")[0]
    if error in QUOTA_SPENT:
        one.done("deferred: quota", "deferred", reason="quota", **counts)
        return True
    if drained.failed:
        one.done("shop events queued, refresh failed", "queued", logging.WARNING, **counts, error_class=error)
    else:
        one.done("shop events done", "refreshed" if drained.refreshed else "idle", **counts)
    return False
