"""HTTP: WeChat Shop message push. GET verifies the URL; POST carries an encrypted event.

A bad signature or an undecryptable body answers 401/400 and changes nothing. The query's signature
is checked before the body is read, and the body is read only up to the event size cap (413 above
it), so an unauthenticated sender can make us parse nothing. Repeated deliveries
(the platform retries up to 10 times) are recognised by the event's dedupe key, claimed in the
journal before any work (shared/app/entry_once.py): a repeat of a handled event answers ``success``
at once, a copy arriving while the first is at work answers 503 (WeChat delivers it again later),
and a handling that fails releases the key, so a failure is retried rather than lost.
This function is public, so it holds only the push token, the AES keys and the journal: an order
event puts its order in the queue (shared/app/event_queue.py) and announces "work is waiting" on
WAYBILL_REFRESH_TOPIC (functions/handoff.py). The private ``refresh`` function drains the queue into
one targeted refresh, rate-limited (a burst of 5, then one per WAYBILL_EVENT_MIN_INTERVAL); the rest
wait for the next drain or tick. The event answers ``success`` once its order is safely queued, even
when the announcement failed (the timer's sync drains the queue).
The reply is the plain body ``success`` (docs/platforms/wechat-shop.md#message-push).

With a shop registry (docs/shops.md) one URL serves every shop: the push is the shop's that
``?shop=<key>`` or ``?appid=<AppID>`` names, or else the shop whose push token signs it
(functions/shop_route.py); its own token, AES keys and journal then do the rest. A key or app id not
served answers 404, a push whose decrypted app id is another served shop's answers 403, both with a
bilingual reason and nothing recorded.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from flask import Request

from functions import deps as function_deps
from functions.deps import config
from functions.handoff import REFRESH_TOPIC, announce
from functions.pass_log import Pass, timed
from functions.shop_push import check_receive_id, shop_of_push
from functions.shop_route import NotServed
from shared.app.config import ConfigError
from shared.app.entry_once import Ran, act_once
from shared.app.event_queue import EventQueue
from shared.app.wiring import event_receiver
from shared.journal.journal import Journal
from shared.journal.once import Busy
from shared.wechat.errors import EventBodyTooLarge, EventFormatError, EventSignatureError, WeChatError
from shared.wechat.events import ShopEvent

log = logging.getLogger("waybill.shop_events")
_ORDER_EVENTS = ("channels_ec_order", "channels_ec_aftersale", "product_order_status")


def handle(request: Request) -> tuple[str, int, dict[str, str]]:
    text = {"Content-Type": "text/plain; charset=utf-8"}
    query = {k: v for k, v in request.args.items()}
    try:
        shop = shop_of_push(query)
        receiver = event_receiver(config(shop))
    except NotServed as refused:
        _refused(refused, refused.status)
        return refused.reason.joined(), refused.status, text
    except ConfigError as exc:
        return str(exc), 503, text
    try:
        if request.method == "GET":
            return receiver.verify_url(query), 200, text
        receiver.verify_query(query)  # no body is read for a sender without the token
        event = receiver.parse(query, _capped_body(request, receiver.max_body_bytes))
        check_receive_id(shop, event.receive_id)
    except NotServed as refused:
        _refused(refused, refused.status)
        return refused.reason.joined(), refused.status, text
    except EventSignatureError as exc:
        _refused(exc, 401)
        return "bad signature", 401, text
    except EventBodyTooLarge as exc:
        _refused(exc, 413)
        return "body too large", 413, text
    except (EventFormatError, WeChatError) as exc:
        _refused(exc, 400)
        return "bad request", 400, text

    journal, clock = function_deps.journal(shop), function_deps.clock()
    # Claimed before any work: copies of one delivery (the platform retries, and sends a copy at once
    # when our answer took over 5 s) run it once. A copy finding it at work answers 503: WeChat
    # delivers again later (10 s, 1 min, 5 min ..., at most 10 deliveries over about 3.6 h), and by
    # then the first copy has finished ("success") or died, and its claim is taken over.
    digest = hashlib.sha256(event.dedup_key.encode()).hexdigest()
    marker = f"events/{digest}.json"
    ids = {"function": "shop_events", "event": "shop_event", "event_id": digest[:16], "type": event.event}
    ids |= {"shop": shop} if shop else {}
    with timed(**ids) as one:
        outcome = act_once(journal, marker, clock, lambda: _work(journal, event, ids, one))
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


def _work(journal: Journal, event: ShopEvent, ids: dict[str, str], one: Pass) -> dict[str, Any]:
    if not (event.order_id and event.event.startswith(_ORDER_EVENTS)):
        one.done("shop event done", "ignored")
        return {"event": event.event}
    EventQueue(journal).add([event.order_id])
    announced = announce(REFRESH_TOPIC, "shop_events", ids.get("shop", ""), event_id=ids["event_id"])
    one.done("shop event queued", "queued" if announced else "queued_unannounced")
    return {"event": event.event, "order_id": event.order_id, "announced": announced}
