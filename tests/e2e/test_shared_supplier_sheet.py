"""One supplier, two shops of one deployment (docs/shops.md): the supplier keeps one spreadsheet,
each shop's orders go to that shop's own tab, and no shop's tick reads, clears or links the other
shop's rows."""

from __future__ import annotations

from pathlib import Path

from shared.app.shops import SHOP_KEY_VARIABLE
from shared.journal.journal import Journal
from shared.journal.local_store import LocalDirStore
from tests.e2e.world import World, another_shop, world

B_APPID, B_SECRET = "wx0b0b0b0b0b0b0b0b", "shop-b-secret-0123456789abcdef"


def recipient(row: dict[str, str]) -> tuple[str, str, str]:
    return row["收件人"], row["电话"], row["收货地址"]


def ordered_from(w: World, supplier: str) -> str:
    order_id = w.create_order()
    w.tick()
    w.type_cell(order_id, "供应商", supplier)
    return order_id


def test_a_supplier_sheet_shared_by_two_shops_keeps_each_shops_rows_apart(tmp_path: Path) -> None:
    with (
        world(tmp_path) as a,
        another_shop(a, B_APPID, B_SECRET, Journal(LocalDirStore(tmp_path / "journal-b"))) as b,
    ):
        a.supplier_env, b.supplier_env = {SHOP_KEY_VARIABLE: "a"}, {SHOP_KEY_VARIABLE: "b"}
        shared = a.new_supplier_sheet("甲工厂 订单")
        for w in (a, b):
            w.add_supplier("甲工厂", "供应商表格", f"spreadsheet_id={shared}")
        mine, theirs = ordered_from(a, "甲工厂"), ordered_from(b, "甲工厂")

        a.tick()
        b.tick()
        a.tick()  # shop a's tick again, with shop b's rows in the same spreadsheet

        assert [r["订单号"] for r in a.supplier_rows(shared, "待发货 a")] == [mine]
        assert [r["订单号"] for r in a.supplier_rows(shared, "待发货 b")] == [theirs]
        (b_row,) = a.supplier_rows(shared, "待发货 b")
        assert all(recipient(b_row)), "shop a's tick cleared shop b's recipient"
        assert "不" not in b_row["处理结果"]  # not told "not yours / do not ship"
        assert a.row_of(mine)["状态"] == b.row_of(theirs)["状态"]
        assert [r["订单号"] for r in a.records()] == [mine] and [r["订单号"] for r in b.records()] == [theirs]
