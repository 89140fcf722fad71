"""A supplier's folder of dropped shipment files as a supplier source, on a real local drop."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared.suppliers.matching import match_updates
from shared.suppliers.model import SupplierOrder
from shared.suppliers.shipment_drop import DroppedFile, LocalDrop
from shared.suppliers.shipment_file_reader import MAX_FILE_BYTES
from shared.suppliers.shipment_file_source import MAX_FILES_PER_PULL, ShipmentFolderSource

ZTO = "73100029384756"
HEADER = "订单编号,快递公司,快递单号\n"


class Drop(LocalDrop):
    """The real local drop, counting reads; ``vanish`` files are deleted right before their read
    (as if removed after the listing)."""

    def __init__(self, root: Path, vanish: tuple[str, ...] = ()) -> None:
        super().__init__(root)
        self.reads: list[str] = []
        self.vanish = vanish

    def read(self, file: DroppedFile, limit: int) -> bytes:
        self.reads.append(file.name)
        if file.name in self.vanish:
            (self.root / file.key).unlink()
        return super().read(file, limit)


def put(root: Path, name: str, text: str, folder: str = "ACME") -> Path:
    path = root / folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("gb18030"))
    return path


def test_new_files_become_the_suppliers_updates_and_files_read_before_are_skipped(tmp_path: Path) -> None:
    put(tmp_path, "a.csv", f"{HEADER}PO-1,中通,{ZTO}\n")
    put(tmp_path, "b.csv", f"{HEADER}PO-2,中通,73100029384757\n")
    drop = Drop(tmp_path)
    (a_file, b_file) = drop.files("ACME")
    source = ShipmentFolderSource("Acme", "ACME", drop, {a_file.key: a_file.version})
    batch = source.fetch_updates([])
    assert drop.reads == ["b.csv"]
    assert [(u.supplier_id, u.supplier_order_no, u.source, u.source_ref) for u in batch.updates] == [
        ("Acme", "PO-2", "b.csv", "b.csv row 2")
    ]
    assert [r.file for r in source.reads] == [b_file] and source.listed == [a_file, b_file]


def test_a_pull_reads_a_bounded_number_of_files_in_name_order(tmp_path: Path) -> None:
    for i in range(MAX_FILES_PER_PULL + 2):
        put(tmp_path, f"{i:02d}.csv", f"{HEADER}PO-{i},中通,{ZTO}\n")
    drop = Drop(tmp_path)
    ShipmentFolderSource("Acme", "ACME", drop, {}).fetch_updates([])
    assert drop.reads == [f"{i:02d}.csv" for i in range(MAX_FILES_PER_PULL)]


def test_a_file_above_the_size_cap_is_refused_from_the_listing_unread(tmp_path: Path) -> None:
    path = put(tmp_path, "huge.csv", HEADER)
    with path.open("r+b") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: its size is what the listing reports
    drop = Drop(tmp_path)
    source = ShipmentFolderSource("Acme", "ACME", drop, {})
    batch = source.fetch_updates([])
    assert drop.reads == [] and batch.updates == ()
    assert [p.code for p in batch.problems] == ["file_unreadable"]
    (read,) = source.reads  # remembered: this version will never read better
    assert "huge.csv" in read.summary().zh and "20 MB" in read.summary().zh


def test_a_damaged_file_is_reported_whole_and_a_vanished_one_is_left_for_the_next_pull(
    tmp_path: Path,
) -> None:
    (tmp_path / "ACME").mkdir()
    (tmp_path / "ACME" / "broken.xlsx").write_bytes(b"PK\x03\x04 this is not a workbook")
    put(tmp_path, "gone.csv", f"{HEADER}PO-1,中通,{ZTO}\n")
    drop = Drop(tmp_path, vanish=("gone.csv",))
    source = ShipmentFolderSource("Acme", "ACME", drop, {})
    batch = source.fetch_updates([])
    assert [(p.source_ref, p.code) for p in batch.problems] == [
        ("broken.xlsx", "file_unreadable"),
        ("gone.csv", "file_unavailable"),
    ]
    assert [r.file.name for r in source.reads] == ["broken.xlsx"]  # gone.csv is not remembered
    summary = source.reads[0].summary()
    zh, en = summary.zh, summary.en
    assert zh.startswith("broken.xlsx: XLSX 文件损坏") and en == "broken.xlsx: not a readable XLSX file."


def test_after_matching_each_file_says_how_many_rows_reached_an_order_and_why_not_the_others(
    tmp_path: Path,
) -> None:
    put(tmp_path, "a.csv", f"{HEADER}PO-1,中通,{ZTO}\nPO-9,中通,73100029384757\nPO-3,火星快递,123\n")
    source = ShipmentFolderSource("Acme", "ACME", Drop(tmp_path), {})
    batch = source.fetch_updates([])
    source.settle(match_updates(batch.updates, [SupplierOrder("Acme", "PO-1", "3720129913508728832")]))
    (read,) = source.reads
    assert (read.used, read.refused) == (1, 2)
    summary = read.summary()
    zh, en = summary.zh, summary.en
    assert zh.startswith("「a.csv」：1 条已对上订单，2 条未使用（a.csv row 4：不认识快递公司「火星快递」")
    assert "a.csv row 3：找不到订单「PO-9」" in zh
    assert en.startswith("a.csv: 1 matched to orders, 2 not used (a.csv row 4: Unknown courier")


def test_outcomes_of_other_updates_cannot_be_handed_to_a_source(tmp_path: Path) -> None:
    put(tmp_path, "a.csv", f"{HEADER}PO-1,中通,{ZTO}\n")
    source = ShipmentFolderSource("Acme", "ACME", Drop(tmp_path), {})
    source.fetch_updates([])
    with pytest.raises(ValueError):
        source.settle([])
