"""How the publisher reads a failed publish for the retry loop (:mod:`shared.retry`), and its bounds.

``PubSubUnavailable`` (no answer, 429, 5xx) is tried again, not before the ``Retry-After``; anything
else is Google's refusal and is raised at once. A publish that was sent but whose answer was lost may
be published twice: receivers are idempotent (they drain a queue in the journal).
"""

from __future__ import annotations

from shared.pubsub.errors import PubSubUnavailable
from shared.retry import GIVE_UP, RetryPolicy, Verdict, again_after

#: A publisher answers a hook: a Retry-After above 5 s is left to the next tick.
DEFAULT_RETRY = RetryPolicy(attempts=3, base_delay=0.25, max_delay=2.0, max_wait=5.0)


def classify(error: Exception) -> Verdict:
    """The verdict on one failed publish."""
    if isinstance(error, PubSubUnavailable):
        return again_after(error.retry_after)
    return GIVE_UP
