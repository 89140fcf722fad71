"""Who is calling: verify a Google-signed OIDC ID token (``Authorization: Bearer <token>``).

Used by ``sync_now``, the private "sync now" function. In the cloud, IAM (run.invoker) already lets
only allowed callers through; this check is the second lock, so that a mistaken public binding or a
local run never turns "sync now" into an open endpoint. The token must:

* be signed by one of the keys published at ``certs_url`` (Google's ``/oauth2/v1/certs`` by default;
  ``WAYBILL_OIDC_CERTS_URL`` points tests at a key server on loopback), RS256 only;
* be current (``iat``/``exp``), come from Google (``iss``), and be meant for us (``aud`` is one of
  ``WAYBILL_SYNC_AUDIENCE``, comma-separated: the function's URL);
* carry one of the e-mails listed in ``WAYBILL_SYNC_CALLERS``, verified. An empty list refuses
  every call (503): any Google account can mint a token for any audience, so "anyone with the
  audience" would mean anyone at all.

Only the ``Authorization`` header is accepted: Cloud Run strips the signature from a token sent in
``X-Serverless-Authorization`` before it reaches us, so such a token cannot be verified here.
Without ``WAYBILL_SYNC_AUDIENCE`` or ``WAYBILL_SYNC_CALLERS`` every call is refused (503): fail closed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import httpx
from google.auth import exceptions as auth_exceptions
from google.auth import jwt

from shared.domain.text import Bilingual

GOOGLE_CERTS_URL = "https://www.googleapis.com/oauth2/v1/certs"
GOOGLE_ISSUERS = ("https://accounts.google.com", "accounts.google.com")
CERTS_TTL = 3600.0  # Google rotates keys over days; a new key id triggers a refetch anyway


class CallerRefused(Exception):
    """The call must be refused. ``status``: 401 no credentials, 403 bad credentials, 503 not set up."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Caller:
    subject: str
    email: str


@dataclass(frozen=True)
class OidcSettings:
    audiences: tuple[str, ...]
    certs_url: str = GOOGLE_CERTS_URL
    allowed_emails: tuple[str, ...] = ()

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> OidcSettings:
        def items(name: str) -> tuple[str, ...]:
            return tuple(p.strip() for p in env.get(name, "").split(",") if p.strip())

        return cls(
            audiences=items("WAYBILL_SYNC_AUDIENCE"),
            certs_url=env.get("WAYBILL_OIDC_CERTS_URL", "").strip() or GOOGLE_CERTS_URL,
            allowed_emails=items("WAYBILL_SYNC_CALLERS"),
        )


class CertCache:
    """The public certificates by key id, fetched with a timeout and kept for ``CERTS_TTL``."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, timeout: float = 5.0) -> None:
        self._clock = clock
        self._timeout = timeout
        self._lock = threading.Lock()
        self._certs: dict[str, tuple[float, dict[str, str]]] = {}

    def get(self, url: str, *, refresh: bool = False) -> dict[str, str]:
        with self._lock:
            cached = self._certs.get(url)
            if cached is not None and cached[0] > self._clock() and not refresh:
                return cached[1]
        certs = self._fetch(url)
        with self._lock:
            self._certs[url] = (self._clock() + CERTS_TTL, certs)
        return certs

    def _fetch(self, url: str) -> dict[str, str]:
        last: Exception | None = None
        for _attempt in range(2):  # bounded: one retry of a transport error
            try:
                answer = httpx.get(url, timeout=self._timeout)
                answer.raise_for_status()
                body = answer.json()
                if not isinstance(body, dict) or not all(isinstance(v, str) for v in body.values()):
                    raise ValueError("not a {key id: certificate} object")
                return {str(k): v for k, v in body.items()}
            except (httpx.HTTPError, ValueError) as exc:
                last = exc
        raise CallerRefused(
            503, Bilingual("无法获取签名证书", f"cannot fetch the signing certificates: {last}").joined()
        )


_CERTS = CertCache()


def _bearer(headers: Mapping[str, str]) -> str:
    value = headers.get("Authorization", "")
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise CallerRefused(
            401,
            Bilingual(
                "需要 Google 身份令牌", "a Google ID token is required (Authorization: Bearer)"
            ).joined(),
        )
    return token.strip()


def _decode(token: str, settings: OidcSettings, certs: CertCache) -> Mapping[str, Any]:
    try:
        header = jwt.decode_header(token) if token.count(".") == 2 else {}  # type: ignore[no-untyped-call]
    except (auth_exceptions.GoogleAuthError, ValueError):
        header = {}
    if not isinstance(header, dict) or header.get("alg") != "RS256":
        raise CallerRefused(403, Bilingual("令牌格式不对", "not an RS256 ID token").joined())
    audiences: Sequence[str] = list(settings.audiences)
    for refresh in (False, True):  # an unknown key id: the keys rotated, fetch them once more
        try:
            keys = certs.get(settings.certs_url, refresh=refresh)
            claims: Mapping[str, Any] = jwt.decode(token, certs=keys)  # type: ignore[no-untyped-call]
        except auth_exceptions.MalformedError as exc:
            if "not found" in str(exc) and not refresh:
                continue
            raise CallerRefused(
                403, Bilingual("令牌签名无效", "the token's signature is not valid").joined()
            ) from exc
        except (auth_exceptions.InvalidValue, ValueError) as exc:
            raise CallerRefused(
                403, Bilingual("令牌无效或已过期", "the token is invalid or expired").joined()
            ) from exc
        if claims.get("aud") not in audiences:
            raise CallerRefused(
                403, Bilingual("令牌不是发给本函数的", "the token is for another audience").joined()
            )
        return claims
    raise CallerRefused(403, Bilingual("令牌签名无效", "the token's signature is not valid").joined())


def verify_caller(headers: Mapping[str, str], settings: OidcSettings, certs: CertCache = _CERTS) -> Caller:
    """The verified caller, or ``CallerRefused`` with the HTTP status to answer."""
    if not settings.audiences:
        raise CallerRefused(
            503, Bilingual("缺少设置", "missing setting: WAYBILL_SYNC_AUDIENCE (the function's URL)").joined()
        )
    if not settings.allowed_emails:
        raise CallerRefused(
            503,
            Bilingual(
                "没有设置谁可以调用，本函数拒绝所有调用；请在部署设置 sync_now_invokers 中列出调用者。",
                "missing setting: WAYBILL_SYNC_CALLERS "
                "(no caller is allowed until sync_now_invokers lists one)",
            ).joined(),
        )
    claims = _decode(_bearer(headers), settings, certs)
    if claims.get("iss") not in GOOGLE_ISSUERS:
        raise CallerRefused(
            403, Bilingual("令牌不是 Google 签发的", "the token was not issued by Google").joined()
        )
    email = str(claims.get("email", ""))
    verified = email in settings.allowed_emails and claims.get("email_verified") is True
    if not verified:
        raise CallerRefused(403, Bilingual("调用者未获授权", "this caller may not run a sync").joined())
    return Caller(subject=str(claims.get("sub", "")), email=email)
