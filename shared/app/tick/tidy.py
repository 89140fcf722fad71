"""Stage 7 of the sync tick, tidy: finished orders leave 订单 for monthly archive tabs, archived orders
that come back to life return, the 日志 tab is kept to its bound, the 设置 查询 cell is answered
(shared/app/lookup_cell.py) and a 设置 value the tick could not use is noted on its row
(docs/architecture.md).

Runs after the tick has written and remembered, on what the tick read (its rows, the shop's orders,
the journal's facts); the pure decisions are shared/reconcile/archive.py, the moves themselves
(journal first, then one read and one write of the sheet) shared/app/archive_moves.py.

When: moves left unfinished by a crash are replayed at every tick; restores happen at the tick that
reads the order back to life; new archiving runs at most once every ``ARCHIVE_EVERY`` (each run
deletes rows from 订单, which a sheet-edit pass in flight would have to remap: rarely is better), and
moves at most ``MAX_ROWS_PER_RUN`` rows (more due: the next tick runs again).
Where: archive tabs stay in the workspace until its cells near the limit, then go to the archive
spreadsheets listed in 设置 archive_spreadsheets (shared/app/archive_books.py; alerts on 异常 when none
can take them). Budget of a tick that moves rows: one metadata GET of the workspace's cells on an
archive run with rows due (and one of each archive spreadsheet looked at, only once the workspace is
over the threshold), one metadata GET when a tab is new, then per move ONE ``values:batchGet`` and
ONE ``spreadsheets:batchUpdate`` (on each of the two spreadsheets when its tab is in an archive
spreadsheet); a tick with nothing to move costs nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from shared.app import archive_books, archive_moves, log_trim, lookup_cell
from shared.app.event_queue import EventQueue
from shared.app.facts import FactsDoc
from shared.app.tick.act import Acted
from shared.app.tick.deps import Layouts, TickDeps
from shared.app.tick.gather import Gathered
from shared.app.tick.read import Read
from shared.journal.records import AuditEntry
from shared.reconcile.archive import (
    archive_title,
    back_to_life,
    due_for_archive,
    newly_finished,
    to_restore,
)
from shared.reconcile.archive_room import WORKSPACE
from shared.reconcile.plan import Plan
from shared.reconcile.presence import still_open
from shared.sheets.errors import SheetsNotFound, SheetsPermissionDenied
from shared.sheets.gateway import CellWrite, SheetsGateway
from shared.sheets.layout import TableLayout
from shared.sheets.workspace_settings import WorkspaceSettings, parse_settings, setting_notes

log = logging.getLogger("waybill.archive")
ARCHIVE_EVERY = timedelta(hours=12)
LAST_RUN = "archive/last_run"
MAX_ROWS_PER_MOVE = 20_000  # one batchUpdate's body stays well under Sheets' request size
# An archive run's rows (the top ones of 订单 first); more due: the next tick runs again. Why: each
# archived order writes two index objects, on S3 from another cloud round trips each (8 at a time:
# ~60 s for 3,000 rows, benchmarks/bench_archive_index.py); a workspace turning archiving on with a
# year of finished rows would otherwise index 100,000 rows in one tick, past its time limit, and start
# over at every replay.
MAX_ROWS_PER_RUN = 3_000


@dataclass(frozen=True, slots=True)
class Tidied:
    archived: int = 0
    restored: int = 0
    replayed: int = 0  # moves a crash had left unfinished, finished now
    log_trimmed: int = 0


def tidy(deps: TickDeps, read: Read, gathered: Gathered, plan: Plan, acted: Acted, now: datetime) -> Tidied:
    """Archive, restore and trim after a full tick (a broken 订单 header: nothing moves). Rows are
    taken in the state this tick decided (a row cancelled now is finished from now)."""
    lay = Layouts.of(deps.lang)
    if not read.layout.writable(lay.orders.title):
        return Tidied()
    facts, chosen = gathered.facts, parse_settings(read.workspace.settings_tab)
    decided = {d.row: d.state for d in acted.after.decisions}
    rows = [
        r if decided.get(r.row, r.state) == r.state else replace(r, state=decided[r.row]) for r in read.rows
    ]
    for order_id in newly_finished(rows, gathered.orders, facts.finished):
        facts.seen_finished(order_id, now)
    for order_id in back_to_life(rows, gathered.orders, facts.finished):
        facts.unfinish(order_id)
    replayed, just_archived, revived = _replay_pending(deps, gathered, now)
    restored = _restore(deps, gathered, now, just_archived, revived)
    archived = trimmed = 0
    last = deps.journal.get_state(LAST_RUN) or {}
    if not last.get("at"):
        # The first tick only starts the clock: nothing can be due yet (finishing times are recorded
        # from now on), and a fresh workspace's first tick keeps its fixed budget.
        deps.journal.put_state(LAST_RUN, {"at": now.isoformat()})
    elif now - datetime.fromisoformat(str(last["at"])) >= ARCHIVE_EVERY:
        hold = {*gathered.unresolved, *(r.order_id for r in rows if r.row in set(plan.flagged_rows))}
        due = due_for_archive(rows, facts.finished_times(), now, chosen.archive_after_days, hold=hold)
        book = _room(deps, read, chosen, bool(due), now)
        if book is not None:
            now_due = [(d.order_id, d.row, d.month) for d in due[:MAX_ROWS_PER_RUN]]
            archived = _archive(deps, read, facts, now_due, now, book)
        if read.layout.writable(read.workspace.log.title):
            trimmed = log_trim.trim(deps, read.workspace.log, chosen, now)
        if book is None or len(due) <= MAX_ROWS_PER_RUN:  # else the rest at the next tick
            deps.journal.put_state(LAST_RUN, {"at": now.isoformat()})
    facts.save(deps.journal)
    if read.layout.writable(read.workspace.settings_tab.title):
        _settings_cells(deps, read, chosen)
    return Tidied(archived, restored, replayed, trimmed)


def _settings_cells(deps: TickDeps, read: Read, chosen: WorkspaceSettings) -> None:
    """The 设置 cells the tick keeps: the 查询 answer (shared/app/lookup_cell.py) and the notes on
    values it could not use (``setting_notes``). ONE guarded write when one changed, none otherwise."""
    ws = read.workspace
    notes = setting_notes(ws.settings_tab, chosen, "en" if deps.lang == "en" else "zh")
    cells = [CellWrite(key, number, "description", text) for key, number, text in notes]
    answer = lookup_cell.answer_cell(ws.settings_tab, ws.orders, deps.journal, deps.lang)
    cells += [answer] if answer is not None else []
    if cells:
        deps.gateway.write(ws.settings_tab, cells)


def layouts_for(lang: str, titles: Sequence[str]) -> dict[str, TableLayout]:
    """订单's layout, and an archive tab's: the same columns under the tab's own title."""
    orders = Layouts.of("en" if lang == "en" else "zh").orders
    return {orders.title: orders, **{t: replace(orders, title=t) for t in titles if t != orders.title}}


def _replay(deps: TickDeps, move: archive_moves.Move, now: datetime) -> int:
    """1 once the move is done. A move naming an archive spreadsheet that cannot be opened now stays
    pending (the archive run's alert names it). A restore's entries are made before it is marked done
    (``archive_moves.replay``'s ``then``): a crash between the two cannot lose them."""
    layouts = layouts_for(deps.lang, [move.source, move.target])

    def book(spreadsheet_id: str) -> SheetsGateway:
        return archive_books.book(deps, spreadsheet_id)

    try:
        then = (lambda done: _restored_entries(deps, done)) if move.kind == "restore" else None
        return int(archive_moves.replay(deps.gateway, deps.journal, move, layouts, now, book, then))
    except (SheetsNotFound, SheetsPermissionDenied):
        if not (move.source_book or move.target_book):
            raise
        log.warning("archive move %s waits: its archive spreadsheet cannot be opened", move.key)
        return 0


def _room(deps: TickDeps, read: Read, chosen: WorkspaceSettings, due: bool, now: datetime) -> str | None:
    """The spreadsheet this archive run's moves go to (None: none, archiving stops), with our alerts
    shown on 异常 (shared/app/archive_books.py). Nothing is measured when nothing is due and no alert
    of ours is open: the workspace, as before."""
    exceptions = read.workspace.exceptions
    if not due and not archive_books.ours(exceptions):
        return WORKSPACE
    placing = archive_books.place(deps, chosen.archive_spreadsheets, chosen.archive_bad_lines)
    if read.layout.writable(exceptions.title):
        archive_books.show(deps, exceptions, placing, now)
    return placing.target


def _archive(
    deps: TickDeps,
    read: Read,
    facts: FactsDoc,
    due: Sequence[tuple[str, int, str]],
    now: datetime,
    book: str = WORKSPACE,
) -> int:
    """Move the due rows, one move per month (and per ``MAX_ROWS_PER_MOVE``), to ``book``'s archive
    tabs ("": the workspace's)."""
    by_number = {r.number: r for r in read.workspace.orders.rows}
    orders_title = read.workspace.orders.title
    months: dict[str, list[Mapping[str, str]]] = {}
    for order_id, number, month in due:
        row = by_number.get(number)
        if row is not None and row.key == order_id:
            months.setdefault(month, []).append(dict(row.values))
    moved = 0
    for month, rows in sorted(months.items()):
        target = archive_title(month, deps.lang)
        for start in range(0, len(rows), MAX_ROWS_PER_MOVE):
            chunk = rows[start : start + MAX_ROWS_PER_MOVE]
            move = archive_moves.new_move("archive", orders_title, target, now, chunk, target_book=book)
            archive_moves.record(deps.journal, move)
            if _replay(deps, move, now):
                moved += len(chunk)
                # Its facts for a live row go with the row (at 1,000 orders a day, kept until the
                # sweep they were ~30% of the document every pass loads and saves): nothing
                # restores it as a lost open order, it is no longer "known" (FactsDoc.archived).
                for values in chunk:
                    facts.archived(values["order_id"])
    return moved


def _restore(
    deps: TickDeps,
    gathered: Gathered,
    now: datetime,
    just_archived: Sequence[str] = (),
    revived: Sequence[str] = (),
) -> int:
    """Archived orders read back to life this tick go back to 订单 with their archived row (its
    numbers, supplier and history), one move per archive tab; the next pass decides them with the
    shop's news (they are queued as a shop event would queue them). ``just_archived``: orders of the
    archive moves this tidy finished (a crash had left them pending, their rows live when the tick
    read them), candidates too; ``revived``: orders of those moves that came back to life while the
    move waited (an earlier tick read them so), brought back whether or not this tick read them."""
    back = sorted({*to_restore(set(gathered.archived) | set(just_archived), gathered.orders), *revived})
    orders_title = Layouts.of(deps.lang).orders.title
    by_tab: dict[tuple[str, str], list[dict[str, str]]] = {}
    for order_id in back:
        place = archive_moves.place_of(deps.journal, order_id)
        if place is not None and place.get("tab"):
            row = {str(k): str(v) for k, v in dict(place.get("row") or {"order_id": order_id}).items()}
            where = (str(place.get("spreadsheet") or ""), str(place["tab"]))
            by_tab.setdefault(where, []).append(row)
    done: list[str] = []
    for (book, tab), rows in sorted(by_tab.items()):
        move = archive_moves.new_move("restore", tab, orders_title, now, rows, source_book=book)
        archive_moves.record(deps.journal, move)
        if _replay(deps, move, now):
            done += _restored(gathered, move)
    if done:
        EventQueue(deps.journal).add(done)
    return len(done)


def _replay_pending(deps: TickDeps, gathered: Gathered, now: datetime) -> tuple[int, list[str], list[str]]:
    """Finish the moves a crash (or an unreachable archive spreadsheet) left pending; what follows a
    done move follows it here too: an archived row's facts go, a restored row gets its entry, its
    facts back and its read by the next pass. The moves finished, the orders archived by them, and
    those of them that came back to life while the move waited (journaled finished, no longer so in
    the facts: ``back_to_life`` took their finishing time away when a tick read them alive again)."""
    finished, back = 0, []
    archived: list[str] = []
    revived: list[str] = []
    for move in archive_moves.pending(deps.journal, now):
        if not _replay(deps, move, now):
            continue
        finished += 1
        if move.kind == "restore":
            back += _restored(gathered, move)
        else:
            revived += [o for o in move.order_ids if o not in gathered.facts.finished]
            for order_id in move.order_ids:
                gathered.facts.archived(order_id)
            archived += move.order_ids
    if back:
        EventQueue(deps.journal).add(back)
    return finished, archived, revived


def _restored_entries(deps: TickDeps, move: archive_moves.Move) -> None:
    """Each order's 恢复订单行 entry, once per move and order (whichever tick finishes the move, however
    many times a crash makes it run)."""
    for values in move.rows:
        order_id = values["order_id"]
        entry = _restored_entry(deps, order_id, move.source, move.target, move.at)
        deps.journal.record_entry_once(entry, f"restore|{move.key}|{order_id}")


def _restored(gathered: Gathered, move: archive_moves.Move) -> list[str]:
    """A done restore's orders (their entries are made by the move, ``_restored_entries``): their
    facts live again (open unless this pass read it closed). Their ids."""
    done = []
    for values in move.rows:
        order_id = values["order_id"]
        order = gathered.orders.get(order_id)
        gathered.facts.mark_known(order_id, still_open(order) if order is not None else True)
        gathered.facts.unfinish(order_id)
        done.append(order_id)
    return done


def _restored_entry(deps: TickDeps, order_id: str, tab: str, orders_title: str, now: datetime) -> AuditEntry:
    return AuditEntry(
        now,
        deps.actor,
        "restore_row",
        order_id,
        "order_id",
        tab,
        orders_title,
        "shop",
        "an archived order came back to life (an after-sale, or open again in the shop)",
        "ok",
    )
