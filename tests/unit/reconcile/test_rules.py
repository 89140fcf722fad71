"""Each reconcile rule, from the operator's point of view."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from shared.domain.orders import ShopStatus
from shared.domain.settings import Settings
from shared.domain.states import RowState
from shared.domain.text import Bilingual
from shared.reconcile.engine import reconcile
from shared.reconcile.inputs import JournalFacts, LogisticsView, SupplierReport
from shared.reconcile.messages import push_unconfirmed
from tests.unit.reconcile.builders import NOW, only_decision, order, row, run

OID = "3720000000000000001"


def test_new_paid_order_becomes_a_row_awaiting_supplier_order() -> None:
    plan = run([], [order()])
    (new,) = plan.new_rows
    assert new.order_id == OID and new.decision.state.value == "awaiting_supplier_order"
    assert new.values["ship_by"] == "2026-11-28 12:00"  # Beijing time of NOW + 48 h
    assert new.values["items"] == "蓝色T恤 ×1" and new.values["recipient"] == "张**"
    assert "距发货截止还有 2 天" in new.decision.message.zh


def test_unpaid_and_cancelled_orders_are_not_listed() -> None:
    plan = run([], [order("1", ShopStatus.UNPAID), order("2", ShopStatus.CANCELLED)])
    assert plan.new_rows == ()


def test_awaiting_tracking_turns_urgent_near_the_deadline_and_alerts_when_overdue() -> None:
    base = row(supplier="acme", supplier_order_no="PO-1")
    assert only_decision(run([base], [order(ship_in_hours=30)]))[:2] == ("awaiting_tracking", None)
    assert only_decision(run([base], [order(ship_in_hours=5)]))[:2] == ("awaiting_tracking", "urgent")
    late = run([base], [order(ship_in_hours=-3)])
    assert "已超过发货截止 3 小时" in only_decision(late)[2]
    assert [a.kind for a in late.alerts] == ["overdue"]


def test_cancelled_order_alerts_to_stop_the_supplier_and_is_red_if_already_shipped() -> None:
    plain = run([row(supplier_order_no="PO-1")], [order(status=ShopStatus.CANCELLED)])
    assert only_decision(plain)[:2] == ("cancelled", None)
    assert "请取消供应商订单 PO-1" in only_decision(plain)[2]
    assert [a.kind for a in plain.alerts] == ["cancelled_stop_supplier"]
    shipped = run(
        [row(supplier_order_no="PO-1", courier="中通", tracking_cell="73100029384756")],
        [order(status=ShopStatus.CANCELLED)],
    )
    assert only_decision(shipped)[:2] == ("cancelled", "supplier_shipped")
    assert [a.kind for a in shipped.alerts] == ["cancelled_after_supplier_shipped"]
    assert shipped.pushes == ()


def test_open_aftersale_before_shipping_blocks_the_push() -> None:
    plan = run([row(courier="中通", tracking_cell="73100029384756")], [order(aftersale_open=True)])
    assert only_decision(plan)[0] == "cancelled" and plan.pushes == ()


def test_invalid_number_and_courier_mismatch() -> None:
    bad = run([row(courier="中通", tracking_cell="7310002938")], [order()])
    assert only_decision(bad)[0] == "invalid" and bad.pushes == ()
    wrong = run([row(courier="中通", tracking_cell="SF6026131434978")], [order()])
    state, _, message = only_decision(wrong)
    assert state == "invalid" and "顺丰" in message


def test_valid_number_is_ready_and_pushed_with_auto_push() -> None:
    plan = run([row(courier="中通", tracking_cell="73100029384756")], [order()])
    assert only_decision(plan)[0] == "ready"
    (push,) = plan.pushes
    assert (push.kind, push.courier, push.waybills) == ("ship", "ZTO", ("73100029384756",))
    manual = run(
        [row(courier="中通", tracking_cell="73100029384756")], [order()], settings=Settings(auto_push=False)
    )
    assert manual.pushes == () and "推送所选行" in only_decision(manual)[2]


def test_no_push_while_a_previous_push_is_unresolved() -> None:
    plan = run(
        [row(courier="中通", tracking_cell="73100029384756")],
        [order()],
        facts=JournalFacts(unresolved=frozenset({OID})),
    )
    assert plan.pushes == ()
    assert only_decision(plan)[2] == push_unconfirmed().zh  # "being checked", not "being pushed"


def test_empty_courier_is_filled_from_a_distinctive_number() -> None:
    plan = run([row(tracking_cell="SF6026131434978")], [order()])
    assert [(f.field, f.value) for f in plan.fills] == [("courier", "顺丰速运")]
    assert plan.pushes[0].courier == "SF"


def test_supplier_number_fills_an_empty_cell_and_is_pushed() -> None:
    report = SupplierReport(OID, "acme", "ZTO", "中通快递", ("73100029384756",), source_ref="api page 1")
    plan = run([row(supplier="acme", supplier_order_no="PO-1")], [order()], [report])
    assert {(f.field, f.value) for f in plan.fills} == {
        ("tracking_numbers", "73100029384756"),
        ("courier", "中通快递"),
    }
    assert plan.pushes[0].waybills == ("73100029384756",)
    assert [a.action for a in plan.audits] == ["fill"]


def test_supplier_disagreeing_with_the_operator_is_a_mismatch_never_an_overwrite() -> None:
    report = SupplierReport(OID, "acme", "ZTO", "中通", ("73100029384799",))
    plan = run([row(courier="中通", tracking_cell="73100029384756")], [order()], [report])
    state, _, message = only_decision(plan)
    assert state == "mismatch" and "73100029384799" in message and "73100029384756" in message  # both
    assert plan.fills == () and plan.pushes == ()


def test_quantity_short_is_a_mismatch() -> None:
    report = SupplierReport(OID, "acme", "ZTO", "中通", ("73100029384756",), units=1)
    plan = run([row()], [order(qty=3)], [report])
    assert only_decision(plan)[0] == "mismatch" and plan.pushes == ()


def test_out_of_stock_report_raises_an_alert() -> None:
    report = SupplierReport(OID, "acme", None, None, (), status="out_of_stock")
    plan = run([row(supplier="acme", supplier_order_no="PO-1")], [order()], [report])
    assert only_decision(plan)[0] == "awaiting_tracking" and [a.kind for a in plan.alerts] == [
        "supplier_out_of_stock"
    ]


def test_shipped_with_the_same_number_is_shipped_and_not_pushed_again() -> None:
    shop = order(status=ShopStatus.SHIPPED, packages=(("ZTO", "73100029384756"),))
    plan = run([row(courier="中通", tracking_cell="73100029384756")], [shop])
    assert only_decision(plan)[0] == "shipped" and plan.pushes == ()


def test_shipped_in_the_shop_by_hand_fills_the_sheet() -> None:
    shop = order(status=ShopStatus.SHIPPED, packages=(("SF", "SF6026131434978"),))
    plan = run([row()], [shop])
    assert only_decision(plan)[0] == "shipped"
    assert {(f.field, f.value) for f in plan.fills} == {
        ("tracking_numbers", "SF6026131434978"),
        ("courier", "顺丰速运"),
    }


def test_operator_correction_after_shipping_is_pushed_within_budget_with_a_buyer_message() -> None:
    shop = order(status=ShopStatus.SHIPPED, packages=(("ZTO", "73100029384756"),))
    facts = JournalFacts(agreed={OID: ("73100029384756",)})
    plan = run([row(courier="中通", tracking_cell="73100029384757")], [shop], facts=facts)
    assert only_decision(plan)[0] == "correction_pending"
    (push,) = plan.pushes
    assert (push.kind, push.waybills, push.previous) == ("correct", ("73100029384757",), ("73100029384756",))
    assert "73100029384757" in push.buyer_message_zh and "尾号0001" in push.buyer_message_zh
    assert [a.action for a in plan.audits] == ["edit_detected"]


def test_correction_budget_exhausted() -> None:
    shop = order(status=ShopStatus.SHIPPED, packages=(("ZTO", "73100029384756"),))
    facts = JournalFacts(agreed={OID: ("73100029384756",)}, corrections_used={OID: 3})
    plan = run([row(courier="中通", tracking_cell="73100029384757")], [shop], facts=facts)
    assert plan.pushes == () and [a.kind for a in plan.alerts] == ["edit_budget_exhausted"]


def test_shop_changed_elsewhere_is_a_mismatch_not_a_correction() -> None:
    shop = order(status=ShopStatus.SHIPPED, packages=(("ZTO", "73100029384799"),))
    facts = JournalFacts(agreed={OID: ("73100029384756",)})
    plan = run([row(courier="中通", tracking_cell="73100029384756")], [shop], facts=facts)
    assert only_decision(plan)[0] == "mismatch" and plan.pushes == ()


def test_corrected_then_delivered_then_exception() -> None:
    shop = order(status=ShopStatus.SHIPPED, packages=(("ZTO", "73100029384757"),))
    cells = row(courier="中通", tracking_cell="73100029384757")
    assert (
        only_decision(run([cells], [shop], facts=JournalFacts(corrected=frozenset({OID}))))[0] == "corrected"
    )
    done = LogisticsView("已签收", delivered=True)
    assert only_decision(run([cells], [shop], logistics={OID: done}))[0] == "delivered"
    stalled = LogisticsView(
        "运输中", exception_code="stalled", message=Bilingual("包裹 72 小时没有新动态。", "x")
    )
    plan = run([cells], [shop], logistics={OID: stalled})
    assert only_decision(plan)[0] == "logistics_exception" and plan.alerts[0].kind == "logistics_stalled"


def test_partial_shipment_pushes_only_the_new_package() -> None:
    shop = order(status=ShopStatus.PARTIALLY_SHIPPED, packages=(("ZTO", "73100029384756"),), qty=2)
    plan = run([row(courier="中通", tracking_cell="73100029384756\n73100029384757")], [shop])
    (push,) = plan.pushes
    assert push.waybills == ("73100029384757",)


def test_same_number_on_orders_to_different_recipients_waits_for_a_person() -> None:
    orders = [order("A1", recipient_key="r1"), order("A2", recipient_key="r2")]
    rows = [
        row("A1", courier="中通", tracking_cell="73100029384756"),
        row("A2", row=3, courier="中通", tracking_cell="73100029384756"),
    ]
    plan = run(rows, orders)
    assert {d.state.value for d in plan.decisions} == {"number_reused"}
    assert plan.pushes == ()
    assert "推送所选行" in plan.decisions[0].message.zh and "A2" in plan.decisions[0].message.zh
    assert sorted(a.order_id for a in plan.alerts if a.kind == "number_reused") == ["A1", "A2"]
    confirmed = run(rows, orders, settings=Settings(confirmed=True))
    assert {d.state.value for d in confirmed.decisions} == {"ready"}
    assert sorted(p.order_id for p in confirmed.pushes) == ["A1", "A2"]
    assert all("confirmed" in p.reason for p in confirmed.pushes)
    same_buyer = run(rows, [order("A1", recipient_key="r1"), order("A2", recipient_key="r1")])
    assert not [a for a in same_buyer.alerts if a.kind == "number_reused"]


def test_reconcile_is_deterministic_and_a_repeat_changes_nothing() -> None:
    args = ([row(courier="中通", tracking_cell="73100029384756")], [order()])
    assert run(*args) == run(*args)


def test_rows_without_fresh_shop_data_keep_final_states() -> None:
    plan = run([row(state=RowState.DELIVERED, courier="中通", tracking_cell="73100029384756")], [])
    assert plan.decisions == ()


def test_shipped_rows_without_fresh_shop_data_are_not_pushed_again_and_follow_the_logistics() -> None:
    # Regression: a shipped row whose order was not read this tick was decided as "not shipped",
    # so every later tick pushed the same number again (and logged a push each time).
    shipped = row(state=RowState.SHIPPED, courier="中通", tracking_cell="73100029384756")
    facts = JournalFacts(agreed={OID: ("73100029384756",)})
    plan = run([shipped], [], facts=facts, settings=Settings(auto_push=True))
    assert plan.pushes == () and only_decision(plan)[0] == "shipped"
    stalled = LogisticsView("运输中", exception_code="stalled", message=Bilingual("停滞。", "Stalled."))
    plan = run([shipped], [], facts=facts, logistics={OID: stalled})
    assert only_decision(plan)[0] == "logistics_exception" and plan.alerts[0].kind == "logistics_stalled"
    flagged = row(state=RowState.LOGISTICS_EXCEPTION, courier="中通", tracking_cell="73100029384756")
    cleared = run([flagged], [], facts=facts, logistics={OID: LogisticsView("运输中")})
    assert only_decision(cleared)[0] == "shipped" and cleared.alerts == ()


def test_a_courier_confirmed_by_tracking_corrects_the_shop_only_on_the_providers_word() -> None:
    shop = order(status=ShopStatus.SHIPPED, packages=(("YUNDA", "1000123456789"),))
    fixed = row(state=RowState.LOGISTICS_EXCEPTION, courier="EMS", tracking_cell="1000123456789")
    facts = JournalFacts(agreed={OID: ("1000123456789",)})
    auto = Settings(auto_push=True)
    unconfirmed = run([fixed], [shop], facts=facts, settings=auto, logistics={OID: LogisticsView("运输中")})
    assert unconfirmed.pushes == () and only_decision(unconfirmed)[0] == "shipped"
    confirmed = LogisticsView("运输中", courier="EMS")
    plan = run([fixed], [shop], facts=facts, settings=auto, logistics={OID: confirmed})
    (push,) = plan.pushes
    assert (push.kind, push.courier, push.waybills, push.previous) == (
        "correct",
        "EMS",
        ("1000123456789",),
        ("1000123456789",),
    )
    assert only_decision(plan)[0] == "correction_pending" and "EMS" in only_decision(plan)[2]
    same = order(status=ShopStatus.SHIPPED, packages=(("EMS", "1000123456789"),))
    assert run([fixed], [same], facts=facts, settings=auto, logistics={OID: confirmed}).pushes == ()


def test_time_moves_the_countdown() -> None:
    base = row(supplier="acme", supplier_order_no="PO-1")
    later = run([base], [order(ship_in_hours=30)], now=NOW + timedelta(hours=20))
    assert only_decision(later)[1] == "urgent"


def test_a_shipped_row_without_fresh_shop_data_is_never_pushed_again() -> None:
    # The tick reads a shipped row's order only when its numbers changed; one not read must not be
    # decided as "not shipped" (that used to push it again on every tick after the first few): it
    # stays shipped (or corrected), and only the logistics can move it.
    facts = JournalFacts(corrected=frozenset({OID}))
    for state, known, expected in (
        ("shipped", JournalFacts(), "shipped"),
        ("corrected", facts, "corrected"),
        ("logistics_exception", JournalFacts(), "shipped"),
    ):
        shipped = row(courier="中通", tracking_cell="73100029384756", state=RowState(state))
        plan = run([shipped], [], facts=known, settings=Settings(auto_push=True))
        assert plan.pushes == () and [d.state.value for d in plan.decisions] == [expected]


def test_a_number_filled_twice_in_one_tick_for_different_recipients_is_held() -> None:
    orders = [order("A1", recipient_key="r1"), order("A2", recipient_key="r2")]
    rows = [row("A1", supplier="优品"), row("A2", row=3, supplier="优品")]
    reports = [SupplierReport(o, "优品", "ZTO", "中通", ("73100029384756",)) for o in ("A1", "A2")]
    plan = run(rows, orders, reports, settings=Settings(auto_push=True))
    assert {d.state.value for d in plan.decisions} == {"number_reused"}
    assert all("收件人不同" in d.message.zh for d in plan.decisions)
    assert sorted(a.order_id for a in plan.alerts if a.kind == "number_reused") == ["A1", "A2"]
    # Held, not pushed: one of the two buyers would be shown someone else's parcel.
    assert plan.pushes == ()


def test_a_shipped_number_shared_with_another_recipient_keeps_its_warning() -> None:
    shipped = (("ZTO", "73100029384756"),)
    orders = [
        order("A1", status=ShopStatus.SHIPPED, packages=shipped, recipient_key="r1"),
        order("A2", status=ShopStatus.SHIPPED, packages=shipped, recipient_key="r2"),
    ]
    rows = [
        row("A1", courier="中通", tracking_cell="73100029384756", state=RowState.SHIPPED),
        row("A2", row=3, courier="中通", tracking_cell="73100029384756", state=RowState.SHIPPED),
    ]
    facts = JournalFacts(agreed={"A1": ("73100029384756",), "A2": ("73100029384756",)})
    plan = run(rows, orders, facts=facts)
    assert {d.state.value for d in plan.decisions} == {"shipped"}
    assert all("收件人不同" in d.message.zh for d in plan.decisions)
    assert sorted(a.order_id for a in plan.alerts if a.kind == "number_reused") == ["A1", "A2"]


def test_a_targeted_pass_still_sees_other_rows_holding_the_number() -> None:
    # A shop event decides one row; the row sharing its number is context, not decided.
    shipped = (("ZTO", "73100029384756"),)
    one = replace(order("A1", status=ShopStatus.SHIPPED, packages=shipped), recipient="张** 138****0001")
    rows = [row("A1", courier="中通", tracking_cell="73100029384756", state=RowState.SHIPPED)]
    other = row("A2", row=3, courier="中通", tracking_cell="73100029384756", state=RowState.SHIPPED)
    other = replace(other, recipient="李** 139****0002")
    facts = JournalFacts(agreed={"A1": ("73100029384756",)})
    plan = reconcile(rows, {"A1": one}, [], facts, Settings(), NOW, context=[other])
    assert [d.order_id for d in plan.decisions] == ["A1"]
    assert [a.order_id for a in plan.alerts if a.kind == "number_reused"] == ["A1"]
    alone = reconcile(rows, {"A1": one}, [], facts, Settings(), NOW)
    assert not [a for a in alone.alerts if a.kind == "number_reused"]
