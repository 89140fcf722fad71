"""The typed 1688 client: signed gateway calls with the buyer's token, refreshed when needed.

``Alibaba1688Client(config)`` speaks the buyer-side subset the product reads
(docs/platforms/supplier-apis.md#1688): the order list (paged), order detail, a purchase order's
parcels (getLogisticsInfos), the courier list and the replay of missed push messages. Each call is
a form-encoded POST to ``{base}/openapi/param2/1/{namespace}/{name}/{app_key}`` carrying
``access_token``, ``_aop_timestamp`` (ms) and ``_aop_signature``, rebuilt on every try (a fresh
timestamp and token).

The access token lives in memory only: the first call (or one after it expired) gets one with the
refresh token, and a 401 refreshes it once more at most per call (then the call fails with
``AlibabaAuthError``: a person must authorize again). Retries go through :mod:`shared.retry` with
``retry_rules.classify``. Every failure is this package's exception family (``errors.py``).
"""

from __future__ import annotations

import contextlib
import json
import random
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

import httpx

from shared import retry
from shared.bounded_http import (
    DEFAULT_DEADLINE_SECONDS,
    DEFAULT_MAX_BYTES,
    AnswerTooLarge,
    AnswerTooSlow,
    read_bounded,
)
from shared.retry import RetryPolicy, parse_retry_after
from shared.suppliers.alibaba_1688 import retry_rules
from shared.suppliers.alibaba_1688.config import AlibabaConfig
from shared.suppliers.alibaba_1688.errors import (
    AlibabaAuthError,
    AlibabaBusinessError,
    AlibabaDataError,
    AlibabaError,
    AlibabaRequestError,
    AlibabaUnavailable,
)
from shared.suppliers.alibaba_1688.retry_rules import GatewayRefusal
from shared.suppliers.alibaba_1688.signing import api_signature

TRADE = "com.alibaba.trade"
LOGISTICS = "com.alibaba.logistics"  # the buyer-side logistics APIs, though named alibaba.trade.*
PUSH = "cn.alibaba.open"
#: Renew the access token this long before 1688 says it expires (clocks drift; a call takes time).
EXPIRY_MARGIN = 300.0
#: Codes that mean the app itself may not call the API: a person must ask 1688, not retry.
NOT_ALLOWED = frozenset({"gw.APIACLDecline", "gw.NoUsageLeftError"})


@dataclass(frozen=True, slots=True)
class OrderPage:
    orders: list[dict[str, Any]]
    total: int | None


class Alibaba1688Client:
    """Use as a context manager, or close(). ``clock`` is the wall clock (epoch seconds)."""

    def __init__(
        self,
        config: AlibabaConfig,
        *,
        client: httpx.Client | None = None,
        policy: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rand: Callable[[], float] = random.random,
        clock: Callable[[], float] = time.time,
        max_body_bytes: int = DEFAULT_MAX_BYTES,
        deadline_seconds: float = DEFAULT_DEADLINE_SECONDS,
    ) -> None:
        self.config = config
        self.policy = policy or replace(retry_rules.DEFAULT_RETRY, attempts=config.max_attempts)
        self._http = client or httpx.Client(timeout=httpx.Timeout(config.timeout_seconds), trust_env=False)
        self._owns = client is None
        self._sleep, self._rand, self._clock = sleep, rand, clock
        self._max_bytes, self._deadline = max_body_bytes, deadline_seconds
        self._access: str | None = None
        self._expires_at = 0.0
        self._refresh_token = config.refresh_token.reveal() if config.refresh_token else None
        self.refreshes = 0  # token refreshes made (tests count them)
        self.calls = 0  # gateway calls sent, retries included

    def __repr__(self) -> str:
        return f"Alibaba1688Client(supplier_id={self.config.supplier_id!r}, base={self.config.base_url!r})"

    def close(self) -> None:
        if self._owns:
            self._http.close()

    def __enter__(self) -> Alibaba1688Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the APIs ---------------------------------------------------------------------------------

    def order_page(self, page: int, **filters: str) -> OrderPage:
        """One page of the buyer's orders, newest first (``orderStatus``, ``modifyStartTime`` ...)."""
        params = {"page": str(page), "pageSize": str(self.config.page_size), **filters}
        body = self.call(TRADE, "alibaba.trade.getBuyerOrderList", params)
        orders = body.get("result") or []
        if not isinstance(orders, list) or not all(isinstance(o, dict) for o in orders):
            raise self._data("the order list's result is not a list of orders")
        total = body.get("totalRecord")
        return OrderPage(
            orders, int(total) if isinstance(total, int | str) and str(total).isdigit() else None
        )

    def orders(self, **filters: str) -> Iterator[OrderPage]:
        """Pages of the order list until the last one (short, empty, or ``totalRecord`` reached) or
        ``max_pages``; the caller may stop early."""
        size = self.config.page_size
        for page in range(1, self.config.max_pages + 1):
            found = self.order_page(page, **filters)
            yield found
            if len(found.orders) < size or (found.total is not None and page * size >= found.total):
                return

    def order_detail(self, order_id: str) -> dict[str, Any]:
        params = {"webSite": self.config.web_site, "orderId": order_id}
        result = self.call(TRADE, "alibaba.trade.get.buyerView", params).get("result")
        if not isinstance(result, dict):
            raise self._data("the order detail has no result object")
        return result

    def parcels(self, order_id: str) -> list[dict[str, Any]]:
        """The order's parcels, one per logistics order; [] while nothing is shipped (``500_2``)."""
        params = {"webSite": self.config.web_site, "orderId": order_id}
        try:
            body = self.call(LOGISTICS, "alibaba.trade.getLogisticsInfos.buyerView", params)
        except AlibabaBusinessError as exc:
            if exc.code == "500_2":
                return []
            raise
        result = body.get("result") or []
        if not isinstance(result, list) or not all(isinstance(p, dict) for p in result):
            raise self._data("the logistics result is not a list of parcels")
        return result

    def companies(self) -> list[dict[str, Any]]:
        body = self.call(LOGISTICS, "alibaba.logistics.OpQueryLogisticCompanyList", {})
        result = body.get("result") or []
        return [c for c in result if isinstance(c, dict)] if isinstance(result, list) else []

    def missed_messages(self, quantity: int = 100) -> list[dict[str, Any]]:
        """One batch of undelivered push messages (push.cursor.messageList: 1688 confirms what it
        returns, so each message comes once; call again until empty). ``data`` is decoded when it
        came as JSON text."""
        body = self.call(
            PUSH, "push.cursor.messageList", {"quantity": str(max(20, min(200, quantity)))}, user=False
        )
        found = body.get("pushMessageList") or []
        messages = []
        for message in found if isinstance(found, list) else []:
            if isinstance(message, dict):
                data = message.get("data")
                if isinstance(data, str):
                    with contextlib.suppress(ValueError):
                        message = {**message, "data": json.loads(data)}
                messages.append(message)
        return messages

    # -- one call ---------------------------------------------------------------------------------

    def call(
        self, namespace: str, name: str, params: Mapping[str, str], *, user: bool = True
    ) -> dict[str, Any]:
        """One API's answer (HTTP 200, not a business refusal), within the retry policy."""
        refreshed = False
        if user and (self._access is None or self._clock() >= self._expires_at - EXPIRY_MARGIN):
            self.refresh()
            refreshed = True

        def again(error: Exception) -> retry.Verdict:
            return retry_rules.classify(error, may_refresh=user and not refreshed)

        def renew() -> None:
            nonlocal refreshed
            refreshed = True
            self.refresh()

        try:
            response = retry.call(
                lambda: self._send(namespace, name, params, user),
                again,
                self.policy,
                sleep=self._sleep,
                rand=self._rand,
                refresh=renew,
            )
        except GatewayRefusal as last:
            raise self._family(last) from None
        except httpx.HTTPError as last:
            raise AlibabaUnavailable(
                f"1688 unreachable: {type(last).__name__}", supplier_id=self.config.supplier_id
            ) from None
        body = _json_object(response)
        if body is None:
            raise self._data(f"{name} answered something that is not a JSON object")
        if body.get("success") in (False, "false"):
            code = str(body.get("errorCode") or "")
            message = str(body.get("errorMessage") or "")[:200]
            raise AlibabaBusinessError(
                f"{name} refused: {code} {message}".strip(), supplier_id=self.config.supplier_id, code=code
            )
        return body

    def _url(self, namespace: str, name: str) -> tuple[str, str]:
        path = f"param2/1/{namespace}/{name}/{self.config.app_key}"
        return f"{self.config.base_url}/openapi/{path}", path

    def _send(self, namespace: str, name: str, params: Mapping[str, str], user: bool) -> httpx.Response:
        url, path = self._url(namespace, name)
        fields = dict(params)
        if user and self._access:
            fields["access_token"] = self._access
        fields["_aop_timestamp"] = str(int(self._clock() * 1000))
        fields["_aop_signature"] = api_signature(self.config.app_secret.reveal(), path, fields)
        self.calls += 1
        response = self._post(url, fields)
        if response.status_code == 200:
            return response
        body = _json_object(response) or {}
        raise GatewayRefusal(
            response.status_code,
            str(body.get("error_code") or response.status_code),
            str(body.get("error_message") or "")[:200],
            str(body["request_id"]) if body.get("request_id") else None,
            parse_retry_after(response.headers.get("Retry-After"), self._clock()),
        )

    def _post(self, url: str, fields: Mapping[str, str]) -> httpx.Response:
        try:
            return read_bounded(
                self._http,
                "POST",
                url,
                data=dict(fields),
                headers={"Accept": "application/json"},
                max_bytes=self._max_bytes,
                deadline_seconds=self._deadline,
            )
        except AnswerTooLarge:
            raise self._data(f"1688 answered more than {self._max_bytes} bytes") from None
        except AnswerTooSlow:
            raise AlibabaUnavailable(
                f"1688 did not finish answering within {self._deadline:g} s",
                supplier_id=self.config.supplier_id,
            ) from None

    # -- the token --------------------------------------------------------------------------------

    def refresh(self) -> None:
        """A new access token from the refresh token (getToken, no signature). AlibabaAuthError when
        there is no refresh token or 1688 refuses it (a person must authorize the app again)."""
        cfg = self.config
        if not self._refresh_token:
            raise AlibabaAuthError(
                "no 1688 refresh token: authorize the app and set its refresh token",
                supplier_id=cfg.supplier_id,
            )
        self.refreshes += 1
        fields = {
            "grant_type": "refresh_token",
            "client_id": cfg.app_key,
            "client_secret": cfg.app_secret.reveal(),
            "refresh_token": self._refresh_token,
        }
        url = f"{cfg.base_url}/openapi/http/1/system.oauth2/getToken/{cfg.app_key}"
        try:
            response = self._post(url, fields)
        except httpx.HTTPError as exc:
            raise AlibabaUnavailable(
                f"1688 token endpoint unreachable: {type(exc).__name__}", supplier_id=cfg.supplier_id
            ) from None
        body = _json_object(response) or {}
        token = body.get("access_token")
        if response.status_code >= 500:
            raise AlibabaUnavailable(
                "1688 token endpoint failed", supplier_id=cfg.supplier_id, code=response.status_code
            )
        if response.status_code != 200 or not isinstance(token, str) or not token:
            raise AlibabaAuthError(
                "1688 refused the refresh token: authorize the app again",
                supplier_id=cfg.supplier_id,
                code=str(body.get("error") or response.status_code),
            )
        seconds = str(body.get("expires_in") or "")  # sent as a string ("36000")
        self._access = token
        self._expires_at = self._clock() + (float(seconds) if seconds.isdigit() else 3600.0)
        renewed = body.get("refresh_token")
        if isinstance(renewed, str) and renewed:
            self._refresh_token = renewed  # keep whatever refresh token comes back

    # -- errors -----------------------------------------------------------------------------------

    def _data(self, message: str) -> AlibabaDataError:
        return AlibabaDataError(message, supplier_id=self.config.supplier_id)

    def _family(self, last: GatewayRefusal) -> AlibabaError:
        kind: type[AlibabaError]
        if last.stale_token or last.code in NOT_ALLOWED:
            kind = AlibabaAuthError
        elif last.retryable:
            kind = AlibabaUnavailable
        else:
            kind = AlibabaRequestError
        return kind(
            f"1688 gateway refused ({last})",
            supplier_id=self.config.supplier_id,
            code=last.code,
            request_id=last.request_id,
        )


def _json_object(response: httpx.Response) -> dict[str, Any] | None:
    try:
        parsed: object = response.json()
    except (ValueError, RecursionError):
        return None
    return parsed if isinstance(parsed, dict) else None
