"""Every supplier sheet that may still hold a buyer's address, remembered in the journal.

The 供应商 tab says which sheet a supplier uses now; it forgets the sheet a supplier used before (the
row switched to API or manual, named another spreadsheet or tab, or was deleted). The recipients
left in that sheet must still be cleared when their orders finish, so the tick remembers each sheet
it sent recipients to, and keeps clearing a sheet the tab no longer names (``clearing_only``) until a
pull finds no recipient left in it. Only the sync tick (which holds the tick lease) reads and writes
this document.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from shared.journal.journal import Journal

STATE = "suppliers/sheets"


@dataclass(frozen=True, slots=True, order=True)
class SheetPlace:
    """One supplier's tab in one spreadsheet."""

    supplier: str
    spreadsheet_id: str
    tab: str

    def as_raw(self) -> dict[str, str]:
        return {"supplier": self.supplier, "spreadsheet_id": self.spreadsheet_id, "tab": self.tab}


def load(journal: Journal) -> list[SheetPlace]:
    raw = journal.get_state(STATE) or {}
    places = []
    for item in raw.get("sheets", []):
        fields = ("supplier", "spreadsheet_id", "tab")
        if isinstance(item, dict) and all(isinstance(item.get(k), str) for k in fields):
            places.append(SheetPlace(item["supplier"], item["spreadsheet_id"], item["tab"]))
    return sorted(set(places))


def save(journal: Journal, before: Iterable[SheetPlace], after: Iterable[SheetPlace]) -> None:
    """Write ``after`` when it differs from what was loaded (``before``)."""
    wanted = sorted(set(after))
    if wanted != sorted(set(before)):
        journal.put_state(STATE, {"sheets": [p.as_raw() for p in wanted]})
