"""Typed text Sheets turns into numbers (dates, percentages, currency, grouped digits), and the
number formats it sets for them, rendered back as FORMATTED_VALUE.

What Sheets does, as recorded: a typed ``2020-01-01`` reads back as 43831 with UNFORMATTED_VALUE (a
date serial: days since 1899-12-30) and the cell gets a DATE number format, so FORMATTED_VALUE shows
the text again; ``50%`` reads back as 0.5. The patterns chosen below are the ones Sheets shows in
its format menu for such input in an en_US sheet; which exact pattern Sheets stores for each shape
is not recorded, so compare formatted text, not patterns.

Not certain, so kept narrow: ``$`` is read as currency in every locale; ``¥`` and ``￥`` only in a
zh_CN or ja_JP sheet (whether an en_US sheet takes them is not recorded: there they stay text);
``M/d/yyyy`` only in an en_US sheet (zh_CN reads ``yyyy/M/d``, both read ISO ``yyyy-mm-dd``). Times,
date-times, dates without a year, other currencies and locale decimal commas stay text here.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

_EPOCH = date(1899, 12, 30)
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"
_PERCENT = re.compile(rf"^([+-]?)({_DIGITS})\s*%$")
_GROUPED = re.compile(r"^([+-]?)(\d{1,3}(?:,\d{3})+(?:\.\d+)?)$")
_ISO = re.compile(r"^(\d{4})([-/])(\d{1,2})\2(\d{1,2})$")
_US = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_YEN_LOCALES = ("zh_CN", "ja_JP")


def _currency(locale: str) -> re.Pattern[str]:
    symbols = "$¥￥" if locale in _YEN_LOCALES else "$"
    return re.compile(rf"^([+-]?)([{symbols}])\s?([+-]?)({_DIGITS})$")


def _num(text: str) -> int | float:
    d = Decimal(text.replace(",", ""))
    return int(d) if d == d.to_integral_value() else float(d)


def _serial(year: int, month: int, day: int) -> int | None:
    try:
        return (date(year, month, day) - _EPOCH).days
    except ValueError:
        return None


def parse_typed(text: str, locale: str) -> tuple[int | float, dict[str, Any]] | None:
    """(number, numberFormat) for text Sheets reads as a date, percentage, currency or grouped
    number; None for anything else (plain numbers are handled by the caller)."""
    s = text.strip()
    m = _ISO.match(s)
    if m:
        serial = _serial(int(m[1]), int(m[3]), int(m[4]))
        pattern = "yyyy-mm-dd" if m[2] == "-" else "yyyy/m/d"
        return None if serial is None else (serial, {"type": "DATE", "pattern": pattern})
    m = _US.match(s)
    if m and locale == "en_US":
        serial = _serial(int(m[3]), int(m[1]), int(m[2]))
        return None if serial is None else (serial, {"type": "DATE", "pattern": "M/d/yyyy"})
    m = _PERCENT.match(s)
    if m:
        digits = m[2].replace(",", "")
        value = _num(f"{m[1]}{Decimal(digits) / 100}")
        pattern = "0.00%" if "." in digits else "0%"
        return value, {"type": "PERCENT", "pattern": pattern}
    m = _currency(locale).match(s)
    if m and not (m[1] and m[3]):
        symbol = "¥" if m[2] in "¥￥" else "$"
        value = _num(f"{m[1] or m[3]}{m[4]}")
        pattern = f'"{symbol}"#,##0.00'
        return value, {"type": "CURRENCY", "pattern": pattern}
    m = _GROUPED.match(s)
    if m:
        pattern = "#,##0.00" if "." in m[2] else "#,##0"
        return _num(f"{m[1]}{m[2]}"), {"type": "NUMBER", "pattern": pattern}
    return None


def _date_text(serial: float, pattern: str) -> str | None:
    try:
        day = date.fromordinal(_EPOCH.toordinal() + int(serial))
    except (ValueError, OverflowError):
        return None
    out = pattern
    out = re.sub(r"yyyy", f"{day.year:04d}", out)
    out = re.sub(r"(?<!y)yy(?!y)", f"{day.year % 100:02d}", out)
    out = re.sub(r"MM|mm", f"{day.month:02d}", out)
    out = re.sub(r"(?<![Mm])[Mm](?![Mm])", str(day.month), out)
    out = re.sub(r"dd", f"{day.day:02d}", out)
    out = re.sub(r"(?<!d)d(?!d)", str(day.day), out)
    return out


_NUMBER_PATTERN = re.compile(r'^(?:"([^"]*)"|\[\$([^\]-]*)(?:-[0-9A-Fa-f]+)?\])?(#,##0|0)(?:\.(0+))?(%?)$')


def _number_text(value: float, pattern: str) -> str | None:
    m = _NUMBER_PATTERN.match(pattern)
    if m is None:
        return None
    prefix = m[1] if m[1] is not None else (m[2] or "")
    decimals = len(m[4] or "")
    scaled = Decimal(str(value)) * (100 if m[5] else 1)
    try:
        rounded = round(abs(scaled), decimals)
    except InvalidOperation:
        return None
    body = f"{rounded:,.{decimals}f}" if m[3] == "#,##0" else f"{rounded:.{decimals}f}"
    sign = "-" if scaled < 0 and rounded != 0 else ""
    return f"{sign}{prefix}{body}{m[5]}"


def render(value: Any, number_format: dict[str, Any] | None) -> str | None:
    """FORMATTED_VALUE of a number under its cell's number format; None: no format applies here
    (the caller shows the number as Sheets' automatic format does)."""
    if not number_format or isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    kind = number_format.get("type")
    pattern = str(number_format.get("pattern") or "")
    if kind == "DATE" and pattern:
        return _date_text(value, pattern)
    if kind in ("PERCENT", "CURRENCY", "NUMBER") and pattern:
        return _number_text(value, pattern)
    return None


def is_date(number_format: dict[str, Any] | None) -> bool:
    return bool(number_format) and (number_format or {}).get("type") in ("DATE", "TIME", "DATE_TIME")
