"""The one retry policy of the WeChat Shop client.

:func:`call_with_retry` is the only place that decides whether to try a call again and how long to
wait. It is bounded (``max_attempts`` and a cap on any single wait), uses exponential backoff with
jitter, and honours a ``Retry-After`` the platform sent. Sleep, randomness and the wall clock are
injected so tests never sleep.

What is retried (see each error's docstring):

* ``-1`` busy, ``100003`` concurrent update, HTTP 5xx/429: backoff ``base * 2**n`` with jitter.
* ``45011`` per-minute quota: wait until the next minute boundary (or ``Retry-After``), when that wait
  fits under ``max_delay``; otherwise raise.
* transport errors: only when the request never reached the server, or the call is idempotent.
* anything else (including ``45009`` daily quota and every business error): raised at once.

Token refresh-and-replay (40001/40014/42001) is not a retry: the client does it once per call.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from shared.wechat.errors import MinuteQuotaError, TransportError, WeChatError

T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    """Bounds of the retry loop. ``jitter`` is the fraction of each backoff that is randomised."""

    max_attempts: int = 5
    base_delay: float = 1.0
    max_delay: float = 65.0
    jitter: float = 0.5

    def backoff(self, retry_number: int, rand: float) -> float:
        """Wait before retry number ``retry_number`` (1-based), given ``rand`` in [0, 1)."""
        raw: float = min(self.max_delay, self.base_delay * 2.0 ** (retry_number - 1))
        return raw * (1.0 - self.jitter) + raw * self.jitter * rand


NO_RETRY = RetryPolicy(max_attempts=1)


def delay_for(
    error: WeChatError,
    retry_number: int,
    policy: RetryPolicy,
    *,
    idempotent: bool,
    rand: float,
    now: float,
) -> float | None:
    """How long to wait before retrying after ``error``, or None when it must not be retried."""
    if not error.retryable:
        return None
    if isinstance(error, TransportError) and error.request_sent and not idempotent:
        return None
    wait = policy.backoff(retry_number, rand)
    if isinstance(error, MinuteQuotaError) and error.retry_after is None:
        # 45011 "must slower retry next minute": wait for the next minute boundary, plus a little.
        wait = max(wait, 60.0 - (now % 60.0) + 1.0)
    if error.retry_after is not None:
        wait = max(wait, error.retry_after)
    if wait > policy.max_delay:
        return None
    return wait


def call_with_retry(
    fn: Callable[[], T],
    policy: RetryPolicy,
    *,
    idempotent: bool = True,
    sleep: Callable[[float], None] = time.sleep,
    rand: Callable[[], float] = random.random,
    clock: Callable[[], float] = time.time,
) -> T:
    """Call ``fn`` until it succeeds, raises a non-retryable error, or ``policy`` is exhausted.

    Only :class:`WeChatError` is caught; the last one is re-raised unchanged.
    """
    attempt = 1
    while True:
        try:
            return fn()
        except WeChatError as error:
            if attempt >= policy.max_attempts:
                raise
            wait = delay_for(error, attempt, policy, idempotent=idempotent, rand=rand(), now=clock())
            if wait is None:
                raise
            sleep(wait)
            attempt += 1
