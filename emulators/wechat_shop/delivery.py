"""Courier lists, delivery/send and deliveryinfo/update (docs/platforms/wechat-shop.md#courier-list to
#correcting)."""

from __future__ import annotations

import re
import time
from collections import Counter
from typing import Any

from .errors import ApiError
from .events import order_event
from .orders import find_order
from .state import OTHER_COURIER, Order, State, shop_couriers, shop_ewaybill_couriers
from .validate import get_bool, get_id, get_int, get_list, get_str, is_int
from .views import has_active_aftersale, shippable_units


def company_list_old(state: State, body: dict[str, Any]) -> dict[str, Any]:
    listed = shop_couriers(state)
    return {"company_list": [{"delivery_id": k, "delivery_name": v} for k, v in listed.items()]}


def company_list_new(state: State, body: dict[str, Any]) -> dict[str, Any]:
    only = get_bool(body, "ewaybill_only", required=True)
    listed = shop_couriers(state)
    ids = shop_ewaybill_couriers(state) if only else tuple(listed)
    return {"company_list": [{"delivery_id": k, "delivery_name": listed[k]} for k in ids]}


def courier_name(state: State, delivery_id: str) -> str | None:
    """The name of a courier the shop may ship with (its list, plus OTHER), else None (606004)."""
    if delivery_id == OTHER_COURIER[0]:
        return OTHER_COURIER[1]
    return shop_couriers(state).get(delivery_id)


def check_waybill(state: State, delivery_id: str, waybill_id: str | None) -> None:
    """Pluggable validator: per-courier regex, else the default regex, plus an explicit reject list."""
    if not waybill_id:
        raise ApiError(606005)
    pattern = state.config["waybill_patterns"].get(delivery_id) or state.config["waybill_pattern"]
    if not re.fullmatch(pattern, waybill_id) or waybill_id in state.config["waybill_rejects"]:
        raise ApiError(606005)


def _parse_items(pkg: dict[str, Any], where: str) -> list[dict[str, Any]]:
    raw = get_list(pkg, "product_infos", where=where) or []
    items = []
    for j, item in enumerate(raw):
        at = f"{where}product_infos[{j}]."
        if not isinstance(item, dict):
            raise ApiError(47001, f"data format error, {at[:-1]} must be an object")
        product_id = get_id(item, "product_id", where=at)
        if product_id in (None, "0"):
            raise ApiError(
                40097,
                f"invalid args, product_id: expecting {at}product_id > 0, actually {product_id or 0}",
            )
        sku_id = get_id(item, "sku_id", where=at)
        if sku_id is None:
            raise ApiError(40097, f"invalid args, sku_id: expecting {at}sku_id, actually empty")
        cnt = get_int(item, "product_cnt", required=True, where=at)
        assert cnt is not None
        if cnt <= 0:
            raise ApiError(40097, f"invalid args, product_cnt: expecting {at}product_cnt > 0, actually {cnt}")
        items.append({"product_id": product_id, "sku_id": sku_id, "product_cnt": cnt})
    return items


def _parse_package(pkg: Any, where: str) -> dict[str, Any]:
    if not isinstance(pkg, dict):
        raise ApiError(47001, f"data format error, {where[:-1]} must be an object")
    deliver_type = get_int(pkg, "deliver_type", where=where)
    return {
        "delivery_id": get_str(pkg, "delivery_id", where=where) or "",
        "waybill_id": get_str(pkg, "waybill_id", where=where) or "",
        "deliver_type": 1 if deliver_type is None else deliver_type,
        "product_infos": _parse_items(pkg, where),
    }


def _check_courier(state: State, order: Order, pkg: dict[str, Any]) -> None:
    if pkg["deliver_type"] not in (1, 3):
        raise ApiError(606008)
    if (pkg["deliver_type"] == 3) != (order.deliver_method == 1):
        raise ApiError(606008)
    if pkg["deliver_type"] == 1:
        if courier_name(state, pkg["delivery_id"]) is None:
            raise ApiError(606004)
        check_waybill(state, pkg["delivery_id"], pkg["waybill_id"])


class OrderLock:
    """Per-order contention: a second writer on the same order gets 100003
    (docs/platforms/wechat-shop.md#shipping)."""

    def __init__(self, state: State, order_id: str) -> None:
        self.state = state
        self.order_id = order_id

    def __enter__(self) -> OrderLock:
        with self.state.lock:
            if self.order_id in self.state.held_locks:
                raise ApiError(100003)
            self.state.held_locks.add(self.order_id)
        hold = float(self.state.config.get("order_lock_hold_ms") or 0)
        if hold > 0:
            time.sleep(hold / 1000)
        return self

    def __exit__(self, *exc: object) -> None:
        with self.state.lock:
            self.state.held_locks.discard(self.order_id)


def _check_shippable(state: State, order: Order) -> None:
    if order.dropship_locked:
        raise ApiError(606034)
    if order.status == 30:
        raise ApiError(109001)
    if order.status not in (20, 21):
        raise ApiError(101100)
    if has_active_aftersale(order):
        raise ApiError(108009)
    if order.ewaybill:
        raise ApiError(109205)
    if not state.config["has_return_address"]:
        raise ApiError(606003)


def send(state: State, body: dict[str, Any]) -> dict[str, Any]:
    order_id = get_id(body, "order_id", required=True)
    raw_list = get_list(body, "delivery_list")
    if raw_list is None:
        raise ApiError(40097, "invalid args, delivery_list: missing")
    packages = [_parse_package(p, f"delivery_list[{i}].") for i, p in enumerate(raw_list)]
    assert order_id is not None
    with state.lock:
        find_order(state, order_id)
    with OrderLock(state, order_id), state.lock:
        order = find_order(state, order_id)
        _check_shippable(state, order)
        if not packages or any(not p["product_infos"] for p in packages):
            raise ApiError(109002)
        for pkg in packages:
            _check_courier(state, order, pkg)
        lines = {(line["product_id"], line["sku_id"]): line for line in order.lines}
        seen: Counter[tuple[str, str]] = Counter()
        for pkg in packages:
            for item in pkg["product_infos"]:
                key = (item["product_id"], item["sku_id"])
                if key not in lines:
                    raise ApiError(606031)
                seen[key] += 1
        if any(n > 1 for n in seen.values()):
            # Two entries for one SKU in one call: the SKU would span packages.
            raise ApiError(606030)
        for pkg in packages:
            for item in pkg["product_infos"]:
                left = shippable_units(order, lines[(item["product_id"], item["sku_id"])])
                if item["product_cnt"] > left:
                    raise ApiError(109000)
                if item["product_cnt"] < left:
                    # Fewer units than the SKU's shippable count: the rest would need another package
                    # (our reading of the 606030 text, docs/platforms/wechat-shop.md#shipping).
                    raise ApiError(606030)
        now = state.now_s()
        for pkg in packages:
            order.packages.append(
                {
                    **pkg,
                    "delivery_name": courier_name(state, pkg["delivery_id"]) or "",
                    "delivery_time": now,
                }
            )
        remaining = sum(shippable_units(order, line) for line in order.lines)
        order.status = 30 if remaining == 0 else 21
        if remaining == 0:
            order.ship_done_time = now
        order.update_time = now
        order_event(state, "channels_ec_order_deliver", order, finish_delivery=1 if remaining == 0 else 0)
    return {}


def _same_items(a: list[dict[str, Any]], b: list[dict[str, Any]]) -> bool:
    def norm(items: list[dict[str, Any]]) -> Counter[tuple[str, str, int]]:
        return Counter((i["product_id"], i["sku_id"], int(i["product_cnt"])) for i in items)

    return norm(a) == norm(b)


def _parse_change(change: Any, i: int) -> tuple[dict[str, Any], dict[str, Any]]:
    where = f"change_infos[{i}]."
    if not isinstance(change, dict):
        raise ApiError(47001, f"data format error, change_infos[{i}] must be an object")
    old, new = change.get("old"), change.get("new")
    if not isinstance(old, dict) or not isinstance(new, dict):
        raise ApiError(40097, f"invalid args, {where}old and {where}new are required")
    return _parse_package(old, f"{where}old."), _parse_package(new, f"{where}new.")


def update(state: State, body: dict[str, Any]) -> dict[str, Any]:
    order_id = get_id(body, "order_id", required=True)
    raw_list = get_list(body, "delivery_list")
    raw_changes = get_list(body, "change_infos")
    rules = state.config["modify_rules"]
    if raw_changes is not None and rules == "old":
        raise ApiError(40097, "invalid args, change_infos is not supported")
    if (raw_list is None) == (raw_changes is None):
        raise ApiError(40097, "invalid args, exactly one of delivery_list or change_infos is required")
    assert order_id is not None
    with state.lock:
        find_order(state, order_id)
    with OrderLock(state, order_id), state.lock:
        order = find_order(state, order_id)
        if order.dropship_locked:
            raise ApiError(606034)
        if rules == "old":
            if order.status != 30:
                raise ApiError(101100)
            if order.deliver_method == 1:
                raise ApiError(606008)  # old rules: virtual orders cannot be modified
            limit = 1
        else:
            if order.status not in (21, 30) or not order.packages:
                raise ApiError(101100)
            limit = 3
        if order.modify_count >= limit:
            raise ApiError(606041)
        if raw_list is not None:
            if not raw_list:
                raise ApiError(109002)
            if len(order.packages) != 1 or len(raw_list) != 1:
                raise ApiError(606040)
            new = _parse_package(raw_list[0], "delivery_list[0].")
            if new["deliver_type"] != 1:
                raise ApiError(606008)
            _check_courier(state, order, new)
            target = order.packages[0]
            if not _same_items(new["product_infos"], target["product_infos"]):
                raise ApiError(606042)
            plan = [(target, new)]
        else:
            assert raw_changes is not None
            if not raw_changes:
                raise ApiError(40097, "invalid args, change_infos is empty")
            plan = []
            for i, change in enumerate(raw_changes):
                old, new = _parse_change(change, i)
                match = [
                    p
                    for p in order.packages
                    if p["delivery_id"] == old["delivery_id"] and p["waybill_id"] == old["waybill_id"]
                ]
                if not match:
                    raise ApiError(606042)
                target = match[0]
                if old["product_infos"] and not _same_items(old["product_infos"], target["product_infos"]):
                    raise ApiError(606042)
                if new["product_infos"] and not _same_items(new["product_infos"], target["product_infos"]):
                    raise ApiError(606042)
                _check_courier(state, order, new)
                plan.append((target, new))
        for target, new in plan:
            target["delivery_id"] = new["delivery_id"]
            target["waybill_id"] = new["waybill_id"]
            target["delivery_name"] = courier_name(state, new["delivery_id"]) or ""
        order.modify_count += 1
        order.update_time = state.now_s()
        event_type = state.config.get("modify_event_type")
        if is_int(event_type):
            order_event(state, "channels_ec_order_ext_info_update", order, type=event_type)
    return {}
