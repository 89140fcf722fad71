"""Error causes end to end (WeChat Shop + Sheets emulators, the real tick and the sheet-edit path):
a correction's 日志 row carries the cause the journal shows in 原因分类 (or asks for it); the operator
changes it there and the edit path journals who, when and old → new; the 统计 tab counts the
operator's cause over the inferred one; text outside the list gets a 日志 row saying so and changes
nothing; a number held as reused starts its 异常 row with 单号重复使用 and takes the operator's word
too. A cause edit costs two Sheets calls (one read, one batch that appends its 日志 row)."""

from __future__ import annotations

from pathlib import Path

from shared.app.edit_queue import PendingEdit
from shared.app.edit_work import apply_edits
from shared.app.tick import TickDeps
from shared.sheets.edit_signature import SheetEdit
from tests.e2e.world import World, world

FIRST, SECOND = "SF6026131434978", "SF6026131434979"
ZTO = "73100029384757"


def _edit(w: World, tab: str, number: int, header: str, value: str, old: str, user: str) -> PendingEdit:
    column = w.values(tab)[0].index(header) + 1
    letter = chr(ord("A") + column - 1)
    w._put(f"'{tab}'!{letter}{number}", value)
    edit = SheetEdit(
        w.spreadsheet_id,
        tab,
        f"{letter}{number}",
        number,
        column,
        1,
        1,
        value,
        old,
        user,
        int(w.now().timestamp()),
    )
    return PendingEdit(f"{tab}-{number}-{header}-{value}", edit)


def apply(w: World, pending: PendingEdit) -> None:
    apply_edits(TickDeps(w.gateway, w.shop, w.journal, w.feed, clock=w.now), (pending,))


def operator_types(w: World, order_id: str, header: str, value: str) -> None:
    """The operator types into an 订单 row; the edit hook's queued edit is applied."""
    records = w.records()
    [(number, row)] = [(n, r) for n, r in enumerate(records, start=2) if r["订单号"] == order_id]
    apply(w, _edit(w, "订单", number, header, value, row[header], "ops@example.com"))


def log_row(w: World, action: str) -> tuple[int, dict[str, str]]:
    [(number, row)] = [(n, r) for n, r in enumerate(w.records("日志"), start=2) if r["操作"] == action]
    return number, row


def choose_cause(w: World, tab: str, number: int, value: str, user: str = "boss@example.com") -> None:
    old = w.records(tab)[number - 2]["原因分类"]
    apply(w, _edit(w, tab, number, "原因分类", value, old, user))


def scorecard_line(w: World, supplier: str, days: str) -> dict[str, str]:
    rows = w.values("统计")
    for row in rows[1:]:
        record = dict(zip(rows[0], row + [""] * (len(rows[0]) - len(row)), strict=False))
        if record.get("供应商") == supplier and record.get("天数") == days:
            return record
    raise AssertionError(f"no line for {supplier}: {rows}")


def assert_scorecard_counts_the_supplier(w: World) -> None:
    """After the 统计 tab's next refresh: 优品工厂's one correction counts as theirs, not a typing slip."""
    w.advance(2)
    w.tick()
    line = scorecard_line(w, "优品工厂", "30")
    assert line["错号/改号每百单"] == "100"
    assert (line["错号·供应商给错单号"], line["错号·录入错误"]) == ("100", "0")


def corrected_order(w: World, *, first_typed_in_the_edit_path: bool = True) -> str:
    """An order whose first number was pushed, then corrected by the operator (auto-push on)."""
    w.set_setting("auto_push", "开")
    order_id = w.create_order()
    w.tick()
    w.type_cell(order_id, "供应商", "优品工厂")
    if first_typed_in_the_edit_path:
        operator_types(w, order_id, "快递单号", FIRST)
    else:  # typed while no edit reached the product (the tick finds it): the journal cannot say who
        w.type_cell(order_id, "快递单号", FIRST)
        w.tick()
    assert w.shop_waybills(order_id) == [FIRST]
    w.advance(1)
    operator_types(w, order_id, "快递单号", SECOND)
    assert w.shop_waybills(order_id) == [SECOND] and w.row_of(order_id)["状态"] == "已修正"
    return order_id


def test_the_operator_corrects_the_inferred_cause_and_the_scorecard_follows(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        order_id = corrected_order(w)
        number, row = log_row(w, "推送修正到小店")
        # Both numbers typed by a person: a typing slip, as the journal shows; nothing asked.
        assert row["原因分类"] == "录入错误" and "原因未知" not in row["原因"]
        assert row["订单号"] == order_id

        w.clear_sheets_log()
        w.advance(1)
        before = w.now()
        choose_cause(w, "日志", number, "供应商给错单号")
        after = w.now()
        counts = w.sheets_counts()
        # the read (异常, 设置, the 日志 header and the edited row) and one batch: no cell is written in
        # place, so no guard re-read
        assert counts == {"spreadsheets.values.batchGet": 1, "spreadsheets.batchUpdate": 1}, counts
        [chosen] = [e for e in w.journal.entries() if e.action == "cause"]
        assert (chosen.actor, chosen.order_id, chosen.old, chosen.new) == (
            "boss@example.com",
            order_id,
            "operator_typing",
            "supplier_wrong",
        )
        assert chosen.reason == f"correction at {row['时间']}"
        # the journal keeps whole seconds: stamped between the edit's start and its end
        assert before.replace(microsecond=0) <= chosen.at <= after
        _, logged = log_row(w, "修改出错原因")
        assert (logged["操作人"], logged["原值"], logged["新值"]) == (
            "boss@example.com",
            "录入错误",
            "供应商给错单号",
        )
        assert logged["原因"] == f"{row['时间']} 推送的修正"

        assert_scorecard_counts_the_supplier(w)


def test_text_outside_the_list_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        corrected_order(w)
        number, _ = log_row(w, "推送修正到小店")
        choose_cause(w, "日志", number, "手滑了")
        _, said = log_row(w, "未采用出错原因")
        assert said["新值"] == "手滑了"
        assert "不是出错原因之一" in said["结果"] and "录入错误" in said["结果"]
        assert [e for e in w.journal.entries() if e.action == "cause"] == []
        # A cause typed on a row that is not a wrong number is refused the same way.
        shipped, _ = log_row(w, "推送单号到小店")
        choose_cause(w, "日志", shipped, "其他")
        refusals = [r for r in w.records("日志") if r["操作"] == "未采用出错原因"]
        assert len(refusals) == 2 and "不适用" in refusals[1]["结果"]
        w.advance(2)
        w.tick()
        assert scorecard_line(w, "优品工厂", "30")["错号·录入错误"] == "100"  # still the inferred cause


def test_an_unknown_cause_is_asked_for_then_given(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        corrected_order(w, first_typed_in_the_edit_path=False)
        number, row = log_row(w, "推送修正到小店")
        assert row["原因分类"] == ""
        assert "原因未知：请在本行「原因分类」列选择出错原因" in row["原因"]
        # the buyer's draft stays last in the cell, whole (it is copied as it is)
        assert row["原因"].index("原因未知") < row["原因"].index("给买家的消息")
        w.advance(2)
        w.tick()
        assert scorecard_line(w, "优品工厂", "30")["错号·原因未知"] == "100"
        choose_cause(w, "日志", number, "快递系统变更")
        w.advance(2)
        w.tick()
        line = scorecard_line(w, "优品工厂", "30")
        assert (line["错号·原因未知"], line["错号·快递系统变更"]) == ("0", "100")


def two_orders_sharing_a_number(w: World) -> tuple[str, str]:
    """Two orders of different buyers whose rows an operator gave the same number (FIRST), ticked."""
    first = w.create_order()
    second = w.create_order(
        address={"user_name": "李四", "tel_number": "13900001234", "detail_info": "人民路8号"}
    )
    w.tick()
    for order_id in (first, second):
        w.type_cell(order_id, "供应商", "宏业仓")
        w.type_cell(order_id, "快递单号", FIRST)
    w.tick()
    return first, second


def test_a_reused_number_starts_with_its_cause_on_the_exceptions_row(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        two_orders_sharing_a_number(w)
        rows = [(n, r) for n, r in enumerate(w.records("异常"), start=2) if r["类型"] == "单号重复使用"]
        assert rows and all(r["原因分类"] == "单号重复使用" for _, r in rows)
        number, row = rows[0]
        choose_cause(w, "异常", number, "Operator typing", user="ops@example.com")  # English label too
        [chosen] = [e for e in w.journal.entries() if e.action == "cause"]
        assert (chosen.order_id, chosen.old, chosen.new, chosen.reason) == (
            row["订单号"],
            "reused_number",
            "operator_typing",
            "refused number",
        )
        w.advance(2)
        w.tick()
        line = scorecard_line(w, "宏业仓", "30")
        reused = [r for r in w.records() if r["状态"].startswith("单号重复")]
        assert len(reused) == 2
        assert (line["错号·录入错误"], line["错号·单号重复使用"]) == ("50", "50")


BAD, OTHER_BAD = "SF12345", "SF67890"  # no courier's format: 单号有误


def refused_rows(w: World) -> list[tuple[int, dict[str, str]]]:
    return [(n, r) for n, r in enumerate(w.records("日志"), start=2) if r["操作"] == "快递单号未通过"]


def invalid_typed(w: World) -> str:
    """An order whose number the operator typed (the edit path) fails every courier's format."""
    order_id = w.create_order()
    w.tick()
    w.type_cell(order_id, "供应商", "优品工厂")
    operator_types(w, order_id, "快递单号", BAD)
    assert w.row_of(order_id)["状态"] == "单号有误" and w.shop_waybills(order_id) == []
    return order_id


def test_an_invalid_number_typed_by_the_operator_carries_its_cause_on_its_log_row(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        order_id = invalid_typed(w)
        [(number, row)] = refused_rows(w)
        # Typed by a person: a typing slip, prefilled; the row names the number and asks nothing.
        assert (row["订单号"], row["新值"], row["原因分类"]) == (order_id, BAD, "录入错误")
        assert "单号有误" in row["原因"] and "原因未知" not in row["原因"]
        # Journaled once per number: later ticks add no second row and do not ask again.
        w.advance(0.5)
        w.tick()
        w.tick()
        assert len(refused_rows(w)) == 1
        assert len([e for e in w.journal.entries() if e.action == "refused"]) == 1

        w.clear_sheets_log()
        w.advance(1)
        choose_cause(w, "日志", number, "供应商给错单号")
        counts = w.sheets_counts()
        assert counts == {"spreadsheets.values.batchGet": 1, "spreadsheets.batchUpdate": 1}, counts
        [chosen] = [e for e in w.journal.entries() if e.action == "cause"]
        assert (chosen.actor, chosen.order_id, chosen.old, chosen.new, chosen.reason) == (
            "boss@example.com",
            order_id,
            "operator_typing",
            "supplier_wrong",
            f"refused number {BAD}",
        )
        _, logged = log_row(w, "修改出错原因")
        assert (logged["原值"], logged["新值"]) == ("录入错误", "供应商给错单号")
        assert logged["原因"] == f"被拒的单号 {BAD}"

        assert_scorecard_counts_the_supplier(w)


def test_a_second_refused_number_does_not_inherit_the_first_ones_cause(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        order_id = invalid_typed(w)
        [(number, _)] = refused_rows(w)
        w.advance(0.5)
        choose_cause(w, "日志", number, "其他")
        w.advance(0.5)
        operator_types(w, order_id, "快递单号", OTHER_BAD)
        assert w.row_of(order_id)["状态"] == "单号有误"
        first, second = (r for _, r in refused_rows(w))
        assert (first["新值"], second["新值"]) == (BAD, OTHER_BAD)
        assert second["原因分类"] == "录入错误"  # its own inferred cause, not the first one's 其他
        w.advance(2)
        w.tick()
        line = scorecard_line(w, "优品工厂", "30")
        assert (line["错号·录入错误"], line["错号·其他"]) == ("100", "0")


def test_a_cause_on_a_reused_numbers_exceptions_row_stays_with_that_number(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        first, second = two_orders_sharing_a_number(w)
        [number] = [
            n
            for n, r in enumerate(w.records("异常"), start=2)
            if r["类型"] == "单号重复使用" and r["订单号"] == first
        ]
        # the refusal has its 日志 row too, prefilled the same
        assert {r["订单号"]: r["原因分类"] for _, r in refused_rows(w)} == {
            first: "单号重复使用",
            second: "单号重复使用",
        }
        w.advance(0.5)
        choose_cause(w, "异常", number, "其他")
        w.advance(2)
        w.tick()
        assert scorecard_line(w, "宏业仓", "30")["错号·其他"] == "50"
        w.advance(0.5)
        operator_types(w, first, "快递单号", BAD)  # another number, refused for another reason
        assert w.row_of(first)["状态"] == "单号有误"
        w.advance(2)
        w.tick()
        line = scorecard_line(w, "宏业仓", "30")
        # the second order's number is no longer on another order: nothing refused there now
        assert (line["错号·其他"], line["错号·录入错误"], line["错号·单号重复使用"]) == ("0", "50", "0")


def test_a_number_a_supplier_sent_and_the_shop_refused_is_the_suppliers(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        w.shop_control.configure(waybill_rejects=[ZTO])  # the platform answers 606005
        w.set_setting("auto_push", "开")
        sheet = w.new_supplier_sheet("甲工厂 订单")
        w.add_supplier("甲工厂", "供应商表格", f"spreadsheet_id={sheet}")
        order_id = w.create_order()
        w.tick()
        w.type_cell(order_id, "供应商", "甲工厂")
        w.tick()
        w.type_in_supplier_sheet(sheet, order_id, "快递公司", "中通快递")
        w.type_in_supplier_sheet(sheet, order_id, "快递单号", ZTO)
        w.tick()
        if w.row_of(order_id)["状态"] != "单号有误":
            w.tick()
        assert w.row_of(order_id)["状态"] == "单号有误" and w.shop_waybills(order_id) == []
        [(_, row)] = refused_rows(w)
        assert (row["新值"], row["原因分类"]) == (ZTO, "供应商给错单号")
        assert "原因未知" not in row["原因"]
