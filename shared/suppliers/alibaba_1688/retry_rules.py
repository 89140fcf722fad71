"""How the 1688 client reads a failed try for the retry loop (:mod:`shared.retry`).

* Rate limits (``gw.QosAppFrequencyLimit``, ``gw.QosApiFrequencyLimit``), backend failures
  (``gw.ISPInvokeError``, ``gw.ISPInvokeTimeout``), HTTP 408/429/5xx and transport errors: again,
  after any ``Retry-After`` the gateway sent (1688 documents no rate numbers, so the backoff decides).
* HTTP 401 (``error_code "401"``, the token expired or was revoked): refresh the access token and try
  at once, at most once per call (the loop's rule); a second 401 ends the call.
* Everything else (signature, app key, ACL, parameters, unknown API): give up, retrying cannot help.

:class:`GatewayRefusal` stands for a gateway answer inside the loop only; the client turns the last
one into its exception family.
"""

from __future__ import annotations

import httpx

from shared.retry import AGAIN, GIVE_UP, REFRESH, RetryPolicy, Verdict, again_after

RETRYABLE_CODES = frozenset(
    {"gw.QosAppFrequencyLimit", "gw.QosApiFrequencyLimit", "gw.ISPInvokeError", "gw.ISPInvokeTimeout"}
)
RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
#: The gateway's "token expired or missing" answer (HTTP 401, error_code "401").
STALE_TOKEN = "401"

#: A Retry-After above 30 s ends the pull at once: a serverless tick must not sleep for minutes.
DEFAULT_RETRY = RetryPolicy(attempts=4, base_delay=0.5, max_delay=8.0, max_wait=30.0)


class GatewayRefusal(Exception):
    """A gateway error answer (``{error_code, error_message, request_id}`` or a bare status)."""

    def __init__(
        self, status: int, code: str, message: str, request_id: str | None, retry_after: float | None
    ) -> None:
        super().__init__(f"HTTP {status} {code}: {message}"[:300])
        self.status, self.code, self.message = status, code, message
        self.request_id, self.retry_after = request_id, retry_after

    @property
    def stale_token(self) -> bool:
        return self.status == 401 or self.code == STALE_TOKEN

    @property
    def retryable(self) -> bool:
        return self.code in RETRYABLE_CODES or self.status in RETRYABLE_STATUSES


def classify(error: Exception, *, may_refresh: bool = True) -> Verdict:
    """The verdict on one failed try; ``may_refresh`` is False once this call refreshed already."""
    if isinstance(error, GatewayRefusal):
        if error.stale_token:
            return REFRESH if may_refresh else GIVE_UP
        if error.retryable:
            return again_after(error.retry_after)
        return GIVE_UP
    if isinstance(error, httpx.HTTPError):
        return AGAIN
    return GIVE_UP
