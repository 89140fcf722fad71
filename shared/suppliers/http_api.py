"""The generic HTTP JSON adapter: any supplier order API described by an HttpSupplierConfig.

``HttpApiSource(config).fetch_updates(open_orders)`` pulls the order list page by page, keeps the
records that belong to this supplier's open orders, and turns each into updates or a problem.

Failures of the whole pull raise the SupplierError family and nothing else:
SupplierAuthError (401/403 or an auth business code: fix the key), SupplierUnavailable (timeouts,
429/5xx after bounded retries: next tick), SupplierConfigError (another 4xx: the endpoint or paging
settings are wrong), SupplierDataError (not JSON, wrong shape, an error business code, an answer
above ``max_body_bytes``). An answer still arriving after ``deadline_seconds`` is SupplierUnavailable
and is not retried within the tick (a slow-drip answer must not hold the sync).
A bad record never fails the pull: it becomes a SourceProblem and the others go on.
"""

from __future__ import annotations

import hashlib
import hmac
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from types import TracebackType
from urllib.parse import parse_qsl, urlsplit, urlunsplit

import httpx

from shared import retry
from shared.bounded_http import (
    DEFAULT_DEADLINE_SECONDS,
    DEFAULT_MAX_BYTES,
    AnswerTooLarge,
    AnswerTooSlow,
    read_bounded,
)
from shared.domain.text import Bilingual
from shared.retry import RetryPolicy
from shared.suppliers import http_records
from shared.suppliers.errors import (
    SupplierAuthError,
    SupplierConfigError,
    SupplierDataError,
    SupplierUnavailable,
)
from shared.suppliers.field_mapping import format_time, get_path, text
from shared.suppliers.http_config import HttpSupplierConfig, config_error
from shared.suppliers.model import ShipmentUpdate, SourceProblem, SupplierBatch, SupplierOrder, SupplierSource
from shared.suppliers.retry_rules import DEFAULT_RETRY, Unanswered, answered, classify


def sign_query(secret: str, params: dict[str, str]) -> str:
    """Lowercase hex HMAC-SHA256 of the parameters sorted by name, joined ``k1=v1&k2=v2`` (raw values)."""
    canonical = "&".join(f"{key}={params[key]}" for key in sorted(params))
    return hmac.new(secret.encode(), canonical.encode(), hashlib.sha256).hexdigest()


class HttpApiSource:
    """A SupplierSource over one supplier's JSON order API. Use as a context manager, or close()."""

    def __init__(
        self,
        config: HttpSupplierConfig,
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
        self.max_body_bytes = max_body_bytes
        self.deadline_seconds = deadline_seconds
        self.policy = policy or replace(DEFAULT_RETRY, attempts=config.max_attempts)
        self._client = client or httpx.Client(timeout=httpx.Timeout(config.timeout_seconds))
        self._owns_client = client is None
        self._sleep = sleep
        self._rand = rand
        self._clock = clock
        parts = urlsplit(config.endpoint)
        self._base_url = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
        self._fixed_params = dict(parse_qsl(parts.query, keep_blank_values=True))

    def __repr__(self) -> str:
        return f"HttpApiSource(supplier_id={self.config.supplier_id!r}, endpoint={self._base_url!r})"

    def close(self) -> None:
        if self._owns_client:
            self._client.close()

    def __enter__(self) -> HttpApiSource:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- the SupplierSource contract -------------------------------------------------------------

    def fetch_updates(
        self, open_orders: Sequence[SupplierOrder], *, updated_since: datetime | None = None
    ) -> SupplierBatch:
        """Updates for this supplier's ``open_orders`` (others are ignored; none open: no call).

        ``updated_since`` is sent as the ``since_param`` when the config names one. Records are
        kept when their supplier order no. or shop order id is one of an open order; a record
        that names neither is reported as a problem. Page numbers can shift while we page through a
        changing list; a record seen twice keeps its last version.
        """
        cfg = self.config
        mine = [order for order in open_orders if order.supplier_id == cfg.supplier_id]
        if not mine:
            return SupplierBatch()
        order_nos = {order.supplier_order_no for order in mine if order.supplier_order_no}
        shop_ids = {order.shop_order_id for order in mine}
        outcomes: dict[tuple[str | None, str | None], http_records.Outcome] = {}
        page, cursor = cfg.first_page, None
        for fetched in range(1, cfg.max_pages + 1):
            result = self._page(page, cursor, updated_since)
            for index, record in enumerate(result.records, start=1):
                order_no = self._ref(record, cfg.order_no_path)
                shop_id = self._ref(record, cfg.shop_order_id_path)
                if (order_no or shop_id) and order_no not in order_nos and shop_id not in shop_ids:
                    continue
                ref = f"{cfg.supplier_id} API page {fetched} #{index}" + (f" {order_no}" if order_no else "")
                key = (order_no, shop_id) if order_no or shop_id else (ref, None)
                outcomes.pop(key, None)  # re-insert so that a later version also sorts last
                outcomes[key] = http_records.convert(cfg, record, ref)
            if not self._more(result, fetched):
                break
            page, cursor = page + 1, result.next_cursor
        else:
            outcomes[("", None)] = _page_limit(cfg)
        updates: list[ShipmentUpdate] = []
        problems: list[SourceProblem] = []
        for outcome in outcomes.values():
            if isinstance(outcome, SourceProblem):
                problems.append(outcome)
            else:
                updates.extend(outcome)
        return SupplierBatch(tuple(updates), tuple(problems))

    # -- HTTP -------------------------------------------------------------------------------------

    @staticmethod
    def _ref(record: object, path: tuple[str, ...] | None) -> str | None:
        return text(get_path(record, path)) if path is not None else None

    def _more(self, result: _Page, fetched: int) -> bool:
        """Whether another page follows: the flag if the supplier sends one, else the paging's own sign."""
        cfg = self.config
        if cfg.paging == "none" or not result.records or result.has_more is False:
            return False
        if cfg.paging == "cursor":
            return bool(result.next_cursor)
        if len(result.records) < cfg.page_size:
            return False
        return result.total is None or fetched * cfg.page_size < result.total

    def _params(self, page: int, cursor: str | None, updated_since: datetime | None) -> dict[str, str]:
        cfg = self.config
        params = dict(self._fixed_params)
        if cfg.paging == "page":
            params[cfg.page_param] = str(page)
        if cfg.paging != "none":
            params[cfg.page_size_param] = str(cfg.page_size)
        if cfg.paging == "cursor" and cursor:
            params[cfg.cursor_param] = cursor
        if cfg.since_param and updated_since is not None:
            params[cfg.since_param] = format_time(updated_since, cfg.since_format)
        if cfg.auth == "hmac" and cfg.secret is not None and cfg.app_key is not None:
            params[cfg.app_key_param] = cfg.app_key
            params[cfg.timestamp_param] = str(int(self._clock()))
            params[cfg.sign_param] = sign_query(cfg.secret.reveal(), params)
        return params

    def _send(self, page: int, cursor: str | None, updated_since: datetime | None) -> httpx.Response:
        headers = {"Accept": "application/json"}
        if self.config.auth == "bearer" and self.config.secret is not None:
            headers["Authorization"] = f"Bearer {self.config.secret.reveal()}"
        # Built afresh per attempt: a signed query must carry a fresh timestamp.
        cfg = self.config
        try:
            return read_bounded(
                self._client,
                "GET",
                self._base_url,
                params=self._params(page, cursor, updated_since),
                headers=headers,
                max_bytes=self.max_body_bytes,
                deadline_seconds=self.deadline_seconds,
            )
        except AnswerTooLarge:
            raise SupplierDataError(
                Bilingual(
                    f"供应商接口的回答超过 {self.max_body_bytes} 字节，本次没有使用；"
                    "请调小每页条数（page_size）或请供应商查明原因。",
                    f"The supplier API answered more than {self.max_body_bytes} bytes, "
                    "so none of it was used; lower page_size or ask the supplier why the page is so large.",
                ).joined(),
                supplier_id=cfg.supplier_id,
            ) from None
        except AnswerTooSlow:
            raise SupplierUnavailable(
                Bilingual(
                    f"供应商接口 {self.deadline_seconds:g} 秒内没有答完，本次没有使用；下次同步会再试。",
                    f"The supplier API did not finish answering within {self.deadline_seconds:g} s, so none "
                    "of it was used; the next sync tries again.",
                ).joined(),
                supplier_id=cfg.supplier_id,
            ) from None

    def _fetch(self, page: int, cursor: str | None, updated_since: datetime | None) -> httpx.Response:
        """One page's answer (2xx, or a 4xx retrying cannot fix), within the retry policy.

        Raises SupplierUnavailable once the policy gives up (timeouts, connection errors, 408/429/5xx);
        no httpx error escapes but InvalidURL (a setting, mapped by the caller).
        """
        tries = 0

        def once() -> httpx.Response:
            nonlocal tries
            tries += 1
            return answered(self._send(page, cursor, updated_since), self._clock())

        try:
            return retry.call(once, classify, self.policy, sleep=self._sleep, rand=self._rand)
        except (Unanswered, httpx.HTTPError) as last:
            # The message of a transport error is safe to show; the URL (with a signature) is not.
            what = str(last) if isinstance(last, Unanswered) else f"{type(last).__name__}: {last}"
            failed = last if isinstance(last, Unanswered) else None
            raise SupplierUnavailable(
                f"supplier API failed {tries} times; last: {what}",
                supplier_id=self.config.supplier_id,
                code=failed.status if failed else None,
                request_id=failed.request_id if failed else None,
            ) from None

    def _page(self, page: int, cursor: str | None, updated_since: datetime | None) -> _Page:
        cfg = self.config
        try:
            response = self._fetch(page, cursor, updated_since)
        except httpx.InvalidURL as exc:
            raise config_error(
                cfg.supplier_id, "endpoint", f"接口地址无效：{exc}", f"Invalid endpoint: {exc}"
            ) from None
        request_id = response.headers.get("X-Request-Id")
        status = response.status_code
        body = _json(response)
        business_code = text(get_path(body, cfg.code_path)) if cfg.code_path else None
        message = text(get_path(body, cfg.message_path)) if cfg.message_path else None
        detail = f"HTTP {status}" + (f", code {business_code}" if business_code else "")
        detail += f": {message}" if message else ""
        if status in (401, 403) or (business_code is not None and business_code in cfg.auth_codes):
            raise SupplierAuthError(
                f"supplier refused our credentials ({detail}); check the key in the settings",
                supplier_id=cfg.supplier_id,
                code=status if status in (401, 403) else business_code,
                request_id=request_id,
            )
        if not 200 <= status < 300:
            raise SupplierConfigError(
                Bilingual(
                    f"供应商接口拒绝了请求（{detail}），请检查接口地址和分页设置。",
                    f"The supplier API refused the request ({detail}); "
                    "check the endpoint and paging settings.",
                ).joined(),
                supplier_id=cfg.supplier_id,
                code=status,
                request_id=request_id,
            )
        if body is _NOT_JSON:
            raise SupplierDataError(
                f"supplier answered HTTP {status} with something that is not JSON",
                supplier_id=cfg.supplier_id,
                code=status,
                request_id=request_id,
            )
        if business_code is not None and business_code not in cfg.ok_codes:
            raise SupplierDataError(
                f"supplier answered with an error ({detail})",
                supplier_id=cfg.supplier_id,
                code=business_code,
                request_id=request_id,
            )
        records = get_path(body, cfg.records_path)
        if records is None:
            records = []  # many APIs send null instead of an empty list
        if not isinstance(records, list):
            raise SupplierDataError(
                f"the answer's {'.'.join(cfg.records_path)} is not a list",
                supplier_id=cfg.supplier_id,
                request_id=request_id,
            )
        total_text = text(get_path(body, cfg.total_path)) if cfg.total_path else None
        return _Page(
            records=records,
            total=int(total_text) if total_text is not None and total_text.isdigit() else None,
            next_cursor=text(get_path(body, cfg.next_cursor_path)) if cfg.next_cursor_path else None,
            has_more=_flag(get_path(body, cfg.has_more_path)) if cfg.has_more_path else None,
        )


# mypy checks here that the adapter keeps the SupplierSource contract.
_AS_SOURCE: Callable[[HttpSupplierConfig], SupplierSource] = HttpApiSource
_NOT_JSON = object()


@dataclass(frozen=True, slots=True)
class _Page:
    records: list[object]
    total: int | None
    next_cursor: str | None
    has_more: bool | None


def _flag(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    raw = text(value)
    if raw is None:
        return None
    return raw.lower() in ("true", "1", "yes", "y")


def _json(response: httpx.Response) -> object:
    try:
        parsed: object = response.json()
    except (ValueError, RecursionError):  # bad JSON, bad encoding, or absurdly deep nesting
        return _NOT_JSON
    return parsed


def _page_limit(cfg: HttpSupplierConfig) -> SourceProblem:
    return http_records.problem(
        f"{cfg.supplier_id} API",
        http_records.PAGE_LIMIT,
        f"一次最多读取 {cfg.max_pages} 页，还有更多订单没有读到；下次同步会再试。"
        "如经常出现，请调大 max_pages。",
        f"Stopped after {cfg.max_pages} pages with more orders left; the next sync tries again. If this "
        "happens often, raise max_pages.",
    )
