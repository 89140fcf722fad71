"""How the Sheets client reads a failed request for the retry loop (:mod:`shared.retry`), and its bounds.

* 429 (``RESOURCE_EXHAUSTED``): again, not before the ``Retry-After``. Google refused it before
  processing, so even a non-idempotent call (``values:append``, ``spreadsheets.create``) is safe.
* 408, 5xx and no answer at all: again for idempotent calls only; an append or a create might have
  been applied already.
* ``SheetsQuotaShort`` (the shared quota buckets had no token in time; nothing was sent): raised at
  once, the gate has already waited as long as the invocation allows.
* anything else (400, 401/403, 404, refused credentials): raised at once.

gspread's own ``BackOffHTTPClient`` never gives up on 429/5xx; this policy does, after five tries,
a wait above 45 s, or 45 s of waits in one call (and never past the invocation's deadline).
"""

from __future__ import annotations

from shared.retry import GIVE_UP, RetryPolicy, Verdict, again_after
from shared.sheets.errors import SheetsQuotaShort, SheetsRateLimited, SheetsUnavailable

NON_IDEMPOTENT = frozenset({"values.append", "spreadsheets.create"})

DEFAULT_RETRY = RetryPolicy(attempts=5, base_delay=0.5, max_delay=16.0, max_wait=45.0, max_total_wait=45.0)


def classify(error: Exception, *, endpoint: str) -> Verdict:
    """The verdict on one failed request to the Sheets API method ``endpoint`` (``values.append`` ...)."""
    if isinstance(error, SheetsQuotaShort):  # never sent; the quota gate has waited all it may
        return GIVE_UP
    if isinstance(error, SheetsRateLimited):
        return again_after(error.retry_after)
    if isinstance(error, SheetsUnavailable) and endpoint not in NON_IDEMPOTENT:
        return again_after(error.retry_after)
    return GIVE_UP
