"""How the supplier API adapter reads a failed request for the retry loop (:mod:`shared.retry`).

A timeout or a connection error (any ``httpx.HTTPError``) and an answer of 408, 429 or 5xx are tried
again, not before the ``Retry-After`` the supplier sent; any other answer is returned to the adapter,
which reads it (2xx) or raises its error (4xx: retrying cannot fix it). ``send`` rebuilds the request
each time, so a signed query carries a fresh timestamp.

:class:`Unanswered` stands for a retryable answer inside the loop only: when the loop gives up, the
adapter raises ``SupplierUnavailable`` with the number of tries and the last failure.
"""

from __future__ import annotations

import httpx

from shared.retry import AGAIN, GIVE_UP, RetryPolicy, Verdict, again_after, parse_retry_after

# 408 and 429 are the supplier asking us to come back; 5xx is the supplier failing.
RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})

#: ``attempts`` comes from the supplier's row (max_attempts); a Retry-After above 30 s ends the pull
#: at once: a serverless tick must not sleep for minutes, the next tick tries again.
DEFAULT_RETRY = RetryPolicy(attempts=4, base_delay=0.5, max_delay=8.0, max_wait=30.0)


class Unanswered(Exception):
    """A retryable answer (408/429/5xx); never leaves the adapter."""

    def __init__(self, status: int, request_id: str | None, retry_after: float | None) -> None:
        wait = f", asks to retry after {retry_after:.0f} s" if retry_after is not None else ""
        super().__init__(f"HTTP {status}{wait}")
        self.status, self.request_id, self.retry_after = status, request_id, retry_after


def answered(response: httpx.Response, now: float) -> httpx.Response:
    """``response`` when retrying cannot change it; :class:`Unanswered` when it can. ``now``: wall clock."""
    if response.status_code not in RETRYABLE_STATUSES:
        return response
    retry_after = parse_retry_after(response.headers.get("Retry-After"), now)
    raise Unanswered(response.status_code, response.headers.get("X-Request-Id"), retry_after)


def classify(error: Exception) -> Verdict:
    """The verdict on one failed request to a supplier's API."""
    if isinstance(error, Unanswered):
        return again_after(error.retry_after)
    if isinstance(error, httpx.HTTPError):
        return AGAIN
    return GIVE_UP
