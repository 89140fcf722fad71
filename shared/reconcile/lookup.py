"""What a person types to find an order (the 查询 cell on 设置, ``python -m shared.cli find``): an
order id or a tracking number. It is checked before it is used anywhere: it names journal keys
(``archive/orders/<id>``), and a cell may hold anything an operator pasted (pure)."""

from __future__ import annotations

from shared.domain.text import Bilingual
from shared.reconcile.presence import order_key

MAX_TYPED = 200  # characters looked at: an id is 19 digits, a number ~15-35 characters
MAX_KEY = 64
SHOWN = 40  # characters of a query repeated in an answer


def lookup_key(text: str) -> str | None:
    """The key ``text`` stands for: full-width folded, spaces and invisible characters dropped,
    letters in upper case (couriers print them so; "sf…" is typed too). None when it cannot be an
    order id or a tracking number: empty, over ``MAX_TYPED`` characters as typed or ``MAX_KEY`` as a
    key, or holding anything but ASCII letters, digits and "-" ("../x", "a/b", a sentence)."""
    if len(text) > MAX_TYPED:
        return None
    key = order_key(text).upper()
    if not key or len(key) > MAX_KEY:
        return None
    if not all(c.isascii() and (c.isalnum() or c == "-") for c in key):
        return None
    return key


def cell_keys(cell: str) -> set[str]:
    """The keys of a 快递单号 cell, one per line (lines that are no key are left out)."""
    return {key for line in cell[: 20 * MAX_TYPED].splitlines() if (key := lookup_key(line)) is not None}


def holds(cell: str, key: str) -> bool:
    """A 订单号 or 快递单号 cell names ``key`` (a ``lookup_key``), on any of its lines. Asked of
    every row by the 查询 cell at each tick while a query stands: an ASCII cell without the key's
    characters in a row is passed over without splitting it into keys."""
    if cell == key:
        return True
    if cell.isascii() and key not in "".join(cell.split()).upper():
        return False
    return key in cell_keys(cell)


def shown(text: str) -> str:
    """A query as an answer repeats it: one line, at most ``SHOWN`` characters."""
    line = " ".join(text.split())
    return line if len(line) <= SHOWN else line[:SHOWN] + "…"


def not_a_key(text: str) -> Bilingual:
    """What a query that ``lookup_key`` refuses is told (the 查询 cell, the find command)."""
    return Bilingual(
        f"“{shown(text)}”：不是订单号或快递单号（只含字母、数字和 -，最多 {MAX_KEY} 个字符）。",
        f"'{shown(text)}': not an order id or a tracking number "
        f"(letters, digits and - only, at most {MAX_KEY}).",
    )
