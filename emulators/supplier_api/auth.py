"""Who may call the supplier API: a bearer token, or an HMAC-SHA256 signed query.

Signed query: the caller adds ``app_key``, ``timestamp`` (epoch seconds, wall clock) and ``sign``.
``sign`` is the lowercase hex HMAC-SHA256, keyed with the app secret, of every other query
parameter sorted by name and joined as ``k1=v1&k2=v2`` with raw (URL-decoded) values.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Denied:
    """Why a call was refused: HTTP status, the supplier's error code and message."""

    status: int
    code: int
    message: str


def canonical(params: dict[str, str]) -> str:
    return "&".join(f"{key}={params[key]}" for key in sorted(params) if key != "sign")


def expected_sign(secret: str, params: dict[str, str]) -> str:
    return hmac.new(secret.encode(), canonical(params).encode(), hashlib.sha256).hexdigest()


def check(
    authorization: str | None,
    params: dict[str, str],
    tokens: set[str],
    apps: dict[str, str],
    sign_window: float,
) -> tuple[str, Denied | None]:
    """Return the auth mode used ("bearer", "sign" or "none") and the refusal, if any."""
    if authorization:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or token.strip() not in tokens:
            return "bearer", Denied(401, 40101, "invalid access token")
        return "bearer", None
    if "sign" not in params:
        return "none", Denied(401, 40100, "missing credentials: send a bearer token or a signed query")
    secret = apps.get(params.get("app_key", ""))
    if secret is None:
        return "sign", Denied(401, 40102, "unknown app_key")
    try:
        stamp = float(params.get("timestamp", ""))
    except ValueError:
        return "sign", Denied(401, 40103, "timestamp missing or not a number")
    if sign_window and abs(time.time() - stamp) > sign_window:
        return "sign", Denied(401, 40103, "timestamp outside the allowed window")
    if not hmac.compare_digest(expected_sign(secret, params), params["sign"].lower()):
        return "sign", Denied(401, 40104, "signature mismatch")
    return "sign", None
