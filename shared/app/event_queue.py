"""Shop events, coalesced: many order events become one targeted refresh of the sheet.

Why: each refresh of the 订单 tab costs about four Sheets calls, and Google allows about sixty per
minute per user. A flash sale (a hundred orders paid in a minute, each pushed as its own event) would
spend the quota on events alone. So an event only puts its order id in a queue (one journal document,
changed by compare-and-swap), and whoever drains the queue refreshes every queued order at once:

* one drainer at a time (a lease); an event that finds the lease taken leaves its order to the holder,
  which looks at the queue again after releasing the lease, so nothing queued is stranded;
* drains are rate-limited by a token bucket: up to ``burst`` in a row, then one per ``min_interval``.
  An event arriving when the bucket is empty stays queued for the next drain or, at the latest, the
  next tick (which takes the whole queue into its own read of the shop). So isolated events (a
  cancellation on a quiet afternoon, a few orders in a row) are applied at once, and a flash sale
  costs a bounded number of refreshes per minute however many events it brings.

A drain that fails puts its orders back. The queue never holds more than order ids: losing it would
only delay rows until the next tick, whose listing of changed orders covers them anyway.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from shared.journal.errors import JournalConflict
from shared.journal.journal import Journal

QUEUE_KEY = "state/shop_events/queue.json"
DRAIN_LEASE = "shop_events"
DRAIN_LEASE_TTL = timedelta(minutes=2)  # longer than a refresh of the queued orders can take
_CAS_ATTEMPTS = 20  # compare-and-swap retries under contention; each attempt is one read + one write


class QueueContended(RuntimeError):
    """The queue document kept changing under us (``_CAS_ATTEMPTS`` lost races in a row)."""


@dataclass(frozen=True, slots=True)
class QueueState:
    order_ids: tuple[str, ...] = ()
    tokens: float = 0.0  # drains allowed right now, as of ``at``
    at: datetime | None = None  # when ``tokens`` was last counted; None: a full bucket

    def to_json(self) -> bytes:
        at = self.at.isoformat() if self.at else None
        return json.dumps({"order_ids": list(self.order_ids), "tokens": self.tokens, "at": at}).encode()

    @classmethod
    def from_json(cls, data: bytes) -> QueueState:
        try:
            raw = json.loads(data.decode("utf-8"))
            ids = tuple(str(i) for i in raw.get("order_ids", []))
            at = raw.get("at")
            return cls(ids, float(raw.get("tokens", 0.0)), datetime.fromisoformat(at) if at else None)
        except (UnicodeDecodeError, json.JSONDecodeError, AttributeError, TypeError, ValueError):
            return cls()  # unreadable: start afresh (the next tick covers whatever it held)

    def tokens_at(self, now: datetime, interval: timedelta, burst: int) -> float:
        """The bucket at ``now``: one token per ``interval`` since ``at``, at most ``burst``.
        A clock that went backwards, or no interval at all, counts as a full bucket."""
        if self.at is None or now < self.at or interval <= timedelta(0):
            return float(burst)
        return min(float(burst), self.tokens + (now - self.at) / interval)

    def wait_for_token(self, now: datetime, interval: timedelta, burst: int) -> timedelta:
        """How long until the bucket holds a whole token (zero when it already does)."""
        missing = 1.0 - self.tokens_at(now, interval, burst)
        return interval * missing if missing > 1e-9 else timedelta(0)


class EventQueue:
    """The queue document in the journal store; every change is a compare-and-swap."""

    def __init__(self, journal: Journal) -> None:
        self.journal = journal

    def state(self) -> QueueState:
        stored = self.journal.store.read(QUEUE_KEY)
        return QueueState.from_json(stored.data) if stored else QueueState()

    def _change(self, change: Callable[[QueueState], QueueState]) -> tuple[QueueState, QueueState]:
        """Apply ``change`` atomically; (before, after)."""
        seen: list[tuple[QueueState, QueueState]] = []

        def swap(data: bytes | None) -> bytes | None:
            before = QueueState.from_json(data) if data is not None else QueueState()
            after = change(before)
            seen.append((before, after))
            return None if after == before else after.to_json()

        try:
            self.journal.swap(QUEUE_KEY, swap, _CAS_ATTEMPTS)
        except JournalConflict as exc:
            raise QueueContended("the shop-event queue kept changing; try again") from exc
        return seen[-1]

    def add(self, order_ids: Sequence[str]) -> None:
        def add(q: QueueState) -> QueueState:
            merged = q.order_ids + tuple(i for i in dict.fromkeys(order_ids) if i not in q.order_ids)
            return QueueState(merged, q.tokens, q.at)

        self._change(add)

    def take(self, now: datetime, min_interval: timedelta, burst: int) -> tuple[str, ...] | None:
        """Every queued id, emptying the queue and spending a token; None when the bucket is empty
        (the ids stay queued); () when nothing is queued."""
        taken: list[tuple[str, ...] | None] = [()]

        def take(q: QueueState) -> QueueState:
            if not q.order_ids:
                taken[0] = ()
                return q
            tokens = q.tokens_at(now, min_interval, burst)
            if tokens < 1 - 1e-9:  # float sums of refills: 0.9999999999 is a whole token
                taken[0] = None
                return q
            taken[0] = q.order_ids
            return QueueState((), tokens - 1, now)

        self._change(take)
        return taken[0]

    def take_all(self, now: datetime) -> tuple[str, ...]:
        """For the tick: every queued id, whatever the bucket holds (the tick has its own budget)."""
        # An empty queue is left untouched: a quiet tick writes nothing to the journal.
        before, _ = self._change(lambda q: QueueState((), q.tokens, q.at) if q.order_ids else q)
        return before.order_ids

    def put_back(self, order_ids: Sequence[str]) -> None:
        """After a failed drain: the ids go back (to the front); the spent token is not returned."""

        def back(q: QueueState) -> QueueState:
            ids = tuple(dict.fromkeys((*order_ids, *q.order_ids)))
            return QueueState(ids, q.tokens, q.at)

        self._change(back)


@dataclass(frozen=True, slots=True)
class DrainPolicy:
    """How often events may refresh the sheet.

    ``burst`` refreshes in a row, then one per ``interval`` (0: no limit). A handler that finds the bucket
    empty waits for the next token when it is at most ``max_wait`` away (WeChat waits 5 s for the reply,
    docs/platforms/wechat-shop.md#message-push). Otherwise its order stays queued for the next event's drain
    or, if the burst has ended, the next tick: the last orders of a burst can wait a tick period (5 min by
    default), the price of staying inside the quota. The defaults keep event refreshes (1 to 4 Sheets calls
    each) to about half of the 60-per-minute Sheets quota, leaving the rest to ticks and edits."""

    interval: timedelta = timedelta(seconds=6)
    burst: int = 5
    max_wait: timedelta = timedelta(seconds=3)


@dataclass
class DrainReport:
    """What one event's handling did: the orders it refreshed (maybe none: queued for later)."""

    refreshed: list[str] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)  # the shop would not give them: queued again
    waited: float = 0.0  # seconds spent waiting for the bucket
    deferred: bool = False  # left queued: another drainer holds the lease, or the bucket is empty
    failed: str | None = None  # why a refresh failed (its orders are back in the queue)


def drain(
    journal: Journal,
    refresh: Callable[[Sequence[str]], Collection[str]],
    clock: Callable[[], datetime],
    policy: DrainPolicy = DrainPolicy(),
    sleep: Callable[[float], None] = time.sleep,
) -> DrainReport:
    """Refresh the queued orders (one ``refresh`` call per batch) unless someone else is at it or
    the bucket stays empty. ``refresh`` returns the orders it could not read from the shop; they go
    back to the queue. Never raises for a failed refresh: the orders go back to the queue and the
    reason is reported (the next event or tick takes them)."""
    queue = EventQueue(journal)
    report = DrainReport()
    holder = uuid.uuid4().hex
    waited = False
    while True:
        if not journal.acquire_lease(DRAIN_LEASE, holder, clock(), DRAIN_LEASE_TTL):
            report.deferred = True
            return report  # the holder checks the queue again after releasing it
        try:
            batch = queue.take(clock(), policy.interval, policy.burst)
            if batch:
                try:
                    unread = set(refresh(batch))
                    report.refreshed += [o for o in batch if o not in unread]
                    if unread:
                        queue.add([o for o in batch if o in unread])
                        report.unread += sorted(unread)
                except Exception as exc:  # any failure: keep the orders, say why
                    queue.put_back(batch)
                    report.failed = f"{type(exc).__name__}: {exc}"[:300]
                    return report
        finally:
            journal.release_lease(DRAIN_LEASE, holder, clock())
        if batch is None:
            wait = queue.state().wait_for_token(clock(), policy.interval, policy.burst)
            if waited or wait > policy.max_wait:
                report.deferred = True  # the next event after the interval, or the tick, takes them
                return report
            # Once only, and at least a millisecond: a wait that rounds to nothing must not spin.
            waited = True
            report.waited = max(wait.total_seconds(), 0.001)
            sleep(report.waited)
            continue
        # Checked after releasing: an event queued while we held the lease found it taken and left.
        # Orders the shop just refused are not asked again in this call (that could spin).
        if not set(queue.state().order_ids) - set(report.unread):
            return report
