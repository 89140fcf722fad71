"""The typed WeChat Shop client (``channels/ec`` order and delivery APIs).

Settings come from the constructor only: ``appid``, ``secret`` and ``base_url`` (default
``https://api.weixin.qq.com``; a local emulator is reached by pointing ``base_url`` at it and in no
other way). The secret is only ever sent in the body of ``/cgi-bin/stable_token``; it is not in
``repr``, logs or error messages.

Behaviour under errors, for every call (details in :mod:`shared.wechat.errors`):

* 40001/40014/42001 (token stale/malformed/expired): drop the cached token, fetch a new one, replay
  the call once; a second rejection raises :class:`TokenInvalidError`.
* -1 busy, 100003 concurrent update, HTTP 5xx/429, 45011 per-minute quota, and transport errors of
  reads: retried by the project's one retry loop (:mod:`shared.retry`: bounded, backoff with jitter,
  ``Retry-After`` honoured, no wait past the invocation's deadline) as
  :mod:`shared.wechat.retry_rules` classifies them. Writes (ship, modify) are not replayed after a
  lost response: the order is read back instead.
* 45009 daily quota, 45035/61004/HTTP 403 allowlist, 48001 unauthorized, 4xxxx request errors and
  every business errcode: raised at once as their :class:`WeChatError` subclass.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from shared import retry
from shared.retry import RetryPolicy
from shared.wechat import delivery, orders
from shared.wechat.errors import (
    AlreadyShippedError,
    EditBudgetExhaustedError,
    ItemQuantityError,
    ModifyItemsError,
    ProtocolError,
    TooManyOrdersError,
    TransportError,
    WeChatError,
)
from shared.wechat.models import (
    Courier,
    Order,
    OrderIdPage,
    parse_couriers,
    parse_id_page,
    parse_order,
)
from shared.wechat.ratelimit import TokenBucket
from shared.wechat.retry_rules import DEFAULT_RETRY, classify
from shared.wechat.tokens import MemoryTokenCache, TokenCache, TokenProvider
from shared.wechat.transport import Transport

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.weixin.qq.com"

PATH_STABLE_TOKEN = "/cgi-bin/stable_token"
PATH_ORDER_LIST = "/channels/ec/order/list/get"
PATH_ORDER_GET = "/channels/ec/order/get"
PATH_ORDER_SEARCH = "/channels/ec/order/search"
PATH_COURIERS_NEW = "/channels/ec/order/deliverycompanylist/new/get"
PATH_DELIVERY_SEND = "/channels/ec/order/delivery/send"
PATH_DELIVERY_UPDATE = "/channels/ec/order/deliveryinfo/update"

MAX_PAGES = 10_000  # a cursor that never ends is a platform bug, not a reason to loop forever
MIN_SPLIT_WINDOW = 60  # 31042 "too many orders": halve the window down to one minute


@dataclass(frozen=True)
class DetailResults:
    """Outcome of :meth:`WeChatShopClient.get_orders`, keyed by order id in request order."""

    orders: dict[str, Order] = field(default_factory=dict)
    errors: dict[str, WeChatError] = field(default_factory=dict)


@dataclass(frozen=True)
class ShipResult:
    """``sent`` is False when every package was already on the order (nothing was called)."""

    order_id: str
    sent: bool
    delivery_list: tuple[dict[str, Any], ...] = ()
    already_recorded: tuple[str, ...] = ()  # waybill ids found on the order before sending


class WeChatShopClient:
    """Thread-safe client; share one instance. Use as a context manager or call :meth:`close`."""

    def __init__(
        self,
        appid: str,
        secret: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        timeout: float = 10.0,
        token_cache: TokenCache | None = None,
        retry_policy: RetryPolicy | None = None,
        rate_limits: Mapping[str, TokenBucket] | None = None,
        max_connections: int = 32,
        courier_ttl: float = 86_400.0,
        sleep: Callable[[float], None] = time.sleep,
        rand: Callable[[], float] = random.random,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not appid or not secret:
            raise ValueError("appid and secret are required")
        if timeout <= 0:
            raise ValueError("every call needs a positive timeout")
        self.appid = appid
        self._secret = secret
        self._policy = retry_policy or DEFAULT_RETRY
        self._limits = dict(rate_limits or {})
        self._sleep = sleep
        self._rand = rand
        self._clock = clock
        self._courier_ttl = courier_ttl
        self._courier_cache: dict[bool, tuple[float, tuple[Courier, ...]]] = {}
        self._courier_lock = threading.Lock()
        self._transport = Transport(base_url, timeout=timeout, max_connections=max_connections, clock=clock)
        self.tokens = TokenProvider(
            self._fetch_token, token_cache or MemoryTokenCache(), f"stable_token:{appid}", clock=clock
        )

    def __repr__(self) -> str:
        return f"WeChatShopClient(appid={self.appid!r}, base_url={self._transport.base_url!r})"

    def __enter__(self) -> WeChatShopClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._transport.close()

    # --- plumbing ---------------------------------------------------------------------------------

    def _fetch_token(self, force_refresh: bool) -> tuple[str, int]:
        """POST /cgi-bin/stable_token. Errors: 40013/40002/40125/40001 -> CredentialError (never
        retried), -1/5xx/transport -> retried by the policy."""
        body = {
            "grant_type": "client_credential",
            "appid": self.appid,
            "secret": self._secret,
            "force_refresh": force_refresh,
        }
        data = self._retry(
            lambda: self._transport.request("POST", PATH_STABLE_TOKEN, body=body, token_call=True),
            idempotent=not force_refresh,
        )
        token, expires_in = data.get("access_token"), data.get("expires_in")
        if not isinstance(token, str) or not token or not isinstance(expires_in, int) or expires_in <= 0:
            raise ProtocolError(
                None, "stable_token answer lacks access_token/expires_in", path=PATH_STABLE_TOKEN
            )
        return token, expires_in

    def _retry(
        self,
        fn: Callable[[], dict[str, Any]],
        *,
        idempotent: bool,
        refresh: Callable[[], object] | None = None,
    ) -> dict[str, Any]:
        return retry.call(
            fn,
            lambda error: classify(error, idempotent=idempotent, now=self._clock()),
            self._policy,
            sleep=self._sleep,
            rand=self._rand,
            refresh=refresh,
        )

    def _send(self, path: str, body: Mapping[str, Any], token: str) -> dict[str, Any]:
        limiter = self._limits.get(path)
        if limiter is not None:
            limiter.acquire()
        return self._transport.request("POST", path, params={"access_token": token}, body=body)

    def call(self, path: str, body: Mapping[str, Any], *, idempotent: bool = True) -> dict[str, Any]:
        """POST ``body`` to a business ``path`` with the token, refresh-once-and-replay-once on
        40001/40014/42001, inside the retry policy. Returns the success JSON."""
        used: list[str] = []  # the token of the latest try
        renewed: list[str] = []  # the token the refresh handed out, for the replay

        def attempt() -> dict[str, Any]:
            token = renewed.pop() if renewed else self.tokens.get()
            used[:] = [token]
            return self._send(path, body, token)

        def refresh() -> None:
            log.info("wechat %s: token rejected, refreshing once", path)
            renewed[:] = [self.tokens.refresh(used[0])]

        return self._retry(attempt, idempotent=idempotent, refresh=refresh)

    # --- orders -----------------------------------------------------------------------------------

    def list_order_page(self, body: Mapping[str, Any]) -> OrderIdPage:
        return parse_id_page(self.call(PATH_ORDER_LIST, body))

    def _follow(self, path: str, first_body: dict[str, Any]) -> list[str]:
        ids: list[str] = []
        body = first_body
        seen_keys: set[str] = set()
        for _ in range(MAX_PAGES):
            page = parse_id_page(self.call(path, body))
            ids.extend(page.order_ids)
            if not page.has_more:
                return ids
            if not page.next_key or page.next_key in seen_keys:
                raise ProtocolError(None, "has_more without a new next_key", path=path)
            seen_keys.add(page.next_key)
            body = orders.with_next_key(first_body, page.next_key)
        raise ProtocolError(None, f"more than {MAX_PAGES} pages", path=path)

    def _list_window(
        self, by: orders.TimeField, window: tuple[int, int], status: int | None, page_size: int
    ) -> list[str]:
        try:
            return self._follow(
                PATH_ORDER_LIST, orders.list_body(by, window, status=status, page_size=page_size)
            )
        except TooManyOrdersError:
            lo, hi = window
            if hi - lo < 2 * MIN_SPLIT_WINDOW:
                raise
            mid = (lo + hi) // 2
            return self._list_window(by, (lo, mid), status, page_size) + self._list_window(
                by, (mid, hi), status, page_size
            )

    def list_order_ids(
        self,
        start: int,
        end: int,
        *,
        by: orders.TimeField = "update",
        status: int | None = None,
        page_size: int = orders.MAX_PAGE_SIZE,
    ) -> list[str]:
        """Ids of orders created/updated in ``[start, end]`` (Unix seconds), any span.

        The range is cut into windows of at most 7 days; each window's pages are followed through
        ``next_key`` with every other parameter unchanged. 31042 (too many orders) halves the window.
        Ids are unique, in the order first seen.
        """
        ids: list[str] = []
        for window in orders.split_windows(start, end):
            ids.extend(self._list_window(by, window, status, page_size))
        return orders.unique(ids)

    def search_order_ids(
        self,
        condition: orders.SearchCondition,
        *,
        status: int | None = None,
        on_aftersale_order_exist: int | None = None,
        page_size: int = orders.MAX_PAGE_SIZE,
    ) -> list[str]:
        """Ids of orders matching ``condition`` (all pages)."""
        body = orders.search_body(
            condition, status=status, on_aftersale_order_exist=on_aftersale_order_exist, page_size=page_size
        )
        return orders.unique(self._follow(PATH_ORDER_SEARCH, body))

    def get_order(self, order_id: str) -> Order:
        """One order's detail. 100002 -> OrderNotFoundError."""
        data = self.call(PATH_ORDER_GET, {"order_id": order_id})
        raw = data.get("order")
        if not isinstance(raw, dict):
            raise ProtocolError(None, "order/get answer has no order object", path=PATH_ORDER_GET)
        return parse_order(raw)

    def get_orders(self, order_ids: Iterable[str], *, concurrency: int = 8) -> DetailResults:
        """Details of many orders, ``concurrency`` at a time, within the rate budget configured for
        ``/channels/ec/order/get`` (``rate_limits``). A failed id lands in ``errors``; others go on."""
        if concurrency < 1:
            raise ValueError("concurrency must be >= 1")
        wanted = orders.unique(order_ids)
        results = DetailResults()
        if not wanted:
            return results

        def one(order_id: str) -> tuple[str, Order | WeChatError]:
            try:
                return order_id, self.get_order(order_id)
            except WeChatError as exc:
                return order_id, exc

        with ThreadPoolExecutor(max_workers=min(concurrency, len(wanted))) as pool:
            # The pool's threads wait within this invocation's deadline too (shared/retry/deadline.py).
            for order_id, outcome in pool.map(retry.carry(one), wanted):
                if isinstance(outcome, Order):
                    results.orders[order_id] = outcome
                else:
                    results.errors[order_id] = outcome
        return results

    # --- couriers ---------------------------------------------------------------------------------

    def delivery_companies(
        self, *, ewaybill_only: bool = False, refresh: bool = False
    ) -> tuple[Courier, ...]:
        """The courier list from the new endpoint, cached for ``courier_ttl`` seconds (a day)."""
        now = self._clock()
        with self._courier_lock:
            cached = self._courier_cache.get(ewaybill_only)
            if cached is not None and cached[0] > now and not refresh:
                return cached[1]
        couriers = parse_couriers(self.call(PATH_COURIERS_NEW, {"ewaybill_only": ewaybill_only}))
        with self._courier_lock:
            self._courier_cache[ewaybill_only] = (now + self._courier_ttl, couriers)
        return couriers

    # --- shipping ---------------------------------------------------------------------------------

    def send_delivery(self, order_id: str, delivery_list: Sequence[dict[str, Any]]) -> None:
        """Raw ``delivery/send``. Not replayed after a lost response (see :meth:`ship`).

        Errors: 101100 StatusNotAllowedError, 109001 AlreadyShippedError, 108009 AftersaleBlockError,
        109000/109002/606030/606031/606008 ShipItemsError subclasses, 606004 InvalidCourierError,
        606005 InvalidWaybillError, 606003/606034/109205 OrderStateError subclasses, 100002
        OrderNotFoundError; 100003 and -1 retried.
        """
        self.call(PATH_DELIVERY_SEND, delivery.send_body(order_id, list(delivery_list)), idempotent=False)

    def ship(self, order_id: str, packages: Sequence[delivery.OutgoingPackage]) -> ShipResult:
        """Record our packages on an order, safely.

        1. Re-read the order. Packages whose (courier, number) it already records are skipped; if all
           are, nothing is sent (a repeated tick never ships twice).
        2. Refuse locally (:class:`ShipPlanError`) an order that is not 20/21 or has an open
           after-sale, and any split SKU / unknown SKU / empty package.
        3. Send with quantities = ordered - refunded - already shipped, deliver_type 1.
        4. On 109001/109000 or a lost response, read the order back: if our waybills are there, it
           worked; otherwise the error is raised.
        """
        order = self.get_order(order_id)
        done = [delivery.has_package(order, p.delivery_id.strip(), p.waybill_id.strip()) for p in packages]
        recorded = tuple(p.waybill_id for p, d in zip(packages, done, strict=True) if d)
        todo = [p for p, d in zip(packages, done, strict=True) if not d]
        if not todo:
            return ShipResult(order_id, sent=False, already_recorded=recorded)
        delivery.check_shippable(order)
        delivery_list = delivery.build_delivery_list(order, todo)
        try:
            self.send_delivery(order_id, delivery_list)
        except (AlreadyShippedError, ItemQuantityError, TransportError):
            # A lost answer, or a replay (after -1) of a send that had in fact been applied, which
            # then meets 109001/109000: the order itself tells whether our packages are on it.
            after = self.get_order(order_id)
            if not all(
                delivery.has_package(after, p.delivery_id.strip(), p.waybill_id.strip()) for p in todo
            ):
                raise
        return ShipResult(order_id, sent=True, delivery_list=tuple(delivery_list), already_recorded=recorded)

    def update_delivery(
        self,
        order_id: str,
        changes: Sequence[delivery.WaybillChange],
        *,
        budget: delivery.EditBudget | None = None,
    ) -> bool:
        """Correct recorded packages through ``deliveryinfo/update`` with ``change_infos`` (old -> new).

        Always the ``change_infos`` form (current "new" rules, docs/platforms/wechat-shop.md#correcting),
        never the whole-order ``delivery_list`` form: ``old`` must name the recorded package, so a replay of a
        change that was already applied is refused (606042) instead of being applied, and counted, twice.

        Returns False (nothing sent) when every change is already on the order. With a ``budget``:
        refuses locally (EditBudgetExhaustedError, ``local`` True) once the assumed limit (3) is used,
        counts each success, and marks the order exhausted on a 606041 at any count.
        Errors: 606041 EditBudgetExhaustedError, 606040 SplitOrderModifyError, 606042 ModifyItemsError,
        101100 StatusNotAllowedError (not shipped yet / completed), 606004/606005 as for shipping.
        """
        if budget is not None and budget.remaining(order_id) == 0:
            raise EditBudgetExhaustedError(
                606041, f"edit budget used up locally ({budget.used(order_id)} of {budget.limit})", local=True
            )
        order = self.get_order(order_id)
        todo = [
            c
            for c in changes
            if not (
                delivery.has_package(order, c.new_delivery_id.strip(), c.new_waybill_id.strip())
                and not delivery.has_package(order, c.old_delivery_id.strip(), c.old_waybill_id.strip())
            )
        ]
        if not todo:
            return False
        body = delivery.update_body(order_id, delivery.build_change_infos(order, todo))
        try:
            self.call(PATH_DELIVERY_UPDATE, body, idempotent=False)
        except EditBudgetExhaustedError:
            if budget is not None:
                budget.record_exhausted(order_id)
            raise
        except (TransportError, ModifyItemsError):
            # The answer was lost, or a replay (after -1) of an applied change no longer finds its
            # ``old`` package (606042): read the order back; if every new number is there, it happened.
            after = self.get_order(order_id)
            if not all(
                delivery.has_package(after, c.new_delivery_id.strip(), c.new_waybill_id.strip()) for c in todo
            ):
                raise
        if budget is not None:
            budget.record_success(order_id)
        return True
