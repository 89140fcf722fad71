"""A1 (and absolute R1C1) range notation: parsing into grid bounds, and formatting back.

Bounds are 0-based and end-exclusive like a Sheets GridRange. ``None`` means "open": an open
start is 0, an open end runs to the edge of the grid (resolved later against the sheet size).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_COLUMNS = 18278  # ZZZ

_CELL = re.compile(r"^\$?([A-Za-z]{0,3})\$?(\d*)$")
_R1C1 = re.compile(r"^R(\d+)C(\d+)$", re.IGNORECASE)
_PLAIN_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class RangeParseError(ValueError):
    """The text is not a range this emulator (and, as far as we know, Google) accepts."""


@dataclass(frozen=True)
class Bounds:
    start_row: int | None = None
    end_row: int | None = None
    start_col: int | None = None
    end_col: int | None = None


@dataclass(frozen=True)
class ParsedRange:
    """``sheet`` is None when the text names no sheet (the first sheet is meant).

    ``cells`` is None for a bare sheet name (the whole sheet). ``bare_word`` keeps an unquoted
    sheet-less text such as ``Orders`` or ``A1``: whether it names a sheet or cells depends on the
    titles of the spreadsheet, which the parser does not know.
    """

    sheet: str | None
    cells: Bounds | None
    bare_word: str | None = None


def column_index(letters: str) -> int:
    """'A' -> 0, 'Z' -> 25, 'AA' -> 26."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def column_letters(index: int) -> str:
    """0 -> 'A', 26 -> 'AA'."""
    index += 1
    out = ""
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def split_sheet(text: str) -> tuple[str | None, str | None, bool]:
    """Split ``'It''s 订单'!A1:B2`` into (sheet, cells, quoted). Raises RangeParseError."""
    if text.startswith("'"):
        i, name = 1, []
        while True:
            if i >= len(text):
                raise RangeParseError(text)
            ch = text[i]
            if ch == "'":
                if i + 1 < len(text) and text[i + 1] == "'":
                    name.append("'")
                    i += 2
                    continue
                i += 1
                break
            name.append(ch)
            i += 1
        rest = text[i:]
        if rest == "":
            return "".join(name), None, True
        if not rest.startswith("!") or len(rest) == 1:
            raise RangeParseError(text)
        return "".join(name), rest[1:], True
    if "!" in text:
        sheet, _, cells = text.partition("!")
        if not sheet or not cells:
            raise RangeParseError(text)
        return sheet, cells, False
    return None, text, False


def _parse_endpoint(part: str) -> tuple[int | None, int | None]:
    """'B5' -> (row 4, col 1); 'B' -> (None, 1); '5' -> (4, None). Raises RangeParseError."""
    m = _CELL.match(part)
    if not m or not (m.group(1) or m.group(2)):
        raise RangeParseError(part)
    letters, digits = m.group(1), m.group(2)
    col = column_index(letters) if letters else None
    row = int(digits) - 1 if digits else None
    if row is not None and row < 0:
        raise RangeParseError(part)
    if col is not None and col >= MAX_COLUMNS:
        raise RangeParseError(part)
    return row, col


def parse_cells(cells: str) -> Bounds:
    """Parse the part after '!': A1, A1:B2, A:A, A5:A, 1:2, A1:1, R1C1, R1C1:R2C3."""
    text = cells.strip()
    if not text:
        raise RangeParseError(cells)
    pieces = text.split(":")
    if len(pieces) > 2:
        raise RangeParseError(cells)
    if all(_R1C1.match(p) for p in pieces):
        coords = []
        for p in pieces:
            m = _R1C1.match(p)
            assert m is not None
            r, c = int(m.group(1)) - 1, int(m.group(2)) - 1
            if r < 0 or c < 0:
                raise RangeParseError(cells)
            coords.append((r, c))
        (ra, ca), (rb, cb) = coords[0], coords[-1]
        return Bounds(min(ra, rb), max(ra, rb) + 1, min(ca, cb), max(ca, cb) + 1)
    r0, c0 = _parse_endpoint(pieces[0])
    if len(pieces) == 1:
        if r0 is None or c0 is None:
            # "A" or "5" alone is not a range
            raise RangeParseError(cells)
        return Bounds(r0, r0 + 1, c0, c0 + 1)
    r1, c1 = _parse_endpoint(pieces[1])
    # "A:5" / "5:A" mix a column-only and a row-only endpoint: not valid
    if (c0 is None and r1 is None) or (r0 is None and c1 is None):
        raise RangeParseError(cells)
    start_row: int | None = r0
    start_col: int | None = c0
    end_row = None if r1 is None else r1 + 1
    end_col = None if c1 is None else c1 + 1
    if r0 is None and r1 is not None:  # "A:B5" -> from row 1
        start_row = 0
    if c0 is None and c1 is not None:
        start_col = 0
    if start_row is not None and end_row is not None and end_row <= start_row:
        start_row, end_row = end_row - 1, start_row + 1
    if start_col is not None and end_col is not None and end_col <= start_col:
        start_col, end_col = end_col - 1, start_col + 1
    return Bounds(start_row, end_row, start_col, end_col)


def parse(text: str) -> ParsedRange:
    """Parse a range as it arrives in a request. Raises RangeParseError."""
    if not text or not text.strip():
        raise RangeParseError(text)
    sheet, cells, _quoted = split_sheet(text)
    if sheet is not None and sheet == "":
        raise RangeParseError(text)
    if cells is None:
        return ParsedRange(sheet=sheet, cells=None)
    if sheet is None:
        # Unquoted and no '!': either a sheet title or cells on the first sheet.
        try:
            bounds = parse_cells(cells)
        except RangeParseError:
            return ParsedRange(sheet=None, cells=None, bare_word=cells)
        return ParsedRange(sheet=None, cells=bounds, bare_word=cells)
    return ParsedRange(sheet=sheet, cells=parse_cells(cells))


def quote_sheet(title: str) -> str:
    """Sheet name as it appears in an echoed range.

    A plain ASCII word that cannot be mistaken for a cell stays unquoted (``Sheet1!A1:B2``, as
    the real API echoes). Everything else, CJK included, is quoted with doubled apostrophes; how
    Google echoes CJK names is not verified, so clients must not depend on the echo's exact form.
    """
    if _PLAIN_NAME.match(title) and not _looks_like_cells(title):
        return title
    return "'" + title.replace("'", "''") + "'"


def _looks_like_cells(word: str) -> bool:
    try:
        parse_cells(word)
    except RangeParseError:
        return False
    return True


def format_cells(start_row: int, end_row: int, start_col: int, end_col: int) -> str:
    """0-based end-exclusive bounds -> 'A1' or 'A1:B2'."""
    first = f"{column_letters(start_col)}{start_row + 1}"
    if end_row - start_row == 1 and end_col - start_col == 1:
        return first
    return f"{first}:{column_letters(end_col - 1)}{end_row}"


def format_range(title: str, start_row: int, end_row: int, start_col: int, end_col: int) -> str:
    return f"{quote_sheet(title)}!{format_cells(start_row, end_row, start_col, end_col)}"
