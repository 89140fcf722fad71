"""Turning request values into cells (RAW / USER_ENTERED) and cells into response values.

The emulator evaluates no spreadsheet functions. A formula made only of number literals and
+ - * / ( ) is computed (``=1+2`` shows 3); any other formula shows ``#NAME?``, what Sheets shows for
a function it does not know. Clients must never rely on a formula's value being computed here.
"""

from __future__ import annotations

import ast
import math
import operator
import re
import struct
from decimal import Decimal
from typing import Any

from . import numformat
from .store import Cell, Scalar

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_OPS: dict[type, Any] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}


def _number(text: str) -> int | float:
    """Parse like Sheets: keep at most 15 significant digits (longer numbers lose precision)."""
    value = float(f"{Decimal(text):.15g}")
    if value.is_integer() and abs(value) < 1e21:
        return int(Decimal(f"{Decimal(text):.15g}"))
    return value


def _eval_formula(formula: str) -> Scalar:
    def ev(node: ast.AST) -> Any:
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float, str)):
            return node.value
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](ev(node.left), ev(node.right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            v = ev(node.operand)
            return -v if isinstance(node.op, ast.USub) else v
        raise ValueError("unsupported")

    body = formula[1:].strip()
    if not body or not re.fullmatch(r"[\d\s.+\-*/()]+|\"[^\"]*\"", body):
        return "#NAME?"
    try:
        result = ev(ast.parse(body, mode="eval"))
    except ZeroDivisionError:
        return "#DIV/0!"
    except (ValueError, SyntaxError, TypeError):
        return "#ERROR!"
    if isinstance(result, float) and result.is_integer():
        return int(result)
    return result  # type: ignore[no-any-return]


def is_text_format(cell: Cell) -> bool:
    fmt = cell.fmt or {}
    return (fmt.get("numberFormat") or {}).get("type") == "TEXT"


def _number_format(cell: Cell) -> dict[str, Any] | None:
    return (cell.fmt or {}).get("numberFormat")


def enter(cell: Cell, raw: Any, user_entered: bool, locale: str = "en_US") -> Cell:
    """Apply one request value to a cell. ``raw`` is a JSON scalar; None is handled by the caller.
    ``locale`` is the spreadsheet's (what USER_ENTERED reads as a date or a currency depends on it)."""
    if raw == "":
        return cell.with_(value=None, formula=None)
    if not user_entered or not isinstance(raw, str):
        if isinstance(raw, (dict, list)):
            raise TypeError("not a scalar")
        return cell.with_(value=raw, formula=None)
    # USER_ENTERED: parsed as if typed in the UI
    text = raw
    if is_text_format(cell):  # a cell formatted as plain text keeps what was typed
        return cell.with_(value=text, formula=None)
    if text.startswith("'"):
        return cell.with_(value=text[1:] or None, formula=None)
    if text.startswith("=") and len(text) > 1:
        return cell.with_(value=_eval_formula(text), formula=text)
    stripped = text.strip()
    if _NUMBER.match(stripped):
        return cell.with_(value=_number(stripped), formula=None)
    if stripped.upper() in ("TRUE", "FALSE"):
        return cell.with_(value=stripped.upper() == "TRUE", formula=None)
    typed = numformat.parse_typed(stripped, locale)
    if typed is not None:
        # Sheets gives the cell the format of what was typed, unless the cell already has one.
        number, number_format = typed
        fmt = cell.fmt if _number_format(cell) else {**(cell.fmt or {}), "numberFormat": number_format}
        return cell.with_(value=number, formula=None, fmt=fmt)
    return cell.with_(value=text, formula=None)


def formatted(value: Scalar | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        if abs(value) < 10**15:
            return str(value)
        return f"{value:.6G}"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        if abs(value) >= 1e15 or (value != 0 and abs(value) < 1e-9):
            return f"{value:.6G}"
        return repr(round(value, 10))
    return value


def shown(cell: Cell) -> str:
    """What the cell shows (FORMATTED_VALUE): its value under its number format."""
    text = numformat.render(cell.value, _number_format(cell))
    return formatted(cell.value) if text is None else text


def render(cell: Cell, option: str, date_time: str = "SERIAL_NUMBER") -> Any:
    """Value of a cell in a values response, for a valueRenderOption and dateTimeRenderOption
    (FORMATTED_STRING shows dates as text even when the values are otherwise unformatted)."""
    if cell.formula is None and type(cell.value) is str:
        # Text shows as itself under every option (number formats apply to numbers only, see
        # ``numformat.render``): the common cell of a read, answered without looking at its format.
        return cell.value
    if option == "FORMULA" and cell.formula is not None:
        return cell.formula
    if option in ("UNFORMATTED_VALUE", "FORMULA"):
        if date_time == "FORMATTED_STRING" and numformat.is_date(_number_format(cell)):
            return shown(cell)
        return "" if cell.value is None else cell.value
    return shown(cell)


def user_entered_value(cell: Cell) -> dict[str, Any] | None:
    """CellData.userEnteredValue (ExtendedValue)."""
    if cell.formula is not None:
        return {"formulaValue": cell.formula}
    return _extended(cell.value)


def effective_value(cell: Cell) -> dict[str, Any] | None:
    v = cell.value
    if isinstance(v, str) and v.startswith("#") and cell.formula is not None:
        return {"errorValue": {"type": "ERROR", "message": v}}
    return _extended(v)


def _extended(v: Scalar | None) -> dict[str, Any] | None:
    if v is None:
        return None
    if isinstance(v, bool):
        return {"boolValue": v}
    if isinstance(v, (int, float)):
        return {"numberValue": v}
    return {"stringValue": v}


def from_extended(ext: dict[str, Any] | None) -> tuple[Scalar | None, str | None]:
    """ExtendedValue -> (value, formula), as written by updateCells with userEnteredValue."""
    if not ext:
        return None, None
    if "formulaValue" in ext:
        formula = str(ext["formulaValue"])
        return _eval_formula(formula), formula
    for key in ("stringValue", "numberValue", "boolValue"):
        if key in ext:
            return ext[key], None
    return None, None


def _float32_shortest(value: float) -> float:
    """The float32 nearest ``value``, written with the fewest digits that read back as it."""
    single = struct.unpack("f", struct.pack("f", value))[0]
    for digits in range(1, 10):
        text = f"{single:.{digits}g}"
        if struct.unpack("f", struct.pack("f", float(text)))[0] == single:
            return float(text)
    return float(single)


def quantize_color(color: dict[str, Any]) -> dict[str, Any]:
    """Sheets keeps 8 bits per channel (truncated, not rounded: a written 0.5 reads back as 127/255,
    ``0.49803922``) and answers each as a float32 in its shortest form (theme colours read
    ``0.25882354`` = 66/255; gspread's recorded cassettes). Zero channels are omitted. Copying that
    teaches clients to compare colours read back from the API with a tolerance."""
    out: dict[str, Any] = {}
    for key in ("red", "green", "blue"):
        v = color.get(key)
        if isinstance(v, (int, float)) and v:
            # The epsilon keeps k/255 computed in floating point (50.99999999...) at k.
            level = math.floor(max(0.0, min(1.0, float(v))) * 255 + 1e-6)
            if level:
                out[key] = _float32_shortest(level / 255)
    if "alpha" in color:
        out["alpha"] = color["alpha"]
    return out
