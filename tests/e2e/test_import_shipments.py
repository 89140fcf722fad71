"""A supplier's exported shipment list, imported from the command line and applied by a tick."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.e2e.world import world

ROOT = Path(__file__).resolve().parents[2]


def _run(args: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "shared.cli", "import-shipments", *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_parse_only_shows_each_row(tmp_path: Path) -> None:
    sheet = tmp_path / "发货单.csv"
    sheet.write_bytes(
        "订单编号,快递公司,快递单号\nPO-1,中通,73100029384756\nPO-2,火星快递,123\n".encode("gb18030")
    )
    done = _run([str(sheet), "--supplier", "优品"])
    assert done.returncode == 1  # one row has a problem
    assert "1 usable, 1 with problems" in done.stdout and "火星快递" in done.stdout


def test_bad_mapping_is_a_clear_error(tmp_path: Path) -> None:
    sheet = tmp_path / "x.csv"
    sheet.write_text("a,b\n1,2\n", encoding="utf-8")
    done = _run([str(sheet), "--supplier", "优品", "--map", "tracking"])
    assert done.returncode == 2 and "field=header" in done.stderr


def test_apply_fills_and_pushes(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        w.set_setting("auto_push", "开")
        order_id = w.create_order()
        w.tick()
        w.type_cell(order_id, "供应商", "优品")
        w.type_cell(order_id, "供应商单号", "PO-77")
        sheet = tmp_path / "shipments.csv"
        sheet.write_text("单号ID,快递公司,快递单号\nPO-77,中通快递,73100029384756\n", encoding="utf-8")
        done = _run(
            [str(sheet), "--supplier", "优品", "--map", "supplier_order_no=单号ID", "--apply"],
            env=w.env(tmp_path / "journal"),
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert w.row_of(order_id)["快递单号"] == "73100029384756"
        assert w.row_of(order_id)["状态"] == "已发货"
        assert w.shop_waybills(order_id) == ["73100029384756"]


def test_an_unreadable_file_is_reported_by_name_and_the_others_go_on(tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text("订单编号,快递公司,快递单号\nPO-1,中通,73100029384756\n", encoding="utf-8")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 this is not a workbook")
    huge_field = tmp_path / "huge.csv"
    huge_field.write_text('订单编号,快递单号\nPO-2,"' + "7" * 200_000 + '"\n', encoding="utf-8")
    done = _run([str(broken), str(good), str(huge_field), "--supplier", "优品"])
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "broken.xlsx" in done.stderr and "huge.csv" in done.stderr
    assert "good.csv: 可用 1 条" in done.stdout
