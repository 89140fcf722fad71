"""Push delivery: each subscription's messages POSTed to its endpoint, as Pub/Sub push does.

Body ``{"message": {...}, "subscription": "projects/P/subscriptions/S"}``, ``Content-Type:
application/json``. An answer 102, 200, 201, 202 or 204 acknowledges the message; anything else, or
no answer within the push deadline, is a negative acknowledgement and the message is delivered again
after an exponential backoff (``min_backoff`` doubling up to ``max_backoff``, as a subscription's
retry policy sets it). With a ``deadLetterPolicy`` the body carries ``deliveryAttempt`` and the
message is forwarded to the dead-letter topic after ``maxDeliveryAttempts`` failed deliveries.
Deliveries run concurrently (up to ``max_concurrent`` per subscription), and a message may arrive
more than once: receivers must be idempotent, as with the real service.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

from emulators.pubsub.state import Pending, PubSubState, Subscription

ACK_STATUSES = {102, 200, 201, 202, 204}


@dataclass(frozen=True)
class PushPolicy:
    min_backoff: float = 0.2  # seconds (the real default is 10 s; short here so local runs settle)
    max_backoff: float = 5.0  # the real maximum is 600 s
    deadline: float = 600.0  # seconds an endpoint may take to answer (Eventarc's subscriptions: 600)
    max_concurrent: int = 4


class Pusher:
    """One thread hands ready messages to delivery threads; stops with ``stop``."""

    def __init__(self, state: PubSubState, policy: PushPolicy) -> None:
        self.state, self.policy = state, policy
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="pubsub-push", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        with self.state.lock:
            self._stopping = True
            self.state.lock.notify_all()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        lock = self.state.lock
        while True:
            with lock:
                if self._stopping:
                    return
                ready = self._take_ready()
                if not ready:
                    lock.wait(timeout=self._next_wake())
                    continue
            for sub, pending in ready:
                threading.Thread(target=self._deliver, args=(sub, pending), daemon=True).start()

    def _take_ready(self) -> list[tuple[Subscription, Pending]]:
        now = time.monotonic()
        ready = []
        for sub in self.state.subscriptions.values():
            while sub.queue and sub.in_flight < self.policy.max_concurrent and sub.queue[0].not_before <= now:
                pending = sub.queue.popleft()
                sub.in_flight += 1
                ready.append((sub, pending))
        return ready

    def _next_wake(self) -> float:
        waits = [p.not_before - time.monotonic() for s in self.state.subscriptions.values() for p in s.queue]
        return max(0.01, min([w for w in waits if w > 0], default=0.5))

    def _deliver(self, sub: Subscription, pending: Pending) -> None:
        payload: dict[str, object] = {"message": pending.message.as_json(), "subscription": sub.name}
        if sub.dead_letter is not None:
            payload["deliveryAttempt"] = pending.attempts + 1  # sent only with dead lettering on
        body = json.dumps(payload).encode()
        request = urllib.request.Request(
            sub.push_endpoint, data=body, method="POST", headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.policy.deadline) as answer:
                acked = answer.status in ACK_STATUSES
        except urllib.error.HTTPError as exc:
            acked = exc.code in ACK_STATUSES
        except (OSError, ValueError):
            acked = False
        with self.state.lock:
            sub.in_flight -= 1
            if acked:
                sub.delivered += 1
            else:
                sub.failed_attempts += 1
                pending.attempts += 1
                policy = sub.dead_letter
                if policy is not None and pending.attempts >= policy.max_delivery_attempts:
                    self.state.dead_letter_locked(sub, pending)
                    self.state.lock.notify_all()
                    return
                backoff = min(self.policy.max_backoff, self.policy.min_backoff * 2 ** (pending.attempts - 1))
                pending.not_before = time.monotonic() + backoff
                sub.queue.append(pending)
            self.state.lock.notify_all()
