"""Conditional-format evaluation for the web view (display only; the API just stores rules).

Supported: the condition types that need no formula engine (TEXT_*, BLANK, NOT_BLANK, NUMBER_*),
and CUSTOM_FORMULA of these shapes: ``=$I2="text"``, ``=$I2<>"text"``, ``=I2=5``,
``=ISBLANK($I2)``, ``=NOT(ISBLANK($I2))``. Any other rule is skipped (shown unapplied).
"""

from __future__ import annotations

import re
from typing import Any

from . import a1
from .store import Sheet

_CMP = re.compile(r'^=\s*(\$?)([A-Z]{1,3})(\$?)(\d+)\s*(=|<>)\s*("(?:[^"]|"")*"|-?\d+(?:\.\d+)?)\s*$', re.I)
_ISBLANK = re.compile(r"^=\s*(NOT\(\s*)?ISBLANK\(\s*(\$?)([A-Z]{1,3})(\$?)(\d+)\s*\)\s*(\))?\s*$", re.I)


def _text(sheet: Sheet, r: int, c: int) -> str:
    from .cellvalues import formatted

    return formatted(sheet.get(r, c).value)


def _ref(
    col_abs: str, col: str, row_abs: str, row: str, anchor: tuple[int, int], at: tuple[int, int]
) -> tuple[int, int]:
    ref_r, ref_c = int(row) - 1, a1.column_index(col)
    if not row_abs:
        ref_r += at[0] - anchor[0]
    if not col_abs:
        ref_c += at[1] - anchor[1]
    return ref_r, ref_c


def _formula(sheet: Sheet, formula: str, anchor: tuple[int, int], at: tuple[int, int]) -> bool | None:
    m = _CMP.match(formula)
    if m:
        r, c = _ref(m.group(1), m.group(2), m.group(3), m.group(4), anchor, at)
        text = _text(sheet, r, c)
        lit = m.group(6)
        want = lit[1:-1].replace('""', '"') if lit.startswith('"') else lit
        equal = text.lower() == want.lower() if lit.startswith('"') else _num(text) == float(want)
        return equal if m.group(5) == "=" else not equal
    m = _ISBLANK.match(formula)
    if m and bool(m.group(1)) == bool(m.group(6)):
        r, c = _ref(m.group(2), m.group(3), m.group(4), m.group(5), anchor, at)
        blank = _text(sheet, r, c) == ""
        return not blank if m.group(1) else blank
    return None


def _num(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _condition(sheet: Sheet, cond: dict[str, Any], anchor: tuple[int, int], r: int, c: int) -> bool | None:
    ctype = cond.get("type")
    vals = [str(v.get("userEnteredValue", "")) for v in cond.get("values") or []]
    text = _text(sheet, r, c)
    first = vals[0] if vals else ""
    if ctype == "CUSTOM_FORMULA":
        return _formula(sheet, first, anchor, (r, c))
    simple = {
        "BLANK": text == "",
        "NOT_BLANK": text != "",
        "TEXT_EQ": text == first,
        "TEXT_NOT_EQ": text != first,
        "TEXT_CONTAINS": first in text,
        "TEXT_NOT_CONTAINS": first not in text,
        "TEXT_STARTS_WITH": text.startswith(first),
        "TEXT_ENDS_WITH": text.endswith(first),
    }
    if ctype in simple:
        return simple[ctype]
    n, x = _num(text), _num(first)
    if n is None or x is None:
        return None if ctype not in ("NUMBER_GREATER", "NUMBER_LESS", "NUMBER_EQ") else False
    numeric = {
        "NUMBER_GREATER": n > x,
        "NUMBER_GREATER_THAN_EQ": n >= x,
        "NUMBER_LESS": n < x,
        "NUMBER_LESS_THAN_EQ": n <= x,
        "NUMBER_EQ": n == x,
        "NUMBER_NOT_EQ": n != x,
    }
    return numeric.get(str(ctype))


def format_for(sheet: Sheet, r: int, c: int) -> dict[str, Any] | None:
    """The format of the first matching boolean rule covering (r, c), if any."""
    for rule in sheet.conditional_formats:
        boolean = rule.get("booleanRule")
        if not boolean:
            continue
        for rng in rule.get("ranges", []):
            r0, r1 = rng.get("startRowIndex", 0), rng.get("endRowIndex", sheet.row_count)
            c0, c1 = rng.get("startColumnIndex", 0), rng.get("endColumnIndex", sheet.column_count)
            inside = r0 <= r < r1 and c0 <= c < c1
            if inside and _condition(sheet, boolean.get("condition") or {}, (r0, c0), r, c):
                fmt: dict[str, Any] = boolean.get("format") or {}
                return fmt
    return None
