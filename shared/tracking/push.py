"""Kuaidi100 push callback (推送): verify, read, and the exact acknowledgement
(docs/platforms/couriers-and-tracking.md#kuaidi100-push-callback).

Kuaidi100 POSTs ``application/x-www-form-urlencoded`` fields ``param`` (JSON) and ``sign``, with
``sign = upper(md5(param_raw + salt))``. It wants HTTP 200 and the body below within ~20 s, else
it retries up to 3 times about 30 minutes apart. ``abort`` pushes are acknowledged too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import parse_qs

from shared.logistics import PushNotice, read_push
from shared.tracking.errors import PushRejected
from shared.tracking.signing import push_signature_ok

ACK = {"result": True, "returnCode": "200", "message": "成功"}
ACK_BODY = json.dumps(ACK, ensure_ascii=False).encode("utf-8")
_MAX_BODY = 2_000_000


@dataclass(frozen=True, slots=True)
class PushReply:
    """What the HTTP function answers, and the notice to store when ``notice`` is set."""

    status: int
    body: bytes
    notice: PushNotice | None
    error: str = ""

    content_type = "application/json; charset=utf-8"


def _reject(message: str) -> PushReply:
    body = json.dumps({"result": False, "returnCode": "400", "message": message}, ensure_ascii=False)
    return PushReply(400, body.encode("utf-8"), None, message)


def verify_push(body: bytes, salt: str | None) -> PushNotice:
    """The notice in a push body; PushRejected if unsigned/badly signed (when ``salt``), or unreadable.

    ``salt`` None or empty skips the check (subscriptions made without a salt).
    """
    if len(body) > _MAX_BODY:
        raise PushRejected("push body too large")
    try:
        text = body.decode("utf-8")
        fields = parse_qs(text, keep_blank_values=True, strict_parsing=False, errors="strict")
    except (UnicodeDecodeError, ValueError):
        raise PushRejected("push body is not UTF-8 form data") from None
    params = fields.get("param") or []
    if len(params) != 1:
        raise PushRejected("push needs exactly one param field")
    param = params[0]
    if salt:
        signs = fields.get("sign") or []
        if len(signs) != 1 or not push_signature_ok(param, signs[0], salt):
            raise PushRejected("push signature does not match")
    notice = read_push(param)
    if notice is None:
        raise PushRejected("push param is not a Kuaidi100 push")
    return notice


def handle_push(body: bytes, salt: str | None) -> PushReply:
    """Verify and read a push; the reply to send back (200 + ACK_BODY, or 400)."""
    try:
        notice = verify_push(body, salt)
    except PushRejected as exc:
        return _reject(exc.message)
    return PushReply(200, ACK_BODY, notice)
