"""How the tracking client reads a failure for the retry loop (:mod:`shared.retry`), and its bounds.

Only ``ProviderUnavailable`` (server error or busy, HTTP 429/5xx, timeouts, unreadable replies) is
tried again, not before the ``Retry-After`` the provider sent. ``ReplyOutOfBounds`` is not: a provider
that drips its reply would hold the sync for every retry. Everything else is an answer.
"""

from __future__ import annotations

from shared.retry import GIVE_UP, RetryPolicy, Verdict, again_after
from shared.tracking.errors import ProviderUnavailable, ReplyOutOfBounds

#: Three tries; a Retry-After above 30 s is not waited for inside a tick (the next tick tries again).
DEFAULT_RETRY = RetryPolicy(attempts=3, base_delay=0.5, max_delay=8.0, max_wait=30.0)


def classify(error: Exception) -> Verdict:
    """The verdict on one failed request to the tracking provider."""
    if isinstance(error, ProviderUnavailable) and not isinstance(error, ReplyOutOfBounds):
        return again_after(error.retry_after)
    return GIVE_UP
