"""The 1688 signatures (docs/platforms/supplier-apis.md#1688), pure.

API calls: ``HEX_UPPER(HMAC_SHA1(app_secret, url_path + joined))``; ``url_path`` is
``param2/{ver}/{namespace}/{name}/{app_key}`` (no ``/openapi/``), ``joined`` every parameter but
``_aop_signature`` written ``key + value`` with raw (not URL-encoded) values, those strings sorted
and joined with nothing between. This is the official SDKs' order (sorting the joined strings, not
the keys); for a key that prefixes another the two orders differ, and we copy the SDK.

Pushes: ``HEX_UPPER(HMAC_SHA1(app_secret, "message" + message))`` over the raw form field.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping


def _mac(secret: str, text: str) -> str:
    return hmac.new(secret.encode("utf-8"), text.encode("utf-8"), hashlib.sha1).hexdigest().upper()


def api_signature(secret: str, url_path: str, params: Mapping[str, str]) -> str:
    joined = "".join(sorted(key + value for key, value in params.items() if key != "_aop_signature"))
    return _mac(secret, url_path + joined)


def push_signature(secret: str, message: str) -> str:
    return _mac(secret, "message" + message)


def push_is_signed(secret: str, message: str, signature: str) -> bool:
    """Whether a push's ``_aop_signature`` is the one ``message`` (the raw form value) must carry."""
    expected = push_signature(secret, message).encode()
    return hmac.compare_digest(signature.strip().upper().encode(), expected)
