"""The one place where a supplier request is retried: bounded, exponential backoff with jitter,
honouring Retry-After. Sleep, randomness and the wall clock are injected so tests never wait.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

from shared.suppliers.errors import SupplierUnavailable

# 408 and 429 are the supplier asking us to come back; 5xx is the supplier failing.
RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """``max_attempts`` counts the first try. A Retry-After longer than ``max_retry_after`` ends the
    pull at once: a serverless tick must not sleep for minutes; the next tick will try again.
    """

    max_attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 30.0


def backoff(attempt: int, policy: RetryPolicy, rand: Callable[[], float]) -> float:
    """Delay before retry ``attempt`` (1-based): base * 2^(attempt-1), capped, with "equal jitter"
    (between half and all of it) so that many functions retrying together spread out.
    """
    ceiling = min(policy.max_delay, policy.base_delay * 2.0 ** (attempt - 1))
    return float(ceiling / 2 + rand() * ceiling / 2)


def retry_after_seconds(value: str | None, now: Callable[[], float]) -> float | None:
    """Retry-After as seconds from now: a number of seconds or an HTTP date; None if absent or unreadable."""
    if value is None or not value.strip():
        return None
    raw = value.strip()
    try:
        return max(0.0, float(raw))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.fromtimestamp(now(), UTC)).total_seconds())


def send_with_retry(
    send: Callable[[], httpx.Response],
    policy: RetryPolicy,
    *,
    supplier_id: str,
    sleep: Callable[[float], None] = time.sleep,
    rand: Callable[[], float],
    now: Callable[[], float] = time.time,
) -> httpx.Response:
    """Call ``send`` until it answers with a non-retryable status, at most ``policy.max_attempts`` times.

    Returns that response (2xx or a 4xx that retrying cannot fix). Raises SupplierUnavailable when
    every attempt failed (timeouts, connection errors, 408/429/5xx); no httpx error escapes.
    ``send`` must rebuild the request each time (a signed query carries a fresh timestamp).
    """
    last = "no attempt"
    for attempt in range(1, policy.max_attempts + 1):
        wait: float | None = None
        request_id: str | None = None
        status: int | None = None
        try:
            response = send()
        except httpx.HTTPError as exc:
            # The message of a transport error is safe to show; the URL (with a signature) is not.
            last = f"{type(exc).__name__}: {exc}"
        else:
            if response.status_code not in RETRYABLE_STATUSES:
                return response
            status = response.status_code
            request_id = response.headers.get("X-Request-Id")
            last = f"HTTP {status}"
            wait = retry_after_seconds(response.headers.get("Retry-After"), now)
            if wait is not None and wait > policy.max_retry_after:
                raise SupplierUnavailable(
                    f"supplier asks to retry after {wait:.0f}s; giving up for this tick",
                    supplier_id=supplier_id,
                    code=status,
                    request_id=request_id,
                )
        if attempt == policy.max_attempts:
            raise SupplierUnavailable(
                f"supplier API failed {attempt} times; last: {last}",
                supplier_id=supplier_id,
                code=status,
                request_id=request_id,
            )
        sleep(wait if wait is not None else backoff(attempt, policy, rand))
    raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises
