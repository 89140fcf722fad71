"""Shipment lists (发货单) exported by supplier order systems: rows to updates (pure).

Reading the bytes (CSV in UTF-8 or GB18030, XLSX) lives in ``shipment_file_reader``; this module
takes rows of cells. Columns are found by header text through a mapping (our field -> the file's
header); without one, common Chinese and English headers are recognised. Rows of the same order
(one per package or per item) are merged into one update. Each refused row says why.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

from shared.couriers import check_cell, find
from shared.couriers.cells import MAX_CELL_CHARS
from shared.couriers.normalize import fold
from shared.domain.text import Bilingual
from shared.suppliers.model import (
    ShipmentStatus,
    ShipmentUpdate,
    ShippedItem,
    SourceProblem,
    SupplierBatch,
)
from shared.suppliers.text_bounds import MAX_REF_CHARS, quoted, ref_too_long

BEIJING = timezone(timedelta(hours=8))
Cell = str | int | float | Decimal | datetime | None

FIELDS = (
    "supplier_order_no",
    "shop_order_id",
    "courier",
    "tracking_numbers",
    "shipped_at",
    "sku",
    "title",
    "quantity",
    "status",
)

# Headers seen in common order-system exports (ours, lower-cased and without spaces).
DEFAULT_HEADERS: dict[str, tuple[str, ...]] = {
    "supplier_order_no": (
        "订单号",
        "订单编号",
        "供应商订单号",
        "采购单号",
        "单据编号",
        "orderno",
        "ordernumber",
        "order id",
        "orderid",
    ),
    "shop_order_id": (
        "外部订单号",
        "平台订单号",
        "小店订单号",
        "微信订单号",
        "店铺订单号",
        "shoporderid",
        "externalorderid",
    ),
    "courier": ("快递公司", "物流公司", "快递", "承运商", "courier", "carrier", "expresscompany"),
    "tracking_numbers": (
        "快递单号",
        "物流单号",
        "运单号",
        "运单编号",
        "trackingnumber",
        "trackingno",
        "waybill",
        "expressno",
    ),
    "shipped_at": ("发货时间", "发货日期", "shiptime", "shippedat", "delivertime"),
    "sku": ("商品编码", "sku", "货号", "商家编码"),
    "title": ("商品名称", "商品", "品名", "title", "product"),
    "quantity": ("数量", "发货数量", "qty", "quantity"),
    "status": ("状态", "订单状态", "发货状态", "status"),
}
STATUS_WORDS: dict[str, ShipmentStatus] = {
    "已发货": "shipped",
    "发货": "shipped",
    "shipped": "shipped",
    "缺货": "out_of_stock",
    "无货": "out_of_stock",
    "out_of_stock": "out_of_stock",
    "outofstock": "out_of_stock",
    "已取消": "cancelled",
    "取消": "cancelled",
    "cancelled": "cancelled",
    "canceled": "cancelled",
}
_HEADER_SCAN_ROWS = 10  # exports often start with a title row or two
_NUMBER_SPLIT = re.compile(r"[,，;；、/|\s]+")
_SCIENTIFIC = re.compile(r"[0-9](?:\.[0-9]+)?E\+?[0-9]+", re.IGNORECASE)
_MAX_TIME_CHARS = 40  # the longest layout below, or an epoch in ms, is far shorter
_MAX_QUANTITY_DIGITS = 9
_EXCEL_DIGITS = 15  # Excel keeps 15 significant digits: longer numbers stored as numbers are corrupted


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """Our field -> the file's header text. ``tracking_numbers`` is required; an order reference
    (supplier order no. or shop order id) is required too."""

    headers: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = set(self.headers) - set(FIELDS)
        if unknown:
            raise ValueError(f"unknown fields in column mapping: {sorted(unknown)}; known: {FIELDS}")


def _key(text: str) -> str:
    return "".join(fold(text, upper=False).lower().split())


def _cell_text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return cell.isoformat(sep=" ")
    if isinstance(cell, bool):
        return str(cell)
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return fold(str(cell), upper=False).strip()


def _oversized(cell: Cell) -> bool:
    """Longer than any cell of a shipment list (titles and addresses included): refused unread."""
    return isinstance(cell, str) and len(cell) > MAX_CELL_CHARS


def _corrupted_number(cell: Cell) -> bool:
    """A long id the spreadsheet turned into a number lost its last digits (3.72013E+18)."""
    if isinstance(cell, float | Decimal):
        return bool(abs(cell) >= 10**_EXCEL_DIGITS)
    if isinstance(cell, int) and not isinstance(cell, bool):
        return False  # XLSX integers read back exactly only when they were short; checked by length
    return isinstance(cell, str) and _SCIENTIFIC.fullmatch(cell.strip()) is not None


def _find_columns(
    rows: Sequence[Sequence[Cell]], mapping: ColumnMapping
) -> tuple[int, dict[str, int]] | None:
    wanted: dict[str, tuple[str, ...]] = {f: ((_key(h),) if h else ()) for f, h in mapping.headers.items()}
    for name, defaults in DEFAULT_HEADERS.items():
        if name not in wanted:
            wanted[name] = tuple(_key(h) for h in defaults)
    for index, row in enumerate(rows[:_HEADER_SCAN_ROWS]):
        # Header texts are short: a long cell is not one, and is not folded here.
        keys = [_key(_cell_text(c)) if not _oversized(c) else "" for c in row]
        found: dict[str, int] = {}
        for name, options in wanted.items():
            for option in options:
                if option in keys:
                    found[name] = keys.index(option)
                    break
        if "tracking_numbers" in found and ({"supplier_order_no", "shop_order_id"} & set(found)):
            return index, found
    return None


def _problem(ref: str, code: str, message: Bilingual) -> SourceProblem:
    return SourceProblem(ref, code, message)


def _parse_time(cell: Cell) -> datetime | None:
    """Beijing wall time in the file -> UTC. Epoch seconds/milliseconds are UTC already."""
    if isinstance(cell, datetime):
        local = cell if cell.tzinfo else cell.replace(tzinfo=BEIJING)
        return local.astimezone(UTC)
    text = _cell_text(cell)
    if not text:
        return None
    if len(text) > _MAX_TIME_CHARS:
        return None
    if text.isascii() and text.isdigit():
        seconds = int(text) / (1000 if len(text) >= 13 else 1)
        try:
            return datetime.fromtimestamp(seconds, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None  # a ship time is information, not a reason to refuse the row
    for pattern in (
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y/%m/%d %H:%M:%S",
        "%Y/%m/%d %H:%M",
        "%Y-%m-%d",
        "%Y/%m/%d",
    ):
        try:
            return datetime.strptime(text, pattern).replace(tzinfo=BEIJING).astimezone(UTC)
        except ValueError:
            continue
    return None


@dataclass(slots=True)
class _Draft:
    first_row: int
    supplier_order_no: str | None
    shop_order_id: str | None
    courier_text: str | None
    courier: str | None
    numbers: list[str]
    items: list[ShippedItem]
    shipped_at: datetime | None
    status: ShipmentStatus


def parse_shipment_rows(
    rows: Sequence[Sequence[Cell]],
    supplier_id: str,
    mapping: ColumnMapping | None = None,
    source: str = "file",
) -> SupplierBatch:
    """Turn the rows of a shipment list into updates, one per order; refused rows say why.

    Row numbers in ``source_ref`` are 1-based, as a spreadsheet shows them.
    """
    located = _find_columns(rows, mapping or ColumnMapping())
    if located is None:
        return SupplierBatch(
            (),
            (
                _problem(
                    f"{source}",
                    "missing_columns",
                    Bilingual(
                        "找不到「快递单号」和「订单号」列。请检查表头，或在供应商设置里填写列名对应关系。",
                        "No tracking-number and order columns found. Check the header row, "
                        "or set the column mapping in the supplier settings.",
                    ),
                ),
            ),
        )
    header_index, columns = located
    drafts: dict[str, _Draft] = {}
    problems: list[SourceProblem] = []
    for index in range(header_index + 1, len(rows)):
        row = rows[index]
        ref = f"{source} row {index + 1}"

        def cell(name: str, row: Sequence[Cell] = row) -> Cell:
            position = columns.get(name)
            return row[position] if position is not None and position < len(row) else None

        oversized = next((c for c in row if _oversized(c)), None)
        if oversized is not None:
            size = len(str(oversized))
            problems.append(
                _problem(
                    ref,
                    "cell_too_long",
                    Bilingual(
                        f"这一行有一格有 {size} 个字符，太长了（一格最多 {MAX_CELL_CHARS} 个），"
                        "这一行没有读取。请核对导出的文件。",
                        f"A cell on this row has {size} characters, too many (at most {MAX_CELL_CHARS} per "
                        "cell), so the row was not read. Check the exported file.",
                    ),
                )
            )
            continue
        if not any(_cell_text(c) for c in row):
            continue
        corrupted = [
            n
            for n in ("supplier_order_no", "shop_order_id", "tracking_numbers")
            if _corrupted_number(cell(n))
        ]
        if corrupted:
            problems.append(
                _problem(
                    ref,
                    "number_corrupted",
                    Bilingual(
                        "这一行的长数字被表格存成了数值（如 3.72E+18），后几位已经丢失。"
                        "请把订单号、单号列设为「文本」后重新导出。",
                        "Long numbers on this row were stored as numbers (like 3.72E+18) and lost their last "
                        "digits. Set the order and tracking columns to text and export again.",
                    ),
                )
            )
            continue
        supplier_no = _cell_text(cell("supplier_order_no")) or None
        shop_id = _cell_text(cell("shop_order_id")) or None
        if supplier_no is None and shop_id is None:
            problems.append(
                _problem(
                    ref, "missing_order_ref", Bilingual("这一行没有订单号。", "This row has no order number.")
                )
            )
            continue
        long_ref = next((r for r in (supplier_no, shop_id) if r and len(r) > MAX_REF_CHARS), None)
        if long_ref is not None:
            problems.append(ref_too_long(ref, len(long_ref)))
            continue
        status_text = _key(_cell_text(cell("status")))
        status: ShipmentStatus = STATUS_WORDS.get(status_text, "shipped")
        courier_text = _cell_text(cell("courier")) or None
        numbers_text = "\n".join(p for p in _NUMBER_SPLIT.split(_cell_text(cell("tracking_numbers"))) if p)
        numbers: list[str] = []
        courier_code = None
        if courier_text:
            known = find(courier_text)
            if known is None:
                problems.append(
                    _problem(
                        ref,
                        "unknown_courier",
                        Bilingual(
                            f"不认识快递公司「{quoted(courier_text)}」。请在快递公司对应表里补上，或改成常见名称。",
                            f"Unknown courier '{quoted(courier_text)}'. "
                            "Add it to the courier mapping or use a common name.",
                        ),
                    )
                )
                continue
            courier_code = known.code
        if status == "shipped":
            if not numbers_text:
                problems.append(
                    _problem(
                        ref,
                        "missing_tracking_number",
                        Bilingual("这一行没有快递单号。", "This row has no tracking number."),
                    )
                )
                continue
            checked = check_cell(courier_code, numbers_text)
            bad = [
                line.problem for line in checked.lines if line.problem and line.problem.severity == "error"
            ]
            # No courier column: the number's own format decides (missing_courier is not this row's fault).
            bad = [p for p in bad if not (courier_code is None and p.code == "missing_courier")]
            if bad:
                problems.append(_problem(ref, bad[0].code, bad[0].message))
                continue
            numbers = list(checked.numbers)
            if courier_code is None:
                found = {line.validation.suggestion for line in checked.lines}
                courier_code = found.pop() if len(found) == 1 else None
        item = _item(cell("sku"), cell("title"), cell("quantity"))
        key = f"{supplier_no or ''}|{shop_id or ''}"
        fresh = _Draft(
            index + 1,
            supplier_no,
            shop_id,
            courier_text,
            courier_code,
            numbers,
            [item] if item else [],
            _parse_time(cell("shipped_at")),
            status,
        )
        draft = drafts.get(key)
        if draft is None:
            drafts[key] = fresh
            continue
        if courier_code and draft.courier and courier_code != draft.courier and status == "shipped":
            # Packages of one order with different couriers: keep them apart, one update each.
            drafts[f"{key}|{courier_code}"] = fresh
            continue
        draft.numbers.extend(n for n in numbers if n not in draft.numbers)
        if item:
            draft.items.append(item)
    updates = tuple(
        ShipmentUpdate(
            supplier_id,
            d.supplier_order_no,
            d.shop_order_id,
            d.courier_text,
            d.courier,
            tuple(d.numbers),
            d.status,
            tuple(d.items),
            d.shipped_at,
            source,
            f"{source} row {d.first_row}",
        )
        for d in drafts.values()
    )
    return SupplierBatch(updates, tuple(problems))


def _item(sku: Cell, title: Cell, quantity: Cell) -> ShippedItem | None:
    sku_text, title_text = _cell_text(sku) or None, _cell_text(title) or None
    if sku_text is None and title_text is None:
        return None
    count_text = _cell_text(quantity)
    fits = count_text.isascii() and count_text.isdigit() and len(count_text) <= _MAX_QUANTITY_DIGITS
    count = int(count_text) if fits else 1
    return ShippedItem(sku_text, title_text, count)
