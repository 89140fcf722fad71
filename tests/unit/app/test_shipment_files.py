"""The tick's memory of dropped shipment files (journal state ``suppliers/files``) and the sentence
each supplier's 状态 cell ends with; on a real local drop and a real local journal."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from shared.app.config import AppConfig, ConfigError
from shared.app.shipment_files import STATE, ShipmentFiles
from shared.app.wiring import shipment_drop
from shared.journal.journal import Journal
from shared.journal.local_store import LocalDirStore
from shared.suppliers.matching import match_updates
from shared.suppliers.shipment_drop import LocalDrop
from shared.suppliers.shipment_drop_bucket import BucketDrop

NOW = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)  # 10:00 in Beijing
ZTO = "73100029384756"


def put(root: Path, key: str, text: str) -> None:
    path = root / key
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_without_a_drop_nothing_is_read_said_or_remembered(tmp_path: Path) -> None:
    journal = Journal(LocalDirStore(tmp_path / "journal"))
    files = ShipmentFiles.load(journal, None, NOW)
    assert files.source_for("Acme Ltd.") is None and files.note("Acme Ltd.", "zh") == ""
    files.save(journal)
    assert journal.get_state(STATE) is None


def test_a_file_read_is_remembered_and_the_next_tick_neither_reads_it_nor_changes_the_cell(
    tmp_path: Path,
) -> None:
    journal = Journal(LocalDirStore(tmp_path / "journal"))
    drop = LocalDrop(tmp_path / "drop")
    put(tmp_path / "drop", "ACME_LTD/a.csv", f"订单编号,快递公司,快递单号\nPO-1,中通,{ZTO}\n")

    files = ShipmentFiles.load(journal, drop, NOW)
    assert files.note("Acme Ltd.", "zh") == "发货单：放进文件夹 ACME_LTD/ 即自动读取。"
    source = files.source_for("Acme Ltd.")
    assert source is not None
    batch = source.fetch_updates([])
    source.settle(match_updates(batch.updates, []))  # no order of the supplier is open
    zh = files.note("Acme Ltd.", "zh")
    assert zh.startswith("发货单文件夹 ACME_LTD/：2026-11-26 10:00 读取「a.csv」：0 条已对上订单")
    files.save(journal)
    stored = journal.get_state(STATE)
    assert stored is not None and list(stored["read"]) == ["ACME_LTD/a.csv"]

    later = ShipmentFiles.load(journal, drop, NOW.replace(hour=5))
    again = later.source_for("Acme Ltd.")
    assert again is not None and again.fetch_updates([]).updates == ()
    assert later.note("Acme Ltd.", "zh") == zh  # the last file read, with when it was read
    assert later.note("Acme Ltd.", "en").startswith(
        "Shipment folder ACME_LTD/, read 2026-11-26 10:00: a.csv:"
    )


def test_a_file_gone_from_its_folder_is_forgotten(tmp_path: Path) -> None:
    journal = Journal(LocalDirStore(tmp_path / "journal"))
    drop = LocalDrop(tmp_path / "drop")
    put(tmp_path / "drop", "ACME_LTD/a.csv", f"订单编号,快递单号\nPO-1,{ZTO}\n")
    files = ShipmentFiles.load(journal, drop, NOW)
    source = files.source_for("Acme Ltd.")
    assert source is not None
    source.fetch_updates([])
    files.save(journal)
    (tmp_path / "drop" / "ACME_LTD" / "a.csv").unlink()

    later = ShipmentFiles.load(journal, drop, NOW)
    again = later.source_for("Acme Ltd.")
    assert again is not None
    again.fetch_updates([])
    later.save(journal)
    stored = journal.get_state(STATE)
    assert stored is not None and stored["read"] == {}
    assert stored["last"]["ACME_LTD"][0]["file"] == "a.csv"  # what the cell last said stays


def test_two_names_giving_one_folder_leave_it_to_the_first_row(tmp_path: Path) -> None:
    files = ShipmentFiles.load(Journal(LocalDirStore(tmp_path / "journal")), LocalDrop(tmp_path), NOW)
    assert files.source_for("Acme Ltd.") is not None
    assert files.source_for("ACME-LTD") is None
    assert (
        files.note("ACME-LTD", "zh")
        == "发货单文件夹 ACME_LTD/ 属于「Acme Ltd.」，本行不读取发货单：请改一个名称。"
    )
    assert files.note("Acme Ltd.", "zh").startswith("发货单：放进文件夹 ACME_LTD/")


def test_the_deployment_names_the_drop_a_directory_or_a_bucket_never_the_sheet(tmp_path: Path) -> None:
    assert shipment_drop(AppConfig.from_env({})) is None
    local = shipment_drop(AppConfig.from_env({"WAYBILL_SUPPLIER_FILES": str(tmp_path)}))
    assert isinstance(local, LocalDrop) and local.root == tmp_path
    bucket = shipment_drop(
        AppConfig.from_env(
            {
                "WAYBILL_SUPPLIER_FILES": "s3://drops/shop-1/",
                "WAYBILL_SUPPLIER_FILES_ENDPOINT": "http://127.0.0.1:9",
            }
        )
    )
    assert isinstance(bucket, BucketDrop) and bucket.describe() == "s3://drops/shop-1/"
    with pytest.raises(ConfigError):
        shipment_drop(AppConfig.from_env({"WAYBILL_SUPPLIER_FILES": "s3://"}))
