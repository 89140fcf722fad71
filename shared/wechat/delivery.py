"""Pure helpers that build shipping and correction payloads (no I/O), and the edit budget.

Rules (docs/platforms/wechat-shop.md#shipping and #correcting):

* Shippable units of a line = ordered ``sku_cnt`` - ``finish_aftersale_sku_cnt`` (refunded) - units
  already in ``delivery_product_info``. Lines with ``on_aftersale_sku_cnt > 0`` are skipped (and the
  order as a whole cannot ship: 108009).
* A SKU is never split: a package carries the full shippable count of every SKU it holds, and no
  SKU appears in two packages of one call (606030). ``packages_for`` spreads several waybills over
  an order's SKU lines by that rule.
* ``deliver_type`` is always 1 (self-arranged courier).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from shared.wechat.errors import ShipPlanError
from shared.wechat.models import DELIVER_TYPE_COURIER, SHIPPABLE_STATUSES, Order, ShippedPackage

SkuKey = tuple[str, str]  # (product_id, sku_id)

ASSUMED_EDIT_LIMIT = 3


@dataclass(frozen=True)
class OutgoingPackage:
    """A package we want to record. ``skus`` names the SKUs inside it; ``None`` means "every shippable
    SKU not named by another package of the same call". Quantities are never given: they follow."""

    delivery_id: str
    waybill_id: str
    skus: tuple[SkuKey, ...] | None = None


def packages_for(
    delivery_id: str, waybills: Sequence[str], sku_lines: Sequence[SkuKey]
) -> list[OutgoingPackage]:
    """The packages of one ``delivery/send`` for ``waybills`` (one package each) of an order whose
    SKU lines are ``sku_lines`` (in order-line order), all with one courier.

    One waybill takes every shippable SKU. With several, each but the last takes one SKU line (the
    first waybill the first line, and so on) and the last takes every SKU left: the platform forbids
    splitting a SKU across the packages of one call (606030), and which goods travel in which parcel
    is not known to us. A waybill left without a line (more parcels than SKU lines, or no lines
    known) gets an empty package, which ``build_delivery_list`` refuses (``empty_package``) before
    anything is sent.
    """
    if len(waybills) == 1:
        return [OutgoingPackage(delivery_id, waybills[0])]
    packages = [
        OutgoingPackage(delivery_id, waybill, skus=(sku_lines[i],) if i < len(sku_lines) else ())
        for i, waybill in enumerate(waybills[:-1])
    ]
    packages.append(OutgoingPackage(delivery_id, waybills[-1]))
    return packages


@dataclass(frozen=True)
class WaybillChange:
    """Replace one recorded package's courier/number; the package's items stay the same."""

    old_delivery_id: str
    old_waybill_id: str
    new_delivery_id: str
    new_waybill_id: str


def shipped_units(order: Order) -> dict[SkuKey, int]:
    """Units of each SKU already in the order's recorded packages."""
    shipped: dict[SkuKey, int] = {}
    for package in order.delivery.packages:
        for item in package.items:
            shipped[item.key] = shipped.get(item.key, 0) + item.product_cnt
    return shipped


def shippable_quantities(order: Order) -> dict[SkuKey, int]:
    """Units still to ship per SKU (only positive counts), in order-line order."""
    ordered: dict[SkuKey, int] = {}
    refunded: dict[SkuKey, int] = {}
    blocked: set[SkuKey] = set()
    for line in order.products:
        ordered[line.key] = ordered.get(line.key, 0) + line.sku_cnt
        refunded[line.key] = refunded.get(line.key, 0) + line.finish_aftersale_sku_cnt
        if line.on_aftersale_sku_cnt > 0:
            blocked.add(line.key)
    shipped = shipped_units(order)
    out: dict[SkuKey, int] = {}
    for key, count in ordered.items():
        remaining = count - refunded[key] - shipped.get(key, 0)
        if remaining > 0 and key not in blocked:
            out[key] = remaining
    return out


def check_shippable(order: Order) -> None:
    """Refuse locally what the platform would refuse (101100/109001/108009)."""
    if order.status not in SHIPPABLE_STATUSES:
        raise ShipPlanError("status", f"order {order.order_id} has status {order.status}; it cannot ship")
    if order.has_open_aftersale:
        raise ShipPlanError("aftersale", f"order {order.order_id} has an open after-sale; shipping blocked")


def has_package(order: Order, delivery_id: str, waybill_id: str) -> bool:
    """True when the order already records this (courier, number)."""
    return any(p.delivery_id == delivery_id and p.waybill_id == waybill_id for p in order.delivery.packages)


def _clean(value: str, what: str) -> str:
    text = value.strip()
    if not text:
        raise ShipPlanError("empty_field", f"{what} is empty")
    return text


def build_delivery_list(order: Order, packages: Sequence[OutgoingPackage]) -> list[dict[str, Any]]:
    """``delivery_list`` for ``delivery/send``: one element per package, each SKU in exactly one."""
    if not packages:
        raise ShipPlanError("no_packages", "no package to ship")
    shippable = shippable_quantities(order)
    in_order = {line.key for line in order.products}
    owner: dict[SkuKey, int] = {}
    catch_all: int | None = None
    seen_waybills: set[tuple[str, str]] = set()
    for index, package in enumerate(packages):
        waybill = (_clean(package.delivery_id, "delivery_id"), _clean(package.waybill_id, "waybill_id"))
        if waybill in seen_waybills:
            raise ShipPlanError("duplicate_waybill", f"waybill {waybill[1]} is given twice")
        seen_waybills.add(waybill)
        if package.skus is None:
            if catch_all is not None:
                raise ShipPlanError("ambiguous", "only one package may take 'all remaining' SKUs")
            catch_all = index
            continue
        for key in package.skus:
            if key not in in_order:
                raise ShipPlanError("not_in_order", f"SKU {key[1]} of product {key[0]} is not in the order")
            if key in owner:
                raise ShipPlanError("split_sku", f"SKU {key[1]} is in two packages; a SKU cannot be split")
            if key not in shippable:
                raise ShipPlanError("nothing_to_ship", f"SKU {key[1]} has no unit left to ship")
            owner[key] = index
    if catch_all is not None:
        for key in shippable:
            owner.setdefault(key, catch_all)
    result = []
    for index, package in enumerate(packages):
        items = [
            {"product_id": key[0], "sku_id": key[1], "product_cnt": count}
            for key, count in shippable.items()
            if owner.get(key) == index
        ]
        if not items:
            raise ShipPlanError("empty_package", f"package {package.waybill_id.strip()} has nothing to ship")
        result.append(
            {
                "delivery_id": package.delivery_id.strip(),
                "waybill_id": package.waybill_id.strip(),
                "deliver_type": DELIVER_TYPE_COURIER,
                "product_infos": items,
            }
        )
    return result


def send_body(order_id: str, delivery_list: list[dict[str, Any]]) -> dict[str, Any]:
    return {"order_id": order_id, "delivery_list": delivery_list}


def _package_json(delivery_id: str, waybill_id: str, package: ShippedPackage) -> dict[str, Any]:
    return {
        "delivery_id": delivery_id,
        "waybill_id": waybill_id,
        "product_infos": [
            {"product_id": i.product_id, "sku_id": i.sku_id, "product_cnt": i.product_cnt}
            for i in package.items
        ],
    }


def build_change_infos(order: Order, changes: Sequence[WaybillChange]) -> list[dict[str, Any]]:
    """``change_infos[{old, new}]`` for ``deliveryinfo/update`` (new rules, split packages allowed).

    ``old`` repeats the recorded package exactly (courier, number, items); ``new`` keeps its items.
    """
    if not changes:
        raise ShipPlanError("no_changes", "no change to send")
    out = []
    seen: set[tuple[str, str]] = set()
    for change in changes:
        old_key = (change.old_delivery_id.strip(), change.old_waybill_id.strip())
        new_key = (_clean(change.new_delivery_id, "delivery_id"), _clean(change.new_waybill_id, "waybill_id"))
        if old_key in seen:
            raise ShipPlanError("duplicate_change", f"package {old_key[1]} is changed twice")
        seen.add(old_key)
        if old_key == new_key:
            raise ShipPlanError("no_change", f"package {old_key[1]}: old and new are the same")
        matches = [p for p in order.delivery.packages if (p.delivery_id, p.waybill_id) == old_key]
        if not matches:
            raise ShipPlanError("unknown_package", f"the order has no package {old_key[0]} {old_key[1]}")
        package = matches[0]
        out.append(
            {
                "old": _package_json(old_key[0], old_key[1], package),
                "new": _package_json(new_key[0], new_key[1], package),
            }
        )
    return out


def update_body(order_id: str, change_infos: list[dict[str, Any]]) -> dict[str, Any]:
    return {"order_id": order_id, "change_infos": change_infos}


class EditBudget:
    """Counts successful tracking modifications per order.

    It assumes the current rule of 3 modifications (docs/platforms/wechat-shop.md#correcting, new rules) but
    trusts the platform first: a ``606041`` at any count marks the order exhausted. Seed ``used`` from the
    journal.
    """

    def __init__(self, limit: int = ASSUMED_EDIT_LIMIT, used: Mapping[str, int] | None = None) -> None:
        self.limit = limit
        self._used = dict(used or {})
        self._exhausted: set[str] = set()
        self._lock = threading.Lock()

    def used(self, order_id: str) -> int:
        with self._lock:
            return self._used.get(order_id, 0)

    def remaining(self, order_id: str) -> int:
        with self._lock:
            if order_id in self._exhausted:
                return 0
            return max(0, self.limit - self._used.get(order_id, 0))

    def record_success(self, order_id: str) -> None:
        with self._lock:
            self._used[order_id] = self._used.get(order_id, 0) + 1

    def record_exhausted(self, order_id: str) -> None:
        with self._lock:
            self._exhausted.add(order_id)
