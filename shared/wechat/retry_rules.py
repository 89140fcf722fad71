"""How the WeChat Shop client reads a failure for the retry loop (:mod:`shared.retry`), and its bounds.

* ``-1`` busy, ``100003`` concurrent update, HTTP 5xx/429: again, not before a ``Retry-After``.
* ``45011`` per-minute quota: again, not before the next minute boundary plus a second (or the
  ``Retry-After``); a wait above the policy's longest wait is not taken, the error is raised.
* transport errors: again only when the request never reached the server, or the call is idempotent
  (a write whose answer was lost is read back by the client instead).
* ``40001``/``40014``/``42001`` stale token: refresh it and replay the call, once per call.
* anything else (``45009`` daily quota, credentials, every business error): raised at once.

Which errors are retryable is each error class's ``retryable`` attribute (shared/wechat/errors.py).
"""

from __future__ import annotations

from shared.retry import GIVE_UP, REFRESH, RetryPolicy, Verdict, again_after
from shared.wechat.errors import MinuteQuotaError, TokenInvalidError, TransportError, WeChatError

#: Five tries; a wait may reach 65 s so that a 45011 can wait for the next minute.
DEFAULT_RETRY = RetryPolicy(attempts=5, base_delay=1.0, max_delay=16.0, max_wait=65.0)


def classify(error: Exception, *, idempotent: bool, now: float) -> Verdict:
    """The verdict on ``error`` for a call that is ``idempotent`` or not; ``now``: wall clock seconds."""
    if isinstance(error, TokenInvalidError):
        return REFRESH
    if not isinstance(error, WeChatError) or not error.retryable:
        return GIVE_UP
    if isinstance(error, TransportError) and error.request_sent and not idempotent:
        return GIVE_UP
    hint = error.retry_after
    if hint is None and isinstance(error, MinuteQuotaError):
        # 45011 "must slower retry next minute": the quota opens at the next minute boundary.
        hint = 60.0 - (now % 60.0) + 1.0
    return again_after(hint)
