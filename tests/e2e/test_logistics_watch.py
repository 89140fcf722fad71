"""The logistics watch end to end: WeChat Shop + Sheets + Kuaidi100 emulators, the real tick.

Each rule is RAISED (row 物流异常 with a one-sentence message, an open row on 异常) and then CLEARED
(row back to 已发货 / 已修正 / 已签收, the 异常 row's 已处理 set to 是). Time moves with ``World.advance``
(every emulator's clock and the tick's together); Kuaidi100's scripted journeys run on it.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from demo.parcels import DEMO_HOURS, RAISED_AFTER_HOURS, seed_tracking
from shared.app.sheet_plan import alert_code
from tests.e2e.world import World, world

SHIPPED, DELIVERED, CORRECTED, EXCEPTION = "已发货", "已签收", "已修正", "物流异常"


def ship(w: World, number: str, courier: str = "中通") -> str:
    """An order shipped with ``number`` (auto-push on); the watch starts on the next tick."""
    w.set_setting("auto_push", "开")
    order_id = w.create_order()
    w.tick()
    w.type_cell(order_id, "供应商单号", "PO-" + number[-4:])
    w.type_cell(order_id, "快递公司", courier)
    w.type_cell(order_id, "快递单号", number)
    report = w.tick()
    assert [p.ok for p in report.pushes] == [True]
    assert w.row_of(order_id)["状态"] == SHIPPED
    return order_id


def alerts(w: World, order_id: str) -> dict[str, str]:
    """The order's rows on 异常: kind code -> 已处理 cell."""
    found = {}
    for r in w.records("异常"):
        kind = alert_code(r["类型"])
        if r["订单号"] == order_id and kind.startswith("logistics_"):
            found[kind] = r["已处理"]
    return found


def assert_raised(w: World, order_id: str, kind: str, *words: str) -> None:
    row = w.row_of(order_id)
    assert row["状态"] == EXCEPTION, row
    message = row["说明"]
    assert message.endswith("。") and message.count("。") == 1 and "\n" not in message, message
    for word in words:
        assert word in message, message
    assert alerts(w, order_id).get(f"logistics_{kind}") == "", alerts(w, order_id)


def assert_cleared(w: World, order_id: str, kind: str, state: str = SHIPPED) -> None:
    assert w.row_of(order_id)["状态"] == state, w.row_of(order_id)
    assert alerts(w, order_id)[f"logistics_{kind}"] == "是"


def test_no_pickup_is_raised_then_cleared_by_the_pickup(tmp_path: Path) -> None:
    with world(tmp_path, tracking=True) as w:
        # The supplier hands the parcel over only 51 h after giving out the number.
        w.parcel("73100000000011", "zhongtong", "normal", start=w.now() + timedelta(hours=49))
        order_id = ship(w, "73100000000011")
        first = w.tick()
        assert first.tracking_calls == 1 and w.row_of(order_id)["物流"] == "暂无物流"
        w.advance(25)  # past the 24 h warning: shown in 物流, the row stays shipped
        w.tick()
        assert w.row_of(order_id)["状态"] == SHIPPED
        assert w.row_of(order_id)["物流"] == "暂无物流 · 提醒：尚未揽收"
        w.advance(25)
        w.tick()
        assert_raised(w, order_id, "no_pickup", "无揽收记录")
        w.advance(5)  # picked up at 51 h
        w.tick()
        assert_cleared(w, order_id, "no_pickup")
        assert w.row_of(order_id)["物流"].startswith("运输中")


def test_stalled_is_raised_then_cleared_when_the_journey_moves_on(tmp_path: Path) -> None:
    with world(tmp_path, tracking=True) as w:
        w.set_setting("stall_warn_hours", "8")
        w.set_setting("stall_days", "0.4")  # 9.6 h: the normal journey waits 12 h between 8 h and 20 h
        w.parcel("73100000000012", "zhongtong", "normal")
        order_id = ship(w, "73100000000012")
        w.advance(19.5)
        w.tick()
        assert_raised(w, order_id, "stalled", "无新物流")
        w.advance(4.5)  # the 20 h scan: arrived in the destination city
        w.tick()
        assert_cleared(w, order_id, "stalled")


def test_too_long_in_transit_is_raised_then_cleared_by_delivery(tmp_path: Path) -> None:
    with world(tmp_path, tracking=True) as w:
        w.set_setting("overdue_warn_hours", "10")
        w.set_setting("overdue_hours", "20")
        w.parcel("73100000000013", "zhongtong", "normal")
        order_id = ship(w, "73100000000013")
        w.advance(23)
        w.tick()
        assert_raised(w, order_id, "overdue", "仍未签收")
        w.advance(8)  # signed at 30 h
        w.tick()
        assert_cleared(w, order_id, "overdue", DELIVERED)
        assert w.row_of(order_id)["物流"].startswith("已签收")
        assert w.tick().tracking_calls == 0  # delivered: never asked again


def test_problem_then_returned_then_cleared_by_a_corrected_number(tmp_path: Path) -> None:
    with world(tmp_path, tracking=True) as w:
        w.parcel("73100000000014", "zhongtong", "returned")
        order_id = ship(w, "73100000000014")
        w.advance(31)  # 30 h: 派件异常
        w.tick()
        assert_raised(w, order_id, "problem", "派件异常")
        w.advance(10)  # 40 h: returning to the sender
        w.tick()
        assert_raised(w, order_id, "returned", "退回")
        assert alerts(w, order_id)["logistics_problem"] == "是"
        # The supplier sends the goods again under a new number; the operator corrects the cell.
        w.parcel("73100000000015", "zhongtong", "normal")
        w.type_cell(order_id, "快递单号", "73100000000015")
        report = w.tick()
        assert [(p.kind, p.ok) for p in report.pushes] == [("correct", True)]
        assert_cleared(w, order_id, "returned", CORRECTED)
        w.advance(5)
        w.tick()
        assert w.row_of(order_id)["状态"] == CORRECTED
        assert w.row_of(order_id)["物流"].startswith("运输中")


def test_rejected_is_raised_then_cleared_by_a_corrected_number(tmp_path: Path) -> None:
    with world(tmp_path, tracking=True) as w:
        w.parcel("73100000000016", "zhongtong", "rejected")
        order_id = ship(w, "73100000000016")
        w.advance(31)
        w.tick()
        assert_raised(w, order_id, "rejected", "拒收")
        w.parcel("73100000000017", "zhongtong", "normal")
        w.type_cell(order_id, "快递单号", "73100000000017")
        w.tick()
        assert_cleared(w, order_id, "rejected", CORRECTED)


def test_wrong_courier_is_raised_then_cleared_by_a_courier_correction(tmp_path: Path) -> None:
    with world(tmp_path, tracking=True) as w:
        # A 13-digit number fits both Yunda and EMS; the supplier said Yunda, EMS carries it.
        w.parcel("1000123456789", "ems", "wrong_courier")
        order_id = ship(w, "1000123456789", courier="韵达")
        w.advance(1)
        report = w.tick()
        assert report.tracking_calls == 2  # the query (400 under yunda), then recognition
        assert_raised(w, order_id, "courier_mismatch", "EMS", "韵达")
        w.type_cell(order_id, "快递公司", "EMS")
        w.advance(0.25)
        w.cold_start()  # a new function instance: only the journal remembers the last query
        assert w.tick().tracking_calls == 0  # Kuaidi100 locks the number, whatever the courier: wait
        w.advance(3)
        report = w.tick()  # EMS confirmed by the provider: the shop's courier is corrected
        assert [(p.kind, p.ok) for p in report.pushes] == [("correct", True)]
        assert_cleared(w, order_id, "courier_mismatch", CORRECTED)
        packages = w.shop_order(order_id)["order_detail"]["delivery_info"]["delivery_product_info"]
        assert [(p["delivery_id"], p["waybill_id"]) for p in packages] == [("EMS", "1000123456789")]
        assert w.tick().pushes == []


def test_demo_parcels_each_end_in_their_exception(tmp_path: Path) -> None:
    """The demo hook: one order shipped per seeded parcel, 81 h later each row shows its kind."""
    with world(tmp_path, tracking=True) as w:
        assert w.kuaidi100 is not None
        seeded = seed_tracking(w.kuaidi100.base_url, http=w.http)
        assert set(seeded) == {"no_pickup", "stalled", "returned", "rejected", "wrong_courier"}
        w.set_setting("auto_push", "开")
        orders = {kind: w.create_order() for kind in seeded}
        w.tick()
        for kind, parcel in seeded.items():
            w.type_cell(orders[kind], "供应商单号", f"PO-{kind}")
            w.type_cell(orders[kind], "快递公司", parcel.courier_name)
            w.type_cell(orders[kind], "快递单号", parcel.number)
        assert sum(p.ok for p in w.tick().pushes) == 5
        w.tick()  # the watch starts: the wrong courier shows at once
        assert_raised(w, orders["wrong_courier"], "courier_mismatch")
        w.advance(DEMO_HOURS)
        w.tick()
        expected = {"wrong_courier": "courier_mismatch"}
        for kind, order_id in orders.items():
            assert RAISED_AFTER_HOURS[kind] <= DEMO_HOURS
            assert_raised(w, order_id, expected.get(kind, kind))


def test_provider_calls_stay_within_the_budget_and_the_interval(tmp_path: Path) -> None:
    """120 shipped rows, budget 50: 50 + 50 + 20 calls, then none until the 4 h refresh."""
    with world(tmp_path, tracking=True) as w:
        w.seed_shipped(120, journey=None)
        calls = []
        for _ in range(4):
            report = w.tick()
            calls.append((report.tracking_calls, report.tracking_deferred))
            w.advance(5 / 60)
        assert calls == [(50, 70), (50, 20), (20, 0), (0, 0)]
        assert report.sheets_calls <= 4  # one read, one re-read, one values write, one batch (appends)
        w.advance(4)
        assert w.tick().tracking_calls == 50  # the refresh, oldest first, within the budget
        assert w.kuaidi100 is not None
        log = w.kuaidi100_control.log("query")
        assert len(log) == 170 and not [e for e in log if "锁" in str(e)]  # never locked


def test_time_rules_hold_while_the_provider_fails(tmp_path: Path) -> None:
    """An expired key (601) is our blindness, not the parcel's: no alert is raised on it, and the tick
    stops asking after the first failure; the rule fires once the provider answers again."""
    with world(tmp_path, tracking=True) as w:
        assert w.kuaidi100 is not None
        order_id = ship(w, "73100000000019")  # unknown to Kuaidi100: never picked up
        w.tick()
        w.kuaidi100_control.set_account(key_expired=True)
        w.advance(50)
        assert w.tick().tracking_calls == 1
        assert w.row_of(order_id)["状态"] == SHIPPED
        w.kuaidi100_control.set_account(key_expired=False)
        w.advance(0.25)  # within the provider's per-number interval: not asked again yet
        assert w.tick().tracking_calls == 0
        w.advance(0.5)  # the interval has passed: the failed number is asked again (not 4 h later)
        assert w.tick().tracking_calls == 1
        assert_raised(w, order_id, "no_pickup")
