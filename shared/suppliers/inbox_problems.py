"""Why an inbox record cannot be used as it is (codes are stable; messages in Chinese and English)."""

from __future__ import annotations

from shared.couriers import Problem
from shared.domain.text import Bilingual

MISSING_ORDER_REF = "missing_order_ref"
MISSING_TRACKING_NUMBER = "missing_tracking_number"
AMBIGUOUS_PAIRS = "ambiguous_pairs"
OUT_OF_STOCK = "out_of_stock"
CANCELLED = "cancelled"
LINE_TOO_LONG = "line_too_long"
PASTE_TOO_LONG = "paste_too_long"


def missing_order_ref() -> Problem:
    return Problem(
        MISSING_ORDER_REF,
        Bilingual(
            "只有快递单号，没有订单号，不知道是哪个订单的。请在单号前面写上订单号或供应商单号。",
            "A tracking number without an order number: which order is it for? Write the shop order id or "
            "the supplier order no. before it.",
        ),
    )


def missing_tracking_number() -> Problem:
    return Problem(
        MISSING_TRACKING_NUMBER,
        Bilingual(
            "有订单号和快递公司，但没有快递单号。请补上单号。",
            "An order and a courier, but no tracking number. Add the number.",
        ),
    )


def ambiguous_pairs(refs: int, numbers: int) -> Problem:
    return Problem(
        AMBIGUOUS_PAIRS,
        Bilingual(
            f"这一行有 {refs} 个订单号和 {numbers} 个快递单号，无法确定哪个单号属于哪个订单。"
            "请每个订单写一行：订单号 快递公司 单号。",
            f"This line has {refs} order numbers and {numbers} tracking number(s); which number belongs to "
            "which order is unclear. Write one order per line: order, courier, number.",
        ),
    )


def out_of_stock() -> Problem:
    return Problem(
        OUT_OF_STOCK,
        Bilingual(
            "供应商说缺货，这个订单没有发货。请联系买家或换供应商。",
            "The supplier reports it out of stock: the order was not shipped. "
            "Contact the buyer or switch supplier.",
        ),
        severity="warning",
    )


def cancelled() -> Problem:
    return Problem(
        CANCELLED,
        Bilingual(
            "供应商说这个订单已取消，没有发货。请核对是否需要退款或重新下单。",
            "The supplier reports the order cancelled: nothing was shipped. "
            "Check whether to refund or reorder.",
        ),
        severity="warning",
    )


def line_too_long(length: int, limit: int) -> Problem:
    return Problem(
        LINE_TOO_LONG,
        Bilingual(
            f"这一行有 {length} 个字符，太长了（一行最多 {limit} 个），没有读取。"
            "请每个订单写一行：订单号 快递公司 单号。",
            f"This line has {length} characters, too many (at most {limit} per line), so it was not read. "
            "Write one order per line: order, courier, number.",
        ),
    )


def paste_too_long(length: int, limit: int) -> Problem:
    return Problem(
        PASTE_TOO_LONG,
        Bilingual(
            f"这次粘贴有 {length} 个字符，太多了（一格最多 {limit} 个），没有读取。"
            "请分成几次粘贴，每格一部分。",
            f"This paste has {length} characters, too many (at most {limit} per cell), so it was not read. "
            "Paste it in parts, one part per cell.",
        ),
    )


def paste_too_many_lines(lines: int, limit: int) -> Problem:
    return Problem(
        PASTE_TOO_LONG,
        Bilingual(
            f"这次粘贴有 {lines} 行，太多了（一格最多 {limit} 行），没有读取。请分成几次粘贴，每格一部分。",
            f"This paste has {lines} lines, too many (at most {limit} per cell), so it was not read. "
            "Paste it in parts, one part per cell.",
        ),
    )
