"""Assign supplier shipment updates to shop orders (pure). Never guess.

Rules: by supplier order no. (within the reporting supplier), else by shop order id, else refuse with
a reason. Both given and pointing at different orders: refuse. A tracking number reported for two
different shop orders (in this batch, or already on another order) is flagged: carriers and
suppliers do reuse numbers, and two orders of one buyer may really share a parcel, so it is a
warning for a person to check, not a silent merge.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol, TypeGuard

from shared.couriers import Problem
from shared.couriers.normalize import fold
from shared.domain.text import Bilingual
from shared.suppliers.model import ShipmentUpdate, SupplierOrder

MatchedBy = Literal["supplier_order_no", "shop_order_id"]

UNKNOWN_ORDER = "unknown_order"
AMBIGUOUS_SUPPLIER_ORDER = "ambiguous_supplier_order"
CONFLICTING_REFS = "conflicting_refs"
WRONG_SUPPLIER = "wrong_supplier"
NUMBER_REUSED = "number_reused"


@dataclass(frozen=True, slots=True)
class MatchOutcome:
    """One update and the shop order it belongs to, or why it could not be placed.

    ``problem`` with severity "warning" (a reused number) still carries ``shop_order_id``.
    """

    update: ShipmentUpdate
    shop_order_id: str | None
    matched_by: MatchedBy | None
    problem: Problem | None

    @property
    def placed(self) -> bool:
        """The update belongs to ``shop_order_id`` and goes on to reconcile (a warning goes with it)."""
        return self.shop_order_id is not None and (self.problem is None or self.problem.severity == "warning")


class AnswersBack(Protocol):
    """A source that answers whoever reported through it (the 回传 tab's result cell): once its updates
    are matched, it is given the outcome of each, in the order it gave them."""

    def settle(self, outcomes: Sequence[MatchOutcome]) -> None: ...


def answers_back(source: object) -> TypeGuard[AnswersBack]:
    """Whether ``source`` wants the outcome of its updates (``AnswersBack``)."""
    return callable(getattr(source, "settle", None))


def _key(ref: str) -> str:
    return "".join(fold(ref).split())


def match_updates(
    updates: Sequence[ShipmentUpdate],
    orders: Iterable[SupplierOrder],
    numbers_on_orders: Mapping[str, str] | None = None,
) -> tuple[MatchOutcome, ...]:
    """Match each update; ``numbers_on_orders`` maps tracking numbers already on the sheet to their
    shop order id, so a number reused across batches is caught too."""
    by_supplier_no: dict[tuple[str, str], list[SupplierOrder]] = {}
    by_shop_id: dict[str, SupplierOrder] = {}
    for order in orders:
        if order.supplier_order_no:
            by_supplier_no.setdefault((order.supplier_id, _key(order.supplier_order_no)), []).append(order)
        by_shop_id[_key(order.shop_order_id)] = order

    placed = [_place(u, by_supplier_no, by_shop_id) for u in updates]
    return _flag_reused(placed, numbers_on_orders or {})


def _place(
    update: ShipmentUpdate,
    by_supplier_no: Mapping[tuple[str, str], list[SupplierOrder]],
    by_shop_id: Mapping[str, SupplierOrder],
) -> MatchOutcome:
    via_supplier: SupplierOrder | None = None
    if update.supplier_order_no:
        found = by_supplier_no.get((update.supplier_id, _key(update.supplier_order_no)), [])
        if len(found) > 1:
            return MatchOutcome(update, None, None, _ambiguous(update.supplier_order_no, len(found)))
        via_supplier = found[0] if found else None
    via_shop = by_shop_id.get(_key(update.shop_order_id)) if update.shop_order_id else None

    if via_supplier is not None:
        # One reference given for both fields (the inbox does that) follows the rule order; two
        # different references pointing at two different orders are a real disagreement.
        disagree = via_shop is not None and via_shop.shop_order_id != via_supplier.shop_order_id
        if disagree and via_shop is not None and update.shop_order_id != update.supplier_order_no:
            return MatchOutcome(update, None, None, _conflict(via_supplier, via_shop))
        return MatchOutcome(update, via_supplier.shop_order_id, "supplier_order_no", None)
    if via_shop is not None:
        if via_shop.supplier_id != update.supplier_id:
            return MatchOutcome(update, None, None, _wrong_supplier(via_shop, update.supplier_id))
        return MatchOutcome(update, via_shop.shop_order_id, "shop_order_id", None)
    return MatchOutcome(update, None, None, _unknown(update))


def _flag_reused(placed: list[MatchOutcome], on_orders: Mapping[str, str]) -> tuple[MatchOutcome, ...]:
    owners: dict[str, set[str]] = {}
    for number, shop_id in on_orders.items():
        owners.setdefault(number, set()).add(shop_id)
    for outcome in placed:
        if outcome.shop_order_id is not None and outcome.update.status == "shipped":
            for number in outcome.update.tracking_numbers:
                owners.setdefault(number, set()).add(outcome.shop_order_id)
    result: list[MatchOutcome] = []
    for outcome in placed:
        shared = sorted(
            other
            for number in outcome.update.tracking_numbers
            for other in owners.get(number, ())
            if outcome.shop_order_id is not None and other != outcome.shop_order_id
        )
        if shared and outcome.problem is None:
            outcome = MatchOutcome(outcome.update, outcome.shop_order_id, outcome.matched_by, _reused(shared))
        result.append(outcome)
    return tuple(result)


def _unknown(update: ShipmentUpdate) -> Problem:
    ref = update.supplier_order_no or update.shop_order_id or "?"
    return Problem(
        UNKNOWN_ORDER,
        Bilingual(
            f"找不到订单「{ref}」：既不是这个供应商的供应商单号，也不是小店订单号。请核对订单号。",
            f"No order '{ref}': it is neither this supplier's order no. nor a shop order id. "
            "Check the number.",
        ),
    )


def _ambiguous(ref: str, count: int) -> Problem:
    return Problem(
        AMBIGUOUS_SUPPLIER_ORDER,
        Bilingual(
            f"供应商单号「{ref}」对应了 {count} 个小店订单，无法确定是哪一个。请写上小店订单号。",
            f"Supplier order no. '{ref}' belongs to {count} shop orders; which one is unclear. Give the shop "
            "order id.",
        ),
    )


def _conflict(by_supplier: SupplierOrder, by_shop: SupplierOrder) -> Problem:
    return Problem(
        CONFLICTING_REFS,
        Bilingual(
            f"供应商单号指向订单 {by_supplier.shop_order_id}，"
            f"小店订单号却是 {by_shop.shop_order_id}，两者不一致。请向供应商核对。",
            f"The supplier order no. points to order {by_supplier.shop_order_id} but the shop order id is "
            f"{by_shop.shop_order_id}. Check with the supplier.",
        ),
    )


def _wrong_supplier(order: SupplierOrder, reporter: str) -> Problem:
    return Problem(
        WRONG_SUPPLIER,
        Bilingual(
            f"订单 {order.shop_order_id} 分配给了供应商「{order.supplier_id}」，"
            f"却由「{reporter}」回传了单号。请核对。",
            f"Order {order.shop_order_id} is assigned to supplier '{order.supplier_id}', "
            f"but '{reporter}' reported a number for it. Check it.",
        ),
    )


def _reused(others: list[str]) -> Problem:
    listed = "、".join(dict.fromkeys(others))
    return Problem(
        NUMBER_REUSED,
        Bilingual(
            f"这个快递单号也出现在订单 {listed} 上。若不是同一个包裹合并发货，请向供应商核对。",
            f"This tracking number is also on order(s) {', '.join(dict.fromkeys(others))}. Unless the orders "
            "really share one parcel, check with the supplier.",
        ),
        severity="warning",
    )
