"""A buyer's address in a supplier's sheet: cleared when the order finishes even after the supplier's
channel changed, never claimed cleared when it could not be, and never put where another supplier
(or the whole team) reads it: one spreadsheet serves one supplier, and never the workspace."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

from tests.e2e.world import World, world

NUMBER = "73100029384756"
DONE = "已完成，收件信息已按隐私要求清除。"
NOT_YOURS = "此订单已取消或不再由你发货，请勿发货；收件信息已按隐私要求清除。"


def recipient(row: dict[str, str]) -> tuple[str, str, str]:
    return row["收件人"], row["电话"], row["收货地址"]


def status_of(w: World, name: str) -> str:
    return {r["供应商"]: r["状态"] for r in w.records("供应商")}[name]


def requests_to(w: World, sid: str) -> list[str]:
    return [r["endpoint"] for r in w.sheets_requests() if f"/spreadsheets/{sid}" in r["path"]]


def test_clearing_goes_on_after_the_suppliers_channel_is_switched(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        sid = w.new_supplier_sheet("甲工厂 订单")
        w.set_setting("auto_push", "开")
        w.add_supplier("甲工厂", "供应商表格", f"spreadsheet_id={sid}; keep_address_days=7")
        shipped, waiting = w.create_order(), w.create_order()
        w.tick()
        for order_id in (shipped, waiting):
            w.type_cell(order_id, "供应商", "甲工厂")
        w.tick()
        w.type_in_supplier_sheet(sid, shipped, "快递公司", "中通快递")
        w.type_in_supplier_sheet(sid, shipped, "快递单号", NUMBER)
        w.tick()
        if not w.shop_waybills(shipped):
            w.tick()
        assert w.row_of(shipped)["状态"] == "已发货"

        # The supplier moves to WeChat: the row no longer names their sheet.
        w.type_cell("甲工厂", "对接方式", "微信/手动", tab="供应商", key_header="供应商")
        w.tick()
        assert status_of(w, "甲工厂").startswith("手动")
        # Still in transit, and still open: both keep their recipient for now.
        assert recipient(w.supplier_row(sid, shipped)) != ("", "", "")
        assert recipient(w.supplier_row(sid, waiting)) != ("", "", "")

        # The open order is cancelled, the shipped one is 8 days on the road: both are cleared.
        w.shop_control.cancel(waiting)
        w.advance(8 * 24)
        w.tick()
        done, cancelled = w.supplier_row(sid, shipped), w.supplier_row(sid, waiting)
        assert done["处理结果"] == DONE and recipient(done) == ("", "", "")
        assert cancelled["处理结果"] == NOT_YOURS and recipient(cancelled) == ("", "", "")
        assert done["快递单号"] == NUMBER  # the supplier's own cells stay

        # A pull finds nothing left to clear: the sheet is forgotten and no longer read at all.
        w.tick()
        w.clear_sheets_log()
        w.tick()
        assert requests_to(w, sid) == []
        assert len(w.supplier_rows(sid)) == 2  # nothing was added to the sheet after the switch


def test_one_spreadsheet_serves_one_supplier_and_never_the_workspace(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        shared = w.new_supplier_sheet("共用")
        w.add_supplier("甲工厂", "供应商表格", f"spreadsheet_id={shared}")
        w.add_supplier(
            "乙工厂",
            "供应商表格",
            f"https://docs.google.com/spreadsheets/d/{shared}/edit".join(("spreadsheet_id=", "")),
        )
        w.add_supplier("丙工厂", "供应商表格", f"spreadsheet_id={w.spreadsheet_id}")
        orders = [w.create_order() for _ in range(3)]
        w.tick()
        for order_id, supplier in zip(orders, ("甲工厂", "乙工厂", "丙工厂"), strict=True):
            w.type_cell(order_id, "供应商", supplier)
        w.clear_sheets_log()
        w.tick()
        w.tick()
        assert requests_to(w, shared) == []  # neither read nor written
        assert "一个表格只能给一家供应商用" in status_of(w, "甲工厂") and "乙工厂" in status_of(w, "甲工厂")
        assert "一个表格只能给一家供应商用" in status_of(w, "乙工厂")
        assert "工作表格本身" in status_of(w, "丙工厂")
        # The workspace was never treated as 丙工厂's sheet: no 待发货 tab read, made or written there.
        assert not any("待发货" in unquote(r["path"]) for r in w.sheets_requests())
        meta = w.http.get(f"{w.sheets_url}/v4/spreadsheets/{w.spreadsheet_id}").json()
        assert "待发货" not in [sheet["properties"]["title"] for sheet in meta["sheets"]]


def test_a_sheet_another_supplier_used_is_not_handed_to_a_new_one(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        sid = w.new_supplier_sheet("甲工厂 订单")
        w.add_supplier("甲工厂", "供应商表格", f"spreadsheet_id={sid}")
        order_id = w.create_order()
        w.tick()
        w.type_cell(order_id, "供应商", "甲工厂")
        w.tick()
        assert recipient(w.supplier_row(sid, order_id)) != ("", "", "")
        # 甲工厂 moves to WeChat and someone points 乙工厂 at 甲's old sheet, still holding an address.
        w.type_cell("甲工厂", "对接方式", "微信/手动", tab="供应商", key_header="供应商")
        w.add_supplier("乙工厂", "供应商表格", f"spreadsheet_id={sid}")
        w.tick()
        assert "甲工厂" in status_of(w, "乙工厂") and status_of(w, "乙工厂").startswith("设置有误")
        assert [r["订单号"] for r in w.supplier_rows(sid)] == [order_id]


def test_a_renamed_recipient_column_is_never_reported_cleared(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        sid = w.new_supplier_sheet("甲工厂 订单")
        w.add_supplier("甲工厂", "供应商表格", f"spreadsheet_id={sid}")
        order_id = w.create_order()
        w.tick()
        w.type_cell(order_id, "供应商", "甲工厂")
        w.tick()
        # The supplier renames 电话 to 手机 (the adapter no longer finds it); then the order is cancelled.
        header = w.supplier_rows(sid)[0]
        column = list(header).index("电话")
        w.http.put(
            f"{w.sheets_url}/v4/spreadsheets/{sid}/values/{chr(ord('A') + column)}1".replace(
                "/values/", "/values/'%E5%BE%85%E5%8F%91%E8%B4%A7'!"
            ),
            params={"valueInputOption": "RAW"},
            json={"values": [["手机"]]},
        ).raise_for_status()
        w.shop_control.cancel(order_id)
        w.tick()
        (row,) = w.supplier_rows(sid)
        assert (
            row["处理结果"] != NOT_YOURS and row["手机"] != ""
        )  # no claim of a clearing that did not happen
        status = status_of(w, "甲工厂")
        assert "电话" in status and "拉取失败" in status
