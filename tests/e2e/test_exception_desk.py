"""The exception desk end to end (WeChat Shop + Sheets + Kuaidi100 emulators, the real tick and the
edit path's pass): a logistics exception arrives on 异常 as 待处理 with its two drafts; left 待处理
past 设置 exception_urgent_hours it turns urgent (紧急 cell and row colour), and a later tick with
nothing new writes nothing; an operator's 进度 is journaled with who and when, 进度时间 is written by
the product and the urgent mark goes; 已解决 is journaled as a resolution and closes the row."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from shared.app.desk_edit import apply_desk_edits
from shared.app.edit_queue import PendingEdit
from shared.app.tick import TickDeps
from shared.reconcile.deadline import to_sheet_time
from shared.sheets.edit_signature import SheetEdit
from sheet_templates.workspace import URGENT_ROW
from tests.e2e.test_logistics_watch import ship
from tests.e2e.world import World, world

NUMBER = "73100000000077"
WRITES = {"spreadsheets.batchUpdate", "spreadsheets.values.batchUpdate", "spreadsheets.values.append"}


def desk_row(w: World, order_id: str) -> tuple[int, dict[str, str]]:
    rows = [(n, r) for n, r in enumerate(w.records("异常"), start=2) if r["订单号"] == order_id]
    [(number, row)] = [(n, r) for n, r in rows if r["类型"].startswith("物流-") and r["进度"] != "已解决"]
    return number, row


def urgent_rule(w: World) -> list[str]:
    """The 异常 tab's conditional-format formulas in the urgent colour (init-sheet's rule: a row whose
    紧急 cell is set is coloured, with no write per tick)."""
    meta = w.http.get(
        f"{w.sheets_url}/v4/spreadsheets/{w.spreadsheet_id}", headers={"Authorization": "Bearer operator"}
    ).json()
    [sheet] = [s for s in meta["sheets"] if s["properties"]["title"] == "异常"]
    want = URGENT_ROW.as_api()
    return [
        r["booleanRule"]["condition"]["values"][0]["userEnteredValue"]
        for r in sheet.get("conditionalFormats", [])
        if all(
            abs(r["booleanRule"]["format"]["backgroundColor"].get(k, 0) - v) < 0.01 for k, v in want.items()
        )
    ]


def operator_sets_progress(w: World, order_id: str, value: str, user: str = "ops@example.com") -> PendingEdit:
    """The operator picks a 进度 value; the edit hook's queued edit is applied by the edit path."""
    number, row = desk_row(w, order_id)
    header = w.values("异常")[0]
    column = header.index("进度") + 1
    w.type_cell(order_id, "进度", value, tab="异常")
    edit = SheetEdit(
        spreadsheet_id=w.spreadsheet_id,
        sheet_name="异常",
        range=f"{chr(ord('A') + column - 1)}{number}",
        row=number,
        column=column,
        num_rows=1,
        num_columns=1,
        value=value,
        old_value=row["进度"],
        user=user,
        timestamp=w.now().timestamp(),
        action="edit",
    )
    pending = PendingEdit(f"e-{value}", edit)
    apply(w, pending)
    return pending


def apply(w: World, pending: PendingEdit) -> None:
    apply_desk_edits(TickDeps(w.gateway, w.shop, w.journal, w.feed, clock=w.now), (pending,))


def test_a_no_pickup_exception_goes_through_the_desk(tmp_path: Path) -> None:
    with world(tmp_path, tracking=True) as w:
        w.parcel(NUMBER, "zhongtong", "normal", start=w.now() + timedelta(days=60))  # never picked up
        order_id = ship(w, NUMBER)
        w.tick()
        w.advance(50)
        w.tick()
        _, row = desk_row(w, order_id)
        assert row["类型"] == "物流-未揽收" and row["进度"] == "待处理" and row["紧急"] == ""
        supplier, buyer = row["给供应商"], row["给买家"]
        assert order_id in supplier and "PO-0077" in supplier and NUMBER in supplier
        assert "揽收" in supplier and NUMBER in buyer and "24 小时内" in buyer
        address = w.shop_order(order_id)["order_detail"]["delivery_info"]["address_info"]
        for private in (address["tel_number"], address["detail_info"]):
            assert private not in supplier and private not in buyer
        letter = chr(ord("A") + w.values("异常")[0].index("紧急"))
        assert urgent_rule(w) == [f'=${letter}2<>""']
        # Ticks right after another (the 订单 说明 counts hours since the push: no hour passes here).
        w.clear_sheets_log()
        w.tick()  # nothing new, before any row is urgent
        quiet = w.sheets_counts()

        w.set_setting("exception_urgent_hours", "12")
        w.advance(13)
        w.tick()
        _, row = desk_row(w, order_id)
        assert row["紧急"].startswith("紧急：待处理已超过 12 小时")

        w.clear_sheets_log()
        w.tick()  # nothing new: the urgent row is already marked
        assert not WRITES & set(w.sheets_counts()), w.sheets_counts()
        assert w.sheets_counts() == quiet  # the same calls as a quiet tick before the desk had work

        w.clear_sheets_log()
        before = w.now()
        operator_sets_progress(w, order_id, "已联系供应商")
        after = w.now()
        counts = w.sheets_counts()
        assert counts.get("spreadsheets.values.batchGet") == 2, counts  # the read, the guard's re-read
        _, row = desk_row(w, order_id)
        # the sheet shows minutes: the edit may straddle a minute's turn
        assert row["进度时间"] in {to_sheet_time(before), to_sheet_time(after)} and row["紧急"] == ""
        [logged] = [r for r in w.records("日志") if r["操作"] == "更新异常进度"]
        assert logged["操作人"] == "ops@example.com" and logged["新值"] == "已联系供应商"
        assert logged["原值"] == "待处理" and logged["原因"] == "物流-未揽收"

        w.advance(1)
        before = w.now()
        operator_sets_progress(w, order_id, "已解决", user="boss@example.com")
        after = w.now()
        entries = [e for e in w.journal.entries() if e.field_name == "progress"]
        assert [(e.action, e.actor, e.new) for e in entries] == [
            ("progress", "ops@example.com", "已联系供应商"),
            ("resolve", "boss@example.com", "已解决"),
        ]
        assert before.replace(microsecond=0) <= entries[1].at <= after  # whole seconds in the journal
        [done] = [r for r in w.records("异常") if r["订单号"] == order_id and r["进度"] == "已解决"]
        assert done["进度时间"] in {to_sheet_time(before), to_sheet_time(after)}
        # 已解决 closes the row as 已处理 = 是 does: no urgency on it any more; the parcel still not
        # picked up, the watch lists the condition again as a new 待处理 row (once).
        w.advance(30)
        w.tick()
        w.tick()
        rows = [r for r in w.records("异常") if r["订单号"] == order_id and r["类型"] == "物流-未揽收"]
        assert [(r["进度"], r["紧急"]) for r in rows] == [("已解决", ""), ("待处理", "")]


def test_the_same_edit_applied_twice_is_journaled_once(tmp_path: Path) -> None:
    with world(tmp_path, tracking=True) as w:
        w.parcel(NUMBER, "zhongtong", "normal", start=w.now() + timedelta(days=60))
        order_id = ship(w, NUMBER)
        w.tick()
        w.advance(50)
        w.tick()
        pending = operator_sets_progress(w, order_id, "已联系快递")
        apply(w, pending)  # a batch put back after a failure and applied again
        assert [e.new for e in w.journal.entries() if e.field_name == "progress"] == ["已联系快递"]
