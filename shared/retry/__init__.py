"""The one retry module of the project: every adapter's retries go through it.

    policy.py       RetryPolicy (attempts, backoff with one jitter rule, longest wait, total wait),
                    Verdict (an adapter's reading of a failure: give up / again / refresh), pure
    retry_after.py  parse_retry_after: delta-seconds and HTTP-date, the wall clock passed in
    deadline.py     Deadline, opened once per invocation (within) and read by every loop inside it
    loop.py         call: the loop, run by tenacity (imported nowhere else)

An adapter supplies only ``classify(error) -> Verdict`` and its policy's numbers; the failure that
ends a call is the adapter's own exception, raised unchanged.
"""

from shared.retry.deadline import Deadline, active_deadline, carry, within
from shared.retry.loop import call
from shared.retry.policy import AGAIN, GIVE_UP, REFRESH, Refusal, RetryPolicy, Verdict, again_after
from shared.retry.retry_after import parse_retry_after

__all__ = [
    "AGAIN",
    "GIVE_UP",
    "REFRESH",
    "Deadline",
    "Refusal",
    "RetryPolicy",
    "Verdict",
    "active_deadline",
    "again_after",
    "call",
    "carry",
    "parse_retry_after",
    "within",
]
