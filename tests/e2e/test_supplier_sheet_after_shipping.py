"""A supplier's own sheet after the push, end to end through the real tick against the Sheets and
WeChat Shop emulators: a number the supplier changes in their sheet is shown next to the pushed one
(never pushed by itself), and the recipient leaves their sheet once the order no longer needs them."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.world import World, world

PUSHED = "73100029384756"
FIXED = "73100029384757"
OTHER = "73100029384758"
WRITES = ("spreadsheets.values.batchUpdate", "spreadsheets.batchUpdate", "spreadsheets.values.append")
DONE = "已完成，收件信息已按隐私要求清除。"
NOT_YOURS = "此订单已取消或不再由你发货，请勿发货；收件信息已按隐私要求清除。"


def recipient(row: dict[str, str]) -> tuple[str, str, str]:
    return row["收件人"], row["电话"], row["收货地址"]


def requests_to(w: World, sid: str) -> list[str]:
    return [r["endpoint"] for r in w.sheets_requests() if f"/spreadsheets/{sid}" in r["path"]]


def assert_quiet_tick(w: World) -> None:
    """The invariant: a repeated tick pushes nothing and writes nothing, in any spreadsheet."""
    w.clear_sheets_log()
    report = w.tick()
    assert report.pushes == [] and report.rows_written == 0 and report.new_rows == 0
    counts = w.sheets_counts()
    assert all(counts.get(name, 0) == 0 for name in WRITES), counts


def test_a_supplier_sheet_after_the_push(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        sid = w.new_supplier_sheet("甲工厂 订单")
        w.set_setting("auto_push", "开")
        w.add_supplier("甲工厂", "供应商表格", f"spreadsheet_id={sid}; keep_address_days=7")
        typo, kept, cancelled = (w.create_order() for _ in range(3))
        w.tick()
        for order_id in (typo, kept, cancelled):
            w.type_cell(order_id, "供应商", "甲工厂")
        w.tick()
        assert all(recipient(w.supplier_row(sid, o)) != ("", "", "") for o in (typo, kept, cancelled))

        # The supplier ships two of them; the numbers are filled and pushed.
        for order_id, number in ((typo, PUSHED), (kept, OTHER)):
            w.type_in_supplier_sheet(sid, order_id, "快递公司", "中通快递")
            w.type_in_supplier_sheet(sid, order_id, "快递单号", number)
        w.tick()
        if not w.shop_waybills(typo):
            w.tick()
        assert [w.row_of(o)["状态"] for o in (typo, kept)] == ["已发货", "已发货"]
        assert w.shop_waybills(typo) == [PUSHED]
        assert_quiet_tick(w)

        # The supplier fixes a typo in their sheet after the push: the operator sees both numbers,
        # the sheet and the shop keep the pushed one until someone decides.
        w.type_in_supplier_sheet(sid, typo, "快递单号", FIXED)
        report = w.tick()
        row = w.row_of(typo)
        assert row["状态"] == "不一致" and FIXED in row["说明"] and PUSHED in row["说明"]
        assert row["快递单号"] == PUSHED and w.shop_waybills(typo) == [PUSHED]
        assert report.pushes == []
        alerts = [a for a in w.records("异常") if a["订单号"] == typo]
        assert len(alerts) == 1 and FIXED in alerts[0]["说明"]
        assert w.row_of(kept)["状态"] == "已发货"  # an unchanged number says nothing
        assert_quiet_tick(w)
        assert w.row_of(typo)["状态"] == "不一致"

        # A cancelled order leaves the supplier's sheet's recipient cells at once, in one guarded write.
        w.shop_control.cancel(cancelled)
        w.clear_sheets_log()
        w.tick()
        calls = requests_to(w, sid)
        told = w.supplier_row(sid, cancelled)
        assert told["处理结果"] == NOT_YOURS and recipient(told) == ("", "", "")
        assert told["商品"] == "蓝色T恤 × 1"  # what is not personal stays
        assert (
            calls.count("spreadsheets.values.get") == 2
            and calls.count("spreadsheets.values.batchUpdate") == 1
            and "spreadsheets.values.append" not in calls
        )
        assert_quiet_tick(w)

        # Eight days on: a parcel shipped more than 7 days ago needs no re-ship address any more.
        # The disputed order is open again (a mismatch) and keeps it.
        w.advance(8 * 24)
        w.tick()
        done = w.supplier_row(sid, kept)
        assert done["处理结果"] == DONE and recipient(done) == ("", "", "")
        assert done["快递单号"] == OTHER and done["快递公司"] == "中通快递"  # the supplier's cells stay
        assert recipient(w.supplier_row(sid, typo)) != ("", "", "")
        assert_quiet_tick(w)

        # The operator takes the supplier's number: the correction is pushed, and the order, shipped
        # more than 7 days ago, leaves the supplier's sheet too.
        w.type_cell(typo, "快递单号", FIXED)
        w.tick()
        assert w.shop_waybills(typo) == [FIXED] and w.row_of(typo)["状态"] == "已修正"
        w.tick()
        gone = w.supplier_row(sid, typo)
        assert gone["处理结果"] == DONE and recipient(gone) == ("", "", "")
        assert_quiet_tick(w)


def test_an_operator_correction_is_not_taken_for_the_supplier_changing_the_number(tmp_path: Path) -> None:
    """The supplier's number was wrong; the operator corrects the order row. The supplier's sheet still
    shows their old number: that is no news, and must not turn the row 不一致 (nor invite anyone to push
    the wrong number back). A number the supplier changes afterwards is news again."""
    with world(tmp_path) as w:
        sid = w.new_supplier_sheet("甲工厂 订单")
        w.set_setting("auto_push", "开")
        w.add_supplier("甲工厂", "供应商表格", f"spreadsheet_id={sid}; keep_address_days=7")
        order_id = w.create_order()
        w.tick()
        w.type_cell(order_id, "供应商", "甲工厂")
        w.tick()
        w.type_in_supplier_sheet(sid, order_id, "快递公司", "中通快递")
        w.type_in_supplier_sheet(sid, order_id, "快递单号", PUSHED)
        w.tick()
        assert w.shop_waybills(order_id) == [PUSHED]

        w.type_cell(order_id, "快递单号", FIXED)  # the operator learns the right number
        w.tick()
        assert w.shop_waybills(order_id) == [FIXED]
        w.tick()
        assert w.row_of(order_id)["状态"] == "已修正", w.row_of(order_id)["说明"]
        assert_quiet_tick(w)

        w.type_in_supplier_sheet(sid, order_id, "快递单号", OTHER)  # now the supplier does change it
        w.tick()
        row = w.row_of(order_id)
        assert row["状态"] == "不一致" and OTHER in row["说明"] and FIXED in row["说明"]
        assert w.shop_waybills(order_id) == [FIXED]  # never pushed by itself
