"""HTTP: 1688 push messages (消息推送) for the merchant's 1688 buyer account.

1688 POSTs form fields ``message`` and ``_aop_signature`` (docs/platforms/supplier-apis.md#1688);
the signature is checked against the 1688 app secrets of the deployment (``WR_<KEY>_SECRET`` beside
a ``WR_<KEY>_APP_KEY``: shared/suppliers/alibaba_1688/push.py). A bad or missing signature answers
401 and changes nothing; without any 1688 app the function refuses every push (503).

Each message is acted on once: its ``msgId`` is claimed in the journal first
(shared/app/entry_once.py), so 1688's at-least-once delivery runs it once; a copy arriving while the
first is at work answers 503 (1688 delivers again, or parks it for the timer's replay). A message
that may change a row (a shipment, a close, a changed number) announces "work is waiting" on the
tick topic (functions/handoff.py) at most once a minute (that minute is claimed in the journal too):
a pushed order needs a supplier pull, which only a whole tick does (a targeted refresh reads the
shop alone), and the tick's pull re-reads every linked order through the API, never the payload.
A burst of pushes thus costs one tick a minute. Missed messages are drained by the tick's pull
(the cursor API, shared/suppliers/alibaba_1688/source.py). The reply is the plain body ``success``.
This function holds only the 1688 app secret (to verify) and the journal: no refresh token, no
shop or sheet access.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from flask import Request

from functions import deps as function_deps
from functions.deps import config
from functions.handoff import TICK_TOPIC, announce
from shared.app.entry_once import Ran, act_once
from shared.journal.journal import Journal
from shared.journal.once import Busy
from shared.suppliers.alibaba_1688.push import (
    MAX_BODY_BYTES,
    PushMessage,
    PushRefused,
    app_secrets,
    read_push,
)

log = logging.getLogger("waybill.supplier_events")
_TEXT = {"Content-Type": "text/plain; charset=utf-8"}


def handle(request: Request) -> tuple[str, int, dict[str, str]]:
    if request.method != "POST":
        return "POST only", 405, _TEXT
    secrets = app_secrets(config().env)
    if not secrets:
        return "not configured: no 1688 app", 503, _TEXT
    if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
        return "body too large", 413, _TEXT
    try:
        message = read_push(request.stream.read(MAX_BODY_BYTES + 1), secrets)
    except PushRefused as exc:
        line = {"function": "supplier_events", "event": "supplier_event", "outcome": "refused"}
        log.warning("1688 push refused", extra={"fields": {**line, "reason": exc.reason}})
        status = 401 if exc.reason == "signature" else 400
        return "refused", status, _TEXT
    journal, clock = function_deps.journal(), function_deps.clock()
    outcome = act_once(
        journal, f"events/1688/{message.msg_id}.json", clock, lambda: _work(journal, message, clock)
    )
    if isinstance(outcome, Busy):
        return "busy", 503, _TEXT
    line = {"function": "supplier_events", "event": "supplier_event", "type": message.topic}
    result = outcome.result if isinstance(outcome, Ran) else {"outcome": "repeated"}
    log.info("1688 push", extra={"fields": {**line, **result}})
    return "success", 200, _TEXT


def _work(journal: Journal, message: PushMessage, clock: Any) -> dict[str, Any]:
    if not message.news:
        return {"outcome": "ignored"}
    now: datetime = clock()
    minute = now.strftime("%Y%m%d%H%M")
    claimed = act_once(journal, f"events/1688/tick/{minute}.json", clock, lambda: {"at": minute})
    if not isinstance(claimed, Ran):
        return {"outcome": "coalesced", "order_id": message.order_id}
    announced = announce(TICK_TOPIC, "supplier_events", msg_id=message.msg_id)
    return {"outcome": "announced" if announced else "unannounced", "order_id": message.order_id}
