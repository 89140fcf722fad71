"""Property test: random shipment attempts against the emulator agree with a small model of
docs/platforms/wechat-shop.md#shipping.

The model restates the platform's quantity rules (ordered - refunded - shipped; one SKU in one
package with its whole shippable count) and predicts each errcode; the emulator's order must stay
consistent with the model after every call.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from emulators.wechat_shop.server import EmulatorServer

from .conftest import Shop, package

lines_st = st.lists(
    st.tuples(st.integers(1, 3), st.integers(0, 2)),  # (ordered units, refunded units)
    min_size=1,
    max_size=3,
).map(lambda ls: [(n, min(r, n - 1)) for n, r in ls])
attempt_st = st.lists(
    st.lists(st.tuples(st.integers(0, 2), st.integers(1, 4)), min_size=1, max_size=2),  # packages
    min_size=1,
    max_size=2,
)


def _predict(remaining: list[int], status: int, attempt: list[list[tuple[int, int]]]) -> int:
    if status == 30:
        return 109001
    items = [(i, n) for pkg in attempt for i, n in pkg]
    if any(i >= len(remaining) for i, _ in items):
        return 606031
    if len({i for i, _ in items}) != len(items):
        return 606030
    for i, n in items:
        if n > remaining[i]:
            return 109000
        if n < remaining[i]:
            return 606030
    return 0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=lines_st, attempts=st.lists(attempt_st, min_size=1, max_size=4))
def test_random_shipments_match_the_model(
    shop_emulator: EmulatorServer, lines: list[tuple[int, int]], attempts: list[list[list[tuple[int, int]]]]
) -> None:
    shop = Shop(shop_emulator)
    try:
        shop.control.reset()
        order_id = shop.new_order(*[(f"{100 + i}", f"{200 + i}", n) for i, (n, _) in enumerate(lines)])
        for i, (_, refunded) in enumerate(lines):
            if refunded:
                sku = {"product_id": f"{100 + i}", "sku_id": f"{200 + i}"}
                shop.control.aftersale(order_id, action="open", count=refunded, **sku)
                shop.control.aftersale(order_id, action="finish")
        remaining = [n - r for n, r in lines]
        status = 20
        waybill = 1000000000
        for attempt in attempts:
            packages: list[dict[str, Any]] = []
            for pkg in attempt:
                waybill += 1
                packages.append(package(f"SF{waybill}", *[(f"{100 + i}", f"{200 + i}", n) for i, n in pkg]))
            expected = _predict(remaining, status, attempt)
            assert shop.send(order_id, *packages)["errcode"] == expected
            if expected == 0:
                for pkg in attempt:
                    for i, n in pkg:
                        remaining[i] -= n
                status = 30 if sum(remaining) == 0 else 21
            order = shop.order(order_id)
            assert order["status"] == status
            delivery = order["order_detail"]["delivery_info"]
            assert ("ship_done_time" in delivery) == (status == 30)
            for i, line in enumerate(order["order_detail"]["product_infos"]):
                shipped = sum(
                    item["product_cnt"]
                    for p in delivery["delivery_product_info"]
                    for item in p["product_infos"]
                    if item["sku_id"] == line["sku_id"]
                )
                assert shipped + line["finish_aftersale_sku_cnt"] + remaining[i] == line["sku_cnt"]
    finally:
        shop.http.close()


def test_model_is_not_vacuous() -> None:
    assert _predict([1], 20, [[(0, 1)]]) == 0
    assert _predict([2], 20, [[(0, 1)], [(0, 1)]]) == 606030
