"""Rows whose order was not read from the shop this pass: never pushed; shipped rows stay shipped."""

from __future__ import annotations

from shared.domain.orders import ShopStatus
from shared.domain.states import RowState
from shared.reconcile.inputs import JournalFacts
from tests.unit.reconcile.builders import only_decision, order, row, run

OID = "3720000000000000001"


def test_a_shipped_row_as_agreed_is_not_pushed_again_when_its_order_was_not_read() -> None:
    shipped = row(courier="顺丰", tracking_cell="SF6026131434978", state=RowState.SHIPPED)
    plan = run([shipped], [], facts=JournalFacts(agreed={OID: ("SF6026131434978",)}))
    assert plan.pushes == () and [d.state.value for d in plan.decisions] == ["shipped"]
    assert plan.decisions[0].message.zh == "已推送到小店：SF6026131434978。"  # as shown: nothing to write


def test_a_ready_row_is_pushed_only_onto_an_order_read_this_pass() -> None:
    ready = row(courier="顺丰", tracking_cell="SF6026131434978")
    unread = run([ready], [])
    assert unread.pushes == () and only_decision(unread)[0] == "ready"
    assert [p.waybills for p in run([ready], [order()]).pushes] == [("SF6026131434978",)]


def test_an_empty_courier_cell_next_to_the_shops_numbers_is_filled_from_the_shop() -> None:
    shipped = order(status=ShopStatus.SHIPPED, packages=(("SF", "SF6026131434978"),))
    plan = run([row(tracking_cell="SF6026131434978")], [shipped])
    assert only_decision(plan)[0] == "shipped"
    assert [(f.field, f.value, f.source) for f in plan.fills] == [("courier", "顺丰速运", "shop")]
