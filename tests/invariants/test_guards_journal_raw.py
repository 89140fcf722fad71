"""Invariants: what is never pushed; the journal outlives the sheet; values are written RAW; bad
input gets a clear message on its row and changes nothing else."""

from __future__ import annotations

from pathlib import Path

from shared.wechat.delivery import OutgoingPackage
from tests.e2e.world import World, world

SEND = "/channels/ec/order/delivery/send"
UPDATE = "/channels/ec/order/deliveryinfo/update"


def _auto_push(w: World) -> None:
    w.set_setting("auto_push", "开")


def test_never_pushed_invalid_cancelled_aftersale_or_already_on_the_order(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        _auto_push(w)
        invalid, cancelled, aftersale, by_hand = (w.create_order() for _ in range(4))
        w.tick()
        w.shop.ship(by_hand, [OutgoingPackage("SF", "SF6026131434970")])  # shipped in the shop backend
        w.shop_control.cancel(cancelled)
        w.shop_control.aftersale(aftersale, action="open")
        w.shop_control.reset_calls()
        w.type_cell(invalid, "快递单号", "SF60261314349")  # two digits short
        for order_id, number in ((cancelled, "SF6026131434971"), (aftersale, "SF6026131434972")):
            w.type_cell(order_id, "快递单号", number)
        w.type_cell(by_hand, "快递单号", "SF6026131434970")

        report = w.tick()
        assert report.pushes == [] and w.shop_calls(SEND) == 0 and w.shop_calls(UPDATE) == 0
        assert w.row_of(invalid)["状态"] == "单号有误"
        assert w.row_of(cancelled)["状态"] == "已取消（供应商已发货）"
        assert w.row_of(aftersale)["状态"].startswith("已取消") and "售后" in w.row_of(aftersale)["说明"]
        assert w.row_of(by_hand)["状态"] == "已发货"
        assert w.shop_waybills(by_hand) == ["SF6026131434970"]
        for order_id in (invalid, cancelled, aftersale):
            assert w.shop_waybills(order_id) == []


def test_every_number_change_is_journaled_and_outlives_the_log_tab(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        _auto_push(w)
        order_id = w.create_order()
        w.tick()
        w.type_cell(order_id, "快递公司", "顺丰")
        w.type_cell(order_id, "快递单号", "SF6026131434978")
        w.tick()
        w.type_cell(order_id, "快递单号", "SF6026131434979")
        w.tick()
        assert w.shop_waybills(order_id) == ["SF6026131434979"]
        w.clear_tab("日志")
        w.sort_tab("订单号")
        assert w.records("日志") == []

        changes = [
            (e.actor, e.action, e.old, e.new, e.source, e.reason, e.result)
            for e in w.journal.entries()
            if e.order_id == order_id
            and e.field_name == "tracking_numbers"
            and e.action in ("ship", "correct")
        ]
        assert changes == [
            ("system", "ship", "", "SF6026131434978", "sync", "validated and ready", "ok"),
            ("system", "correct", "SF6026131434978", "SF6026131434979", "sync", changes[1][5], "ok"),
        ]
        assert changes[1][5]  # a reason is given


def test_outside_text_is_written_raw_never_as_a_formula(tmp_path: Path) -> None:
    formula = '=HYPERLINK("http://127.0.0.1/x","点我")'
    with world(tmp_path) as w:
        order_id = w.create_order(title=formula, address={"user_name": "=1+1"})
        w.tick()
        w.type_cell(order_id, "供应商单号", "PO-1")
        w.paste_inbox("=IMPORTXML(A1)\n" + f"{order_id} 顺丰 SF6026131434978", supplier="=A1")
        w.tick()
        assert w.row_of(order_id)["商品"].startswith(formula)
        assert w.row_of(order_id)["快递单号"] == "SF6026131434978"
        for tab in ("订单", "回传", "日志", "异常"):
            cells = w.stored_cells(tab)
            assert cells and not [c for c in cells if c.get("formula")], tab
        stored = {c["value"] for c in w.stored_cells("订单") if isinstance(c.get("value"), str)}
        assert any(v.startswith("=HYPERLINK") for v in stored)  # kept as text, exactly


def test_bad_input_gets_a_clear_message_and_changes_nothing_else(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        _auto_push(w)
        garbage, unknown_courier, bystander = (w.create_order() for _ in range(3))
        w.tick()
        w.type_cell(bystander, "供应商单号", "PO-9")
        w.tick()
        others = w.row_of(bystander)
        entries = len(list(w.journal.entries()))
        w.shop_control.reset_calls()

        w.type_cell(garbage, "快递单号", "已发货 明天给单号")
        w.type_cell(unknown_courier, "快递公司", "火星快递")
        w.type_cell(unknown_courier, "快递单号", "SF6026131434978")
        w.paste_inbox("<html>502 Bad Gateway</html>")
        report = w.tick()

        assert report.pushes == [] and w.shop_calls(SEND) == 0
        bad = w.row_of(garbage)
        assert bad["状态"] == "单号有误" and bad["说明"] and bad["快递单号"] == "已发货 明天给单号"
        odd = w.row_of(unknown_courier)
        assert odd["状态"] == "单号有误" and "火星快递" in odd["说明"], odd
        assert w.row_of(bystander) == others
        [inbox] = w.records("回传")
        assert "没有识别" in inbox["处理结果"]
        # nothing recorded as changed: each refused number is noted once (its 日志 row asks its cause)
        added = list(w.journal.entries())[entries:]
        assert sorted((e.action, e.order_id, e.new) for e in added) == sorted(
            [("refused", garbage, "已发货 明天给单号"), ("refused", unknown_courier, "SF6026131434978")]
        )
        w.tick()
        assert len(list(w.journal.entries())) == entries + 2
        assert w.shop_waybills(garbage) == w.shop_waybills(unknown_courier) == []
