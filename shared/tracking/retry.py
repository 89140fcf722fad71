"""The one bounded retry of the tracking adapters: exponential backoff, full jitter, Retry-After.

Only ``ProviderUnavailable`` is retried (but not ``ReplyOutOfBounds``); everything else is an
answer. ``sleep`` and ``rand`` are injected so tests run instantly and deterministically.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from shared.tracking.errors import ProviderUnavailable, ReplyOutOfBounds

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """``attempts`` calls at most. Delays: ``rand() * min(max_delay, base_delay * 2**k)`` seconds, or
    the server's Retry-After. A Retry-After above ``max_retry_after`` is not waited for inside a
    tick (the function would time out): the error is raised and the next tick tries again."""

    attempts: int = 3
    base_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 30.0


DEFAULT_RETRY = RetryPolicy()


def with_retry(
    call: Callable[[], T],
    policy: RetryPolicy,
    *,
    sleep: Callable[[float], None],
    rand: Callable[[], float],
) -> T:
    """``call()``, retried on ``ProviderUnavailable`` within ``policy``; the last error is raised."""
    attempt = 0
    while True:
        attempt += 1
        try:
            return call()
        except ProviderUnavailable as exc:
            if attempt >= policy.attempts or isinstance(exc, ReplyOutOfBounds):
                raise
            if exc.retry_after is not None:
                if exc.retry_after > policy.max_retry_after:
                    raise
                delay = max(0.0, exc.retry_after)
            else:
                delay = rand() * min(policy.max_delay, policy.base_delay * 2 ** (attempt - 1))
            sleep(delay)
