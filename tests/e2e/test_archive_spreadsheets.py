"""Archive tabs roll over into separate archive spreadsheets once the workspace nears its cell limit
(issue 18, item 1): the 设置 row archive_spreadsheets lists them; a move across two spreadsheets
appends first, then deletes, so a crash between the two is finished by the next tick; restore and
find work from there; with none to take the rows the workspace says so on 异常.

The limits are made small (World.archive_limits): a fresh workspace is already "near its limit".
The Sheets emulator enforces no cell limit of its own: what is measured is the grids' sizes."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

from shared.app import archive_books, archive_moves
from shared.app.find_order import find
from shared.app.tick.tidy import layouts_for
from shared.reconcile.archive import archive_title, is_archive_title, month_of
from shared.reconcile.archive_room import CellLimits
from shared.sheets.errors import SheetsUnavailable
from shared.sheets.gateway import SheetsGateway
from shared.sheets.http import SheetsHTTPClient
from shared.sheets.settings import SheetsSettings
from shared.sheets.workspace_init import create_spreadsheet
from tests.e2e.world import World, world

ROOT = Path(__file__).resolve().parents[2]
BOGUS = "1" + "x" * 43  # an id no spreadsheet has


def _new_archive_sheet(w: World) -> str:
    return create_spreadsheet(
        SheetsHTTPClient.build(SheetsSettings(api_base=w.sheets_url, anonymous=True)), "归档"
    )


def _over(w: World, stop_room: int = 10**9) -> None:
    """Limits the workspace is over now (it takes no new archive rows if an archive sheet can);
    ``stop_room``: how far over the threshold it may still take them when none can."""
    cells = archive_books.cells_of(w.gateway)
    w.archive_limits = CellLimits(threshold=cells - 1, stop=cells + stop_room)


def _tabs(w: World, sid: str) -> list[str]:
    return sorted(
        t for t in SheetsGateway(w.gateway.http, sid).sheet_ids(refresh=True) if is_archive_title(t)
    )


def _keys_in(w: World, sid: str) -> Counter[str]:
    seen: Counter[str] = Counter()
    for tab in _tabs(w, sid):
        seen.update(r["订单号"] for r in w.supplier_rows(sid, tab))
    return seen


def _places(w: World, *others: str) -> Counter[str]:
    seen: Counter[str] = Counter(r["订单号"] for r in w.records())
    for sid in (w.spreadsheet_id, *others):
        seen.update(_keys_in(w, sid))
    return seen


def _alerts(w: World) -> list[dict[str, Any]]:
    return [r for r in w.records("异常") if r["类型"] == "归档空间"]


def test_over_the_threshold_new_archive_moves_go_to_the_listed_archive_spreadsheet(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        first = w.cancelled_orders(1)
        w.advance(24 * 31)
        assert w.tick().archived_rows == 1  # under the threshold: the workspace's own tab
        tab = archive_title(month_of(w.now() - timedelta(days=31)), "zh")
        assert [r["订单号"] for r in w.records(tab)] == first

        archive = _new_archive_sheet(w)
        w.set_setting("archive_spreadsheets", f"https://docs.google.com/spreadsheets/d/{archive}/edit#gid=0")
        later = w.cancelled_orders(2)
        _over(w)
        w.advance(24 * 31)
        assert w.tick().archived_rows == 2

        assert sorted(_keys_in(w, archive)) == sorted(later)
        assert [r["订单号"] for r in w.records()] == []
        assert set(_places(w, archive).values()) == {1}
        assert archive_moves.place_of(w.journal, later[0])["spreadsheet"] == archive  # type: ignore[index]
        assert _alerts(w) == []
        # the archive tab in the archive spreadsheet has the 订单 columns
        other_tab = _tabs(w, archive)[0]
        assert w.supplier_rows(archive, other_tab)[0].keys() == w.records(tab)[0].keys()

        found = find(w.gateway, w.journal, later[1], w.now())
        assert [(p.spreadsheet, p.tab, p.archived) for p in found.places] == [(archive, other_tab, True)]
        assert found.as_dict()["archive_index"][later[1]]["spreadsheet"] == archive
        assert [p.spreadsheet for p in find(w.gateway, w.journal, first[0], w.now()).places] == [""]
        done = w.cli(tmp_path / "journal", "find", later[1])
        assert done.returncode == 0, done.stderr
        assert f"已归档，在归档表格 {archive} 的「{other_tab}」" in done.stdout
        w.set_setting("lookup", later[0])
        w.tick()
        answer = next(r["说明"] for r in w.records("设置") if r["键"] == "lookup")
        assert f"在归档表格 {archive} 的「{other_tab}」页" in answer


class _DiesBeforeTheDelete(SheetsHTTPClient):
    """The workspace's client of a process that dies right before the source's delete is sent."""

    def batch_update(self, id: str, body: Any) -> Any:
        raise SheetsUnavailable("the process died here")


def test_a_crash_between_the_archive_append_and_the_workspace_delete_is_finished_by_the_next_tick(
    tmp_path: Path,
) -> None:
    with world(tmp_path) as w:
        ids = w.cancelled_orders(3)
        archive = _new_archive_sheet(w)
        fields = {"订单号": "order_id", "状态": "status", "说明": "message"}
        rows = [
            {fields[k]: v for k, v in r.items() if k in fields} for r in w.records() if r["订单号"] in ids[:2]
        ]
        move = archive_moves.new_move("archive", "订单", "归档-2020-01", w.now(), rows, target_book=archive)
        archive_moves.record(w.journal, move)
        dying = SheetsGateway(
            _DiesBeforeTheDelete.build(SheetsSettings(api_base=w.sheets_url, anonymous=True)),
            w.spreadsheet_id,
        )
        layouts = layouts_for("zh", ["订单", "归档-2020-01"])
        try:
            archive_moves.replay(
                dying, w.journal, move, layouts, w.now(), lambda sid: SheetsGateway(w.gateway.http, sid)
            )
        except SheetsUnavailable:
            pass
        else:
            raise AssertionError("the workspace's delete was reached")
        # in both places for now: appended to the archive, not yet deleted from 订单; still pending
        assert sorted(_keys_in(w, archive)) == sorted(ids[:2])
        assert sorted(r["订单号"] for r in w.records()) == sorted(ids)
        assert [m.key for m in archive_moves.pending(w.journal, w.now())] == [move.key]

        w.tick()  # the next tick replays it: nothing appended twice, the workspace's rows deleted

        assert archive_moves.pending(w.journal, w.now()) == []
        assert sorted(_keys_in(w, archive)) == sorted(ids[:2])
        assert [r["订单号"] for r in w.records()] == [ids[2]]
        assert set(_places(w, archive).values()) == {1}
        # an old record (no spreadsheet fields) still reads as the workspace's
        old = archive_moves.Move.from_json(
            "k",
            b'{"kind": "archive", "source": "a", "target": "b", '
            b'"at": "2026-01-01T00:00:00+00:00", "rows": []}',
        )
        assert (old.source_book, old.target_book) == ("", "")


def test_an_order_archived_in_an_archive_spreadsheet_comes_back_to_life(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        w.set_setting("auto_push", "开")
        order_id = w.create_order(address={"user_name": "李四", "tel_number": "13900001111"})
        w.tick()
        w.type_cell(order_id, "快递单号", "SF6026131434978")
        assert [p.ok for p in w.tick().pushes] == [True]
        w.shop_control.confirm(order_id)
        w.tick()
        archive = _new_archive_sheet(w)
        w.set_setting("archive_spreadsheets", archive)
        _over(w)
        w.advance(24 * 31)
        assert w.tick().archived_rows == 1
        assert list(_keys_in(w, archive)) == [order_id]

        w.shop_control.aftersale(order_id, action="open", count=1)
        report = w.tick()

        assert report.unarchived_rows == 1
        assert w.row_of(order_id)["快递单号"] == "SF6026131434978"
        assert _keys_in(w, archive) == Counter()
        assert set(_places(w, archive).values()) == {1}
        assert archive_moves.archived_among(w.journal, [order_id]) == {}


def test_with_no_archive_spreadsheet_the_workspace_asks_for_one_then_stops_archiving(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        ids = w.cancelled_orders(2)
        _over(w)  # far from the hard stop: the workspace keeps taking archive rows
        w.advance(24 * 31)
        assert w.tick().archived_rows == 2
        [alert] = _alerts(w)
        assert alert["订单号"] == "归档表格" and "archive_spreadsheets" in alert["说明"]
        assert "归档页暂时仍放在本表格" in alert["说明"]

        more = w.cancelled_orders(1)
        _over(w, stop_room=0)  # at the hard stop: nothing moves, the row stays in 订单
        w.advance(24 * 31)
        assert w.tick().archived_rows == 0
        assert [r["订单号"] for r in w.records()] == more
        assert len(_alerts(w)) == 1  # the same alert, not a second one

        w.set_setting("archive_spreadsheets", f"{BOGUS}\n归档表")  # no such spreadsheet; no id at all
        w.advance(12)
        assert w.tick().archived_rows == 0
        named = {a["订单号"]: a["说明"] for a in _alerts(w) if a["订单号"] != "归档表格"}
        assert set(named) == {f"归档表格 {BOGUS}", "归档表格 归档表"}
        assert BOGUS in named[f"归档表格 {BOGUS}"] and "请确认ID正确" in named["归档表格 归档表"]

        archive = _new_archive_sheet(w)
        w.set_setting("archive_spreadsheets", archive)
        w.advance(12)
        assert w.tick().archived_rows == 1
        assert list(_keys_in(w, archive)) == more
        resolved = {a["订单号"]: a["已处理"] for a in _alerts(w)}
        assert resolved == {"归档表格": "是", f"归档表格 {BOGUS}": "是", "归档表格 归档表": "是"}
        assert set(_places(w, archive).values()) == {1} and set(_places(w, archive)) == {*ids, *more}
