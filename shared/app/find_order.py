"""Where an order is: its live row in 订单, or the archive tab holding it, and its journal history.

Found by order id or by a tracking number (any line of a 快递单号 cell). Cost: one metadata GET and
ONE ``values:batchGet`` (订单 whole: it holds the open and recently finished orders only; of each
archive tab its 订单号 and 快递单号 columns), then the journal's audit entries of the last ``days``
(their day folders only) and the order's archive index record.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from shared.app import archive_moves
from shared.journal.journal import Journal
from shared.journal.records import AuditEntry
from shared.reconcile.archive import is_archive_title
from shared.reconcile.presence import order_key
from shared.sheets import a1
from shared.sheets.gateway import SheetsGateway
from shared.sheets.layout import TableLayout, build_table, column_values
from sheet_templates.workspace import ORDERS, Lang


@dataclass(frozen=True, slots=True)
class Place:
    """A row holding the order: its tab, its sheet row number, and its cells (field -> text)."""

    tab: str
    row: int
    archived: bool
    values: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Found:
    query: str
    order_ids: tuple[str, ...]
    places: tuple[Place, ...]
    history: tuple[AuditEntry, ...]
    index: Mapping[str, Mapping[str, Any]]  # order id -> the journal's archive record (tab, at)

    def as_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "order_ids": list(self.order_ids),
            "places": [
                {"tab": p.tab, "row": p.row, "archived": p.archived, "values": dict(p.values)}
                for p in self.places
            ],
            "archive_index": {
                k: {"tab": v.get("tab", ""), "at": v.get("at", "")} for k, v in self.index.items()
            },
            "history": [
                {
                    "at": e.at.isoformat(),
                    "actor": e.actor,
                    "action": e.action,
                    "old": e.old,
                    "new": e.new,
                    "reason": e.reason,
                    "result": e.result,
                }
                for e in self.history
            ],
        }


def find(
    gateway: SheetsGateway, journal: Journal, query: str, now: datetime, lang: Lang = "zh", days: int = 120
) -> Found:
    """Every row whose 订单号 is ``query`` or whose 快递单号 holds it, live or archived; the history
    of the orders found (or of ``query`` as an order id, when no row holds it)."""
    wanted = order_key(query)
    layout = TableLayout.from_template(ORDERS, lang)
    archives = sorted(t for t in gateway.sheet_ids(refresh=True) if is_archive_title(t))
    tracking_col = [c.field for c in layout.columns].index("tracking_numbers") + 1
    ranges = [a1.sheet_range(layout.title)]
    for tab in archives:
        ranges += [a1.column_range(tab, 1), a1.column_range(tab, tracking_col)]
    values = gateway.batch_get(ranges)
    places = list(_live(build_table(layout, values[0], lenient=True), wanted))
    for i, tab in enumerate(archives):
        ids, numbers = column_values(values[1 + 2 * i]), column_values(values[2 + 2 * i])
        for number, order_id in enumerate(ids[1:], start=2):
            held = numbers[number - 1] if number - 1 < len(numbers) else ""
            if order_id.strip() == wanted or wanted in _numbers(held):
                places.append(Place(tab, number, True, {"order_id": order_id, "tracking_numbers": held}))
    order_ids = tuple(sorted({p.values.get("order_id", "") for p in places} - {""})) or (wanted,)
    index = {o: place for o in order_ids if (place := archive_moves.place_of(journal, o)) is not None}
    since = now - timedelta(days=days)
    history = tuple(e for e in journal.entries(since=since) if e.order_id in order_ids)
    return Found(query, order_ids, tuple(places), history, index)


def _live(table: Any, wanted: str) -> Sequence[Place]:
    return [
        Place(table.title, row.number, False, dict(row.values))
        for row in table.rows
        if row.key == wanted or wanted in _numbers(row["tracking_numbers"])
    ]


def _numbers(cell: str) -> set[str]:
    return {order_key(line) for line in cell.splitlines() if line.strip()}
