"""Moving rows between 订单 and an archive tab, journal first, so a crash neither loses nor doubles one.

A move (archive: 订单 -> 归档-2026-11; restore: 归档-2026-11 -> 订单) is one record in the journal,
written before the sheet is touched, holding the rows' values as read, and which spreadsheet holds
each tab (``source_book`` / ``target_book``: "" is the workspace; an archive tab may be in a separate
archive spreadsheet, shared/reconcile/archive_room.py). Then ``replay`` does the sheet's part.

Both tabs in one spreadsheet: ONE ``values:batchGet`` (both tabs' headers and key columns, read just
now) and ONE ``spreadsheets:batchUpdate`` (Sheets applies it all or nothing): the rows the target
does not hold yet are appended, and the source's rows whose key is one of the move's orders are
deleted (``deleteDimension``, matched by order id, so a sort since the tick's read cannot make the
wrong rows go).

Two spreadsheets: no request spans both, so the move is two steps, in this order: the target's
``values:batchGet`` and ``spreadsheets:batchUpdate`` (append the rows whose key it lacks), then the
source's (delete the rows holding the move's keys). Each step is idempotent by key, and the order
makes every crash point safe: a crash before the append leaves the rows in the source only; between
the two steps, in both (the next tick's replay appends nothing, since the target holds the keys, and
deletes them from the source); after the delete, in the target only (the replay finds nothing to do
but the index). A row is never missing from both, and a row in both is a move not yet done, which
the next tick finishes (``pending``). Deleting first would lose the rows over a crash.

Then each order's place is written to the index (``archive/orders/<order id>.json``: its tab and
spreadsheet; several objects at a time on S3) and the move is marked done. A move not marked done
is replayed by the next tick.

Keys (docs/journal.md):
    archive/moves/<yyyy-mm-dd>/<time>-<kind>-<hash>.json   the move, created once, before the sheet
    archive/done/<same>.json                                created once the sheet holds it
    archive/orders/<order id>.json                          where the order's row is now (its tab and
                                                            spreadsheet, or "" once restored), with
                                                            its values
    archive/numbers/<tracking number>.json                  the archived order that held the number
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from shared.journal.journal import Journal
from shared.reconcile.archive import delete_spans
from shared.reconcile.lookup import cell_keys
from shared.sheets import a1
from shared.sheets.append_cells import Appendix, append_request
from shared.sheets.gateway import SheetsGateway, _guard
from shared.sheets.layout import Table, TableLayout, build_table, column_values
from shared.sheets.workspace_init import text_format_request

MOVES, DONE, INDEX = "archive/moves/", "archive/done/", "archive/orders/"
NUMBERS = "archive/numbers/"  # tracking number -> the archived order that held it
_BOLD = {"textFormat": {"bold": True}}
PENDING_DAYS = 7  # day folders looked at for moves not done (a move is replayed by the next tick)


@dataclass(frozen=True, slots=True)
class Move:
    """``rows``: field -> text of each row moved, as read; keyed by ``order_id``."""

    key: str
    kind: str  # "archive" | "restore"
    source: str
    target: str
    at: datetime
    rows: tuple[Mapping[str, str], ...]
    # The spreadsheets holding ``source`` and ``target`` ("": the workspace; a record written before
    # archive spreadsheets existed has neither, and is the workspace's both ways).
    source_book: str = ""
    target_book: str = ""

    @property
    def order_ids(self) -> tuple[str, ...]:
        return tuple(str(r.get("order_id", "")) for r in self.rows)

    def to_json(self) -> bytes:
        doc = {
            "kind": self.kind,
            "source": self.source,
            "target": self.target,
            "at": self.at.isoformat(),
            "rows": [dict(r) for r in self.rows],
        }
        if self.source_book:
            doc["source_spreadsheet"] = self.source_book
        if self.target_book:
            doc["target_spreadsheet"] = self.target_book
        return json.dumps(doc, ensure_ascii=False, sort_keys=True).encode("utf-8")

    @classmethod
    def from_json(cls, key: str, data: bytes) -> Move:
        doc = json.loads(data.decode("utf-8"))
        rows = tuple({str(k): str(v) for k, v in dict(r).items()} for r in doc["rows"])
        at = datetime.fromisoformat(str(doc["at"]))
        books = str(doc.get("source_spreadsheet", "")), str(doc.get("target_spreadsheet", ""))
        return cls(key, str(doc["kind"]), str(doc["source"]), str(doc["target"]), at, rows, *books)


def new_move(
    kind: str,
    source: str,
    target: str,
    at: datetime,
    rows: Sequence[Mapping[str, str]],
    *,
    source_book: str = "",
    target_book: str = "",
) -> Move:
    """``source_book`` / ``target_book``: the spreadsheet holding each tab ("": the workspace)."""
    ids = ",".join(sorted(str(r.get("order_id", "")) for r in rows))
    where = f"{source_book}>{target_book}|" if source_book or target_book else ""
    digest = hashlib.sha256(f"{where}{kind}|{source}|{target}|{ids}".encode()).hexdigest()[:16]
    stamp = at.astimezone(UTC)
    key = f"{MOVES}{stamp:%Y-%m-%d}/{stamp:%Y%m%dT%H%M%S}-{kind}-{digest}.json"
    rows_kept = tuple(dict(r) for r in rows)
    return Move(key, kind, source, target, stamp, rows_kept, source_book, target_book)


def record(journal: Journal, move: Move) -> None:
    """The move's intent, before the sheet is touched (create-if-absent: a repeat is the same move)."""
    journal.store.create(move.key, move.to_json())


def pending(journal: Journal, now: datetime) -> list[Move]:
    """Moves of the last ``PENDING_DAYS`` day folders that are not marked done, oldest first."""
    found = []
    for day in range(PENDING_DAYS, -1, -1):
        folder = f"{MOVES}{(now - timedelta(days=day)).astimezone(UTC):%Y-%m-%d}/"
        done = set(journal.store.keys(folder.replace(MOVES, DONE, 1)))
        for key in journal.store.keys(folder):
            if key.replace(MOVES, DONE, 1) in done:
                continue
            stored = journal.store.read(key)
            if stored is not None:
                found.append(Move.from_json(key, stored.data))
    return found


def place_of(journal: Journal, order_id: str) -> dict[str, Any] | None:
    """The index record of an order ever archived: {"tab": title or "", "spreadsheet": its id or ""
    (the workspace; absent in records written before archive spreadsheets), "at", "row": values}."""
    stored = journal.store.read(f"{INDEX}{order_id}.json")
    if stored is None:
        return None
    doc = json.loads(stored.data.decode("utf-8"))
    return doc if isinstance(doc, dict) else None


def archived_among(journal: Journal, order_ids: Iterable[str]) -> dict[str, str]:
    """Of these orders, those whose row is in an archive tab now: order id -> tab title."""
    found = {}
    for order_id in order_ids:
        place = place_of(journal, order_id)
        if place is not None and place.get("tab"):
            found[order_id] = str(place["tab"])
    return found


Books = Callable[[str], SheetsGateway]  # a spreadsheet id ("": the workspace) -> its gateway


def replay(
    gateway: SheetsGateway,
    journal: Journal,
    move: Move,
    layouts: Mapping[str, TableLayout],
    now: datetime,
    books: Books | None = None,
    then: Callable[[Move], None] | None = None,
) -> bool:
    """Do the sheet's part of ``move`` (see the module docstring); True once it is marked done.
    ``gateway``: the workspace's; ``books``: the gateway of another spreadsheet the move names (None:
    one on ``gateway``'s client). ``layouts``: the two tabs' layouts by title (an archive tab missing
    is added, with its header and text formats, with the rows). False: the source tab is gone, or a
    tab's 订单号 is not its first column (left as it is; the move stays pending).

    ``then``: what must follow the sheet's part (a restore's 恢复订单行 entries), run after the index
    and before the move is marked done, so a crash in between leaves the move pending and the replay
    runs it again: it must be idempotent (entries made with ``Journal.record_entry_once``)."""

    def book(spreadsheet_id: str) -> SheetsGateway:
        if not spreadsheet_id or spreadsheet_id == gateway.spreadsheet_id:
            return gateway
        return books(spreadsheet_id) if books is not None else SheetsGateway(gateway.http, spreadsheet_id)

    source, target = book(move.source_book), book(move.target_book)
    if source is target:
        done = _step(source, move, layouts, append=True, delete=True)
    else:  # append first, then delete: see the module docstring
        done = (
            move.source in _ids_with(source, [move.source])
            and _step(target, move, layouts, append=True, delete=False)
            and _step(source, move, layouts, append=False, delete=True)
        )
    if not done:
        return False
    _index(journal, move, now)
    if then is not None:
        then(move)
    journal.store.create(move.key.replace(MOVES, DONE, 1), b"{}")
    return True


def _ids_with(gateway: SheetsGateway, titles: Sequence[str]) -> dict[str, int]:
    """The spreadsheet's sheet ids, read again when one of ``titles`` is not among the cached ones."""
    ids = gateway.sheet_ids()
    return ids if all(t in ids for t in titles) else gateway.sheet_ids(refresh=True)


def _step(
    gateway: SheetsGateway, move: Move, layouts: Mapping[str, TableLayout], *, append: bool, delete: bool
) -> bool:
    """This spreadsheet's part of the move: ``append`` the rows its target tab lacks (the tab added
    when missing), ``delete`` the source tab's rows holding the move's keys; ONE ``values:batchGet``
    and ONE ``spreadsheets:batchUpdate`` (none when there is nothing to send)."""
    ids = _ids_with(gateway, ([move.source] if delete else []) + ([move.target] if append else []))
    if delete and move.source not in ids:
        return False
    create: list[dict[str, Any]] = []
    if append and move.target not in ids:
        new_id = _new_sheet_id(move.target, ids.values())
        create = add_tab_requests(new_id, layouts[move.target])
        ids = {**ids, move.target: new_id}
    titles = ([move.source] if delete else []) + ([move.target] if append and not create else [])
    read = _keys_of(gateway, titles, layouts)
    if read is None:
        return False  # the key column moved: matching by another column could delete the wrong rows
    heads, keys = read
    requests = list(create)
    if append:
        held = {k.strip() for k in keys.get(move.target, [])[1:]}
        appended = [r for r in move.rows if r.get("order_id", "") not in held]
        head = heads.get(move.target) or _template_table(layouts[move.target])
        if appended:
            requests.append(append_request(ids[move.target], Appendix(head, appended)))
    if delete:
        requests += _delete_requests(ids[move.source], keys[move.source], set(move.order_ids))
    if requests:
        with _guard("archive move"):
            gateway.http.batch_update(gateway.spreadsheet_id, {"requests": requests})
    if create:
        gateway.sheet_ids(refresh=True)
    return True


def _keys_of(
    gateway: SheetsGateway, titles: Sequence[str], layouts: Mapping[str, TableLayout]
) -> tuple[dict[str, Table], dict[str, list[str]]] | None:
    """Each tab's header and key column, read just now in ONE ``values:batchGet``; None when a tab's
    订单号 is not its first column."""
    if not titles:
        return {}, {}
    values = gateway.batch_get([a1.sheet_range(t, "1:1") for t in titles] + [_key_range(t) for t in titles])
    heads = {t: _head(layouts[t], values[i]) for i, t in enumerate(titles)}
    if any(heads[t].columns.get("order_id") != 1 for t in titles):
        return None
    return heads, {t: column_values(values[len(titles) + i]) for i, t in enumerate(titles)}


def _head(layout: TableLayout, values: Sequence[Sequence[Any]]) -> Table:
    return build_table(layout, [list(r) for r in values[:1]], header_only=True, lenient=True)


def _delete_requests(sheet_id: int, keys: Sequence[str], leaving: Collection[str]) -> list[dict[str, Any]]:
    spans = delete_spans(keys, leaving)
    requests: list[dict[str, Any]] = []
    if spans and sum(b - a for a, b in spans) >= len(keys) - 1:
        # Every row under the header goes: Sheets refuses to delete all of a tab's non-frozen rows,
        # so the grid gets one empty row first (at its end, after every row deleted).
        requests.append({"appendDimension": {"sheetId": sheet_id, "dimension": "ROWS", "length": 1}})
    return requests + [delete_rows(sheet_id, start, end) for start, end in spans]


def _index(journal: Journal, move: Move, now: datetime) -> None:
    """Each row's place in the index, and for an archived row its tracking numbers, written
    ``write_concurrency`` of the store at a time (``Journal.replace_all``): two objects per archived
    order, each a round trip on S3 from another cloud. A replay writes them all again (idempotent);
    an archive run moves at most ``MAX_ROWS_PER_RUN`` rows (shared/app/tick/tidy.py), so that stays
    within one tick."""
    tab = move.target if move.kind == "archive" else ""
    book = move.target_book if move.kind == "archive" else ""
    at = now.astimezone(UTC).isoformat()
    # by key, the later row's last (a number on two rows leads to the later one, as written in turn
    # before): the writes go several at a time, in no order
    objects: dict[str, bytes] = {}
    for row in move.rows:
        order_id = row.get("order_id", "")
        doc = {"tab": tab, "spreadsheet": book, "at": at, "move": move.key, "row": dict(row)}
        objects[f"{INDEX}{order_id}.json"] = json.dumps(doc, ensure_ascii=False, sort_keys=True).encode()
        if move.kind == "archive":  # its tracking numbers lead to it too (the 查询 cell)
            for number in cell_keys(row.get("tracking_numbers", "")):  # as the 查询 cell asks
                objects[f"{NUMBERS}{_safe(number)}.json"] = order_id.encode("utf-8")
    journal.replace_all(list(objects.items()))


def order_of_number(journal: Journal, number: str) -> str | None:
    """The archived order whose row held this tracking number (the last one archived with it)."""
    stored = journal.store.read(f"{NUMBERS}{_safe(number)}.json")
    return stored.data.decode("utf-8") if stored is not None else None


def _safe(text: str) -> str:
    """A key part from a typed number: only letters, digits and - (anything else is hashed)."""
    if text and all(c.isascii() and (c.isalnum() or c == "-") for c in text):
        return text
    return "h-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _key_range(title: str) -> str:
    return a1.column_range(title, 1)  # 订单号 is the first column of 订单 and of every archive tab


def _template_table(layout: TableLayout) -> Table:
    return build_table(layout, [[c.headers[0] for c in layout.columns]], header_only=True)


def add_tab_requests(sheet_id: int, layout: TableLayout) -> list[dict[str, Any]]:
    """A new archive tab: the 订单 columns as header (frozen), identifier columns as plain text, a
    grid no bigger than the header (appended rows grow it: empty rows would count as cells)."""
    width = len(layout.columns)
    header = {
        "values": [
            {
                "userEnteredValue": {"stringValue": c.headers[0]},
                "userEnteredFormat": {"textFormat": {"bold": True}},
            }
            for c in layout.columns
        ]
    }
    props = {
        "sheetId": sheet_id,
        "title": layout.title,
        "gridProperties": {"rowCount": 1, "columnCount": width, "frozenRowCount": 1},
    }
    requests: list[dict[str, Any]] = [
        {"addSheet": {"properties": props}},
        {
            "updateCells": {
                "range": a1.grid_range(sheet_id, 1, 1, 1, width),
                "rows": [header],
                "fields": "userEnteredValue,userEnteredFormat.textFormat",
            }
        },
    ]
    requests += [text_format_request(sheet_id, i) for i, c in enumerate(layout.columns, 1) if c.text]
    return requests


def _new_sheet_id(title: str, taken: Collection[int]) -> int:
    candidate = int(hashlib.sha256(title.encode()).hexdigest()[:7], 16) + 1000
    while candidate in taken:
        candidate += 1
    return candidate


def delete_rows(sheet_id: int, start: int, end: int) -> dict[str, Any]:
    rng = {"sheetId": sheet_id, "dimension": "ROWS", "startIndex": start, "endIndex": end}
    return {"deleteDimension": {"range": rng}}
