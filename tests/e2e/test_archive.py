"""Finished orders leave 订单 for monthly archive tabs, and come back when they come back to life
(issue 18, item 1). An order is in exactly one place: its live row or one archive tab's row."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from shared.app import archive_moves
from shared.app.find_order import find
from shared.app.tick import tidy
from shared.app.tick.tidy import layouts_for
from shared.reconcile.archive import archive_title, is_archive_title, month_of
from tests.e2e.world import World, world

ARCHIVE_RESTORED = "restore_row"
ROOT = Path(__file__).resolve().parents[2]


def _archive_tabs(w: World) -> list[str]:
    return sorted(t for t in w.gateway.sheet_ids(refresh=True) if is_archive_title(t))


def _places(w: World) -> Counter[str]:
    """order id -> how many rows hold it, live and archived together."""
    seen: Counter[str] = Counter(r["订单号"] for r in w.records())
    for tab in _archive_tabs(w):
        seen.update(r["订单号"] for r in w.records(tab))
    return seen


def _shipped_and_closed(w: World) -> str:
    """An order shipped through the sheet, then confirmed by its buyer (the shop closes it)."""
    order_id = w.create_order(address={"user_name": "李四", "tel_number": "13900001111"})
    w.tick()
    w.type_cell(order_id, "快递单号", "SF6026131434978")
    assert [p.ok for p in w.tick().pushes] == [True]
    w.shop_control.confirm(order_id)
    return order_id


def _archived(w: World) -> str:
    """An order shipped and closed, then moved to its archive tab 31 days later."""
    closed = _shipped_and_closed(w)
    w.tick()
    w.advance(24 * 31)
    assert w.tick().archived_rows == 1
    return closed


def test_finished_orders_move_to_the_archive_tab_of_their_month_after_the_setting(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        w.set_setting("auto_push", "开")
        closed = _shipped_and_closed(w)
        cancelled = w.create_order()
        still_open = w.create_order()
        w.tick()
        w.shop_control.cancel(cancelled)
        finished_at = w.now()
        assert w.tick().archived_rows == 0
        assert w.row_of(cancelled)["状态"] == "已取消"

        w.advance(24 * 29)
        assert w.tick().archived_rows == 0  # 29 days: not yet
        w.advance(24 * 2)
        report = w.tick()

        assert report.archived_rows == 2
        tab = archive_title(month_of(finished_at), "zh")
        assert _archive_tabs(w) == [tab]
        assert [r["订单号"] for r in w.records()] == [still_open]
        archived = {r["订单号"]: r for r in w.records(tab)}
        assert set(archived) == {closed, cancelled}
        assert archived[closed]["快递单号"] == "SF6026131434978"  # with its numbers and history
        # the journal's facts for a live row went with it; what was agreed stays for the sweep
        facts = w.journal.get_state("orders/facts")
        for gone in (closed, cancelled):
            assert (
                gone not in facts["finished"] and gone not in facts["known"] and gone not in facts["shipped"]
            )
        assert facts["agreed"][closed] == ["SF6026131434978"]
        assert facts["known"][still_open] == "open"
        assert w.values(tab)[0] == w.values()[0]  # the 订单 columns
        # later ticks neither bring them back nor archive them twice
        w.advance(24)
        again = w.tick()
        assert again.new_rows == 0 and again.archived_rows == 0
        assert set(_places(w).values()) == {1}


def test_the_archive_setting_is_on_the_settings_tab_and_0_turns_it_off(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        cancelled = w.create_order()
        w.tick()
        w.shop_control.cancel(cancelled)
        w.tick()
        w.set_setting("archive_after_days", "0")
        w.advance(24 * 60)
        assert w.tick().archived_rows == 0
        w.set_setting("archive_after_days", "10")
        w.advance(1)
        assert w.tick().archived_rows == 0  # an archive run at most every 12 hours
        w.advance(12)
        assert w.tick().archived_rows == 1


def test_an_archived_order_with_a_new_after_sale_comes_back_with_its_history(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        w.set_setting("auto_push", "开")
        closed = _archived(w)
        w.advance(24)
        w.tick()
        w.advance(24 * 31)  # long enough for the journal to forget what it agreed with the shop
        w.tick()
        assert closed not in w.journal.get_state("orders/facts")["agreed"]
        w.shop_control.aftersale(closed, action="open", count=1)
        report = w.tick()

        assert report.unarchived_rows == 1 and report.pushes == []
        back = w.row_of(closed)
        assert back["快递单号"] == "SF6026131434978" and back["快递公司"] == "顺丰速运"
        assert set(_places(w).values()) == {1}
        assert archive_moves.archived_among(w.journal, [closed]) == {}
        assert any(e.action == ARCHIVE_RESTORED and e.order_id == closed for e in w.journal.entries())
        # its numbers are the shop's, pushed by us: no "found on the shop" entry, though the facts
        # forgot what was agreed (the push records remember who put them there)
        assert not any(e.action == "found_on_shop" and e.order_id == closed for e in w.journal.entries())
        # the next tick keeps it live (it is not archived again while the after-sale is open)
        w.advance(1)
        w.tick()
        assert set(_places(w).values()) == {1} and w.row_of(closed)["订单号"] == closed


def test_a_crash_mid_move_neither_loses_nor_duplicates_a_row(tmp_path: Path) -> None:
    """The move is journaled first. A crash before the sheet write: the next tick replays it. A
    replay after the sheet write (the done mark lost) appends only what the archive lacks and deletes
    only rows still holding its orders, wherever a sort has put them."""
    with world(tmp_path) as w:
        ids = w.cancelled_orders(4)
        fields = {"订单号": "order_id", "状态": "status", "说明": "message"}
        values = [
            {fields[k]: v for k, v in r.items() if k in fields} for r in w.records() if r["订单号"] in ids[:3]
        ]
        move = archive_moves.new_move("archive", "订单", "归档-2020-01", w.now(), values)
        archive_moves.record(w.journal, move)  # ... and the process dies here
        assert [m.key for m in archive_moves.pending(w.journal, w.now())] == [move.key]

        w.tick()  # the next tick replays it

        assert archive_moves.pending(w.journal, w.now()) == []
        assert sorted(r["订单号"] for r in w.records("归档-2020-01")) == sorted(ids[:3])
        assert [r["订单号"] for r in w.records()] == [ids[3]]
        # replayed once more (a crash after the sheet write, before the done mark), after a sort
        w.sort_tab("订单号", descending=True)
        layouts = layouts_for("zh", ["订单", "归档-2020-01"])
        assert archive_moves.replay(w.gateway, w.journal, move, layouts, w.now())
        assert sorted(r["订单号"] for r in w.records("归档-2020-01")) == sorted(ids[:3])
        assert [r["订单号"] for r in w.records()] == [ids[3]]
        assert set(_places(w).values()) == {1}


def test_find_says_where_an_order_is_live_or_archived_by_id_or_tracking_number(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        w.set_setting("auto_push", "开")
        closed = _shipped_and_closed(w)
        live = w.create_order()
        w.tick()
        w.advance(24 * 31)
        w.tick()
        tab = _archive_tabs(w)[0]

        by_number = find(w.gateway, w.journal, "SF6026131434978", w.now())
        assert [(p.tab, p.archived) for p in by_number.places] == [(tab, True)]
        assert by_number.order_ids == (closed,)
        assert by_number.index[closed]["tab"] == tab
        assert {e.action for e in by_number.history} >= {"ship"}  # its push, from the journal
        assert [(p.tab, p.row) for p in find(w.gateway, w.journal, live, w.now()).places] == [("订单", 2)]

        done = w.cli(tmp_path / "journal", "find", closed, "--json")
        assert done.returncode == 0, done.stderr
        answer = json.loads(done.stdout)
        assert [(p["tab"], p["archived"]) for p in answer["places"]] == [(tab, True)]
        missing = w.cli(tmp_path / "journal", "find", "3799999999999999999")
        assert missing.returncode == 1 and "nothing found" in missing.stdout
        # typed as people type it: lower case, spaced, full-width
        for typed in ("sf6026131434978", "SF 6026 1314 34978", "ＳＦ６０２６１３１４３４９７８"):
            assert find(w.gateway, w.journal, typed, w.now()).order_ids == (closed,), typed
        # a path or a sentence is no query: refused before anything is read (exit 2)
        refused = w.cli(tmp_path / "journal", "find", "../../state/orders/facts")
        assert refused.returncode == 2 and "not an order id or a tracking number" in refused.stderr


def _lookup_answer(w: World) -> str:
    return next(r["说明"] for r in w.records("设置") if r["键"] == "lookup")


def test_the_lookup_cell_on_settings_says_where_an_order_is(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        w.set_setting("auto_push", "开")
        closed = _shipped_and_closed(w)
        live = w.create_order()
        w.tick()
        w.advance(24 * 31)
        w.tick()
        tab = _archive_tabs(w)[0]

        w.set_setting("lookup", "SF6026131434978")
        w.tick()
        assert f"订单 {closed} 已归档，在「{tab}」页" in _lookup_answer(w)
        w.set_setting("lookup", live)
        w.clear_sheets_log()
        w.tick()
        assert f"订单 {live} 在订单页第 2 行" in _lookup_answer(w)
        calls = w.sheets_counts()
        w.clear_sheets_log()
        w.tick()  # the answer is shown: nothing more to write
        assert sum(w.sheets_counts().values()) < sum(calls.values())
        # by its number typed in lower case (the archive index keys numbers as the cell asks them)
        w.set_setting("lookup", "sf6026131434978")
        w.tick()
        assert f"订单 {closed} 已归档，在「{tab}」页" in _lookup_answer(w)
        # what is no id nor number is answered so, and the tick goes on (it named a journal key)
        for typed in ("../../state/orders/facts", "9" * 5000):
            w.set_setting("lookup", typed)
            report = w.tick()
            assert report.skipped is None
            assert "不是订单号或快递单号" in _lookup_answer(w)
        w.set_setting("lookup", "3799999999999999999")
        w.tick()
        assert "都没有这个订单号或快递单号" in _lookup_answer(w)


def test_a_restored_order_is_not_archived_again_at_the_next_archive_run(tmp_path: Path) -> None:
    """Restored soon after it left (the journal still remembers when it first finished): it counts as
    finished again only from when it is seen so, not from that old time."""
    with world(tmp_path) as w:
        w.set_setting("auto_push", "开")
        closed = _archived(w)
        w.advance(24)
        w.shop_control.aftersale(closed, action="open", count=1)
        assert w.tick().unarchived_rows == 1
        assert closed not in w.journal.get_state("orders/facts")["finished"]
        w.advance(13)  # past the next archive run
        assert w.tick().archived_rows == 0
        assert set(_places(w).values()) == {1} and w.row_of(closed)["订单号"] == closed


def test_an_archive_run_moves_at_most_its_share_and_the_next_tick_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A workspace turning archiving on with a year of finished rows: each tick moves at most
    ``MAX_ROWS_PER_RUN`` of them (their index writes stay within a tick on S3), and the ticks after it
    go on at once instead of waiting for the next 12-hour run, until none is due."""
    monkeypatch.setattr(tidy, "MAX_ROWS_PER_RUN", 2)
    with world(tmp_path) as w:
        ids = w.cancelled_orders(5)
        w.advance(24 * 31)

        moved = [w.tick().archived_rows for _ in range(4)]

        assert moved == [2, 2, 1, 0]
        assert sorted(r["订单号"] for r in w.records(_archive_tabs(w)[0])) == sorted(ids)
        assert w.records() == [] and set(_places(w).values()) == {1}
        assert all(archive_moves.place_of(w.journal, i) is not None for i in ids)


def test_a_restore_a_crash_left_pending_gets_its_entry_once_and_stays_live(tmp_path: Path) -> None:
    """The restore move was journaled and the process died before the sheet write: the next tick
    finishes it and does what follows a restore (the 恢复订单行 entry, the order live again in the
    facts, a read by the next pass), so the order is not archived again at the next archive run."""
    with world(tmp_path) as w:
        w.set_setting("auto_push", "开")
        closed = _archived(w)
        w.shop_control.aftersale(closed, action="open", count=1)
        place = archive_moves.place_of(w.journal, closed)
        assert place is not None
        move = archive_moves.new_move("restore", place["tab"], "订单", w.now(), [place["row"]])
        archive_moves.record(w.journal, move)  # ... and the process dies here

        w.tick()  # finishes the move
        w.advance(13)
        w.tick()  # an archive run
        w.tick()

        assert w.row_of(closed)["订单号"] == closed and set(_places(w).values()) == {1}
        restored = [e for e in w.journal.entries() if e.action == ARCHIVE_RESTORED and e.order_id == closed]
        assert len(restored) == 1 and restored[0].old == place["tab"]


def test_an_order_back_to_life_in_an_archive_move_a_crash_left_pending_comes_back(tmp_path: Path) -> None:
    """The archive run journaled its move and died before the sheet write; an after-sale opens on one
    of its orders. The next tick reads the order (still on 订单), finishes the move (the row goes to
    the archive as journaled) and brings it back in the same tidy, not at some later listing."""
    with world(tmp_path) as w:
        w.set_setting("auto_push", "开")
        closed = _shipped_and_closed(w)
        w.tick()
        layout = layouts_for("zh", ["订单"])["订单"]
        (live,) = [r for r in w.records() if r["订单号"] == closed]
        row = {c.field: str(live.get(c.headers[0], "")) for c in layout.columns}
        move = archive_moves.new_move("archive", "订单", archive_title("2026-11", "zh"), w.now(), [row])
        archive_moves.record(w.journal, move)  # ... and the process dies here
        w.shop_control.aftersale(closed, action="open", count=1)

        report = w.tick()

        assert report.unarchived_rows == 1
        assert w.row_of(closed)["快递单号"] == "SF6026131434978" and set(_places(w).values()) == {1}
        assert archive_moves.archived_among(w.journal, [closed]) == {}
        assert [e.action for e in w.journal.entries() if e.order_id == closed].count(ARCHIVE_RESTORED) == 1


def test_a_finished_order_whose_after_sale_opens_while_its_row_is_live_stays_until_it_finishes_again(
    tmp_path: Path,
) -> None:
    """Closed by its buyer, then an after-sale opens while its row is still in 订单: the row is not
    archived 30 days after the first finish while the after-sale is open (the next ticks do not read
    the order again: nothing changes in the shop), and counts as finished again from when the
    after-sale is withdrawn."""
    with world(tmp_path) as w:
        w.set_setting("auto_push", "开")
        closed = _shipped_and_closed(w)
        w.tick()
        w.advance(24 * 10)
        w.shop_control.aftersale(closed, action="open", count=1)
        w.tick()
        w.advance(24 * 25)  # 35 days after it first finished

        assert w.tick().archived_rows == 0
        assert w.row_of(closed)["订单号"] == closed and set(_places(w).values()) == {1}

        w.shop_control.aftersale(closed, action="close")
        w.tick()
        w.advance(24 * 29)
        assert w.tick().archived_rows == 0  # 29 days after it finished again: not yet
        w.advance(24 * 2)
        assert w.tick().archived_rows == 1
        assert set(_places(w).values()) == {1} and closed not in {r["订单号"] for r in w.records()}


def test_an_order_back_to_life_while_its_archive_move_waits_comes_back_when_the_move_is_done(
    tmp_path: Path,
) -> None:
    """An archive move journaled, then left waiting (a crash, an archive spreadsheet out of reach);
    meanwhile a tick reads one of its orders alive again (an after-sale) while its row is still live.
    The tick that finishes the move does not read that order (nothing changed in the shop since), yet
    brings it back in the same tidy: an order alive again is never left in an archive tab."""
    with world(tmp_path) as w:
        w.set_setting("auto_push", "开")
        closed = _shipped_and_closed(w)
        w.tick()
        w.shop_control.aftersale(closed, action="open", count=1)
        w.tick()  # reads it alive again, its row still live
        w.advance(1)
        w.tick()  # its change is behind the watermark now: the ticks after this one do not read it
        layout = layouts_for("zh", ["订单"])["订单"]
        (live,) = [r for r in w.records() if r["订单号"] == closed]
        row = {c.field: str(live.get(c.headers[0], "")) for c in layout.columns}
        # the move as the archive run journaled it before that tick, waiting since
        move = archive_moves.new_move("archive", "订单", archive_title("2026-11", "zh"), w.now(), [row])
        archive_moves.record(w.journal, move)
        w.advance(1)

        report = w.tick()

        assert report.unarchived_rows == 1
        assert w.row_of(closed)["快递单号"] == "SF6026131434978" and set(_places(w).values()) == {1}
        assert archive_moves.archived_among(w.journal, [closed]) == {}
        assert [e.action for e in w.journal.entries() if e.order_id == closed].count(ARCHIVE_RESTORED) == 1
        w.advance(13)  # past the next archive run: it stays while its after-sale is open
        w.tick()
        assert w.row_of(closed)["订单号"] == closed and set(_places(w).values()) == {1}


def test_a_crash_before_a_restore_is_journaled_leaves_it_to_be_finished_with_its_one_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The process dies after the restore's sheet write, as its 恢复订单行 entry is being written. The
    move is not marked done before its entries are made, so the next tick finishes it again and the
    entry is made then, once (before, the move was marked done first: a crash there lost the entry)."""
    with world(tmp_path) as w:
        w.set_setting("auto_push", "开")
        closed = _archived(w)
        w.advance(24)
        w.shop_control.aftersale(closed, action="open", count=1)
        store = w.journal.store
        real_create = store.create

        def dies_writing_the_entry(key: str, data: bytes) -> bool:
            if key.startswith("audit/") and b'"restore_row"' in data:
                raise SystemExit("the process dies here")
            return real_create(key, data)

        monkeypatch.setattr(store, "create", dies_writing_the_entry)
        with pytest.raises(SystemExit):
            w.tick()
        monkeypatch.setattr(store, "create", real_create)

        w.advance(1)
        w.tick()
        w.tick()

        assert w.row_of(closed)["订单号"] == closed and set(_places(w).values()) == {1}
        restored = [e for e in w.journal.entries() if e.action == ARCHIVE_RESTORED and e.order_id == closed]
        assert len(restored) == 1
