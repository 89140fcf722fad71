"""AlibabaSource against the emulator: linked orders through their life on 1688 (partial and split
shipments, a cancellation, a number the seller changes after shipping), and what it costs in calls."""

from __future__ import annotations

from datetime import UTC, datetime

from shared.suppliers.model import ClosedOrder, SupplierOrder
from tests.contract.alibaba_1688.conftest import SUPPLIER, Rig


def _open(order_no: str | None, shop_id: str = "3720000000000000001") -> SupplierOrder:
    return SupplierOrder(SUPPLIER, order_no, shop_id)


def test_nothing_linked_means_no_call(rig: Rig) -> None:
    with rig.source() as source:
        batch = source.fetch_updates([_open(None), SupplierOrder("别家", "3400000000000000001", "1")])
    assert batch.updates == () and batch.problems == () and rig.api_calls() == []


def test_a_supplier_order_no_that_is_not_a_1688_id_is_a_problem_not_a_call(rig: Rig) -> None:
    with rig.source() as source:
        batch = source.fetch_updates([_open("PO-2026-001")])
    assert [p.code for p in batch.problems] == ["not_a_1688_order_id"]
    assert rig.api_calls() == []


def test_partial_then_whole_shipment_with_two_couriers(rig: Rig) -> None:
    made = rig.control.create_order(
        items=[{"name": "杯", "quantity": 2, "sku_id": 11}, {"name": "伞", "quantity": 1}]
    )
    order_id, (cup, _) = made["order_id"], made["sub_item_ids"]
    with rig.source() as source:
        assert source.fetch_updates([_open(order_id)]).updates == ()  # paid, nothing sent
        rig.control.ship(
            order_id, items=[{"sub_item_id": cup, "quantity": 1}], bill_no="73100000000011", company="ZTO"
        )
        partial = source.fetch_updates([_open(order_id)])
        (update,) = partial.updates
        assert (update.courier, update.tracking_numbers) == ("ZTO", ("73100000000011",))
        assert [(i.sku, i.title, i.quantity) for i in update.items] == [("11", "杯", 1)]
        assert [p.code for p in partial.problems] == ["partial_shipment"]
        rig.control.ship(order_id, bill_no="YT1000000000011", company="圆通速递(YTO)")
        whole = source.fetch_updates([_open(order_id)])
    assert [(u.courier, u.tracking_numbers, u.items) for u in whole.updates] == [
        ("ZTO", ("73100000000011",), ()),
        ("YTO", ("YT1000000000011",), ()),
    ]
    assert whole.problems == ()
    assert all(u.supplier_order_no == order_id and u.shop_order_id is None for u in whole.updates)


def test_an_order_cancelled_on_1688_is_reported_cancelled(rig: Rig) -> None:
    order_id = rig.control.create_order()["order_id"]
    rig.control.act(order_id, "close", by="buyer")
    with rig.source() as source:
        (update,) = source.fetch_updates([_open(order_id)]).updates
    assert (update.status, update.supplier_order_no) == ("cancelled", order_id)
    assert "alibaba.trade.getLogisticsInfos.buyerView" not in rig.api_calls()


def test_a_number_changed_after_shipping_is_reported_only_when_it_differs(rig: Rig) -> None:
    order_id = rig.control.create_order()["order_id"]
    parcel = rig.control.ship(order_id, bill_no="73100000000012", company="ZTO")
    shipped = ClosedOrder(
        SUPPLIER,
        "3720000000000000001",
        "shipped",
        ("73100000000012",),
        datetime(2026, 11, 18, tzinfo=UTC),
        order_id,
    )
    with rig.source() as source:
        assert source.fetch_updates([], closed=[shipped]).updates == ()  # same number: no news
        rig.control.act(
            order_id, "change_number", logistics_id=parcel, bill_no="SF1000000000012", company="SF"
        )
        (update,) = source.fetch_updates([], closed=[shipped]).updates
    assert (update.courier, update.tracking_numbers, update.supplier_order_no) == (
        "SF",
        ("SF1000000000012",),
        order_id,
    )


def test_a_shipped_order_past_the_follow_window_is_not_looked_at(rig: Rig) -> None:
    order_id = rig.control.create_order()["order_id"]
    long_ago = ClosedOrder(
        SUPPLIER, "1", "shipped", ("73100000000013",), datetime(2026, 1, 1, tzinfo=UTC), order_id
    )
    with rig.source() as source:
        assert source.fetch_updates([], closed=[long_ago]).updates == ()
    assert rig.api_calls() == ["push.cursor.messageList"]  # the replay only: no order is read


def test_a_replayed_number_change_follows_an_order_past_the_window(rig: Rig) -> None:
    order_id = rig.control.create_order()["order_id"]
    parcel = rig.control.ship(order_id, bill_no="73100000000015")
    rig.control.act(order_id, "change_number", logistics_id=parcel, bill_no="73100000000016")
    rig.control.deliver_pushes()  # no push URL: 1688 keeps them for the replay
    long_ago = ClosedOrder(
        SUPPLIER, "1", "shipped", ("73100000000015",), datetime(2026, 1, 1, tzinfo=UTC), order_id
    )
    with rig.source() as source:
        (update,) = source.fetch_updates([], closed=[long_ago]).updates
        assert source.replayed == 5  # made, paid, shipped, its trace, the number change
    assert update.tracking_numbers == ("73100000000016",)
    assert rig.control.parked() == []


def test_the_list_answers_many_orders_in_one_page_and_stops_when_all_are_found(rig: Rig) -> None:
    made = [rig.control.create_order()["order_id"] for _ in range(6)]
    for order_id in made[-2:]:
        rig.control.ship(order_id, bill_no=f"7310000000{order_id[-4:]}")
    with rig.source(page_size=3) as source:
        batch = source.fetch_updates([_open(made[-1], "1"), _open(made[-2], "2"), _open(made[-3], "3")])
    assert sorted(u.supplier_order_no or "" for u in batch.updates) == sorted(made[-2:])
    calls = rig.api_calls()
    assert calls.count("alibaba.trade.getBuyerOrderList") == 1  # the three newest are on page 1
    assert calls.count("alibaba.trade.getLogisticsInfos.buyerView") == 2  # only the shipped ones


def test_an_order_the_list_does_not_reach_is_read_by_detail(rig: Rig) -> None:
    old = rig.control.create_order(age_seconds=400 * 86_400)["order_id"]  # in the history table
    rig.control.ship(old, bill_no="73100000000014")
    with rig.source() as source:
        (update,) = source.fetch_updates([_open(old)]).updates
    assert update.tracking_numbers == ("73100000000014",)
    assert "alibaba.trade.get.buyerView" in rig.api_calls()


def test_another_buyers_order_is_a_problem(rig: Rig) -> None:
    theirs = rig.control.create_order(buyer="b2b-someone-else")["order_id"]
    with rig.source() as source:
        batch = source.fetch_updates([_open(theirs)])
    assert batch.updates == () and [p.code for p in batch.problems] == ["not_found"]


def test_an_unknown_carrier_is_a_problem_on_the_order(rig: Rig) -> None:
    order_id = rig.control.create_order()["order_id"]
    rig.control.ship(order_id, bill_no="UN0000000001", company="宇宙速递")
    with rig.source() as source:
        batch = source.fetch_updates([_open(order_id)])
    assert batch.updates == () and [p.code for p in batch.problems] == ["unknown_courier"]
