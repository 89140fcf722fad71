"""Client-side rate budget: a thread-safe token bucket with an injectable clock and sleep.

The platform counts calls per API path per minute (``45011``) and per day (``45009``). A bucket of
``burst`` tokens refilled at ``rate`` per second lets through at most ``burst + 60 * rate`` calls in
ANY 60-second span, so :meth:`TokenBucket.per_minute` picks the two so that this sum equals the
budget: whatever minute boundaries the server uses, it never sees more than the budget.
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
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> TokenBucket:
        """A bucket that never lets more than ``calls_per_minute`` through in any 60 s window."""
        if calls_per_minute < 2:
            raise ValueError("calls_per_minute must be >= 2")
        burst = max(1, calls_per_minute // 10)
        return cls((calls_per_minute - burst) / 60.0, burst, clock=clock, sleep=sleep)

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
