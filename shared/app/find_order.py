"""Where an order is: its live row in 订单, or the archive tab holding it (in the workspace or in an
archive spreadsheet), and its journal history.

Found by order id or by a tracking number (any line of a 快递单号 cell). Cost: one metadata GET and
ONE ``values:batchGet`` of the workspace (订单 whole: it holds the open and recently finished orders
only; 设置, for its ``archive_spreadsheets``; of each archive tab its 订单号 and 快递单号 columns),
then the same metadata GET and batchGet of each archive spreadsheet listed there (one that cannot be
opened is named in ``unreachable``), then the journal's audit entries of the last ``days`` (their
day folders only) and the order's archive index record.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from shared.app import archive_moves
from shared.journal.journal import Journal
from shared.journal.records import AuditEntry
from shared.reconcile.archive import is_archive_title
from shared.reconcile.lookup import holds, lookup_key
from shared.sheets import a1
from shared.sheets.errors import SheetsNotFound, SheetsPermissionDenied
from shared.sheets.gateway import SheetsGateway
from shared.sheets.layout import TableLayout, build_table, column_values
from shared.sheets.workspace_settings import parse_settings, settings_layout
from sheet_templates.workspace import ORDERS, Lang


@dataclass(frozen=True, slots=True)
class Place:
    """A row holding the order: its tab, its sheet row number, and its cells (field -> text);
    ``spreadsheet``: the archive spreadsheet holding the tab ("": the workspace)."""

    tab: str
    row: int
    archived: bool
    values: Mapping[str, str]
    spreadsheet: str = ""


@dataclass(frozen=True, slots=True)
class Found:
    query: str
    order_ids: tuple[str, ...]
    places: tuple[Place, ...]
    history: tuple[AuditEntry, ...]
    index: Mapping[str, Mapping[str, Any]]  # order id -> the journal's archive record (tab, at)
    unreachable: tuple[str, ...] = ()  # listed archive spreadsheets that could not be opened

    def as_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "order_ids": list(self.order_ids),
            "places": [
                {
                    "tab": p.tab,
                    "spreadsheet": p.spreadsheet,
                    "row": p.row,
                    "archived": p.archived,
                    "values": dict(p.values),
                }
                for p in self.places
            ],
            "archive_index": {
                k: {"tab": v.get("tab", ""), "spreadsheet": v.get("spreadsheet", ""), "at": v.get("at", "")}
                for k, v in self.index.items()
            },
            "unreachable": list(self.unreachable),
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
    gateway: SheetsGateway,
    journal: Journal,
    query: str,
    now: datetime,
    lang: Lang = "zh",
    days: int = 120,
    books: Callable[[str], SheetsGateway] | None = None,
) -> Found:
    """Every row whose 订单号 is ``query`` or whose 快递单号 holds it, live or archived; the history
    of the orders found (or of ``query`` as an order id, when no row holds it). ``books``: an archive
    spreadsheet's gateway by its id (None: one on ``gateway``'s client). A query that is no order id
    nor tracking number (``lookup_key``) finds nothing and reads nothing: the command refuses it first.
    Ids and numbers match as ``lookup_key`` makes them (full-width, spaces, letter case)."""
    wanted = lookup_key(query)
    if wanted is None:
        return Found(query, (), (), (), {})
    layout, settings = TableLayout.from_template(ORDERS, lang), settings_layout(lang)
    tracking_col = [c.field for c in layout.columns].index("tracking_numbers") + 1
    archives = _archive_tabs(gateway)
    ranges = [a1.sheet_range(layout.title), a1.sheet_range(settings.title)]
    values = gateway.batch_get(ranges + _archive_ranges(archives, tracking_col))
    places = list(_live(build_table(layout, values[0], lenient=True), wanted))
    places += _archived("", archives, values[2:], wanted)
    unreachable = []
    for spreadsheet_id in parse_settings(build_table(settings, values[1], lenient=True)).archive_spreadsheets:
        other = books(spreadsheet_id) if books else SheetsGateway(gateway.http, spreadsheet_id)
        try:
            tabs = _archive_tabs(other)
            got = other.batch_get(_archive_ranges(tabs, tracking_col)) if tabs else []
        except (SheetsNotFound, SheetsPermissionDenied):
            unreachable.append(spreadsheet_id)
            continue
        places += _archived(spreadsheet_id, tabs, got, wanted)
    order_ids = tuple(sorted({p.values.get("order_id", "") for p in places} - {""})) or (wanted,)
    index = {o: place for o in order_ids if (place := archive_moves.place_of(journal, o)) is not None}
    since = now - timedelta(days=days)
    history = tuple(e for e in journal.entries(since=since) if e.order_id in order_ids)
    return Found(query, order_ids, tuple(places), history, index, tuple(unreachable))


def _archive_tabs(gateway: SheetsGateway) -> list[str]:
    return sorted(t for t in gateway.sheet_ids(refresh=True) if is_archive_title(t))


def _archive_ranges(tabs: Sequence[str], tracking_col: int) -> list[str]:
    return [r for tab in tabs for r in (a1.column_range(tab, 1), a1.column_range(tab, tracking_col))]


def _archived(
    spreadsheet_id: str, tabs: Sequence[str], values: Sequence[list[list[Any]]], wanted: str
) -> list[Place]:
    """The archive tabs' rows holding ``wanted``; ``values``: each tab's 订单号 and 快递单号 columns."""
    found = []
    for i, tab in enumerate(tabs):
        ids, numbers = column_values(values[2 * i]), column_values(values[2 * i + 1])
        for number, order_id in enumerate(ids[1:], start=2):
            held = numbers[number - 1] if number - 1 < len(numbers) else ""
            if holds(order_id, wanted) or holds(held, wanted):
                cells = {"order_id": order_id, "tracking_numbers": held}
                found.append(Place(tab, number, True, cells, spreadsheet_id))
    return found


def _live(table: Any, wanted: str) -> Sequence[Place]:
    return [
        Place(table.title, row.number, False, dict(row.values))
        for row in table.rows
        if holds(row.key, wanted) or holds(row["tracking_numbers"], wanted)
    ]
