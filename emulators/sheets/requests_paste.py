"""batchUpdate requests copyPaste and cutPaste.

As documented for CopyPasteRequest: a destination that spans a multiple of the source's height or
width repeats the source to fill it; a smaller one still receives the whole source. ``TRANSPOSE``
swaps rows and columns. For CutPasteRequest the whole source is cut whatever is pasted. The paste
types: PASTE_NORMAL (values, formulas, formats, notes, dropdowns and the merges inside the source),
PASTE_NO_BORDERS (the same, the destination keeping its borders), PASTE_VALUES (computed values
only), PASTE_FORMULA (values and formulas), PASTE_FORMAT (formats and dropdowns),
PASTE_DATA_VALIDATION (dropdowns). Formulas are copied as text, not re-pointed (the emulator does
not evaluate references); PASTE_CONDITIONAL_FORMATTING is refused as not implemented.
"""

from __future__ import annotations

from typing import Any

from .requests_common import Fail, Reply, sheet_by_id, target
from .requests_merges import add_merge, box, inside
from .store import EMPTY, Cell, Sheet, Spreadsheet

PASTE_TYPES = (
    "PASTE_NORMAL",
    "PASTE_VALUES",
    "PASTE_FORMAT",
    "PASTE_NO_BORDERS",
    "PASTE_FORMULA",
    "PASTE_DATA_VALIDATION",
    "PASTE_CONDITIONAL_FORMATTING",
)

Block = list[list[Cell]]


def _paste_type(args: dict[str, Any]) -> str:
    kind = args.get("pasteType", "PASTE_NORMAL")
    if kind not in PASTE_TYPES:
        raise Fail(f'Invalid value at pasteType, "{kind}"')
    if kind == "PASTE_CONDITIONAL_FORMATTING":
        raise Fail(
            "pasteType PASTE_CONDITIONAL_FORMATTING is not implemented by the Waybill Relay Sheets "
            "emulator (it is never silently ignored)"
        )
    return str(kind)


def _without_borders(fmt: dict[str, Any] | None) -> dict[str, Any] | None:
    if not fmt:
        return None
    rest = {k: v for k, v in fmt.items() if k != "borders"}
    return rest or None


def _pasted(src: Cell, dest: Cell, kind: str) -> Cell:
    if kind == "PASTE_NORMAL":
        return src
    if kind == "PASTE_NO_BORDERS":
        fmt = _without_borders(src.fmt)
        borders = (dest.fmt or {}).get("borders")
        if borders:
            fmt = {**(fmt or {}), "borders": borders}
        return src.with_(fmt=fmt)
    if kind == "PASTE_VALUES":
        return dest.with_(value=src.value, formula=None)
    if kind == "PASTE_FORMULA":
        return dest.with_(value=src.value, formula=src.formula)
    if kind == "PASTE_FORMAT":
        return dest.with_(fmt=src.fmt, validation=src.validation)
    return dest.with_(validation=src.validation)  # PASTE_DATA_VALIDATION


def _read(sheet: Sheet, r0: int, r1: int, c0: int, c1: int, transpose: bool) -> Block:
    block = [[sheet.get(r, c) for c in range(c0, c1)] for r in range(r0, r1)]
    if transpose:
        block = [list(col) for col in zip(*block, strict=True)] if block else []
    return block


def _write(sheet: Sheet, block: Block, top: int, left: int, kind: str) -> None:
    height, width = len(block), len(block[0]) if block else 0
    if top + height > sheet.row_count or left + width > sheet.column_count:
        raise Fail(
            f"Range exceeds grid limits. Max rows: {sheet.row_count}, max columns: {sheet.column_count}"
        )
    for i, row in enumerate(block):
        for j, src in enumerate(row):
            sheet.put(top + i, left + j, _pasted(src, sheet.get(top + i, left + j), kind))


def _source_merges(sheet: Sheet, area: tuple[int, int, int, int]) -> list[tuple[int, int, int, int]]:
    """The merges inside the source, relative to its top-left corner."""
    r0, _, c0, _ = area
    return [
        (b[0] - r0, b[1] - r0, b[2] - c0, b[3] - c0)
        for b in (box(m) for m in sheet.merges)
        if inside(b, area)
    ]


def _place_merges(sheet: Sheet, merges: list[tuple[int, int, int, int]], top: int, left: int) -> None:
    for m in merges:
        b = (m[0] + top, m[1] + top, m[2] + left, m[3] + left)
        sheet.merges = [x for x in sheet.merges if not inside(box(x), b)]
        add_merge(sheet, b)


def copy_paste(ss: Spreadsheet, args: dict[str, Any], where: str) -> Reply:
    kind = _paste_type(args)
    orientation = args.get("pasteOrientation", "NORMAL")
    if orientation not in ("NORMAL", "TRANSPOSE"):
        raise Fail(f'Invalid value at pasteOrientation, "{orientation}"')
    src = target(ss, args.get("source"), where)
    dest = target(ss, args.get("destination"), where)
    area = src.clipped()
    block = _read(src.sheet, *area, transpose=orientation == "TRANSPOSE")
    if not block or not block[0]:
        return {}
    merges = _source_merges(src.sheet, area) if kind == "PASTE_NORMAL" and orientation == "NORMAL" else []
    height, width = len(block), len(block[0])
    d0, d1, e0, e1 = dest.clipped()
    down = max(1, (d1 - d0) // height) if (d1 - d0) % height == 0 else 1
    across = max(1, (e1 - e0) // width) if (e1 - e0) % width == 0 else 1
    for i in range(down):
        for j in range(across):
            _write(dest.sheet, block, d0 + i * height, e0 + j * width, kind)
            _place_merges(dest.sheet, merges, d0 + i * height, e0 + j * width)
    return {}


def cut_paste(ss: Spreadsheet, args: dict[str, Any], where: str) -> Reply:
    kind = _paste_type(args)
    src = target(ss, args.get("source"), where)
    coord = args.get("destination")
    if not isinstance(coord, dict):
        raise Fail("destination must be a GridCoordinate")
    dest_sheet = sheet_by_id(ss, coord.get("sheetId"))
    top, left = coord.get("rowIndex", 0) or 0, coord.get("columnIndex", 0) or 0
    area = src.clipped()
    block = _read(src.sheet, *area, transpose=False)
    if not block or not block[0]:
        return {}
    merges = _source_merges(src.sheet, area)
    r0, r1, c0, c1 = area
    for r in range(r0, r1):
        for c in range(c0, c1):
            src.sheet.put(r, c, EMPTY)
    src.sheet.merges = [m for m in src.sheet.merges if not inside(box(m), area)]
    _write(dest_sheet, block, top, left, kind)
    if kind == "PASTE_NORMAL":
        _place_merges(dest_sheet, merges, top, left)
    return {}
