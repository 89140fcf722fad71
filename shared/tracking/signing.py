"""Kuaidi100 signatures: MD5, upper-case hex, exact concatenations
(docs/platforms/couriers-and-tracking.md#kuaidi100-real-time-query, #kuaidi100-push-callback)."""

from __future__ import annotations

import hashlib
import hmac


def _md5_upper(text: str) -> str:
    return hashlib.md5(text.encode("utf-8"), usedforsecurity=False).hexdigest().upper()


def query_sign(param: str, key: str, customer: str) -> str:
    """``upper(md5(param + key + customer))`` over the exact ``param`` string that is sent."""
    return _md5_upper(param + key + customer)


def push_sign(param: str, salt: str) -> str:
    """``upper(md5(param + salt))`` over the raw ``param`` of a push."""
    return _md5_upper(param + salt)


def push_signature_ok(param: str, sign: str, salt: str) -> bool:
    """Constant-time check of a push's ``sign`` (case-insensitive hex)."""
    expected = push_sign(param, salt).encode("ascii")
    try:
        given = sign.strip().upper().encode("ascii")
    except UnicodeEncodeError:
        return False
    return hmac.compare_digest(expected, given)
