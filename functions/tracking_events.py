"""HTTP: Kuaidi100 push callbacks (推送) for the numbers the sync tick subscribed
(docs/platforms/couriers-and-tracking.md#kuaidi100-push-callback).

Kuaidi100 POSTs form fields ``param`` (JSON) and ``sign = upper(md5(param + salt))``. The signature is
checked with ``KUAIDI100_SALT`` (the salt the tick subscribes with). A good push: its snapshot is
stored in the tracking state document (the next tick assesses it), and the reply is exactly
``{"result":true,"returnCode":"200","message":"成功"}`` (anything else makes Kuaidi100 retry up to 3
times, ~30 min apart). A bad signature or an unreadable body: HTTP 400 with ``result: false``, and
nothing is stored. Without ``KUAIDI100_SALT`` the function refuses every push (503): an unsigned
callback would let anyone write tracking states. Each push is stored once (its body is claimed in
the journal first, shared/app/entry_once.py): a repeat is acknowledged without storing it again.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import UTC, datetime

from flask import Request

from functions.deps import config
from shared.app.entry_once import Ran, act_once
from shared.app.tracking_state import TrackingStateBusy, store_push
from shared.app.wiring import journal as journal_of
from shared.journal.once import Busy
from shared.tracking import handle_push

log = logging.getLogger("waybill.tracking_events")
_JSON = {"Content-Type": "application/json; charset=utf-8"}
_REFUSED = '{"result":false,"returnCode":"%s","message":"%s"}'


def handle(request: Request) -> tuple[bytes | str, int, dict[str, str]]:
    if request.method != "POST":
        return _REFUSED % ("405", "POST only"), 405, _JSON
    settings = config()
    if not settings.kuaidi100_salt:
        return _REFUSED % ("503", "not configured: KUAIDI100_SALT"), 503, _JSON
    reply = handle_push(request.get_data(), settings.kuaidi100_salt)
    if reply.notice is None:
        # The HTTP status only: the body is the caller's and may hold anything.
        line = {"function": "tracking_events", "event": "tracking_event", "outcome": "refused"}
        log.warning("kuaidi100 push refused", extra={"fields": {**line, "status": reply.status}})
        return reply.body, reply.status, {"Content-Type": reply.content_type}
    notice = reply.notice
    journal = journal_of(settings)
    # Claimed before storing: copies of one push (Kuaidi100 retries a push it thinks failed, about
    # 30 min apart, at most 3 times) store it once. A copy finding it at work gets the failure body,
    # so Kuaidi100 sends it again later, when the first copy has finished (then: acknowledged).
    key = f"events/kuaidi100/{hashlib.sha256(request.get_data()).hexdigest()}.json"
    try:
        outcome = act_once(
            journal,
            key,
            lambda: datetime.now(UTC),
            lambda: {"number": store_push(journal, notice, datetime.now(UTC))},
        )
    except TrackingStateBusy:
        return _REFUSED % ("500", "busy, retry later"), 503, _JSON
    if isinstance(outcome, Busy):
        return _REFUSED % ("500", "in progress, retry later"), 503, _JSON
    if isinstance(outcome, Ran):
        line = {"function": "tracking_events", "event": "tracking_event", "outcome": "stored"}
        log.info("kuaidi100 push stored", extra={"fields": {**line, "status": notice.status}})
    return reply.body, reply.status, {"Content-Type": reply.content_type}
