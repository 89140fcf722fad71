"""HTTP: WeChat Shop message push. GET verifies the URL; POST carries an encrypted event.

A bad signature or an undecryptable body answers 401/400 and changes nothing. The query's signature
is checked before the body is read, and the body is read only up to the event size cap (413 above
it), so an unauthenticated sender can make us parse nothing. Repeated deliveries
(the platform retries up to 10 times) are recognised by the event's dedupe key, claimed in the
journal before any work (shared/app/entry_once.py): a repeat of a handled event answers ``success``
at once, a copy arriving while the first is at work answers 503 (WeChat delivers it again later),
and a handling that fails releases the key, so a failure is retried rather than lost.
Order events are coalesced (shared/app/event_queue.py): the order is queued and the queue drained
into one targeted refresh, rate-limited (a burst of 5, then one per WAYBILL_EVENT_MIN_INTERVAL);
the rest wait for the next drain or tick. A refresh that fails leaves its orders queued and is
logged; the event still answers ``success`` because its order is safely queued.
The reply is the plain body ``success`` (reference §6.3).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from flask import Request

from functions.deps import config, deps
from functions.pass_log import Pass, timed
from shared.app.config import ConfigError
from shared.app.entry_once import Ran, act_once
from shared.app.event_queue import DrainPolicy, EventQueue, drain
from shared.app.tick import TickDeps, refresh
from shared.app.wiring import event_receiver
from shared.journal.once import Busy
from shared.wechat.errors import EventBodyTooLarge, EventFormatError, EventSignatureError, WeChatError
from shared.wechat.events import ShopEvent

log = logging.getLogger("waybill.shop_events")
_ORDER_EVENTS = ("channels_ec_order", "channels_ec_aftersale", "product_order_status")


def handle(request: Request) -> tuple[str, int, dict[str, str]]:
    text = {"Content-Type": "text/plain; charset=utf-8"}
    try:
        receiver = event_receiver(config())
    except ConfigError as exc:
        return str(exc), 503, text
    query = {k: v for k, v in request.args.items()}
    try:
        if request.method == "GET":
            return receiver.verify_url(query), 200, text
        receiver.verify_query(query)  # no body is read for a sender without the token
        event = receiver.parse(query, _capped_body(request, receiver.max_body_bytes))
    except EventSignatureError as exc:
        _refused(exc, 401)
        return "bad signature", 401, text
    except EventBodyTooLarge as exc:
        _refused(exc, 413)
        return "body too large", 413, text
    except (EventFormatError, WeChatError) as exc:
        _refused(exc, 400)
        return "bad request", 400, text

    tick = deps()
    # Claimed before any work: copies of one delivery (the platform retries, and sends a copy at once
    # when our answer took over 5 s) run it once. A copy finding it at work answers 503: WeChat
    # delivers again later (10 s, 1 min, 5 min ..., at most 10 deliveries over about 3.6 h), and by
    # then the first copy has finished ("success") or died, and its claim is taken over.
    digest = hashlib.sha256(event.dedup_key.encode()).hexdigest()
    marker = f"events/{digest}.json"
    ids = {"function": "shop_events", "event": "shop_event", "event_id": digest[:16], "type": event.event}
    with timed(**ids) as one:
        outcome = act_once(tick.journal, marker, tick.clock, lambda: _work(tick, event, one))
    if isinstance(outcome, Busy):
        one.done("shop event already at work", "busy")
        return "busy", 503, text
    if not isinstance(outcome, Ran):
        one.done("shop event repeated", "repeated")
    return "success", 200, text  # done now, or by an earlier delivery


def _capped_body(request: Request, cap: int) -> bytes:
    """The body, read no further than ``cap`` + 1 bytes (a declared or actual larger one is refused)."""
    if request.content_length is not None and request.content_length > cap:
        raise EventBodyTooLarge(None, f"body declares {request.content_length} bytes")
    body = request.stream.read(cap + 1)
    if len(body) > cap:
        raise EventBodyTooLarge(None, f"body is larger than {cap} bytes")
    return body


def _refused(exc: Exception, status: int) -> None:
    line = {"function": "shop_events", "event": "shop_event", "outcome": "refused", "status": status}
    log.warning("shop event refused", extra={"fields": {**line, "error_class": type(exc).__name__}})


def _work(tick: TickDeps, event: ShopEvent, one: Pass) -> dict[str, Any]:
    if not (event.order_id and event.event.startswith(_ORDER_EVENTS)):
        one.done("shop event done", "ignored")
        return {"event": event.event}
    EventQueue(tick.journal).add([event.order_id])

    def refresh_orders(order_ids: Sequence[str]) -> list[str]:
        report = refresh(tick, order_ids=order_ids)
        one.report("shop event refresh", report, orders=len(order_ids))
        # An order the shop would not give us this time (busy, rate limit) is not done: the drain
        # queues it again, for the next drain or the tick (which reads it on its own).
        if report.skipped:  # a broken header on 订单/设置/供应商: nothing was looked at
            return list(order_ids)
        return [o for o in order_ids if o in report.shop_errors]

    policy = DrainPolicy(interval=timedelta(seconds=config().event_min_interval))
    drained = drain(tick.journal, refresh_orders, tick.clock, policy)
    refreshed = event.order_id in drained.refreshed
    counts = {"refreshed": len(drained.refreshed), "deferred": drained.deferred}
    if drained.failed:
        # The orders stay queued (the next drain or the tick takes them); the class says why, the
        # exception's text stays out of the log.
        error = drained.failed.partition(":")[0]
        one.done("shop event queued, refresh failed", "queued", logging.WARNING, **counts, error_class=error)
    else:
        one.done("shop event done", "refreshed" if refreshed else "queued", **counts)
    return {
        "event": event.event,
        "order_id": event.order_id,
        "refreshed": event.order_id in drained.refreshed,
    }
