"""Order read endpoints: order/list/get, order/get, order/search
(docs/platforms/wechat-shop.md#order-list-and-search)."""

from __future__ import annotations

import base64
import hashlib
import heapq
import json
from collections.abc import Callable, Iterable
from typing import Any

from .errors import ApiError
from .state import Order, State
from .validate import get_bool, get_id, get_int, get_obj, get_str
from .views import has_active_aftersale, order_view

MAX_RANGE = 7 * 86400
MAX_PAGE = 100

# Request-side status filters (docs/platforms/wechat-shop.md#order-list-and-search): 20 and 30 include
# partially shipped (21), 250 means every cancellation (200 and 250).
STATUS_FILTER = {20: {20, 21}, 30: {30, 21}, 21: {21}, 250: {200, 250}}


def _matches_status(order: Order, wanted: int | None) -> bool:
    if wanted is None:
        return True
    return order.status in STATUS_FILTER.get(wanted, {wanted})


def _range(body: dict[str, Any], key: str) -> tuple[int, int] | None:
    obj = get_obj(body, key)
    if obj is None:
        return None
    start = get_int(obj, "start_time", required=True, where=f"{key}.")
    end = get_int(obj, "end_time", required=True, where=f"{key}.")
    assert start is not None and end is not None
    if end < start:
        raise ApiError(40097, f"invalid args, {key}: end_time < start_time")
    if end - start > MAX_RANGE:
        # Error code for a span over 7 days is undocumented; 40097
        # (docs/platforms/wechat-shop.md#order-list-and-search).
        raise ApiError(40097, f"invalid args, {key}: time range exceeds 7 days")
    return start, end


def _page_size(state: State, body: dict[str, Any], required: bool) -> int:
    size = get_int(body, "page_size", required=required)
    if size is None:
        return int(state.config["default_page_size"])
    if size < 1 or size > MAX_PAGE:
        raise ApiError(40097, f"invalid args, page_size: expecting 1..{MAX_PAGE}, actually {size}")
    return size


def _fingerprint(body: dict[str, Any]) -> str:
    rest = {k: v for k, v in body.items() if k != "next_key"}
    raw = json.dumps(rest, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha1(raw.encode()).hexdigest()[:16]


def _encode_key(fp: str, last: tuple[int, str]) -> str:
    raw = json.dumps({"h": fp, "t": last[0], "o": last[1]}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode_key(key: str, fp: str) -> tuple[int, int] | None:
    if not key:
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(key + "=" * (-len(key) % 4)))
        if data["h"] != fp:
            raise ValueError("params changed")
        return int(data["t"]), int(data["o"])
    except (ValueError, KeyError, TypeError) as exc:
        raise ApiError(606006) from exc


def _page(
    state: State,
    body: dict[str, Any],
    orders: list[Order],
    sort_time: Callable[[Order], int],
    page_size: int,
) -> dict[str, Any]:
    """Keyset paging: next_key encodes the last (time, order_id) and a fingerprint of the params."""
    next_key = get_str(body, "next_key") or ""
    fp = _fingerprint(body)
    after = _decode_key(next_key, fp)
    keyed = (((sort_time(o), int(o.order_id)), o) for o in orders)
    if after is not None:
        keyed = ((k, o) for k, o in keyed if k > after)
    # Only the page and one more are ordered: a tick that lists a day of a busy shop (60 pages) would
    # sort every selected order once per page. Keys are unique (the order id is in them).
    page = heapq.nsmallest(page_size + 1, keyed, key=lambda pair: pair[0])
    has_more = len(page) > page_size
    page = page[:page_size]
    out_key = _encode_key(fp, (page[-1][0][0], str(page[-1][0][1]))) if page else next_key
    return {"order_id_list": [o.order_id for _, o in page], "next_key": out_key, "has_more": has_more}


def list_orders(state: State, body: dict[str, Any]) -> dict[str, Any]:
    created = _range(body, "create_time_range")
    updated = _range(body, "update_time_range")
    if created is None and updated is None:
        raise ApiError(40097, "invalid args, create_time_range or update_time_range is required")
    status = get_int(body, "status")
    openid = get_str(body, "openid")
    page_size = _page_size(state, body, required=False)
    selected = []
    for order in _candidates(state, created, updated):
        if created and not created[0] <= order.create_time <= created[1]:
            continue
        if updated and not updated[0] <= order.update_time <= updated[1]:
            continue
        if not _matches_status(order, status):
            continue
        if openid and order.openid != openid:
            continue
        selected.append(order)
    limit = state.config.get("max_orders_per_range")
    if limit is not None and len(selected) > int(limit):
        raise ApiError(31042)
    use_update = updated is not None and created is None
    return _page(
        state,
        body,
        selected,
        (lambda o: o.update_time) if use_update else (lambda o: o.create_time),
        page_size,
    )


def _candidates(
    state: State, created: tuple[int, int] | None, updated: tuple[int, int] | None
) -> Iterable[Order]:
    """The orders whose times may be in the windows: those of the window's hours by the order
    book's index (order_book.py), every order when the index cannot narrow it."""
    book = state.orders
    window, index = (created, book.created) if created else (updated, book.updated)
    ids = index.between(*window) if window else None
    if ids is None:
        return list(book.values())
    return [book[oid] for oid in ids]


def find_order(state: State, order_id: str | None) -> Order:
    order = state.orders.get(order_id or "")
    if order is None:
        raise ApiError(100002)
    return order


def get_order(state: State, body: dict[str, Any]) -> dict[str, Any]:
    order_id = get_id(body, "order_id", required=True)
    mask = get_bool(body, "encode_sensitive_info") or False
    order = find_order(state, order_id)
    return {"order": order_view(order, encode_sensitive_info=mask)}


_SEARCH_TEXT = ("title", "sku_code", "user_name", "tel_number", "tel_number_last4", "order_id")
_SEARCH_NOTES = ("merchant_notes", "customer_notes")


def _search_match(order: Order, cond: dict[str, Any]) -> bool:
    addr = order.address
    checks: list[bool] = []
    if cond.get("title"):
        checks.append(any(cond["title"] in line["title"] for line in order.lines))
    if cond.get("sku_code"):
        checks.append(any(cond["sku_code"] == line.get("sku_code") for line in order.lines))
    if cond.get("user_name"):
        checks.append(cond["user_name"] == addr.get("user_name"))
    for key in ("tel_number", "tel_number_last4"):
        # tel_number is deprecated: only its last 4 digits still work
        # (docs/platforms/wechat-shop.md#order-list-and-search).
        if cond.get(key):
            checks.append(str(addr.get("tel_number", "")).endswith(str(cond[key])[-4:]))
    if cond.get("order_id"):
        checks.append(str(cond["order_id"]) == order.order_id)
    if cond.get("merchant_notes"):
        checks.append(cond["merchant_notes"] in order.merchant_notes)
    if cond.get("customer_notes"):
        checks.append(cond["customer_notes"] in order.customer_notes)
    if cond.get("address_under_review") is not None:
        checks.append(bool(cond["address_under_review"]) == (order.address_under_review is not None))
    return all(checks)


def search_orders(state: State, body: dict[str, Any]) -> dict[str, Any]:
    cond = get_obj(body, "search_condition")
    if cond is None:
        raise ApiError(40097, "invalid args, search_condition is required")
    for key in (*_SEARCH_TEXT[:-1], *_SEARCH_NOTES):
        get_str(cond, key, where="search_condition.")
    get_id(cond, "order_id", where="search_condition.")
    given = [k for k, v in cond.items() if v not in (None, "")]
    if not given:
        raise ApiError(40097, "invalid args, search_condition: at least one field is required")
    status = get_int(body, "status")
    aftersale = get_int(body, "on_aftersale_order_exist")
    page_size = _page_size(state, body, required=True)
    selected = []
    for order in state.orders.values():
        if not _matches_status(order, status) or not _search_match(order, cond):
            continue
        if aftersale is not None and has_active_aftersale(order) != bool(aftersale):
            continue
        selected.append(order)
    page = _page(state, body, selected, lambda o: o.create_time, page_size)
    key = state.config.get("search_list_key") or "order_id_list"
    if key != "order_id_list":
        page[key] = page.pop("order_id_list")
    return page
