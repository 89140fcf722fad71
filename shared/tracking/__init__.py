"""Tracking providers (adapter): the Kuaidi100 client, its push callback, and the provider Protocol.

Only ``TrackingError`` subclasses leave this package; payload reading lives in the pure core
(``shared.logistics``) so the rules and tests share one reader.
"""

from shared.retry import RetryPolicy
from shared.tracking.errors import (
    PROVIDER_FAILURES,
    CredentialsRejected,
    NoResultYet,
    NumberLocked,
    PhoneRequired,
    PhoneVerificationFailed,
    ProviderUnavailable,
    PushRejected,
    QueryTooSoon,
    ReplyOutOfBounds,
    SignatureRejected,
    SubscriptionDuplicate,
    SubscriptionRefused,
    TrackingBadRequest,
    TrackingError,
)
from shared.tracking.kuaidi100 import PHONE_REQUIRED, Kuaidi100Client, Kuaidi100Config, phone_digits
from shared.tracking.provider import RecognisedCourier, TrackingProvider
from shared.tracking.push import ACK_BODY, PushReply, handle_push, verify_push
from shared.tracking.signing import push_sign, push_signature_ok, query_sign

__all__ = [
    "ACK_BODY",
    "PHONE_REQUIRED",
    "PROVIDER_FAILURES",
    "CredentialsRejected",
    "Kuaidi100Client",
    "Kuaidi100Config",
    "NoResultYet",
    "NumberLocked",
    "PhoneRequired",
    "PhoneVerificationFailed",
    "ProviderUnavailable",
    "PushRejected",
    "PushReply",
    "QueryTooSoon",
    "RecognisedCourier",
    "ReplyOutOfBounds",
    "RetryPolicy",
    "SignatureRejected",
    "SubscriptionDuplicate",
    "SubscriptionRefused",
    "TrackingBadRequest",
    "TrackingError",
    "TrackingProvider",
    "handle_push",
    "phone_digits",
    "push_sign",
    "push_signature_ok",
    "query_sign",
    "verify_push",
]
