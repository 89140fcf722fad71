"""Conditional-format evaluation for the web view (display only; the API just stores rules).

Supported: the condition types that need no formula engine (TEXT_*, BLANK, NOT_BLANK, NUMBER_*),
and CUSTOM_FORMULA of these shapes: ``=$I2="text"``, ``=$I2<>"text"``, ``=I2=5``,
``=ISBLANK($I2)``, ``=NOT(ISBLANK($I2))``. Any other rule is skipped (shown unapplied).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from . import a1
from .store import Sheet

_CMP = re.compile(r'^=\s*(\$?)([A-Z]{1,3})(\$?)(\d+)\s*(=|<>)\s*("(?:[^"]|"")*"|-?\d+(?:\.\d+)?)\s*$', re.I)
_ISBLANK = re.compile(r"^=\s*(NOT\(\s*)?ISBLANK\(\s*(\$?)([A-Z]{1,3})(\$?)(\d+)\s*\)\s*(\))?\s*$", re.I)


def _text(sheet: Sheet, r: int, c: int) -> str:
    from .cellvalues import formatted

    return formatted(sheet.get(r, c).value)


def _ref(
    col_abs: str, col: str, row_abs: str, row: str
) -> Callable[[tuple[int, int], tuple[int, int]], tuple[int, int]]:
    """Where a reference like ``$I2`` points from the cell ``at``, for a rule anchored at ``anchor``."""
    ref_r, ref_c = int(row) - 1, a1.column_index(col)
    move_r, move_c = not row_abs, not col_abs

    def where(anchor: tuple[int, int], at: tuple[int, int]) -> tuple[int, int]:
        return (
            ref_r + (at[0] - anchor[0] if move_r else 0),
            ref_c + (at[1] - anchor[1] if move_c else 0),
        )

    return where


# A compiled custom formula: the cell it reads (from the anchor and the cell shown) and the test of
# that cell's text.
Formula = tuple[Callable[[tuple[int, int], tuple[int, int]], tuple[int, int]], Callable[[str], bool]]


def _compile_formula(formula: str) -> Formula | None:
    m = _CMP.match(formula)
    if m:
        g = m.groups()
        lit = g[5]
        quoted = lit.startswith('"')
        want = lit[1:-1].replace('""', '"').lower() if quoted else lit
        equal_wanted = g[4] == "="

        def compare(text: str) -> bool:
            equal = text.lower() == want if quoted else _num(text) == float(want)
            return equal if equal_wanted else not equal

        return _ref(g[0], g[1], g[2], g[3]), compare
    m = _ISBLANK.match(formula)
    if m and bool(m.group(1)) == bool(m.group(6)):
        b = m.groups()
        negate = bool(b[0])
        return _ref(b[1], b[2], b[3], b[4]), (lambda text: (text != "") if negate else (text == ""))
    return None


def _num(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _simple(ctype: Any, first: str, text: str) -> bool | None:
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


class Rules:
    """A sheet's boolean rules, compiled once for one drawing of the sheet. A custom formula's answer
    is remembered per cell it reads (a row rule like ``=$K2="已发货"`` is worked out once per row,
    not once per cell), so drawing a few thousand cells stays cheap."""

    def __init__(self, sheet: Sheet) -> None:
        self.sheet = sheet
        self._rules: list[tuple[int, int, int, int, Callable[[int, int], bool | None], dict[str, Any]]] = []
        for index, rule in enumerate(sheet.conditional_formats):
            boolean = rule.get("booleanRule")
            if not boolean:
                continue
            test = self._test(index, boolean.get("condition") or {})
            fmt: dict[str, Any] = boolean.get("format") or {}
            for rng in rule.get("ranges", []):
                r0, r1 = rng.get("startRowIndex", 0), rng.get("endRowIndex", sheet.row_count)
                c0, c1 = rng.get("startColumnIndex", 0), rng.get("endColumnIndex", sheet.column_count)
                self._rules.append((r0, r1, c0, c1, _anchored(test, (r0, c0)), fmt))
        self._memo: dict[tuple[int, int, int], bool] = {}

    def _test(self, index: int, cond: dict[str, Any]) -> Callable[[tuple[int, int], int, int], bool | None]:
        ctype = cond.get("type")
        vals = [str(v.get("userEnteredValue", "")) for v in cond.get("values") or []]
        first = vals[0] if vals else ""
        if ctype != "CUSTOM_FORMULA":
            return lambda anchor, r, c: _simple(ctype, first, _text(self.sheet, r, c))
        compiled = _compile_formula(first)
        if compiled is None:
            return lambda anchor, r, c: None
        where, check = compiled

        def formula(anchor: tuple[int, int], r: int, c: int) -> bool:
            ref = where(anchor, (r, c))
            key = (index, *ref)
            if key not in self._memo:
                self._memo[key] = check(_text(self.sheet, *ref))
            return self._memo[key]

        return formula

    def format_for(self, r: int, c: int) -> dict[str, Any] | None:
        """The format of the first matching boolean rule covering (r, c), if any."""
        for r0, r1, c0, c1, test, fmt in self._rules:
            if r0 <= r < r1 and c0 <= c < c1 and test(r, c):
                return fmt
        return None


def _anchored(
    test: Callable[[tuple[int, int], int, int], bool | None], anchor: tuple[int, int]
) -> Callable[[int, int], bool | None]:
    return lambda r, c: test(anchor, r, c)


def format_for(sheet: Sheet, r: int, c: int) -> dict[str, Any] | None:
    """The format of the first matching boolean rule covering (r, c), if any (one cell; to draw many,
    make one ``Rules`` and ask it)."""
    return Rules(sheet).format_for(r, c)
