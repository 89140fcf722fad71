"""The SKU rule: how several waybills of one push are spread over an order's SKU lines (pure), and
what ``delivery/send`` then carries per product (docs/platforms/wechat-shop.md#shipping: a SKU is
never split, 606030)."""

from __future__ import annotations

import pytest

from shared.wechat.delivery import OutgoingPackage, build_delivery_list, packages_for
from shared.wechat.errors import ShipPlanError
from tests.unit.wechat.factories import line, order, package

A = ("1001", "2001")
B = ("1001", "2002")
C = ("1003", "2003")


def infos(delivery: list[dict[str, object]]) -> list[tuple[str, list[tuple[str, int]]]]:
    """(waybill, [(sku_id, count), ...]) per package of a delivery_list."""
    out = []
    for package_json in delivery:
        items = package_json["product_infos"]
        assert isinstance(items, list)
        out.append((str(package_json["waybill_id"]), [(i["sku_id"], i["product_cnt"]) for i in items]))
    return out


def test_one_waybill_takes_every_sku_line() -> None:
    assert packages_for("ZTO", ["7310001"], [A, B]) == [OutgoingPackage("ZTO", "7310001")]
    delivery = build_delivery_list(
        order([line(*A, 2), line(*B, 1)]), packages_for("ZTO", ["7310001"], [A, B])
    )
    assert infos(delivery) == [("7310001", [("2001", 2), ("2002", 1)])]


def test_each_waybill_but_the_last_takes_one_line_and_the_last_takes_the_rest() -> None:
    packages = packages_for("ZTO", ["W1", "W2"], [A, B, C])
    assert packages == [OutgoingPackage("ZTO", "W1", skus=(A,)), OutgoingPackage("ZTO", "W2")]
    delivery = build_delivery_list(order([line(*A, 3), line(*B, 1), line(*C, 2)]), packages)
    # Whole lines only: the three units of A travel together, never split across the two parcels.
    assert infos(delivery) == [("W1", [("2001", 3)]), ("W2", [("2002", 1), ("2003", 2)])]


def test_as_many_waybills_as_lines_gives_one_line_each() -> None:
    delivery = build_delivery_list(
        order([line(*A, 1), line(*B, 1)]), packages_for("SF", ["SF1", "SF2"], [A, B])
    )
    assert infos(delivery) == [("SF1", [("2001", 1)]), ("SF2", [("2002", 1)])]


def test_a_line_already_shipped_leaves_the_last_waybill_the_lines_still_to_ship() -> None:
    o = order([line(*A, 1), line(*B, 2), line(*C, 1)], [package("ZTO", "OLD", (A[0], A[1], 1))], status=21)
    # The rule follows the order's lines; a line with nothing left to ship cannot take a parcel.
    with pytest.raises(ShipPlanError) as err:
        build_delivery_list(o, packages_for("ZTO", ["W1", "W2"], [A, B, C]))
    assert err.value.reason == "nothing_to_ship"
    delivery = build_delivery_list(o, packages_for("ZTO", ["W1", "W2"], [B, C]))
    assert infos(delivery) == [("W1", [("2002", 2)]), ("W2", [("2003", 1)])]


@pytest.mark.parametrize(
    ("waybills", "lines"),
    [
        (["W1", "W2", "W3"], [A, B]),  # more parcels than SKU lines
        (["W1", "W2"], []),  # the order's lines are not known
    ],
)
def test_more_waybills_than_lines_is_refused_before_anything_is_sent(
    waybills: list[str], lines: list[tuple[str, str]]
) -> None:
    packages = packages_for("ZTO", waybills, lines)
    assert len(packages) == len(waybills)
    with pytest.raises(ShipPlanError) as err:
        build_delivery_list(order([line(*A, 1), line(*B, 1)]), packages)
    assert err.value.reason == "empty_package"


def test_one_sku_on_two_lines_would_be_split_and_is_refused() -> None:
    o = order([line(*A, 1), line(*A, 1), line(*B, 1)])
    with pytest.raises(ShipPlanError) as err:
        build_delivery_list(o, packages_for("ZTO", ["W1", "W2", "W3"], [A, A, B]))
    assert err.value.reason == "split_sku"
