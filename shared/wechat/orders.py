"""Pure helpers for the order list and search calls (no I/O)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

SECONDS_PER_DAY = 86_400
# The platform allows end_time - start_time <= 7 days (docs/platforms/wechat-shop.md#order-list-and-search).
# We stay one second under it: the exact boundary is unverified, and one extra call per week of history costs
# nothing.
MAX_WINDOW_SECONDS = 7 * SECONDS_PER_DAY - 1
MAX_PAGE_SIZE = 100

TimeField = Literal["update", "create"]


def split_windows(start: int, end: int, max_span: int = MAX_WINDOW_SECONDS) -> list[tuple[int, int]]:
    """Cover ``[start, end]`` with windows of at most ``max_span`` seconds.

    Consecutive windows share their boundary second (``w[i].end == w[i+1].start``): whether the
    platform's end_time is inclusive is not documented, so sharing it means no order on a boundary is
    missed; the caller de-duplicates ids. ``start == end`` gives one empty-span window.
    """
    if max_span < 1:
        raise ValueError("max_span must be >= 1")
    if end < start:
        raise ValueError("end must not be before start")
    windows = []
    lo = start
    while True:
        hi = min(end, lo + max_span)
        windows.append((lo, hi))
        if hi >= end:
            return windows
        lo = hi


def list_body(
    time_field: TimeField,
    window: tuple[int, int],
    *,
    status: int | None = None,
    page_size: int = MAX_PAGE_SIZE,
    next_key: str = "",
) -> dict[str, Any]:
    """Body of ``/channels/ec/order/list/get`` for one window and one page.

    The first page omits ``next_key`` (as the SDKs do); later pages change nothing else (606006).
    """
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise ValueError("page_size must be within 1..100")
    key = "update_time_range" if time_field == "update" else "create_time_range"
    body: dict[str, Any] = {key: {"start_time": window[0], "end_time": window[1]}, "page_size": page_size}
    if status is not None:
        body["status"] = status
    if next_key:
        body["next_key"] = next_key
    return body


@dataclass(frozen=True)
class SearchCondition:
    """``search_condition`` of ``/channels/ec/order/search``; at least one field must be set."""

    title: str | None = None
    sku_code: str | None = None
    user_name: str | None = None
    tel_number_last4: str | None = None
    order_id: str | None = None
    merchant_notes: str | None = None
    customer_notes: str | None = None

    def to_json(self) -> dict[str, str]:
        fields = {k: v for k, v in vars(self).items() if v is not None and v != ""}
        if not fields:
            raise ValueError("a search needs at least one condition")
        return fields


def search_body(
    condition: SearchCondition,
    *,
    status: int | None = None,
    on_aftersale_order_exist: int | None = None,
    page_size: int = MAX_PAGE_SIZE,
    next_key: str = "",
) -> dict[str, Any]:
    """Body of ``/channels/ec/order/search``. ``page_size`` and ``next_key`` are required there, so
    the first page sends ``next_key: ""``."""
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise ValueError("page_size must be within 1..100")
    body: dict[str, Any] = {
        "search_condition": condition.to_json(),
        "page_size": page_size,
        "next_key": next_key,
    }
    if status is not None:
        body["status"] = status
    if on_aftersale_order_exist is not None:
        body["on_aftersale_order_exist"] = on_aftersale_order_exist
    return body


def with_next_key(body: Mapping[str, Any], next_key: str) -> dict[str, Any]:
    """The same request body with only ``next_key`` changed."""
    out = dict(body)
    out["next_key"] = next_key
    return out


def unique(ids: Iterable[str]) -> list[str]:
    """Ids in first-seen order, without duplicates (windows share boundary seconds)."""
    seen: set[str] = set()
    out = []
    for order_id in ids:
        if order_id not in seen:
            seen.add(order_id)
            out.append(order_id)
    return out
