"""Topics, push subscriptions and the messages waiting for delivery (no I/O; the server delivers)."""

from __future__ import annotations

import base64
import binascii
import itertools
import threading
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

# Real limits (Pub/Sub quotas page): 1,000 messages and 10 MB per publish request, 10 MB per message.
MAX_MESSAGES_PER_PUBLISH = 1000
MAX_REQUEST_BYTES = 10 * 1024 * 1024
MAX_ATTRIBUTES = 100


class ApiError(Exception):
    """An answer in Google's error shape: ``{"error": {"code", "message", "status"}}``."""

    def __init__(self, code: int, status: str, message: str) -> None:
        super().__init__(message)
        self.code, self.status, self.message = code, status, message

    def body(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message, "status": self.status}}


@dataclass(frozen=True)
class Message:
    message_id: str
    data: str  # base64, as published
    attributes: dict[str, str]
    publish_time: str

    def as_json(self) -> dict[str, Any]:
        # A push body carries both spellings (what the real push sends).
        body: dict[str, Any] = {
            "data": self.data,
            "messageId": self.message_id,
            "message_id": self.message_id,
            "publishTime": self.publish_time,
            "publish_time": self.publish_time,
        }
        if self.attributes:
            body["attributes"] = dict(self.attributes)
        return body


@dataclass
class Pending:
    message: Message
    attempts: int = 0
    not_before: float = 0.0  # monotonic time of the next delivery attempt


@dataclass(frozen=True)
class DeadLetterPolicy:
    """After ``max_delivery_attempts`` failed deliveries a message is forwarded to ``topic``."""

    topic: str  # projects/P/topics/T
    max_delivery_attempts: int


@dataclass
class Subscription:
    name: str  # projects/P/subscriptions/S
    topic: str  # projects/P/topics/T
    push_endpoint: str
    dead_letter: DeadLetterPolicy | None = None
    queue: deque[Pending] = field(default_factory=deque)
    in_flight: int = 0
    delivered: int = 0  # acknowledged by the endpoint (2xx)
    failed_attempts: int = 0  # deliveries the endpoint answered with an error (or never answered)
    dead_lettered: int = 0  # messages forwarded to the dead-letter topic

    def as_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "name": self.name,
            "topic": self.topic,
            "pushConfig": {"pushEndpoint": self.push_endpoint},
            "ackDeadlineSeconds": 10,
        }
        if self.dead_letter is not None:
            body["deadLetterPolicy"] = {
                "deadLetterTopic": self.dead_letter.topic,
                "maxDeliveryAttempts": self.dead_letter.max_delivery_attempts,
            }
        return body


class PubSubState:
    """Everything the emulator holds; every method takes the lock."""

    def __init__(self) -> None:
        self.lock = threading.Condition()
        self.topics: dict[str, list[Message]] = {}
        self.subscriptions: dict[str, Subscription] = {}
        self._ids = itertools.count(1)

    def create_topic(self, name: str) -> dict[str, Any]:
        with self.lock:
            if name in self.topics:
                raise ApiError(
                    409,
                    "ALREADY_EXISTS",
                    f"Resource already exists in the project (resource={_last(name)}).",
                )
            self.topics[name] = []
            return {"name": name}

    def get_topic(self, name: str) -> dict[str, Any]:
        with self.lock:
            if name not in self.topics:
                raise _not_found(name)
            return {"name": name}

    def create_subscription(self, name: str, body: dict[str, Any]) -> dict[str, Any]:
        topic = body.get("topic")
        push = body.get("pushConfig") or {}
        endpoint = push.get("pushEndpoint") if isinstance(push, dict) else None
        if not isinstance(topic, str) or not topic:
            raise ApiError(400, "INVALID_ARGUMENT", "Invalid resource name given (name=).")
        if not isinstance(endpoint, str) or not endpoint.startswith(("http://", "https://")):
            # Pull subscriptions exist in Pub/Sub; this emulator serves push ones only.
            raise ApiError(
                400, "INVALID_ARGUMENT", "Invalid push endpoint given (endpoint=%s)." % (endpoint or "")
            )
        dead_letter = _dead_letter_policy(body.get("deadLetterPolicy"))
        with self.lock:
            if topic not in self.topics:
                raise _not_found(topic)
            if dead_letter is not None and dead_letter.topic not in self.topics:
                raise _not_found(dead_letter.topic)
            if name in self.subscriptions:
                raise ApiError(
                    409,
                    "ALREADY_EXISTS",
                    f"Resource already exists in the project (resource={_last(name)}).",
                )
            sub = Subscription(name, topic, endpoint, dead_letter)
            self.subscriptions[name] = sub
            return sub.as_json()

    def publish(self, topic: str, body: Any) -> dict[str, Any]:
        messages = body.get("messages") if isinstance(body, dict) else None
        if not isinstance(messages, list) or not messages:
            raise ApiError(
                400,
                "INVALID_ARGUMENT",
                "The value for message_count is too small. You passed 0 in the request, "
                "but the minimum value is 1.",
            )
        if len(messages) > MAX_MESSAGES_PER_PUBLISH:
            raise ApiError(
                400,
                "INVALID_ARGUMENT",
                f"The value for message_count is too large. You passed {len(messages)} in the request, "
                "but the maximum value is 1000.",
            )
        checked = [_checked(m) for m in messages]
        with self.lock:
            if topic not in self.topics:
                raise _not_found(topic)
            ids = [self._publish_locked(topic, data, attributes) for data, attributes in checked]
            self.lock.notify_all()
            return {"messageIds": ids}

    def _publish_locked(self, topic: str, data: str, attributes: dict[str, str]) -> str:
        now = datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")
        message = Message(str(next(self._ids)), data, attributes, now)
        self.topics[topic].append(message)
        for sub in self.subscriptions.values():
            if sub.topic == topic:
                sub.queue.append(Pending(message))
        return message.message_id

    def dead_letter_locked(self, sub: Subscription, pending: Pending) -> None:
        """Forward a message that failed its last allowed delivery, as Pub/Sub's dead lettering does:
        same data and attributes, plus the CloudPubSubDeadLetterSource* attributes."""
        policy = sub.dead_letter
        assert policy is not None
        project = sub.name.split("/")[1]
        attributes = {
            **pending.message.attributes,
            "CloudPubSubDeadLetterSourceDeliveryCount": str(pending.attempts),
            "CloudPubSubDeadLetterSourceSubscription": _last(sub.name),
            "CloudPubSubDeadLetterSourceSubscriptionProject": project,
            "CloudPubSubDeadLetterSourceTopicPublishTime": pending.message.publish_time,
        }
        sub.dead_lettered += 1
        if policy.topic in self.topics:  # a topic deleted since is the real service's problem too
            self._publish_locked(policy.topic, pending.message.data, attributes)

    def messages(self, topic: str) -> list[Message]:
        """What was published to ``topic`` (for tests and the demo: a dead-letter topic's parked ticks)."""
        with self.lock:
            if topic not in self.topics:
                raise _not_found(topic)
            return list(self.topics[topic])

    def outstanding(self) -> int:
        """Messages not yet acknowledged by their push endpoint (queued or being delivered)."""
        with self.lock:
            return self.outstanding_locked()

    def outstanding_locked(self) -> int:
        return sum(len(s.queue) + s.in_flight for s in self.subscriptions.values())

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            return {
                "topics": {t: len(m) for t, m in self.topics.items()},
                "subscriptions": {
                    n: {
                        "topic": s.topic,
                        "pushEndpoint": s.push_endpoint,
                        "queued": len(s.queue),
                        "inFlight": s.in_flight,
                        "delivered": s.delivered,
                        "failedAttempts": s.failed_attempts,
                        "deadLettered": s.dead_lettered,
                    }
                    for n, s in self.subscriptions.items()
                },
            }


def _checked(message: Any) -> tuple[str, dict[str, str]]:
    if not isinstance(message, dict):
        raise ApiError(
            400, "INVALID_ARGUMENT", "Invalid JSON payload received. Expected an object for messages."
        )
    data = message.get("data", "")
    attributes = message.get("attributes") or {}
    if not isinstance(data, str) or not isinstance(attributes, dict):
        raise ApiError(400, "INVALID_ARGUMENT", "Invalid JSON payload received. Invalid value for messages.")
    try:
        base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise ApiError(
            400,
            "INVALID_ARGUMENT",
            "Invalid value at 'messages[0].data' (TYPE_BYTES), Base64 decoding failed.",
        ) from None
    if not data and not attributes:
        raise ApiError(
            400,
            "INVALID_ARGUMENT",
            "Some messages are empty. Each message must contain non-empty data, or at least one attribute.",
        )
    if len(attributes) > MAX_ATTRIBUTES or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in attributes.items()
    ):
        raise ApiError(400, "INVALID_ARGUMENT", "Invalid attributes: at most 100 string keys and values.")
    return data, {str(k): str(v) for k, v in attributes.items()}


def _dead_letter_policy(given: Any) -> DeadLetterPolicy | None:
    """A subscription's ``deadLetterPolicy``: absent → none; maxDeliveryAttempts 0 or absent → 5;
    outside 5..100 → 400, as the service refuses it (the message text is the emulator's own)."""
    if given is None:
        return None
    if not isinstance(given, dict) or not isinstance(given.get("deadLetterTopic"), str):
        raise ApiError(400, "INVALID_ARGUMENT", "Invalid dead letter policy: deadLetterTopic is required.")
    attempts = given.get("maxDeliveryAttempts", 0) or 0
    if isinstance(attempts, str) and attempts.isdigit():
        attempts = int(attempts)  # proto3 JSON accepts an int32 as a string too
    if (
        not isinstance(attempts, int)
        or isinstance(attempts, bool)
        or not (attempts == 0 or 5 <= attempts <= 100)
    ):
        raise ApiError(
            400, "INVALID_ARGUMENT", "Invalid max_delivery_attempts: it must be between 5 and 100."
        )
    return DeadLetterPolicy(given["deadLetterTopic"], attempts or 5)


def _last(name: str) -> str:
    return name.rsplit("/", 1)[-1]


def _not_found(name: str) -> ApiError:
    return ApiError(404, "NOT_FOUND", f"Resource not found (resource={_last(name)}).")
