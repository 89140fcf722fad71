"""Client-side rate budget: a thread-safe token bucket with an injectable clock and sleep.

The platform counts calls per API path per minute (``45011``) and per day (``45009``). A bucket of
``burst`` tokens refilled at ``rate`` per second lets through at most ``burst + 60 * rate`` calls in
ANY 60-second span, so :meth:`TokenBucket.per_minute` picks the two so that this sum stays under the
budget (with headroom): whatever minute boundaries the server uses, it never sees more.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class TokenBucket:
    """Blocks callers so that calls stay within ``rate`` per second with bursts up to ``burst``.

    Reservation style: each :meth:`acquire` takes a token at once (the balance may go negative) and
    sleeps, outside the lock, until its token would have existed. Waiters are served in arrival order.
    """

    def __init__(
        self,
        rate: float,
        burst: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be > 0 and burst >= 1")
        self.rate = rate
        self.burst = float(burst)
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._tokens = float(burst)
        self._last = clock()

    @classmethod
    def per_minute(
        cls,
        calls_per_minute: int,
        *,
        headroom: float = 0.1,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> TokenBucket:
        """A bucket that lets at most ``calls_per_minute * (1 - headroom)`` calls through in any 60 s.

        The headroom (10 % by default, at least one call) absorbs what the bucket cannot see: the
        time between our grant and the server's count (network delay, the server's clock), which can
        move a call granted at the end of one server minute into the next.
        """
        if calls_per_minute < 3:
            raise ValueError("calls_per_minute must be >= 3")
        if not 0.0 <= headroom < 1.0:
            raise ValueError("headroom must be within [0, 1)")
        budget = calls_per_minute - max(1, int(calls_per_minute * headroom))
        burst = max(1, budget // 10)
        return cls((budget - burst) / 60.0, burst, clock=clock, sleep=sleep)

    def reserve(self) -> float:
        """Take one token; return how long the caller must wait before using it."""
        with self._lock:
            now = self._clock()
            self._tokens = min(self.burst, self._tokens + (now - self._last) * self.rate)
            self._last = now
            self._tokens -= 1.0
            return 0.0 if self._tokens >= 0 else -self._tokens / self.rate

    def acquire(self) -> float:
        """Take one token, sleeping as needed. Returns the time waited."""
        wait = self.reserve()
        if wait > 0:
            self._sleep(wait)
        return wait
