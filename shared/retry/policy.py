"""The retry policy: how long to wait before trying a call again, and when not to try again.

Pure: no clock, no randomness, no sleeping. The random draw and the time left before the deadline
come in as numbers, so every decision can be checked exactly (tests/unit/retry/test_policy.py).

One jitter rule for every adapter ("equal jitter"): the wait before retry ``n`` is drawn between half
and all of the step ``min(max_delay, base_delay * 2**(n-1))``. Half keeps the backoff growing; the
random other half spreads the functions that failed together so they do not come back together.

A hint from the other side (a Retry-After header, WeChat's "next minute" for 45011) is a floor: the
wait is the larger of the hint and the jittered step. A wait is refused, and the call fails at once
with the adapter's own error, when it is above ``max_wait`` (the other side asks for more than a tick
may sleep), would bring the call's waits above ``max_total_wait``, or would end after the deadline.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Verdict:
    """An adapter's reading of one failed try.

    ``retry``: the same call may be tried again. ``after``: the least wait the other side asked for
    (seconds), or None. ``refresh``: the credentials went stale; refresh them and try again at once
    (at most once per call: a second stale answer ends the call).
    """

    retry: bool
    after: float | None = None
    refresh: bool = False


GIVE_UP = Verdict(retry=False)
AGAIN = Verdict(retry=True)
REFRESH = Verdict(retry=True, refresh=True)


def again_after(seconds: float | None) -> Verdict:
    """Retry, waiting at least ``seconds`` (None: no hint, the backoff alone)."""
    return Verdict(retry=True, after=seconds)


class Refusal(enum.Enum):
    """Why a wait is not taken."""

    ATTEMPTS = "the call used all its attempts"
    TOO_LONG = "the wait is longer than one wait may be"
    TOTAL = "the call's waits together would be too long"
    DEADLINE = "the wait would end after the deadline"


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Bounds of one call's retries.

    ``attempts``: tries per call, the first included. ``base_delay``: the first backoff step;
    ``max_delay``: the cap of one step. ``max_wait``: the longest single wait, hints included.
    ``max_total_wait``: the longest the waits of one call may add up to.
    """

    attempts: int = 3
    base_delay: float = 0.5
    max_delay: float = 8.0
    max_wait: float = 30.0
    max_total_wait: float = math.inf

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError("a call needs at least one attempt")
        if min(self.base_delay, self.max_delay, self.max_wait, self.max_total_wait) < 0:
            raise ValueError("delays and waits cannot be negative")

    def backoff(self, retry_number: int, rand: float) -> float:
        """The jittered step before retry ``retry_number`` (1-based); ``rand`` is a draw in [0, 1]."""
        exponent = min(max(retry_number, 1) - 1, 1023)  # 2**1024 overflows a float
        step = min(self.max_delay, self.base_delay * 2.0**exponent)
        share = min(max(rand, 0.0), 1.0)
        return step / 2.0 + step / 2.0 * share

    def wait(self, verdict: Verdict, retry_number: int, rand: float) -> float:
        """The wait before retry ``retry_number``: the jittered step, or the hint when that is longer."""
        step = self.backoff(retry_number, rand)
        if verdict.after is None or math.isnan(verdict.after):
            return step
        return max(step, verdict.after)

    def refusal(self, *, failed: int, wait: float, waited: float, remaining: float | None) -> Refusal | None:
        """Why the wait before the next try is not taken, or None when it may be.

        ``failed``: tries of this call that failed so far; ``waited``: seconds this call already
        waited; ``remaining``: seconds left before the deadline (None: no deadline).
        """
        if failed >= self.attempts:
            return Refusal.ATTEMPTS
        if wait > self.max_wait:
            return Refusal.TOO_LONG
        if waited + wait > self.max_total_wait:
            return Refusal.TOTAL
        if remaining is not None and wait > remaining:
            return Refusal.DEADLINE
        return None
