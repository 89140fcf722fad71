"""A purchase the merchant placed with a supplier's platform (1688), as the core compares it with a
shop order to suggest the link (pure: no I/O, no clock).

The recipient is compared as a ``contact_key``: a short hash of the normalised name and mobile, so
neither side's personal data needs to travel further than its adapter's translation. A recipient that
cannot be compared exactly (a masked name ``张**`` or phone ``138****5678``, a platform virtual number
``170xxxx1234-5678``, a landline, an empty field) has no key at all: it never matches anything. Being
conservative is the point: a suggestion a person must check is only worth showing when it is exact.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

BEIJING = timezone(timedelta(hours=8))
_MASKS = frozenset("*＊•●×xX")
_MOBILE = re.compile(r"1[3-9][0-9]{9}")


def normal_name(name: str) -> str | None:
    """The recipient's name without spaces (full-width folded); None when empty or masked."""
    text = "".join(unicodedata.normalize("NFKC", name).split())
    if not text or any(ch in "*＊•●" for ch in text):
        return None
    return text


def normal_mobile(phone: str) -> str | None:
    """A mainland mobile number as its 11 digits (spaces, dashes between groups and a +86 / 0086
    prefix dropped); None for anything else: masked digits, a virtual number's extension, a landline."""
    text = unicodedata.normalize("NFKC", phone).strip()
    if not text or any(ch in _MASKS for ch in text):
        return None
    for prefix in ("+86", "0086"):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    compact = "".join(ch for ch in text if ch not in " -")
    if compact.startswith("86") and len(compact) == 13:
        compact = compact[2:]
    # A virtual number with its extension (170xxxx1234-5678) compacts to 15 digits: refused here.
    return compact if _MOBILE.fullmatch(compact) else None


def contact_key(name: str, phone: str) -> str:
    """The recipient as a comparable key ("" when the name or the phone cannot be compared exactly)."""
    who, mobile = normal_name(name), normal_mobile(phone)
    if who is None or mobile is None:
        return ""
    return hashlib.sha256(f"{who}|{mobile}".encode()).hexdigest()[:20]


def beijing_day(moment: datetime) -> date:
    """The calendar day in Beijing of an aware moment (shop and 1688 days are Beijing days)."""
    return moment.astimezone(BEIJING).date()


@dataclass(frozen=True, slots=True)
class Purchase:
    """One order the merchant placed with a supplier (a 1688 purchase order).

    ``supplier_id``: the 供应商 row it belongs to; ``order_no``: what the operator would type into
    供应商单号; ``placed_on``: the Beijing day it was created; ``contact``: ``contact_key`` of its
    receiver ("" when masked or missing); ``quantities``: each line's quantity, sorted; ``closed``:
    cancelled on the platform (never suggested)."""

    supplier_id: str
    order_no: str
    placed_on: date
    contact: str = ""
    quantities: tuple[int, ...] = ()
    closed: bool = False
