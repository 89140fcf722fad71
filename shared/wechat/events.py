"""Receiving WeChat Shop message push (docs/platforms/wechat-shop.md#message-push): URL verification,
signatures, decryption, and parsing that keeps ``order_id`` exact.

The shop only uses safe mode with JSON: a POST carries ``timestamp``, ``nonce``, ``encrypt_type=aes``
and ``msg_signature`` (plus ``signature``) in the query, and ``{"ToUserName", "Encrypt"}`` as the body.
Every failure raises an :class:`~shared.wechat.errors.EventError` subclass; the HTTP entry point
answers 4xx and changes nothing. The body is unauthenticated until ``msg_signature`` is checked, so
the order is: the query's ``signature`` (token, timestamp, nonce: no body needed), then the body's
size, then a parse of the small envelope, then ``msg_signature``, and only then decryption.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from shared.wechat import crypto
from shared.wechat.errors import (
    EventBodyTooLarge,
    EventDecryptError,
    EventFormatError,
    EventSignatureError,
)
from shared.wechat.jsonexact import as_id, loads

# Where each event type keeps its order id (docs/platforms/wechat-shop.md#order-events; the last two: the
# SDKs').
_ORDER_HOLDERS = ("order_info", "finder_shop_aftersale_status_update", "ProductOrderStatusUpdate")

#: A pushed event is a few KB (base64 adds a third); far above that is not the platform.
MAX_EVENT_BODY_BYTES = 256 * 1024


@dataclass(frozen=True)
class ShopEvent:
    """A decrypted push event. ``order_id`` is the exact decimal string (the wire has a bare number
    above 2^53). ``payload`` is the whole event, integers exact, read-only."""

    event: str
    create_time: int
    to_user: str
    order_id: str | None
    receive_id: str
    payload: Mapping[str, Any] = field(compare=False, repr=False)
    from_user: str = field(default="", repr=False)

    @property
    def dedup_key(self) -> str:
        """Stable key for duplicate deliveries: (Event, order_id, CreateTime, payload digest)."""
        digest = hashlib.sha256(repr(sorted(_flatten(self.payload))).encode()).hexdigest()[:16]
        return f"{self.event}:{self.order_id or '-'}:{self.create_time}:{digest}"


def _flatten(value: Any, prefix: str = "") -> list[tuple[str, str]]:
    if isinstance(value, Mapping):
        out: list[tuple[str, str]] = []
        for key, item in value.items():
            out += _flatten(item, f"{prefix}.{key}")
        return out
    if isinstance(value, list):
        out = []
        for index, item in enumerate(value):
            out += _flatten(item, f"{prefix}[{index}]")
        return out
    return [(prefix, repr(value))]


def _first(query: Mapping[str, str], name: str) -> str:
    value = query.get(name)
    if not isinstance(value, str) or not value:
        raise EventSignatureError(None, f"query parameter {name} is missing")
    return value


def parse_event_json(message: bytes, receive_id: str = "") -> ShopEvent:
    """Parse a decrypted event. Integers stay exact; the order id becomes a string."""
    try:
        data = loads(message)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise EventFormatError(None, "event is not JSON") from exc
    if not isinstance(data, dict):
        raise EventFormatError(None, "event is not a JSON object")
    event = data.get("Event")
    if not isinstance(event, str) or not event:
        raise EventFormatError(None, "event has no Event name")
    create_time = data.get("CreateTime", 0)
    if isinstance(create_time, str) and create_time.isdigit():
        create_time = int(create_time)
    if isinstance(create_time, bool) or not isinstance(create_time, int):
        raise EventFormatError(None, "CreateTime is not an integer")
    order_id = None
    for holder in _ORDER_HOLDERS:
        info = data.get(holder)
        if isinstance(info, dict) and "order_id" in info:
            order_id = as_id(info["order_id"])
            if order_id is None:
                raise EventFormatError(None, f"{holder}.order_id is not an integer id")
            break
    return ShopEvent(
        event=event,
        create_time=create_time,
        to_user=str(data.get("ToUserName", "")),
        order_id=order_id,
        receive_id=receive_id,
        payload=MappingProxyType(data),
        from_user=str(data.get("FromUserName", "")),
    )


class EventReceiver:
    """Verifies and decrypts pushes for one shop.

    ``encoding_aes_keys``: the current EncodingAESKey first, then the previous one (kept during a key
    rotation; docs/platforms/wechat-shop.md#message-push). ``expected_receive_id``: when given, the receive id
    inside the ciphertext must equal it. Off by default because which id the shop puts there is unverified
    (same section) and the msg_signature plus AES key already authenticate the sender.
    """

    def __init__(
        self,
        token: str,
        encoding_aes_keys: Sequence[str],
        *,
        expected_receive_id: str | None = None,
        max_body_bytes: int = MAX_EVENT_BODY_BYTES,
    ) -> None:
        if not token or not encoding_aes_keys:
            raise ValueError("a push token and at least one EncodingAESKey are required")
        self._token = token
        self._keys = [crypto.aes_key(k) for k in encoding_aes_keys]
        self._expected_receive_id = expected_receive_id
        self.max_body_bytes = max_body_bytes

    def __repr__(self) -> str:
        return f"EventReceiver(keys={len(self._keys)})"

    def verify_url(self, query: Mapping[str, str]) -> str:
        """URL verification (GET): return the raw ``echostr`` to answer with, if the signature holds."""
        timestamp, nonce = _first(query, "timestamp"), _first(query, "nonce")
        signature, echostr = _first(query, "signature"), _first(query, "echostr")
        if not crypto.signature_matches((self._token, timestamp, nonce), signature):
            raise EventSignatureError(None, "signature does not match")
        return echostr

    def verify_query(self, query: Mapping[str, str]) -> None:
        """The checks a POST's query allows before its body is read: the parameters are there, safe
        mode, and ``signature`` (token, timestamp, nonce), which the platform sends with every push
        (docs/platforms/wechat-shop.md#message-push). Raises EventSignatureError."""
        timestamp, nonce = _first(query, "timestamp"), _first(query, "nonce")
        _first(query, "msg_signature")
        if query.get("encrypt_type", "aes") != "aes":
            raise EventSignatureError(None, "only safe mode (encrypt_type=aes) is accepted")
        signature = _first(query, "signature")
        if not crypto.signature_matches((self._token, timestamp, nonce), signature):
            raise EventSignatureError(None, "signature does not match")

    def parse(self, query: Mapping[str, str], body: bytes) -> ShopEvent:
        """Verify, decrypt and parse one pushed event (POST). ``msg_signature`` (which also covers the
        ciphertext) is checked before anything is decrypted."""
        self.verify_query(query)
        timestamp, nonce = _first(query, "timestamp"), _first(query, "nonce")
        msg_signature = _first(query, "msg_signature")
        if len(body) > self.max_body_bytes:
            raise EventBodyTooLarge(None, f"body is larger than {self.max_body_bytes} bytes")
        try:
            envelope = loads(body)
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:  # deep nesting: RecursionError
            raise EventFormatError(None, "body is not JSON") from exc
        encrypted = envelope.get("Encrypt") if isinstance(envelope, dict) else None
        if not isinstance(encrypted, str) or not encrypted:
            raise EventFormatError(None, "body has no Encrypt field")
        if not crypto.signature_matches((self._token, timestamp, nonce, encrypted), msg_signature):
            raise EventSignatureError(None, "msg_signature does not match")
        return self._decrypt_and_parse(encrypted)

    def _decrypt_and_parse(self, encrypted: str) -> ShopEvent:
        # A wrong key nearly always fails the padding or length checks; the rare garbage that passes
        # them fails the JSON parse, so a rotated-out key still falls through to the next one.
        last: EventDecryptError | EventFormatError | None = None
        for key in self._keys:
            try:
                message, receive_id = crypto.decrypt(encrypted, key)
                event = parse_event_json(message, receive_id)
            except (EventDecryptError, EventFormatError) as exc:
                last = exc
                continue
            if self._expected_receive_id is not None and receive_id != self._expected_receive_id:
                raise EventDecryptError(None, "receive id does not match this shop")
            return event
        assert last is not None
        raise last
