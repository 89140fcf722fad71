"""Shipment files are bounded before the work they protect (issue 14 item 5): the XLSX's declared
uncompressed size (a zip bomb is refused before anything is inflated), the number of rows, and any
parser error becomes a SupplierDataError that names the file, never a traceback."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from shared.suppliers import shipment_file_reader as reader
from shared.suppliers.errors import SupplierDataError
from shared.suppliers.shipment_file_reader import read_rows


def _xlsx(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _with_member(xlsx: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO(xlsx)
    with zipfile.ZipFile(out, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, content)
    return out.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_inflated(monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = _with_member(_xlsx([["订单编号", "快递单号"]]), "xl/media/pad.bin", b"\0" * 3_000_000)
    assert len(bomb) < 100_000  # small on disk: only the declared size gives it away
    monkeypatch.setattr(reader, "MAX_UNCOMPRESSED_BYTES", 2_000_000)
    inflated: list[str] = []
    real_open = zipfile.ZipFile.open
    monkeypatch.setattr(
        zipfile.ZipFile,
        "open",
        lambda self, name, *a, **k: inflated.append(str(name)) or real_open(self, name, *a, **k),
    )
    with pytest.raises(SupplierDataError, match=r"发货单\.xlsx.*uncompressed"):
        read_rows(bomb, "发货单.xlsx")
    assert inflated == []  # refused from the ZIP directory alone


def test_the_same_file_under_the_cap_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    padded = _with_member(
        _xlsx([["订单编号", "快递单号"], ["PO-1", "73100029384756"]]), "xl/pad.bin", b"\0" * 1000
    )
    monkeypatch.setattr(reader, "MAX_UNCOMPRESSED_BYTES", 2_000_000)
    assert read_rows(padded, "ok.xlsx")[1] == ["PO-1", "73100029384756"]


def test_too_many_rows_is_refused_in_csv_and_xlsx(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MAX_ROWS", 10)
    csv_rows = "订单编号,快递单号\n" + "".join(f"PO-{n},7310002938{n:04d}\n" for n in range(10))
    with pytest.raises(SupplierDataError, match=r"many\.csv: more than 10 rows"):
        read_rows(csv_rows.encode(), "many.csv")
    xlsx = _xlsx([["订单编号", "快递单号"], *([f"PO-{n}", "1"] for n in range(10))])
    with pytest.raises(SupplierDataError, match=r"many\.xlsx: more than 10 rows"):
        read_rows(xlsx, "many.xlsx")
    assert len(read_rows(csv_rows.encode().rsplit(b"\n", 2)[0] + b"\n", "fits.csv")) == 10


def test_a_csv_field_above_the_parser_limit_is_reported_not_raised() -> None:
    huge = '订单编号,快递单号\nPO-1,"' + "7" * 200_000 + '"\n'  # csv's own field limit is 131072
    with pytest.raises(SupplierDataError, match=r"big\.csv: CSV row 2"):
        read_rows(huge.encode(), "big.csv")


def test_any_parser_error_in_a_damaged_xlsx_names_the_file() -> None:
    good, out = zipfile.ZipFile(io.BytesIO(_xlsx([["a"]]))), io.BytesIO()
    with good, zipfile.ZipFile(out, "w") as copy:
        for member in good.infolist():
            body = b"<not xml" if member.filename == "xl/worksheets/sheet1.xml" else good.read(member)
            copy.writestr(member.filename, body)
    damaged = out.getvalue()
    with pytest.raises(SupplierDataError, match=r"damaged\.xlsx"):
        read_rows(damaged, "damaged.xlsx")
