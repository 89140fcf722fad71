"""Issue 12: what operators do in a shared sheet never puts a wrong number on the shop.

Typed through the real Sheets API path (USER_ENTERED, as the Sheets UI parses what a person types),
and checked on what the shop emulator holds, not only on the sheet.
"""

from __future__ import annotations

from pathlib import Path

from tests.e2e.world import World, world

ZTO = "73100029384756"  # ZTO: 7[3568] + 12 digits, a distinctive current format
SEND = "/channels/ec/order/delivery/send"


def _stored(w: World, order_id: str, header: str) -> object:
    """The value the emulator keeps in the order's cell (a number or a string, as Sheets would)."""
    rows = w.values()
    row = next(i for i, r in enumerate(rows) if r and r[0] == order_id)
    col = rows[0].index(header)
    cells = {(c["row"], c["col"]): c for c in w.stored_cells()}
    return cells[(row, col)]["value"]


def _ready_order(w: World) -> str:
    w.set_setting("auto_push", "开")
    order_id = w.create_order()
    w.tick()
    w.type_cell(order_id, "供应商", "优品工厂")
    return order_id


def test_identifier_columns_keep_what_is_typed_as_text(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        order_id = _ready_order(w)
        w.type_cell(order_id, "快递单号", ZTO, entered=True)
        assert _stored(w, order_id, "快递单号") == ZTO  # plain-text column: stays a string
        w.tick()
        assert w.shop_waybills(order_id) == [ZTO]
        assert w.row_of(order_id)["状态"] == "已发货"


def test_a_number_sheets_parsed_is_never_pushed_and_the_row_says_how_to_fix_it(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        order_id = _ready_order(w)
        w.set_number_format("快递单号", None)  # a workspace from before, or a format changed by hand
        w.type_cell(order_id, "快递公司", "中通快递")
        w.type_cell(order_id, "快递单号", "7310002938475612", entered=True)  # 16 digits
        stored = _stored(w, order_id, "快递单号")
        assert isinstance(stored, int) and stored == 7310002938475610  # Sheets keeps 15 digits
        w.tick()
        assert w.shop_waybills(order_id) == [] and w.shop_calls(SEND) == 0
        row = w.row_of(order_id)
        assert row["状态"] == "单号有误"
        assert "被表格存成了数字" in row["说明"] and "纯文本" in row["说明"]
        # Even digits that survive as a double are not trusted: leading zeros and length are lost.
        w.type_cell(order_id, "快递单号", ZTO, entered=True)
        w.tick()
        assert w.shop_waybills(order_id) == [] and w.row_of(order_id)["状态"] == "单号有误"
        # The fix the message names: plain text, typed again.
        w.set_number_format("快递单号", {"type": "TEXT"})
        w.type_cell(order_id, "快递单号", ZTO, entered=True)
        w.tick()
        assert w.shop_waybills(order_id) == [ZTO]


def test_a_number_with_a_digit_dropped_waits_for_the_courier(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        order_id = _ready_order(w)
        w.type_cell(order_id, "快递单号", ZTO[:-1], entered=True)  # fits only China Post's catch-all
        w.tick()
        row = w.row_of(order_id)
        assert row["状态"] == "待确认快递" and row["快递公司"] == ""
        assert "邮政快递包裹" in row["说明"] and "快递公司" in row["说明"]
        assert w.shop_waybills(order_id) == [] and w.shop_calls(SEND) == 0
        w.type_cell(order_id, "快递单号", ZTO, entered=True)  # the operator fixes the typo
        w.tick()
        assert w.shop_waybills(order_id) == [ZTO]
        assert w.row_of(order_id)["快递公司"] == "中通快递"


def test_more_numbers_than_the_order_can_hold_are_refused_in_chinese(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        order_id = _ready_order(w)
        w.type_cell(order_id, "快递单号", f"{ZTO}\n73100029384757")
        w.tick()
        w.tick()
        row = w.row_of(order_id)
        assert row["状态"] == "单号有误"
        assert "2 个单号" in row["说明"] and "1 种商品" in row["说明"]
        for cell in row.values():
            assert "None" not in cell and "nothing to ship" not in cell
        assert w.shop_calls(SEND) == 0 and w.shop_waybills(order_id) == []


def test_a_refused_number_is_not_retried_until_the_cell_changes(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        w.shop_control.configure(waybill_rejects=[ZTO])  # the platform answers 606005
        order_id = _ready_order(w)
        w.type_cell(order_id, "快递单号", ZTO)
        w.tick()
        sent = w.shop_calls(SEND)
        row = w.row_of(order_id)
        assert row["状态"] == "单号有误"
        assert "不是该快递公司的有效单号" in row["说明"] and "不会自动重试" in row["说明"]
        assert "606005" not in row["说明"]
        w.tick()
        w.tick()
        assert w.shop_calls(SEND) == sent  # no retry that cannot succeed
        assert w.row_of(order_id)["状态"] == "单号有误"
        w.type_cell(order_id, "快递单号", "73100029384757")
        w.tick()
        assert w.shop_waybills(order_id) == ["73100029384757"]


def test_a_formula_in_the_number_cell_is_named_as_a_formula(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        order_id = _ready_order(w)
        w.type_cell(
            order_id, "快递单号", f'=HYPERLINK("https://example.invalid/{ZTO}","{ZTO}")', entered=True
        )
        w.tick()
        row = w.row_of(order_id)
        assert row["状态"] == "单号有误" and "公式" in row["说明"]
        assert "#" not in row["说明"]
        assert w.shop_calls(SEND) == 0


def test_a_number_on_another_recipients_order_is_held_until_confirmed(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        w.set_setting("auto_push", "开")
        first = w.create_order()
        second = w.create_order(
            address={"user_name": "李四", "tel_number": "13900001234", "detail_info": "人民路8号"}
        )
        w.tick()
        for order_id in (first, second):
            w.type_cell(order_id, "快递单号", ZTO)
        w.tick()
        for order_id, other in ((first, second), (second, first)):
            row = w.row_of(order_id)
            assert row["状态"] == "单号重复" and other in row["说明"] and "推送所选行" in row["说明"]
        assert w.shop_calls(SEND) == 0
        kinds = {(r["订单号"], r["类型"]) for r in w.records("异常")}
        assert len([k for k in kinds if first in k or second in k]) >= 2

        w.menu(first)  # the operator checked with the supplier: the number is the first order's
        assert w.shop_waybills(first) == [ZTO] and w.shop_waybills(second) == []
        w.tick()
        assert w.row_of(first)["状态"] == "已发货（单号重复）"
        assert w.row_of(second)["状态"] == "单号重复"
        assert w.shop_waybills(second) == []


def test_a_paste_sheets_parsed_as_a_number_is_not_read(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        _ready_order(w)
        w.set_number_format("回传内容", None, tab="回传")
        w.paste_inbox("7310002938475612", entered=True)  # a bare long number, auto format: a double
        w.tick()
        (paste,) = w.records("回传")
        assert "被表格存成了数字" in paste["处理结果"] and "纯文本" in paste["处理结果"]
        assert w.shop_calls(SEND) == 0


def test_an_order_id_retyped_into_an_automatic_column_is_named_and_the_order_restored(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        order_id = _ready_order(w)
        w.tick()  # the order is known to the journal as a row of the sheet
        w.set_number_format("订单号", None)
        w.type_cell(order_id, "快递单号", ZTO)
        w.type_cell(order_id, "订单号", order_id, entered=True)  # retyped: Sheets keeps 15 digits
        w.tick()
        rows = w.records()
        rounded = [r for r in rows if r["订单号"] != order_id]
        assert len(rounded) == 1 and "被表格存成了数字" in rounded[0]["说明"]
        assert rounded[0]["状态"] == "单号有误"
        assert w.row_of(order_id)["订单号"] == order_id  # the real order is back on its own row
        assert w.shop_calls(SEND) == 0
