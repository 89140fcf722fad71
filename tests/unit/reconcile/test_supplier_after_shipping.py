"""A supplier who changes the number in their own sheet after it was pushed: the row says so, showing
both numbers; nothing is pushed or overwritten until the operator decides."""

from __future__ import annotations

from shared.domain.orders import ShopOrder, ShopStatus
from shared.domain.rows import SheetRow
from shared.domain.settings import Settings
from shared.domain.states import RowState
from shared.reconcile.inputs import JournalFacts, SupplierReport
from shared.reconcile.plan import Plan
from tests.unit.reconcile.builders import only_decision, order, row, run

OID = "3720000000000000001"
PUSHED = "73100029384756"
FIXED = "73100029384757"
AGREED = JournalFacts(agreed={OID: (PUSHED,)})
AUTO = Settings(auto_push=True)


def shipped_row(state: str = "shipped") -> SheetRow:
    return row(supplier="甲工厂", courier="中通快递", tracking_cell=PUSHED, state=RowState(state))


def report(number: str) -> SupplierReport:
    return SupplierReport(OID, "甲工厂", "ZTO", "中通", (number,), source_ref="甲工厂 待发货 row 2")


def shop_order() -> ShopOrder:
    return order(status=ShopStatus.SHIPPED, packages=(("ZTO", PUSHED),))


def assert_shows_both_and_changes_nothing(plan: Plan) -> None:
    state, _, message = only_decision(plan)
    assert state == "mismatch"
    assert FIXED in message and PUSHED in message
    assert FIXED in plan.decisions[0].message.en and PUSHED in plan.decisions[0].message.en
    assert plan.pushes == () and plan.fills == ()
    assert [a.kind for a in plan.alerts] == ["supplier_mismatch"]


def test_a_changed_number_on_a_shipped_row_is_shown_next_to_the_pushed_one() -> None:
    plan = run([shipped_row()], [shop_order()], [report(FIXED)], AGREED, AUTO)
    assert_shows_both_and_changes_nothing(plan)
    assert "已推送" in plan.decisions[0].message.zh


def test_also_when_the_shop_order_was_not_read_this_pass() -> None:
    plan = run([shipped_row()], [], [report(FIXED)], AGREED, AUTO)
    assert_shows_both_and_changes_nothing(plan)


def test_corrected_and_exception_rows_are_shipped_rows_too() -> None:
    for state in ("corrected", "logistics_exception"):
        plan = run([shipped_row(state)], [], [report(FIXED)], AGREED, AUTO)
        assert_shows_both_and_changes_nothing(plan)


def test_the_next_pass_decides_the_same_row_the_same_way() -> None:
    first = run([shipped_row()], [shop_order()], [report(FIXED)], AGREED, AUTO)
    shown = first.decisions[0]
    again = row(
        supplier="甲工厂",
        courier="中通快递",
        tracking_cell=PUSHED,
        state=RowState.MISMATCH,
        message=shown.message.zh,
    )
    second = run([again], [shop_order()], [report(FIXED)], AGREED, AUTO)
    assert second.decisions == first.decisions and second.pushes == ()


def test_the_same_number_again_leaves_a_shipped_row_as_it_is() -> None:
    orders: list[ShopOrder]
    for orders in ([shop_order()], []):
        plan = run([shipped_row()], orders, [report(PUSHED)], AGREED, AUTO)
        state, _, message = only_decision(plan)
        assert (state, message) == ("shipped", f"已推送到小店：{PUSHED}。")
        assert plan.pushes == () and plan.alerts == () and plan.fills == ()
