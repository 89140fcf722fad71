"""Issue 12 rules in the pure core: what a person typed is pushed only when it is certain."""

from __future__ import annotations

from dataclasses import replace

from shared.domain.orders import OrderLine
from shared.domain.settings import Settings
from shared.domain.states import RowState
from shared.reconcile.inputs import JournalFacts, Refusal
from tests.unit.reconcile.builders import only_decision, order, row, run

OID = "3720000000000000001"


def test_a_tracking_number_the_sheet_stored_as_a_number_is_never_pushed() -> None:
    typed = row(courier="中通", tracking_cell="73100029384756", numeric=frozenset({"tracking_numbers"}))
    plan = run([typed], [order()])
    state, _variant, zh = only_decision(plan)
    assert state == "invalid" and plan.pushes == ()
    assert "被表格存成了数字" in zh and "纯文本" in zh and "73100029384756" in zh


def test_a_supplier_order_no_stored_as_a_number_is_named_and_nothing_is_pushed() -> None:
    typed = row(
        supplier_order_no="1234567890123460000",
        courier="中通",
        tracking_cell="73100029384756",
        numeric=frozenset({"supplier_order_no"}),
    )
    plan = run([typed], [order()])
    state, _variant, zh = only_decision(plan)
    assert state == "invalid" and plan.pushes == ()
    assert "「供应商单号」" in zh


def test_the_same_digits_as_text_are_pushed() -> None:
    plan = run([row(courier="中通", tracking_cell="73100029384756")], [order()])
    assert [p.waybills for p in plan.pushes] == [("73100029384756",)]


def test_a_number_that_fits_only_a_catch_all_format_waits_for_the_courier() -> None:
    # A ZTO number with a digit dropped (13 digits) fits only China Post's "any 13 digits" format.
    plan = run([row(supplier="acme", tracking_cell="7310002938475")], [order()])
    state, _variant, zh = only_decision(plan)
    assert state == "confirm_courier" and plan.pushes == ()
    assert "邮政快递包裹" in zh and "快递公司" in zh
    assert not [f for f in plan.fills if f.field == "courier"]


def test_a_legacy_format_alone_is_not_certain_either() -> None:
    plan = run([row(supplier="acme", tracking_cell="1234567890")], [order()])  # Deppon's old 10 digits
    assert only_decision(plan)[0] == "confirm_courier" and plan.pushes == ()


def test_a_distinctive_current_format_names_its_courier() -> None:
    plan = run([row(supplier="acme", tracking_cell="73100029384756")], [order()])
    assert only_decision(plan)[0] == "ready"
    assert [(p.courier, p.waybills) for p in plan.pushes] == [("ZTO", ("73100029384756",))]


def test_a_courier_chosen_by_the_operator_makes_a_catch_all_number_certain() -> None:
    plan = run([row(courier="邮政快递包裹", tracking_cell="1234567890123")], [order()])
    assert [p.courier for p in plan.pushes] == ["YZPY"]


def test_more_numbers_than_the_order_has_product_lines_is_refused_before_the_push() -> None:
    cell = "73100029384756\n73100029384757"
    plan = run([row(courier="中通", tracking_cell=cell)], [order()])
    state, _variant, zh = only_decision(plan)
    assert state == "invalid" and plan.pushes == ()
    assert "2 个单号" in zh and "1 种商品" in zh
    assert "None" not in zh and "重试" not in zh


def test_two_numbers_on_two_product_lines_are_pushed() -> None:
    lines = (OrderLine("p1", "s1", "T恤", 1), OrderLine("p2", "s2", "帽子", 1))
    cell = "73100029384756\n73100029384757"
    plan = run([row(courier="中通", tracking_cell=cell)], [replace(order(), lines=lines)])
    assert [p.waybills for p in plan.pushes] == [("73100029384756", "73100029384757")]


def test_a_push_the_platform_refused_for_good_is_not_sent_again_unchanged() -> None:
    refused = Refusal("ship", "ZTO", ("73100029384756",), "invalid_waybill")
    facts = JournalFacts(refused={OID: refused})
    same = run([row(courier="中通", tracking_cell="73100029384756")], [order()], facts=facts)
    state, _variant, zh = only_decision(same)
    assert state == "invalid" and same.pushes == ()
    assert "不是该快递公司的有效单号" in zh and "不会自动重试" in zh
    changed = run([row(courier="中通", tracking_cell="73100029384757")], [order()], facts=facts)
    assert [p.waybills for p in changed.pushes] == [("73100029384757",)]


def test_a_shipped_row_with_a_reused_number_has_its_own_variant() -> None:
    orders = [
        order("A1", recipient_key="r1", packages=(("ZTO", "73100029384756"),)),
        order("A2", recipient_key="r2"),
    ]
    rows = [
        row("A1", courier="中通", tracking_cell="73100029384756", state=RowState.SHIPPED),
        row("A2", row=3, courier="中通", tracking_cell="73100029384756"),
    ]
    plan = run(rows, orders, settings=Settings())
    by_order = {d.order_id: d for d in plan.decisions}
    assert by_order["A1"].state.value == "shipped" and by_order["A1"].variant is not None
    assert by_order["A1"].variant.value == "reused"
    assert by_order["A2"].state.value == "number_reused"
