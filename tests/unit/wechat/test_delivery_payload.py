"""Shipping quantities and payload building (pure), docs/platforms/wechat-shop.md#shipping."""

from __future__ import annotations

import pytest

from shared.wechat.delivery import (
    EditBudget,
    OutgoingPackage,
    WaybillChange,
    build_change_infos,
    build_delivery_list,
    check_shippable,
    shippable_quantities,
    update_body,
)
from shared.wechat.errors import ShipPlanError
from tests.unit.wechat.factories import line, order, package

A = ("1001", "2001")
B = ("1001", "2002")
C = ("1003", "2003")


def test_quantity_is_ordered_minus_refunded_minus_shipped() -> None:
    o = order(
        [line(*A, 5, refunded=1), line(*B, 2), line(*C, 3, refunded=3)],
        [package("SF", "SF1", (A[0], A[1], 2))],
        status=21,
    )
    assert shippable_quantities(o) == {A: 2, B: 2}


def test_line_with_open_aftersale_is_skipped_and_order_refused() -> None:
    o = order([line(*A, 2, open_aftersale=1), line(*B, 1)])
    assert shippable_quantities(o) == {B: 1}
    with pytest.raises(ShipPlanError) as err:
        check_shippable(o)
    assert err.value.reason == "aftersale"


@pytest.mark.parametrize("status", [10, 30, 100, 200, 250])
def test_unshippable_statuses_are_refused(status: int) -> None:
    with pytest.raises(ShipPlanError) as err:
        check_shippable(order([line(*A, 1)], status=status))
    assert err.value.reason == "status"


def test_one_catch_all_package_ships_every_remaining_unit_with_deliver_type_1() -> None:
    o = order([line(*A, 3), line(*B, 1)])
    assert build_delivery_list(o, [OutgoingPackage(" SF ", " SF123 ")]) == [
        {
            "delivery_id": "SF",
            "waybill_id": "SF123",
            "deliver_type": 1,
            "product_infos": [
                {"product_id": "1001", "sku_id": "2001", "product_cnt": 3},
                {"product_id": "1001", "sku_id": "2002", "product_cnt": 1},
            ],
        }
    ]


def test_two_packages_each_carry_whole_skus() -> None:
    o = order([line(*A, 3), line(*B, 1), line(*C, 2)])
    result = build_delivery_list(o, [OutgoingPackage("SF", "SF1", (B,)), OutgoingPackage("YTO", "YT2")])
    assert [[(i["sku_id"], i["product_cnt"]) for i in p["product_infos"]] for p in result] == [
        [("2002", 1)],
        [("2001", 3), ("2003", 2)],
    ]


def test_a_sku_in_two_packages_is_refused() -> None:
    o = order([line(*A, 2)])
    with pytest.raises(ShipPlanError) as err:
        build_delivery_list(o, [OutgoingPackage("SF", "SF1", (A,)), OutgoingPackage("SF", "SF2", (A,))])
    assert err.value.reason == "split_sku"


@pytest.mark.parametrize(
    ("packages", "reason"),
    [
        ([], "no_packages"),
        ([OutgoingPackage("SF", "SF1", (("9", "9"),))], "not_in_order"),
        ([OutgoingPackage("SF", "SF1"), OutgoingPackage("SF", "SF2")], "ambiguous"),
        ([OutgoingPackage("SF", "SF1", (A,)), OutgoingPackage("SF", "SF1", (B,))], "duplicate_waybill"),
        ([OutgoingPackage("SF", "  ")], "empty_field"),
        ([OutgoingPackage("SF", "SF1", (A, B)), OutgoingPackage("SF", "SF2")], "empty_package"),
    ],
)
def test_bad_package_plans_are_refused(packages: list[OutgoingPackage], reason: str) -> None:
    with pytest.raises(ShipPlanError) as err:
        build_delivery_list(order([line(*A, 1), line(*B, 1)]), packages)
    assert err.value.reason == reason


def test_naming_a_fully_shipped_sku_is_refused() -> None:
    o = order([line(*A, 1), line(*B, 1)], [package("SF", "SF1", (A[0], A[1], 1))], status=21)
    with pytest.raises(ShipPlanError) as err:
        build_delivery_list(o, [OutgoingPackage("SF", "SF2", (A,))])
    assert err.value.reason == "nothing_to_ship"


def test_change_infos_repeat_the_old_package_and_keep_its_items() -> None:
    o = order(
        [line(*A, 1), line(*B, 2)],
        [package("SF", "SF1", (A[0], A[1], 1)), package("YTO", "YT9", (B[0], B[1], 2))],
        status=30,
    )
    infos = build_change_infos(o, [WaybillChange("YTO", "YT9", "ZTO", "ZT7")])
    items = [{"product_id": "1001", "sku_id": "2002", "product_cnt": 2}]
    assert infos == [
        {
            "old": {"delivery_id": "YTO", "waybill_id": "YT9", "product_infos": items},
            "new": {"delivery_id": "ZTO", "waybill_id": "ZT7", "product_infos": items},
        }
    ]
    assert update_body(o.order_id, infos) == {"order_id": o.order_id, "change_infos": infos}


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ([], "no_changes"),
        ([WaybillChange("SF", "NOPE", "SF", "SF2")], "unknown_package"),
        ([WaybillChange("SF", "SF1", "SF", "SF1")], "no_change"),
        (
            [WaybillChange("SF", "SF1", "SF", "SF2"), WaybillChange("SF", "SF1", "SF", "SF3")],
            "duplicate_change",
        ),
    ],
)
def test_bad_changes_are_refused(changes: list[WaybillChange], reason: str) -> None:
    o = order([line(*A, 1)], [package("SF", "SF1", (A[0], A[1], 1))], status=30)
    with pytest.raises(ShipPlanError) as err:
        build_change_infos(o, changes)
    assert err.value.reason == reason


def test_edit_budget_assumes_three_but_trusts_606041() -> None:
    budget = EditBudget(used={"1": 2})
    assert budget.remaining("1") == 1
    budget.record_success("1")
    assert budget.remaining("1") == 0
    assert budget.remaining("2") == 3
    budget.record_exhausted("2")
    assert budget.remaining("2") == 0
    assert budget.used("2") == 0
