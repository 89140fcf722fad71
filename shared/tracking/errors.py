"""The tracking adapters' exception family. No raw httpx error leaves ``shared.tracking``.

The root carries the provider's ``returnCode`` (a string, as Kuaidi100 sends it; empty for transport failures)
and its message. Kuaidi100 reuses numbers with different meanings across endpoints (501 is "server error" on
query but "duplicate" on subscribe: docs/platforms/couriers-and-tracking.md), so the client maps per endpoint;
callers only catch these classes.
"""

from __future__ import annotations

from datetime import datetime


class TrackingError(Exception):
    """Root: ``return_code`` and ``message`` as the provider sent them. Never holds credentials."""

    def __init__(self, message: str, *, return_code: str = "", provider: str = "kuaidi100") -> None:
        super().__init__(message)
        self.message = message
        self.return_code = return_code
        self.provider = provider

    def __str__(self) -> str:
        code = f" returnCode={self.return_code}" if self.return_code else ""
        return f"{self.provider}: {self.message}{code}"


class TrackingBadRequest(TrackingError):
    """Bad or incomplete data, or an unknown courier code (query 400, subscribe 700, autonumber 201)."""


class PhoneRequired(TrackingBadRequest):
    """The courier needs the recipient's phone digits (SF, Fengwang, ZTO) and none were given; not sent."""


class SubscriptionRefused(TrackingBadRequest):
    """Subscribe 701 (the courier refuses) or 702 (the provider cannot tell the courier)."""


class PhoneVerificationFailed(TrackingError):
    """Query 408: the phone digits do not match the waybill (快递公司参数异常：验证码错误)."""


class NoResultYet(TrackingError):
    """Query 500: nothing known for this number yet. Not retried: ask again after the interval."""


class NumberLocked(NoResultYet):
    """The provider locked the number for querying too often (锁单). Kuaidi100 does not document the
    reply, so it is recognised by 锁 in a no-result message [U]; never retried within the interval."""


class ProviderUnavailable(TrackingError):
    """Server error or busy (query 501/502, subscribe 500), HTTP 429/5xx, timeouts, unreadable replies.

    The only retryable kind; ``retry_after`` (seconds) is set when the server said how long to wait.
    """

    def __init__(
        self,
        message: str,
        *,
        return_code: str = "",
        provider: str = "kuaidi100",
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, return_code=return_code, provider=provider)
        self.retry_after = retry_after


class ReplyOutOfBounds(ProviderUnavailable):
    """The reply was larger than the cap or still arriving at the deadline: nothing of it is used, and
    it is not retried within the tick (a provider that drips would hold the sync for every retry)."""


class SignatureRejected(TrackingError):
    """Query 503: the provider rejected our signature (wrong key or customer in the settings)."""


class CredentialsRejected(TrackingError):
    """Key invalid, expired or out of balance (601; subscribe 600; autonumber 601/701). Fix the settings."""


class SubscriptionDuplicate(TrackingError):
    """Subscribe 501: the number is already being tracked (or the monthly limit of 4 is used up)."""


class QueryTooSoon(TrackingError):
    """Refused locally, not sent: the number was queried less than the provider's interval ago."""

    def __init__(self, message: str, *, next_allowed_at: datetime, provider: str = "kuaidi100") -> None:
        super().__init__(message, provider=provider)
        self.next_allowed_at = next_allowed_at


class PushRejected(TrackingError):
    """A push we must refuse: bad signature, not form-encoded, or no readable ``param``."""


#: Errors that say the provider (or our account with it) is failing, not the parcel: while they
#: last, the sync tick sets ``ParcelWatch.provider_failing`` so time-based rules hold
#: (docs/platforms/couriers-and-tracking.md#thresholds).
PROVIDER_FAILURES: tuple[type[TrackingError], ...] = (
    ProviderUnavailable,
    SignatureRejected,
    CredentialsRejected,
)
