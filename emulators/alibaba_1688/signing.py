"""The two 1688 signatures, computed here on the emulator's side of the wire (README.md).

* API calls: ``HEX_UPPER(HMAC_SHA1(appSecret, urlPath + joined))`` where ``urlPath`` is
  ``param2/{ver}/{namespace}/{name}/{appKey}`` (no ``/openapi/``) and ``joined`` is every parameter
  but ``_aop_signature`` written ``key + value`` (raw values), the strings sorted and joined with
  nothing between them (the official SDKs' rule). Some clients sort by key instead; the two differ
  only when one key is a prefix of another, and the gateway here accepts that order too and says so
  in its call log.
* Push messages: the parameters-only rule over the one form field ``message``:
  ``HEX_UPPER(HMAC_SHA1(appSecret, "message" + message))``.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping


def _mac(secret: str, text: str) -> str:
    return hmac.new(secret.encode("utf-8"), text.encode("utf-8"), hashlib.sha1).hexdigest().upper()


def api_signature(secret: str, url_path: str, params: Mapping[str, str], *, by_key: bool = False) -> str:
    """The ``_aop_signature`` of a call to ``url_path`` with ``params`` (``_aop_signature`` ignored)."""
    pairs = [(key, value) for key, value in params.items() if key != "_aop_signature"]
    if by_key:
        joined = "".join(key + value for key, value in sorted(pairs))
    else:
        joined = "".join(sorted(key + value for key, value in pairs))
    return _mac(secret, url_path + joined)


def push_signature(secret: str, message: str) -> str:
    """The ``_aop_signature`` of a push whose form field ``message`` is ``message`` (raw text)."""
    return _mac(secret, "message" + message)


def matches(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.upper().encode(), expected.encode())
