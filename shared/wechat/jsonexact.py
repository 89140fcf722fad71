"""JSON parsing that keeps identifiers exact.

Order ids exceed 2^53 (push events send them as bare JSON numbers). Python's ``json`` parses integers
as exact ``int`` already; this module additionally parses every non-integer number as ``Decimal`` so a
float can never appear, and :func:`as_id` turns an id (string or integer) into its exact decimal
string.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any


def loads(data: bytes | str) -> Any:
    """Parse JSON with exact integers and ``Decimal`` for every other number."""
    return json.loads(data, parse_float=Decimal)


def as_id(value: object) -> str | None:
    """An identifier as an exact decimal string; None when it is not an integer or a digit string.

    Accepts ``int`` (not bool), integral ``Decimal`` without exponent loss, and strings of digits.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value) if value >= 0 else None
    if isinstance(value, str):
        text = value.strip()
        return text if text.isdigit() and text.isascii() else None
    if isinstance(value, Decimal) and value == value.to_integral_value() and value >= 0:
        # A number written like 3.705115058471208928e18 is exact as a Decimal; keep it exact.
        return str(int(value))
    return None
