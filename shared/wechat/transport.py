"""One HTTP exchange with the platform, turned into a JSON object or a :class:`WeChatError`.

No httpx exception leaves this module: every one becomes a :class:`TransportError` (or its timeout
subclass) whose message names the API path and the error kind only; the URL (which carries the
access token) is never put in a message, and the exception chain to httpx is cut for the same reason.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from typing import Any

import httpx

from shared.retry import parse_retry_after
from shared.wechat.errors import (
    HttpStatusError,
    IpNotAllowedError,
    ProtocolError,
    RequestTimeoutError,
    ServerError,
    TransportError,
    WeChatError,
    error_for,
)
from shared.wechat.jsonexact import loads

log = logging.getLogger(__name__)

# Errors raised before a single byte of the request could have reached the server.
_URL_CACHE = 64  # parsed URLs kept (paths x live tokens)
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)


class Transport:
    """Sends requests to ``base_url`` with a timeout on every call."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float,
        max_connections: int,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._clock = clock
        self._urls: dict[tuple[str, tuple[tuple[str, str], ...]], httpx.URL] = {}
        self._http = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
            limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections),
            headers={"Accept": "application/json"},
            trust_env=False,
        )

    def close(self) -> None:
        self._http.close()

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        body: Mapping[str, Any] | None = None,
        token_call: bool = False,
    ) -> dict[str, Any]:
        """Do one exchange; return the JSON object of a success, raise the mapped error otherwise."""
        try:
            response = self._http.request(method, self._url(path, params), json=body)
        except httpx.TimeoutException as exc:
            raise RequestTimeoutError(
                f"timeout ({type(exc).__name__}) calling the platform",
                path=path,
                request_sent=not isinstance(exc, _NOT_SENT),
            ) from None
        except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError) as exc:
            raise TransportError(
                f"{type(exc).__name__} calling the platform",
                path=path,
                request_sent=not isinstance(exc, _NOT_SENT),
            ) from None
        return self._decode(response, path, token_call)

    def _url(self, path: str, params: Mapping[str, str] | None) -> httpx.URL:
        """The URL for a path and query, parsed once: httpx checks a URL character by character (the
        token is long), ~0.2 ms a call when a tick reads thousands of order details; the token
        changes every two hours or so, so a few entries serve them all."""
        key = (path, tuple(sorted(params.items())) if params else ())
        url = self._urls.get(key)
        if url is None:
            if len(self._urls) >= _URL_CACHE:
                self._urls.clear()  # tokens of the past
            url = httpx.URL(self.base_url + path, params=dict(params) if params else None)
            self._urls[key] = url
        return url

    def _decode(self, response: httpx.Response, path: str, token_call: bool) -> dict[str, Any]:
        status = response.status_code
        retry_after = parse_retry_after(response.headers.get("Retry-After"), self._clock())
        try:
            data = loads(response.content)
        except (ValueError, UnicodeDecodeError):
            data = None
        if isinstance(data, dict):
            errcode = data.get("errcode", 0)
            if isinstance(errcode, int) and not isinstance(errcode, bool) and errcode != 0:
                errmsg = data.get("errmsg")
                platform_error = error_for(
                    errcode,
                    errmsg if isinstance(errmsg, str) else "",
                    path=path,
                    http_status=status,
                    retry_after=retry_after,
                    token_call=token_call,
                )
                log.info("wechat %s -> errcode %s rid %s", path, errcode, platform_error.rid)
                raise platform_error
        error: WeChatError | None = None
        if status == 403:
            error = IpNotAllowedError(None, "HTTP 403 from the gateway (IP allowlist?)", http_status=403)
        elif status == 429 or status >= 500:
            error = ServerError(None, f"HTTP {status} from the gateway", http_status=status)
        elif status != 200:
            error = HttpStatusError(None, f"HTTP {status} from the gateway", http_status=status)
        elif not isinstance(data, dict):
            error = ProtocolError(None, "the answer is not a JSON object", http_status=status)
        if error is not None:
            error.path = path
            error.retry_after = retry_after
            log.info("wechat %s -> %s", path, error)
            raise error
        assert isinstance(data, dict)
        return data
