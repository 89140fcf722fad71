"""Which tracking numbers to ask the provider about on this tick, within a call budget.

The sync tick calls ``plan_tick`` with what it knows about every shipped row (last query time, last
update, state, whether a subscription exists) and ``now``; it gets back the numbers to subscribe and
to query, never more than the budget, and never a number asked about less than
``min_query_interval`` ago (Kuaidi100 locks a number queried more often than ~every 30 min,
docs/platforms/couriers-and-tracking.md#kuaidi100-real-time-query).
All times are UTC.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from shared.logistics.clock import require_utc
from shared.logistics.model import TrackingState

#: Kuaidi100 allows one query per number per ~30 min; 5 min of margin absorbs clock skew between
#: our timer and theirs (a locked number costs far more than a slightly older state).
PROVIDER_MIN_INTERVAL = timedelta(minutes=30)
DEFAULT_MIN_INTERVAL = PROVIDER_MIN_INTERVAL + timedelta(minutes=5)

#: States after which asking again tells us nothing new.
_DONE = frozenset({TrackingState.DELIVERED})


@dataclass(frozen=True, slots=True)
class PollPolicy:
    """How hard the watch polls.

    ``refresh_interval``: how old a polled state may grow before we ask again (Kuaidi100's own
    subscription re-checks about every 4 h, so polling faster rarely finds anything new:
    docs/platforms/couriers-and-tracking.md#kuaidi100-push-callback).
    ``subscribed_refresh``: a subscribed number is refreshed by pushes; we only query it when no
    update arrived for this long (a lost push). ``expired_recheck``: the provider gave up on the number
    (Kuaidi100 stops after 3 days without a record): ask at most this often, because a parcel handed
    over late would otherwise keep its "no pickup" alert for ever. ``budget_per_tick``: provider calls
    per tick, all kinds.
    """

    min_query_interval: timedelta = DEFAULT_MIN_INTERVAL
    refresh_interval: timedelta = timedelta(hours=4)
    subscribed_refresh: timedelta = timedelta(hours=24)
    expired_recheck: timedelta = timedelta(hours=24)
    budget_per_tick: int = 50
    use_subscriptions: bool = True

    def __post_init__(self) -> None:
        if self.min_query_interval < PROVIDER_MIN_INTERVAL:
            raise ValueError("min_query_interval below the provider's ~30 min would get numbers locked")
        if self.budget_per_tick < 0:
            raise ValueError("budget_per_tick must be >= 0")


DEFAULT_POLICY = PollPolicy()


@dataclass(frozen=True, slots=True)
class TrackedNumber:
    """What the sync tick knows about one shipped number (times UTC, None = never)."""

    number: str
    courier_code: str
    last_query_at: datetime | None = None
    last_update_at: datetime | None = None  # newest query answer or push received
    state: TrackingState | None = None
    subscribed: bool = False
    # The last query failed on the provider's side (an outage, an expired key): the number is due
    # again as soon as the per-number interval allows, not only at the next refresh.
    last_failed: bool = False


@dataclass(frozen=True, slots=True)
class TickPlan:
    subscribe: tuple[TrackedNumber, ...]
    query: tuple[TrackedNumber, ...]
    deferred: int  # due now but over budget; they come first next tick

    @property
    def calls(self) -> int:
        return len(self.subscribe) + len(self.query)


def next_query_at(
    last_query_at: datetime | None, min_interval: timedelta = DEFAULT_MIN_INTERVAL
) -> datetime | None:
    """The first instant (UTC) the number may be queried again; None means "now"."""
    if last_query_at is None:
        return None
    return require_utc(last_query_at, "last_query_at") + min_interval


def may_query(
    last_query_at: datetime | None, now: datetime, min_interval: timedelta = DEFAULT_MIN_INTERVAL
) -> bool:
    """Whether querying now respects the provider's per-number interval."""
    allowed = next_query_at(last_query_at, min_interval)
    return allowed is None or require_utc(now, "now") >= allowed


def _fresh_since(item: TrackedNumber) -> datetime | None:
    """When we last learned something about the number: a failed query taught us nothing."""
    asked = None if item.last_failed else item.last_query_at
    times = [t for t in (asked, item.last_update_at) if t is not None]
    return max(times) if times else None


def plan_tick(items: Iterable[TrackedNumber], now: datetime, policy: PollPolicy = DEFAULT_POLICY) -> TickPlan:
    """Numbers to subscribe and to query now. Deterministic: ties are broken by the number."""
    now = require_utc(now, "now")
    to_subscribe: list[TrackedNumber] = []
    due: list[tuple[datetime, str, TrackedNumber]] = []
    never = datetime.min.replace(tzinfo=now.tzinfo)
    for item in items:
        if item.state in _DONE:
            continue
        if policy.use_subscriptions and not item.subscribed:
            to_subscribe.append(item)
            continue
        if not may_query(item.last_query_at, now, policy.min_query_interval):
            continue
        fresh = _fresh_since(item)
        refresh = policy.subscribed_refresh if item.subscribed else policy.refresh_interval
        if item.state is TrackingState.EXPIRED:
            refresh = max(refresh, policy.expired_recheck)
        if fresh is None:
            due.append((never, item.number, item))
        elif now - fresh >= refresh:
            due.append((fresh + refresh, item.number, item))
    to_subscribe.sort(key=lambda i: i.number)
    due.sort(key=lambda t: (t[0], t[1]))
    budget = policy.budget_per_tick
    subscribe = tuple(to_subscribe[:budget])
    query = tuple(t[2] for t in due[: max(0, budget - len(subscribe))])
    deferred = len(to_subscribe) + len(due) - len(subscribe) - len(query)
    return TickPlan(subscribe, query, deferred)
