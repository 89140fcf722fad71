"""Suppliers configured from the 供应商 tab, end to end: a supplier sheet per supplier and a JSON API,
both reached by the sync tick, with each row's outcome in its 状态 cell."""

from __future__ import annotations

import json
from pathlib import Path

from emulators.control import SupplierControl
from emulators.supplier_api.server import serve as serve_supplier_api
from shared.app.tick import TickDeps, TickReport, run_tick
from shared.suppliers.secret_binding import HOSTS_VARIABLE, secret_variable
from tests.e2e.world import World, world

ZTO = "73100029384756"
# 戊工厂's token, named for it (the emulator's API host is allowed for it once the emulator runs).
TOKEN = secret_variable("戊工厂")
ENV = {TOKEN: "test-token"}
ADDRESS = "科技园路1号"  # the emulator's default recipient address
PHONE = "13800005678"
LEAKED = "sk-live-9f8e7d6c5b4a"


def tick(w: World) -> TickReport:
    return run_tick(TickDeps(w.gateway, w.shop, w.journal, w.feed, supplier_env=ENV))


def every_cell(w: World) -> str:
    tabs = ("订单", "供应商", "回传", "异常", "日志", "设置", "说明")
    return "\n".join("\t".join(row) for tab in tabs for row in w.values(tab))


def test_supplier_sheets_and_an_api_configured_from_the_suppliers_tab(tmp_path: Path) -> None:
    api = serve_supplier_api(port=0)
    ENV[HOSTS_VARIABLE] = json.dumps({TOKEN: ["127.0.0.1"]})
    try:
        with world(tmp_path) as w, SupplierControl(api.url, timeout=5) as control:
            control.reset()
            sheet_a, sheet_b = w.new_supplier_sheet("甲工厂 订单"), w.new_supplier_sheet("乙工厂 订单")
            w.set_setting("auto_push", "开")
            w.add_supplier("甲工厂", "供应商表格", f"spreadsheet_id={sheet_a}")
            url_b = f"https://docs.google.com/spreadsheets/d/{sheet_b}/edit#gid=0"
            w.add_supplier("乙工厂", "供应商表格", f"spreadsheet_id={url_b}")
            api_settings = "\n".join(
                (
                    f"endpoint={api.url}/api/v1/orders",
                    "records_path=data.list",
                    "order_no_path=orderNo",
                    "shop_order_id_path=outOrderNo",
                    "courier_path=expressCompany",
                    "tracking_path=expressNo",
                    "status_path=orderStatus",
                    "status_map=SENT=shipped; LACK_STOCK=out_of_stock; CLOSED=cancelled; WAIT_SEND=pending",
                )
            )
            w.add_supplier("戊工厂", "API", api_settings)
            w.add_supplier("丙工厂", "API", f"endpoint=https://api.example.com/orders; token={LEAKED}")
            w.add_supplier("丁工厂", "API", "endpoint=https://api.example.com/orders; token_env=WR_NOT_SET")

            first, second, third, fourth = (w.create_order() for _ in range(4))
            tick(w)
            for order_id, supplier in (
                (first, "甲工厂"),
                (second, "乙工厂"),
                (third, "甲工厂"),
                (fourth, "戊工厂"),
            ):
                w.type_cell(order_id, "供应商", supplier)
            control.seed({"order_no": "GY9", "shop_order_id": fourth, "tracking": [ZTO]})

            before = w.gateway.calls.snapshot()
            report = tick(w)
            calls = {k: v - before.get(k, 0) for k, v in w.gateway.calls.snapshot().items()}
            # The workspace's budget is unchanged: the 供应商 tab rides in the same read and write.
            assert calls.get("values.batchGet", 0) <= 2 and calls.get("values.batchUpdate", 0) <= 1
            assert calls.get("spreadsheets.batchUpdate", 0) <= 1 and report.sheets_calls <= 5

            # Each supplier sees exactly their own orders, with what they need to ship them.
            a_rows, b_rows = w.supplier_rows(sheet_a), w.supplier_rows(sheet_b)
            assert sorted(r["订单号"] for r in a_rows) == sorted([first, third])
            assert [r["订单号"] for r in b_rows] == [second]
            assert ADDRESS in a_rows[0]["收货地址"] and a_rows[0]["电话"] == PHONE
            assert a_rows[0]["收件人"] == "张三" and a_rows[0]["商品"] == "蓝色T恤 × 1"

            # The API supplier's number went straight onto its order.
            assert w.row_of(fourth)["快递单号"] == ZTO
            assert w.shop_waybills(fourth) == [ZTO]

            status = {r["供应商"]: r["状态"] for r in w.records("供应商")}
            assert status["甲工厂"].startswith("已启用：供应商表格")
            assert status["戊工厂"].startswith("已启用：接口")
            assert "看起来是密钥" in status["丙工厂"] and LEAKED not in status["丙工厂"]
            assert "WR_NOT_SET" in status["丁工厂"] and status["丁工厂"].startswith("设置有误")

            # The supplier types a number in their sheet; the next tick fills the order and pushes it.
            w.type_in_supplier_sheet(sheet_a, first, "快递公司", "中通快递")
            w.type_in_supplier_sheet(sheet_a, first, "快递单号", "73100029384757")
            tick(w)
            if not w.shop_waybills(first):
                tick(w)
            assert w.row_of(first)["快递单号"] == "73100029384757"
            assert w.row_of(first)["状态"] == "已发货"
            assert w.shop_waybills(first) == ["73100029384757"]
            assert {r["订单号"]: r["处理结果"] for r in w.supplier_rows(sheet_a)}[
                first
            ] == "已收到单号，谢谢。"

            # The full address and phone never reach the workspace (the 收件人 column is masked).
            cells = every_cell(w)
            assert ADDRESS not in cells and PHONE not in cells and "广东省" not in cells

            quiet = tick(w)
            assert quiet.pushes == [] and quiet.rows_written == 0

            # 乙工厂's only order is cancelled: their sheet says not to ship it, though no order of
            # theirs is open any more.
            w.shop_control.cancel(second)
            tick(w)
            assert w.row_of(second)["状态"].startswith("已取消")
            (told,) = w.supplier_rows(sheet_b)
            assert told["处理结果"] == "此订单已取消或不再由你发货，请勿发货；收件信息已按隐私要求清除。"
            assert told["收件人"] == told["电话"] == told["收货地址"] == ""
    finally:
        api.close()
