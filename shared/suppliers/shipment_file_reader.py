"""Reading shipment-list files (发货单): CSV in UTF-8/GB18030, or XLSX. The edge for shipment_file.py.

Chinese order systems export CSV in GB18030 (GBK) as often as in UTF-8 with a BOM; both are tried.
Every failure becomes a ``ShipmentFileError`` (a SupplierDataError) with a message an operator can act
on, in Chinese and English, naming the file.

Bounds, checked before the work they protect: the file's size; for XLSX (a ZIP) the sizes its
directory declares once uncompressed, so a zip bomb is refused before anything is inflated; and
the number of rows and columns read. A parser error of any kind is reported, never a traceback.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from shared.domain.text import Bilingual
from shared.suppliers.errors import ShipmentFileError
from shared.suppliers.shipment_file import Cell

_ENCODINGS = ("utf-8-sig", "gb18030")
MAX_FILE_BYTES = 20 * 1024 * 1024  # a shipment list is a few thousand rows; refuse anything absurd
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024  # an XLSX's members, inflated, all together
MAX_ZIP_MEMBERS = 1000
MAX_ROWS = 50_000
MAX_COLUMNS = 200


def read_rows(data: bytes, filename: str = "") -> list[list[Cell]]:
    """Rows of cells from a CSV or XLSX file's bytes (XLSX recognised by its ZIP signature)."""
    name = filename or "文件 / file"
    if len(data) > MAX_FILE_BYTES:
        raise too_large(name)
    try:
        if data[:4] == b"PK\x03\x04" or filename.lower().endswith(".xlsx"):
            return _read_xlsx(data, name)
        return _read_csv(data, name)
    except ShipmentFileError:
        raise
    except Exception as exc:  # a parser's own error of any kind: the file is unreadable
        raise ShipmentFileError(
            Bilingual(
                f"{name}: 文件损坏或格式不对，没有读取（{type(exc).__name__}）；请重新导出后再试。",
                f"{name}: the file is damaged or not a shipment list, "
                f"nothing was read ({type(exc).__name__}); "
                "export it again and retry.",
            ),
        ) from exc


def read_file(path: Path) -> list[list[Cell]]:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)  # one byte over is enough to refuse it
    except OSError as exc:
        raise ShipmentFileError(Bilingual(f"读不到文件 {path}", f"cannot read file: {exc.strerror}")) from exc
    return read_rows(data, path.name)


def too_large(name: str) -> ShipmentFileError:
    """A file above ``MAX_FILE_BYTES`` (refused before it is read, when its size is known)."""
    return ShipmentFileError(
        Bilingual(
            f"{name}: 文件太大（超过 {MAX_FILE_BYTES // 1024 // 1024} MB），请分批导入。",
            f"{name}: the file is larger than {MAX_FILE_BYTES // 1024 // 1024} MB; import it in parts.",
        ),
    )


def _too_many_rows(name: str) -> ShipmentFileError:
    return ShipmentFileError(
        Bilingual(
            f"{name}: 超过 {MAX_ROWS} 行，没有读取；请分批导入。",
            f"{name}: more than {MAX_ROWS} rows, nothing was read; import it in parts.",
        ),
    )


def _read_csv(data: bytes, name: str) -> list[list[Cell]]:
    for encoding in _ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
        except csv.Error:
            dialect = csv.excel
        rows: list[list[Cell]] = []
        try:
            for row in csv.reader(io.StringIO(text), dialect):
                if len(rows) >= MAX_ROWS:
                    raise _too_many_rows(name)
                rows.append(list(row[:MAX_COLUMNS]))
        except csv.Error as exc:  # e.g. a field above csv's own size limit, a stray NUL
            raise ShipmentFileError(
                Bilingual(
                    f"{name}: CSV 第 {len(rows) + 1} 行无法读取，没有导入；请检查该行后重新导出。",
                    f"{name}: CSV row {len(rows) + 1} cannot be read, nothing was imported; check that row.",
                ),
            ) from exc
        return rows
    raise ShipmentFileError(
        Bilingual(
            f"{name}: 文件既不是 UTF-8 也不是 GBK 编码的 CSV。", f"{name}: the CSV is neither UTF-8 nor GBK."
        )
    )


def _check_zip(data: bytes, name: str) -> None:
    """Refuse an XLSX whose members would inflate past the cap: the ZIP directory declares each
    member's uncompressed size, and zipfile stops reading a member at its declared size."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise ShipmentFileError(
            Bilingual(f"{name}: XLSX 文件损坏或不是 Excel 文件。", f"{name}: not a readable XLSX file.")
        ) from exc
    inflated = sum(member.file_size for member in members)
    if len(members) > MAX_ZIP_MEMBERS or inflated > MAX_UNCOMPRESSED_BYTES:
        raise ShipmentFileError(
            Bilingual(
                f"{name}: 解压后超过 {MAX_UNCOMPRESSED_BYTES // 1024 // 1024} MB，没有读取；"
                "请只导出发货单所需的列和行。",
                f"{name}: above {MAX_UNCOMPRESSED_BYTES // 1024 // 1024} MB once uncompressed, "
                "nothing was read; "
                "export only the shipment columns and rows.",
            ),
        )


def _read_xlsx(data: bytes, name: str) -> list[list[Cell]]:
    import openpyxl  # imported here: only XLSX imports need it

    _check_zip(data, name)
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        rows: list[list[Cell]] = []
        # read_only pads every row to the sheet's declared width: a forged dimension must not widen it.
        width = min(sheet.max_column or MAX_COLUMNS, MAX_COLUMNS)
        for row in sheet.iter_rows(values_only=True, max_col=width):
            if len(rows) >= MAX_ROWS:
                raise _too_many_rows(name)
            rows.append(list(row))
        return rows
    finally:
        book.close()
