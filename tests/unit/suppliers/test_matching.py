from __future__ import annotations

from shared.suppliers.matching import match_updates
from shared.suppliers.model import ShipmentUpdate, SupplierOrder

ORDERS = (
    SupplierOrder("acme", "PO-1", "3720000000000000001"),
    SupplierOrder("acme", "PO-2", "3720000000000000002"),
    SupplierOrder("acme", "PO-DUP", "3720000000000000003"),
    SupplierOrder("acme", "PO-DUP", "3720000000000000004"),
    SupplierOrder("bolt", "B-9", "3720000000000000009"),
)


def update(
    supplier_no: str | None = None,
    shop_id: str | None = None,
    numbers: tuple[str, ...] = ("SF1",),
    supplier: str = "acme",
) -> ShipmentUpdate:
    return ShipmentUpdate(supplier, supplier_no, shop_id, "顺丰", "SF", numbers)


def test_by_supplier_order_no_first() -> None:
    (out,) = match_updates([update("po-1")], ORDERS)
    assert out.shop_order_id == "3720000000000000001" and out.matched_by == "supplier_order_no"
    assert out.problem is None


def test_by_shop_order_id_when_no_supplier_no() -> None:
    (out,) = match_updates([update(None, "3720000000000000002")], ORDERS)
    assert out.shop_order_id == "3720000000000000002" and out.matched_by == "shop_order_id"


def test_supplier_no_of_another_supplier_does_not_match() -> None:
    (out,) = match_updates([update("B-9")], ORDERS)
    assert out.shop_order_id is None and out.problem is not None and out.problem.code == "unknown_order"


def test_shop_id_of_an_order_assigned_to_another_supplier_is_refused() -> None:
    (out,) = match_updates([update(None, "3720000000000000009")], ORDERS)
    assert out.shop_order_id is None and out.problem is not None and out.problem.code == "wrong_supplier"


def test_unknown_is_refused_with_reason() -> None:
    (out,) = match_updates([update("PO-404", "3729999999999999999")], ORDERS)
    assert out.shop_order_id is None and out.problem is not None
    assert "PO-404" in out.problem.message.zh


def test_supplier_no_on_two_orders_is_never_guessed() -> None:
    (out,) = match_updates([update("PO-DUP")], ORDERS)
    assert out.shop_order_id is None and out.problem is not None
    assert out.problem.code == "ambiguous_supplier_order"


def test_disagreeing_refs_are_refused() -> None:
    (out,) = match_updates([update("PO-1", "3720000000000000002")], ORDERS)
    assert out.shop_order_id is None and out.problem is not None and out.problem.code == "conflicting_refs"


def test_same_number_for_two_orders_is_flagged_on_both() -> None:
    outs = match_updates([update("PO-1", numbers=("SF9",)), update("PO-2", numbers=("SF9",))], ORDERS)
    assert [o.shop_order_id for o in outs] == ["3720000000000000001", "3720000000000000002"]
    for out in outs:
        assert out.problem is not None and out.problem.code == "number_reused"
        assert out.problem.severity == "warning"


def test_number_already_on_another_order_is_flagged() -> None:
    (out,) = match_updates([update("PO-1", numbers=("SF7",))], ORDERS, {"SF7": "3720000000000000002"})
    assert out.problem is not None and "3720000000000000002" in out.problem.message.zh


def test_same_number_again_for_the_same_order_is_fine() -> None:
    (out,) = match_updates([update("PO-1", numbers=("SF7",))], ORDERS, {"SF7": "3720000000000000001"})
    assert out.problem is None
