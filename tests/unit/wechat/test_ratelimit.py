"""Token bucket with a fake clock."""

from __future__ import annotations

import threading

import pytest

from shared.wechat.ratelimit import TokenBucket


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.lock = threading.Lock()

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        with self.lock:
            self.now += seconds


def test_burst_then_steady_rate() -> None:
    t = FakeTime()
    bucket = TokenBucket(rate=10.0, burst=5, clock=t.clock, sleep=t.sleep)
    waits = [bucket.acquire() for _ in range(8)]
    assert waits[:5] == [0.0] * 5
    assert waits[5] == pytest.approx(0.1)
    assert t.now == pytest.approx(0.3)


def test_reservations_queue_up_in_order() -> None:
    t = FakeTime()
    bucket = TokenBucket(rate=2.0, burst=1, clock=t.clock)
    assert [bucket.reserve() for _ in range(4)] == [0.0, 0.5, 1.0, 1.5]


def test_per_minute_budget_is_never_exceeded_in_any_sixty_seconds() -> None:
    t = FakeTime()
    bucket = TokenBucket.per_minute(120, clock=t.clock, sleep=t.sleep)
    times = []
    for _ in range(600):
        bucket.acquire()
        times.append(t.now)
    for i, start in enumerate(times):
        in_window = sum(1 for x in times[i:] if x < start + 60.0)
        assert in_window <= 108  # 10 % headroom
    assert sum(1 for x in times if x < 60.0) >= 100  # and the budget is actually used


def test_headroom_absorbs_a_delay_between_grant_and_server_count() -> None:
    t = FakeTime()
    bucket = TokenBucket.per_minute(20, clock=t.clock, sleep=t.sleep)
    grants = []
    for _ in range(200):
        bucket.acquire()
        grants.append(t.now)
    # Even if every call reaches the server up to one grant interval late, no window sees > 20.
    delay = 60.0 / 17
    for start in range(0, int(grants[-1])):
        arrivals = sum(1 for g in grants if start <= g + delay * 0.99 < start + 60 or start <= g < start + 60)
        assert arrivals <= 20


def test_bad_parameters() -> None:
    with pytest.raises(ValueError):
        TokenBucket(rate=0, burst=1)
    with pytest.raises(ValueError):
        TokenBucket.per_minute(2)
    with pytest.raises(ValueError):
        TokenBucket.per_minute(100, headroom=1.0)
