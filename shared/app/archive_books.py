"""Which spreadsheet the archive run's moves go to, and the 异常 alert when none can take them.

The choice is shared/reconcile/archive_room.py's, on cells measured here: one metadata ``GET`` of the
workspace (its tabs' grids), then, only while the workspace is over the threshold, one of each
archive spreadsheet listed in 设置 ``archive_spreadsheets``, in order, up to the first one under it.
Measured only by a tick's archive run (at most every 12 hours) that has rows to move or an open
alert of ours to clear. So a listed spreadsheet that cannot be opened is found (and named) when it is
first needed, not when it is typed.

The alert lives on 异常 beside the broken-header and stopped-sync ones, keyed by a marker in its 订单号
cell: one while the workspace nears its cell limit with no archive spreadsheet able to take the rows,
one per listed archive spreadsheet that cannot be opened (named by its id). Each is appended once and
marked handled (已处理 = 是) by the first archive run that finds its cause gone.

Gateways of archive spreadsheets: ``TickDeps.archive_gateway`` (the deployment's, built like the
overview spreadsheet's: same settings and shared quota, another spreadsheet id; shared/app/wiring.py),
or one on the workspace gateway's own client; kept for the tick in ``TickDeps.archive_books``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from shared.app import sheet_plan
from shared.app.tick.deps import TickDeps
from shared.domain.text import Bilingual
from shared.reconcile.archive_room import Placing, Room, choose
from shared.reconcile.plan import Alert
from shared.sheets.append_cells import Appendix, append_request
from shared.sheets.errors import SheetsNotFound, SheetsPermissionDenied
from shared.sheets.gateway import SheetsGateway, TableWrite
from shared.sheets.layout import Table
from sheet_templates.workspace import Lang

KIND = "archive_room"


def book(deps: TickDeps, spreadsheet_id: str) -> SheetsGateway:
    """The gateway of ``spreadsheet_id`` ("" or the workspace's own id: the workspace's)."""
    if not spreadsheet_id or spreadsheet_id == deps.gateway.spreadsheet_id:
        return deps.gateway
    if spreadsheet_id not in deps.archive_books:
        make = deps.archive_gateway
        gateway = make(spreadsheet_id) if make else SheetsGateway(deps.gateway.http, spreadsheet_id)
        deps.archive_books[spreadsheet_id] = gateway
    return deps.archive_books[spreadsheet_id]


def cells_of(gateway: SheetsGateway) -> int:
    """The spreadsheet's cells, as Google counts them: rows × columns of every tab's grid."""
    return sum(rows * cols for rows, cols in gateway.grid_sizes().values())


def place(deps: TickDeps, listed: Sequence[str], bad: Sequence[str] = ()) -> Placing:
    """Where this archive run's moves go (see the module docstring for what is measured). ``bad``:
    lines of the 设置 row that are no id or link, named as spreadsheets that cannot be opened."""
    workspace = cells_of(deps.gateway)
    rooms = [Room(line, None) for line in bad]
    for spreadsheet_id in listed if workspace >= deps.archive_limits.threshold else ():
        try:
            cells: int | None = cells_of(book(deps, spreadsheet_id))
        except (SheetsNotFound, SheetsPermissionDenied):
            cells = None  # not shared with the service account, or no such spreadsheet
        rooms.append(Room(spreadsheet_id, cells))
        if cells is not None and cells < deps.archive_limits.threshold:
            break
    return choose(workspace, rooms, deps.archive_limits)


def marker(lang: Lang, spreadsheet_id: str = "") -> str:
    """The 订单号 cell of the alert: the workspace's, or one archive spreadsheet's."""
    word = "归档表格" if lang == "zh" else "Archive spreadsheet"
    return f"{word} {spreadsheet_id}" if spreadsheet_id else word


def _short(stopped: bool) -> Bilingual:
    stop = Bilingual(
        "归档已暂停，已完成的订单暂留在订单页。", "Archiving has stopped: finished orders stay in 订单."
    )
    keep = Bilingual("归档页暂时仍放在本表格。", "Archive tabs stay in this spreadsheet for now.")
    then = stop if stopped else keep
    return Bilingual(
        "工作表格接近单元格上限：请新建一个归档表格，与服务账号共享，并把它的ID填入「设置」的 "
        f"archive_spreadsheets（每行一个）。{then.zh}",
        "The workspace nears its cell limit: create an archive spreadsheet, share it with the service "
        f"account, and put its id into 设置 (Settings) archive_spreadsheets (one per line). {then.en}",
    )


def _unreachable(spreadsheet_id: str) -> Bilingual:
    return Bilingual(
        f"打不开归档表格 {spreadsheet_id}：请确认ID正确，并已与服务账号共享（可编辑）。没有行移到那里。",
        f"Cannot open the archive spreadsheet {spreadsheet_id}: check its id, and that it is shared "
        "with the service account (as an editor). No row moves there.",
    )


_TODO = Bilingual("新建归档表格并填入设置", "Add an archive spreadsheet in Settings")
_CHECK = Bilingual("核对ID与共享", "Check its id and sharing")


def alerts(placing: Placing, lang: Lang) -> list[Alert]:
    found = [Alert(marker(lang, s), KIND, _unreachable(s), _CHECK) for s in placing.unreachable]
    if placing.short:
        found.append(Alert(marker(lang), KIND, _short(placing.target is None), _TODO))
    return found


def ours(exceptions: Table) -> set[str]:
    """The markers of our alerts open on 异常 (so a run with nothing due still clears them)."""
    rows = exceptions.rows
    return {r.key for r in rows if sheet_plan.alert_code(r["kind"]) == KIND and sheet_plan.is_row_open(r)}


@dataclass(frozen=True, slots=True)
class Shown:
    added: int
    resolved: int


def show(deps: TickDeps, exceptions: Table, placing: Placing, now: datetime) -> Shown:
    """Our alerts on 异常 as ``placing`` has them: new ones appended once, open ones whose cause is
    gone marked handled; one guarded write, none when nothing changes."""
    current = alerts(placing, deps.lang)
    decided = ours(exceptions) | {a.order_id for a in current}
    # its rows, not the Table: the 紧急 marks are the write stage's, not ours
    changes = sheet_plan.exception_changes(current, exceptions.rows, deps.lang, now, decided)
    if not changes.new_rows and not changes.resolved:
        return Shown(0, 0)
    extra = []
    if changes.new_rows:
        sheet_id = deps.gateway.sheet_ids()[exceptions.title]
        extra.append(append_request(sheet_id, Appendix(exceptions, changes.new_rows)))
    deps.gateway.write_many([TableWrite(exceptions, tuple(changes.resolved))], extra_requests=extra)
    return Shown(len(changes.new_rows), len(changes.resolved))
