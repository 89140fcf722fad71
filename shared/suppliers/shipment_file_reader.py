"""Reading shipment-list files (发货单): CSV in UTF-8/GB18030, or XLSX. The edge for shipment_file.py.

Chinese order systems export CSV in GB18030 (GBK) as often as in UTF-8 with a BOM; both are tried.
Every failure becomes a SupplierDataError with a message an operator can act on.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from shared.suppliers.errors import SupplierDataError
from shared.suppliers.shipment_file import Cell

_ENCODINGS = ("utf-8-sig", "gb18030")
_MAX_BYTES = 20 * 1024 * 1024  # a shipment list is a few thousand rows; refuse anything absurd


def read_rows(data: bytes, filename: str = "") -> list[list[Cell]]:
    """Rows of cells from a CSV or XLSX file's bytes (XLSX recognised by its ZIP signature)."""
    if len(data) > _MAX_BYTES:
        raise SupplierDataError(
            f"文件太大（{len(data) // 1024 // 1024} MB），请分批导入 / file too large, import it in parts"
        )
    if data[:4] == b"PK\x03\x04" or filename.lower().endswith(".xlsx"):
        return _read_xlsx(data)
    return _read_csv(data)


def read_file(path: Path) -> list[list[Cell]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SupplierDataError(f"读不到文件 {path} / cannot read file: {exc.strerror}") from exc
    return read_rows(data, path.name)


def _read_csv(data: bytes) -> list[list[Cell]]:
    for encoding in _ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
        except csv.Error:
            dialect = csv.excel
        return [list(row) for row in csv.reader(io.StringIO(text), dialect)]
    raise SupplierDataError("文件既不是 UTF-8 也不是 GBK 编码的 CSV / the CSV is neither UTF-8 nor GBK")


def _read_xlsx(data: bytes) -> list[list[Cell]]:
    import openpyxl  # imported here: only XLSX imports need it

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise SupplierDataError(f"XLSX 文件损坏或不是 Excel 文件 / unreadable XLSX: {exc}") from exc
    try:
        sheet = book.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
