"""The 统计 (Scorecard) tab: written by the full tick at most hourly, in one batch, values only.

Counts are Sheets API calls as the emulator logged them: a tick that does not refresh the tab costs
exactly what it did before the tab existed; a refreshing tick reads the sheet ids afresh (one metadata
GET) and sends the tab in its one ``spreadsheets:batchUpdate`` (one call more only when it had
nothing else to send). The first tick of a process reads the metadata anyway: it costs what it did.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from tests.e2e.world import World, world

TAB = "统计"


def _line(w: World, supplier: str, days: str) -> dict[str, str]:
    rows = w.values(TAB)
    header = rows[0]
    for row in rows[1:]:
        record = dict(zip(header, row + [""] * (len(header) - len(row)), strict=False))
        if record.get("供应商") == supplier and record.get("天数") == days:
            return record
    raise AssertionError(f"no line for {supplier} / {days}: {rows}")


def test_the_tab_shows_a_supplier_line_from_the_journal(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        w.set_setting("auto_push", "开")
        order = w.create_order()
        w.tick()
        w.type_cell(order, "供应商", "优品工厂")
        w.type_cell(order, "快递单号", "SF6026131434978")
        assert [p.ok for p in w.tick(w.now() + timedelta(hours=2)).pushes] == [True]
        w.tick(w.now() + timedelta(hours=4))  # an hour after the last refresh: refreshed again
        line = _line(w, "优品工厂", "7")
        assert (line["排名"], line["订单数"], line["已有单号"], line["包裹数"]) == ("1", "1", "1", "1")
        assert line["按时发货率(%)"] == "100"
        assert line["错号/改号每百单"] == "0"
        hours = float(line["付款到单号·中位数(小时)"])
        assert 1.9 <= hours <= 2.2  # paid just before the first tick, pushed two hours later
        overall = _line(w, "全部供应商", "30")
        assert overall["订单数"] == "1" and overall["排名"] == ""
        # values, never formulas: what is stored is what is shown
        assert not any(str(c.get("formula") or "").startswith("=") for c in w.stored_cells(TAB))


def test_the_first_tick_adds_the_tab_within_its_usual_budget(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        w.create_order()
        w.clear_sheets_log()
        report = w.tick()
        assert report.new_rows == 1 and w.values(TAB)[0][:2] == ["排名", "供应商"]
        # as without the tab: one metadata GET, the read, ONE batchUpdate (the new row, and the tab)
        assert w.sheets_counts() == {
            "spreadsheets.get": 1,
            "spreadsheets.values.batchGet": 1,
            "spreadsheets.batchUpdate": 1,
        }
        assert report.sheets_calls == 3


def test_only_an_hourly_tick_pays_for_the_tab(tmp_path: Path) -> None:
    with world(tmp_path) as w:  # no orders: nothing else a later tick would write
        start = w.now()
        w.tick(start)  # the first tick adds the tab and writes it
        assert w.values(TAB)[0][:2] == ["排名", "供应商"]

        w.clear_sheets_log()
        quiet = w.tick(start + timedelta(minutes=10))
        quiet_counts = w.sheets_counts()
        assert quiet_counts.get("spreadsheets.batchUpdate", 0) == 0  # nothing to write, no scorecard
        w.clear_sheets_log()
        again = w.tick(start + timedelta(minutes=59))
        assert w.sheets_counts() == quiet_counts and again.sheets_calls == quiet.sheets_calls

        w.clear_sheets_log()
        hourly = w.tick(start + timedelta(minutes=61))
        # the ids read afresh, and the tick's one batchUpdate (it had nothing else to send)
        assert w.sheets_counts() == {**quiet_counts, "spreadsheets.get": 1, "spreadsheets.batchUpdate": 1}
        assert hourly.sheets_calls == quiet.sheets_calls + 2


def test_a_sheet_edit_never_refreshes_the_tab(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        order = w.create_order()
        w.tick()
        w.clear_sheets_log()
        w.type_cell(order, "快递单号", "SF6026131434978")
        w.menu(order, action="validate")
        assert w.sheets_counts().get("spreadsheets.batchUpdate", 0) == 0
        assert w.sheets_counts().get("spreadsheets.get", 0) == 0


def _charts(w: World) -> list[dict[str, object]]:
    import httpx

    answer = httpx.get(
        f"{w.sheets_url}/v4/spreadsheets/{w.spreadsheet_id}",
        params={"fields": "sheets(properties.title,charts)"},
        headers={"Authorization": "Bearer operator"},
    )
    answer.raise_for_status()
    return [
        c for s in answer.json()["sheets"] if s["properties"]["title"] == TAB for c in s.get("charts", [])
    ]


def test_two_charts_are_added_once_then_their_specs_updated(tmp_path: Path) -> None:
    with world(tmp_path) as w:
        w.create_order()
        start = w.now()
        w.tick(start)
        first = _charts(w)
        assert [c["spec"]["basicChart"]["chartType"] for c in first] == ["LINE", "COLUMN"]  # type: ignore[index]
        assert [c["spec"]["title"] for c in first] == [  # type: ignore[index]
            "各供应商每周按时发货率(%)",
            "近 30 天物流异常（每百件，按类型）",
        ]
        w.type_cell(w.records()[0]["订单号"], "供应商", "优品工厂")
        w.tick(start + timedelta(hours=2))
        again = _charts(w)
        assert [c["chartId"] for c in again] == [c["chartId"] for c in first]  # updated, not added twice
        # the new supplier is now a series of each chart (the domain column plus one per supplier)
        assert all(len(c["spec"]["basicChart"]["series"]) == 1 for c in again)  # type: ignore[index]
        assert all(not c["spec"]["basicChart"].get("series") for c in first)  # type: ignore[index,attr-defined]


def test_a_change_it_counts_refreshes_the_tab_in_the_same_tick(tmp_path: Path) -> None:
    """Within the hour, a tick that changes what the tab counts (here a number refused as 单号有误)
    refreshes it in that tick, counting the row as the tick leaves it; a tick changing nothing it
    counts (another edit, a repeat) does not."""
    with world(tmp_path) as w:
        order_id = w.create_order()
        start = w.now()
        w.tick(start)  # the first refresh
        w.type_cell(order_id, "供应商", "优品工厂")
        w.clear_sheets_log()
        w.tick(start + timedelta(minutes=5))
        assert "spreadsheets.get" not in w.sheets_counts()  # nothing the tab counts changed
        w.type_cell(order_id, "快递单号", "SF12")
        w.clear_sheets_log()
        w.tick(start + timedelta(minutes=10))
        assert w.row_of(order_id)["状态"] == "单号有误"
        assert w.sheets_counts().get("spreadsheets.get") == 1  # the ids read afresh: refreshed
        line = _line(w, "优品工厂", "30")
        assert line["错号/改号每百单"] == "100" and line["错号·录入错误"] == "0"
        w.clear_sheets_log()
        w.tick(start + timedelta(minutes=15))
        assert "spreadsheets.get" not in w.sheets_counts()  # the same again: not refreshed
