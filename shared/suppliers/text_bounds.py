"""Bounds on supplier text (pure): order references and tracking fields longer than any real one
are refused with a sentence, before any pattern looks at them. Never cut to size: a cut text could
still look like a number and be pushed.
"""

from __future__ import annotations

from shared.couriers.cells import MAX_CELL_CHARS, MAX_CELL_LINES
from shared.couriers.problems import quoted
from shared.domain.text import Bilingual
from shared.suppliers.model import SourceProblem

# Shop order ids have 19 digits; supplier order numbers we have seen stay under 40 characters.
MAX_REF_CHARS = 64
# One order's packages, as a tracking cell allows them.
MAX_PACKAGES = MAX_CELL_LINES
MAX_TRACKING_CHARS = MAX_CELL_CHARS

REF_TOO_LONG = "order_ref_too_long"
TOO_MANY_PACKAGES = "too_many_packages"

__all__ = [
    "MAX_PACKAGES",
    "MAX_REF_CHARS",
    "MAX_TRACKING_CHARS",
    "quoted",
    "ref_too_long",
    "too_many_packages",
]


def ref_too_long(ref: str, length: int) -> SourceProblem:
    return SourceProblem(
        ref,
        REF_TOO_LONG,
        Bilingual(
            f"订单号有 {length} 个字符，太长了（最多 {MAX_REF_CHARS} 个），不像订单号，没有采用。"
            "请核对订单号那一列（或字段）填的内容。",
            f"The order number has {length} characters, more than any order number (at most "
            f"{MAX_REF_CHARS}), so it was not used. Check what the order-number column (or field) holds.",
        ),
    )


def too_many_packages(ref: str, size: int, unit_zh: str, unit_en: str) -> SourceProblem:
    """``size`` ``unit``s of tracking text (字符/characters or 个单号/numbers) past the bound."""
    limit = MAX_TRACKING_CHARS if unit_en == "characters" else MAX_PACKAGES
    return SourceProblem(
        ref,
        TOO_MANY_PACKAGES,
        Bilingual(
            f"快递单号有 {size} {unit_zh}，太多了（一个订单最多 {limit} {unit_zh}），没有采用其中任何单号。"
            "请只给出这个订单的快递单号。",
            f"The tracking numbers come to {size} {unit_en}, more than one order has (at most {limit}), so "
            "none of them was used. Give only this order's tracking numbers.",
        ),
    )
