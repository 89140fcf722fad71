"""A shipment list (发货单) a supplier drops into their folder is read by the sync tick, once: its numbers
land on their orders and reach the shop, and the supplier's 状态 cell says what the file gave."""

from __future__ import annotations

from pathlib import Path

from shared.suppliers.shipment_drop import DroppedFile, LocalDrop
from tests.e2e.world import world

ZTO = "73100029384756"


class CountingDrop(LocalDrop):
    """The real local drop, counting the files it reads."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.reads: list[str] = []

    def read(self, file: DroppedFile, limit: int) -> bytes:
        self.reads.append(file.key)
        return super().read(file, limit)


def status_of(records: list[dict[str, str]], name: str) -> str:
    (row,) = [r for r in records if r["供应商"] == name]
    return row["状态"]


def test_a_dropped_file_is_read_by_the_tick_once_and_its_number_reaches_the_shop(tmp_path: Path) -> None:
    drop = CountingDrop(tmp_path / "drop")
    with world(tmp_path) as w:
        w.supplier_files = drop
        w.set_setting("auto_push", "开")
        w.add_supplier("Acme Ltd.", "微信/手动", "")
        order_id = w.create_order()
        w.tick()
        w.type_cell(order_id, "供应商", "Acme Ltd.")
        w.type_cell(order_id, "供应商单号", "PO-77")
        w.tick()
        # The 状态 cell names the folder (the supplier key): the sheet cannot choose another.
        assert status_of(w.records("供应商"), "Acme Ltd.").endswith(
            "发货单：放进文件夹 ACME_LTD/ 即自动读取。"
        )
        assert drop.reads == []

        folder = tmp_path / "drop" / "ACME_LTD"
        folder.mkdir(parents=True)
        (folder / "发货单.csv").write_bytes(
            f"订单编号,快递公司,快递单号\nPO-77,中通快递,{ZTO}\nPO-404,中通,73100029384757\n".encode(
                "gb18030"
            )
        )
        (folder / "~$发货单.xlsx").write_bytes(b"an editor's lock file, not a shipment list")
        (tmp_path / "drop" / "OTHER").mkdir()
        (tmp_path / "drop" / "OTHER" / "x.csv").write_text(
            f"订单编号,快递单号\nPO-77,{ZTO}\n", encoding="utf-8"
        )
        w.tick()

        assert drop.reads == ["ACME_LTD/发货单.csv"]  # not the lock file, not a folder no row owns
        row = w.row_of(order_id)
        assert row["快递单号"] == ZTO and row["状态"] == "已发货"
        assert w.shop_waybills(order_id) == [ZTO]
        status = status_of(w.records("供应商"), "Acme Ltd.")
        assert "发货单文件夹 ACME_LTD/" in status and "「发货单.csv」：1 条已对上订单，1 条未使用" in status
        assert "找不到订单「PO-404」" in status

        w.tick()
        assert drop.reads == ["ACME_LTD/发货单.csv"]  # remembered: not read again
        assert status_of(w.records("供应商"), "Acme Ltd.") == status  # and the cell stays as it was
        assert w.shop_waybills(order_id) == [ZTO]
