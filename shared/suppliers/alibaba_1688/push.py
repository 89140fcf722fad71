"""1688 push messages (消息推送) as they arrive at our URL (docs/platforms/supplier-apis.md#1688), pure.

1688 POSTs form-encoded ``message`` (a JSON envelope ``{bizKey, data, gmtBorn, msgId, type,
userInfo}``) and ``_aop_signature`` = HEX_UPPER(HMAC_SHA1(app_secret, "message" + message)), the
message taken raw as it came in the form. ``read_push`` verifies it against each app secret the
deployment holds and reads the envelope; anything else is ``PushRefused`` (the caller answers an
HTTP error and does nothing). Delivery is at least once and unordered: the caller dedupes on
``msg_id`` and re-reads the order through the API rather than trusting the payload.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qs

from shared.suppliers.alibaba_1688.signing import push_is_signed

#: Topics after which an order's numbers or state may have changed: worth a pull.
NEWS_TOPICS = frozenset(
    {
        "ORDER_BUYER_VIEW_ANNOUNCE_SENDGOODS",
        "ORDER_BUYER_VIEW_PART_PART_SENDGOODS",
        "ORDER_BUYER_VIEW_ORDER_BUYER_CLOSE",
        "ORDER_BUYER_VIEW_ORDER_SELLER_CLOSE",
        "ORDER_BUYER_VIEW_ORDER_BOPS_CLOSE",
        "LOGISTICS_MAIL_NO_CHANGE",
    }
)
MAX_BODY_BYTES = 64 * 1024  # an envelope is a few hundred bytes


class PushRefused(Exception):
    """Not a 1688 push we can trust or read; ``reason`` is a short word for the log."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class PushMessage:
    msg_id: str
    topic: str
    order_id: str  # bizKey: the 1688 order id as text
    member: str

    @property
    def news(self) -> bool:
        """Whether the message may change what the sheet shows (a shipment, a close, a new number)."""
        return self.topic in NEWS_TOPICS


def read_push(body: bytes, secrets: Sequence[str]) -> PushMessage:
    """The verified message of a push body; PushRefused when unsigned, wrongly signed or unreadable."""
    if len(body) > MAX_BODY_BYTES:
        raise PushRefused("too_large")
    try:
        fields = parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
    except UnicodeDecodeError:
        raise PushRefused("not_utf8") from None
    messages, signatures = fields.get("message", []), fields.get("_aop_signature", [])
    if len(messages) != 1 or len(signatures) != 1:
        raise PushRefused("form")
    message, signature = messages[0], signatures[0]
    if not any(secret and push_is_signed(secret, message, signature) for secret in secrets):
        raise PushRefused("signature")
    try:
        envelope = json.loads(message)
    except ValueError:
        raise PushRefused("not_json") from None
    if not isinstance(envelope, dict):
        raise PushRefused("not_an_object")
    msg_id, topic = envelope.get("msgId"), envelope.get("type")
    if not isinstance(msg_id, int | str) or not str(msg_id).strip() or not isinstance(topic, str):
        raise PushRefused("envelope")
    order_id = envelope.get("bizKey")
    return PushMessage(
        msg_id=str(msg_id).strip(),
        topic=topic,
        order_id=str(order_id) if isinstance(order_id, int | str) else "",
        member=str(envelope.get("userInfo") or ""),
    )


def app_secrets(env: Mapping[str, str]) -> list[str]:
    """The 1688 app secrets in the environment: ``WR_<KEY>_SECRET`` beside a ``WR_<KEY>_APP_KEY``."""
    found = []
    for name in sorted(env):
        if name.startswith("WR_") and name.endswith("_APP_KEY"):
            secret = env.get(name[: -len("APP_KEY")] + "SECRET", "").strip()
            if secret:
                found.append(secret)
    return found
