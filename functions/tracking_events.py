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

With a shop registry (docs/shops.md) the push goes to the shop whose number it is: each shop
subscribes with its own callback, ``…/tracking_events/<key>`` (shared/app/shop_config.py), so the
path names it (a key not served: 404, nothing stored). A push without a key in its path (a number
subscribed before the registry) goes to every shop whose tracking document holds the number; none
holds it: 503, so Kuaidi100 tries again later (up to 3 times) rather than the push being lost to a
guess. The signature is the deployment's salt either way.
"""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import UTC, datetime

from flask import Request

from functions.deps import config, registry
from functions.shop_route import NotServed, unknown
from shared.app.entry_once import Ran, act_once
from shared.app.tracking_state import TrackingStateBusy, load_doc, store_push
from shared.app.wiring import journal as journal_of
from shared.domain.text import Bilingual
from shared.journal.journal import Journal
from shared.journal.once import Busy
from shared.logistics.kuaidi100_payloads import PushNotice
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
    number = notice.snapshot.number.strip() if notice.snapshot is not None else ""
    try:
        shops = shops_of_push(request.path, number)
    except NotServed as exc:
        line = {"function": "tracking_events", "event": "tracking_event", "outcome": "refused"}
        log.warning("kuaidi100 push for no shop", extra={"fields": {**line, "status": exc.status}})
        return _refusal(str(exc.status), exc.reason.en), exc.status, _JSON
    for shop in shops:
        refused = _store(journal_of(config(shop)), request.get_data(), notice, shop)
        if refused is not None:
            return refused
    return reply.body, reply.status, {"Content-Type": reply.content_type}


def _store(
    journal: Journal, body: bytes, notice: PushNotice, shop: str
) -> tuple[str, int, dict[str, str]] | None:
    """Store the push in one journal, once; the refusal to answer if it could not be stored now."""
    # Claimed before storing: copies of one push (Kuaidi100 retries a push it thinks failed, about
    # 30 min apart, at most 3 times) store it once. A copy finding it at work gets the failure body,
    # so Kuaidi100 sends it again later, when the first copy has finished (then: acknowledged).
    key = f"events/kuaidi100/{hashlib.sha256(body).hexdigest()}.json"
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
        named = {"shop": shop} if shop else {}
        log.info("kuaidi100 push stored", extra={"fields": {**line, **named, "status": notice.status}})
    return None


def shops_of_push(path: str, number: str) -> list[str]:
    """The shops a push is for: ``[""]`` without a registry (the deployment's one shop); the shop its
    path names; else every shop tracking ``number`` (see the module docstring). NotServed otherwise."""
    shops = registry()
    if shops is None:
        return [""]
    named = path.strip("/")
    if named:
        if shops.get(named) is None:
            raise unknown("店铺键", "shop key", named)
        return [named]
    owners = [k for k in shops.keys if number and number in load_doc(journal_of(config(k)))[0]["numbers"]]
    if not owners:
        raise NotServed(
            503,
            Bilingual(
                "推送地址没有店铺键，且没有哪个店铺在跟踪这个单号：请稍后重试",
                "the push URL names no shop and no shop tracks this number: retry later",
            ),
        )
    return owners


def _refusal(code: str, message: str) -> str:
    return json.dumps({"result": False, "returnCode": code, "message": message}, ensure_ascii=False)
