"""Tokenising one line of pasted shipment text (the 回传 inbox): words, courier names, labels, statuses.

Pure. The parser (inbox_parser.py) decides what the tokens mean; this module only says what they are.
Case is kept (an order reference is reported as written); matching ignores case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from shared.couriers import COURIERS
from shared.couriers.normalize import fold

TokenKind = Literal["word", "courier", "order_label", "track_label", "status", "quantity", "noise"]


@dataclass(frozen=True, slots=True)
class Token:
    """A meaningful piece of a line. ``text`` is as written (after NFKC); ``value`` is what it means:
    the courier code, the status, or the word itself. ``start``/``end`` index ``Line.text``."""

    kind: TokenKind
    text: str
    value: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Line:
    """One input line after NFKC (full-width to half-width) and format-character removal."""

    number: int
    text: str
    tokens: tuple[Token, ...]

    def between(self, left: Token, right: Token) -> str:
        return self.text[left.end : right.start]


# Longer terms win (the alternation is sorted by length): 订单号 is an order label, not 单号.
_TERMS: dict[str, tuple[TokenKind, str]] = {}


def _add(kind: TokenKind, value: str, *words: str) -> None:
    for word in words:
        _TERMS.setdefault(" ".join(fold(word).split()), (kind, value))


for _courier in COURIERS:
    _add("courier", _courier.code, _courier.code, _courier.name.zh, _courier.name.en, *_courier.aliases)
_add(
    "order_label",
    "",
    "供应商订单号",
    "供应商单号",
    "采购单号",
    "采购订单号",
    "平台订单号",
    "小店订单号",
    "微信订单号",
    "订单编号",
    "订单号码",
    "订单号",
    "订单",
    "单据号",
    "Order Number",
    "Order No",
    "Order ID",
    "Order",
    "PO",
)
_add(
    "track_label",
    "",
    "快递单号",
    "物流单号",
    "运单编号",
    "运单号码",
    "运单号",
    "快递号",
    "物流号",
    "运单",
    "单号",
    "Tracking Number",
    "Tracking No",
    "Tracking",
    "Waybill No",
    "Waybill",
    "AWB",
)
_add("status", "out_of_stock", "暂时没货", "缺货", "没货", "断货", "无货", "Out of stock")
_add("status", "cancelled", "已取消", "取消了", "取消", "Cancelled", "Canceled")
# Column words of header rows and filler: claimed so they never become courier names.
_add(
    "noise",
    "",
    "快递公司",
    "物流公司",
    "快递",
    "物流",
    "发货",
    "已发货",
    "发出",
    "Courier",
    "Carrier",
    "Express",
)


def _pattern(term: str) -> str:
    body = r"\s*".join(re.escape(part) for part in term.split())
    if term.isascii():
        # ASCII terms stand alone: "SF" inside "SF1234567890123" is part of the number.
        # "PO" inside "PO-88123" is part of a supplier order number too.
        return rf"(?<![A-Za-z0-9&\-]){body}(?![A-Za-z0-9&]|-[A-Za-z0-9])"
    return body


# re.ASCII: case is ignored for ASCII letters only. Unicode case folding would let "İ" or "ı" match "i"
# and then the matched text would name no term.
_TERM_RE = re.compile(
    "|".join(_pattern(t) for t in sorted(_TERMS, key=len, reverse=True)), re.IGNORECASE | re.ASCII
)
# Inner spaces are optional in the pattern ("OrderID" is "Order ID"), so a match is looked up without them.
_TERM_BY_LETTERS: dict[str, tuple[TokenKind, str]] = {}
for _term, _meaning in _TERMS.items():
    _TERM_BY_LETTERS.setdefault("".join(_term.split()), _meaning)
# A word: letters, digits, and inner hyphens/underscores (supplier order numbers like XS-2024-0001).
_WORD_RE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9_\-]*[A-Za-z0-9])?", re.ASCII)
_QUANTITY_RE = re.compile(
    r"(?:[x×*]\s*[0-9]{1,3}(?![0-9])|(?<![0-9A-Za-z])[0-9]{1,3}\s*(?:件|个|箱|包|套|双|只|台|份|pcs))",
    re.IGNORECASE,
)


def tokenize(number: int, raw: str) -> Line:
    """The tokens of one line, in order of position."""
    text = fold(raw, upper=False)
    taken = bytearray(len(text))
    found: list[Token] = []

    def claim(kind: TokenKind, start: int, end: int, value: str) -> None:
        if any(taken[start:end]):
            return
        taken[start:end] = b"\x01" * (end - start)
        found.append(Token(kind, text[start:end], value, start, end))

    for m in _QUANTITY_RE.finditer(text):
        claim("quantity", m.start(), m.end(), m.group(0))
    for m in _TERM_RE.finditer(text):
        kind, value = _TERM_BY_LETTERS["".join(m.group(0).upper().split())]
        claim(kind, m.start(), m.end(), value)
    for m in _WORD_RE.finditer(text):
        claim("word", m.start(), m.end(), m.group(0))
    found.sort(key=lambda t: t.start)
    return Line(number, text, tuple(t for t in found if t.kind != "noise"))
