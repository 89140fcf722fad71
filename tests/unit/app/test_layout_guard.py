"""Detecting a broken header row (pure): which tabs stop the pass, which are only left unwritten."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from shared.app.layout_guard import check, marker
from shared.journal.journal import Journal
from shared.journal.local_store import LocalDirStore
from shared.sheets.layout import TableLayout, build_table
from shared.suppliers.supplier_sheet_layout import duplicated as supplier_duplicated
from sheet_templates import workspace as tpl
from sheet_templates.required_columns import DECISION_TABS, REQUIRED

NOW = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)


def table(tab: tpl.Tab, header: list[str], lang: tpl.Lang = "zh"):  # type: ignore[no-untyped-def]
    return build_table(TableLayout.from_template(tab, lang), [header, ["1"] * len(header)], lenient=True)


def orders_header(**changes: str) -> list[str]:
    header = list(tpl.ORDERS.headers("zh"))
    for old, new in changes.items():
        header[header.index(old)] = new
    return header


def test_a_whole_header_in_any_order_is_fine() -> None:
    header = list(reversed(tpl.ORDERS.headers("zh")))
    assert check([table(tpl.ORDERS, header)], "zh").problems == ()


def test_a_renamed_required_header_stops_the_pass() -> None:
    t = table(tpl.ORDERS, orders_header(快递单号="单号"))
    assert t.broken == ("tracking_numbers",)
    found = check([t], "zh")
    assert found.stops and not found.writable("订单")
    (problem,) = found.problems
    assert problem.missing == ("快递单号",) and problem.required and problem.stops
    zh, en = problem.message("zh"), problem.message("en")
    assert "「快递单号」" in zh and zh.endswith("。") and zh.count("。") == 1
    assert "'Tracking no.'" not in zh and "'快递单号'" in en  # the header as the workspace writes it


def test_a_missing_optional_header_is_reported_but_does_not_stop() -> None:
    header = [h for h in tpl.ORDERS.headers("zh") if h not in ("商品", "同步时间")]
    found = check([table(tpl.ORDERS, header)], "zh")
    (problem,) = found.problems
    assert problem.missing == ("商品", "同步时间") and not problem.required
    assert not found.stops and found.writable("订单")
    assert "这一列暂不写入" in problem.message("zh")


def test_a_header_typed_twice_is_broken_even_though_nothing_is_missing() -> None:
    header = [*tpl.ORDERS.headers("zh")]
    header.insert(0, "快递单号")  # a new column left of the real one: it would be read instead
    t = table(tpl.ORDERS, header)
    assert t.missing == () and t.duplicated == ("tracking_numbers",)
    found = check([t], "zh")
    assert found.stops and "不止一次" in found.problems[0].message("zh")


def test_a_header_row_pushed_down_is_a_missing_key_not_an_error() -> None:
    t = build_table(
        TableLayout.from_template(tpl.ORDERS, "zh"), [[], list(tpl.ORDERS.headers("zh"))], lenient=True
    )
    assert "order_id" in t.broken and all(r.key == "" for r in t.rows)
    assert check([t], "zh").stops


def test_written_only_tabs_are_left_unwritten_and_the_pass_goes_on() -> None:
    log = [h for h in tpl.LOG.headers("zh") if h != "原因"]
    found = check([table(tpl.ORDERS, orders_header()), table(tpl.LOG, log)], "zh")
    assert not found.stops
    assert found.writable("订单") and not found.writable("日志")
    assert found.markers == {marker("订单", "zh"), marker("日志", "zh")}
    (alert,) = found.alerts()
    assert alert.order_id == "日志 表头" and alert.kind == "layout_broken"


def test_settings_and_suppliers_are_read_by_the_decisions() -> None:
    assert {"orders", "settings", "suppliers"} == DECISION_TABS
    settings = [h for h in tpl.SETTINGS.headers("zh") if h != "值"]
    assert check([table(tpl.SETTINGS, settings)], "zh").stops
    suppliers = [h for h in tpl.SUPPLIERS.headers("zh") if h != "默认快递"]
    assert check([table(tpl.SUPPLIERS, suppliers)], "zh").stops
    remarks_gone = [h for h in tpl.SUPPLIERS.headers("zh") if h != "备注"]
    assert not check([table(tpl.SUPPLIERS, remarks_gone)], "zh").stops


def test_every_required_field_is_a_template_column() -> None:
    for tab in tpl.TABS:
        fields = {c.field for c in tab.columns}
        assert REQUIRED.get(tab.key, frozenset()) <= fields, tab.key
        if tab.key_field is not None and tab.key in REQUIRED:
            assert tab.key_field in REQUIRED[tab.key], tab.key


def test_an_english_workspace_is_told_in_english() -> None:
    header = [h if h != "Tracking no." else "Tracking" for h in tpl.ORDERS.headers("en")]
    found = check([table(tpl.ORDERS, header, "en")], "en")
    assert found.alerts()[0].order_id == "Orders header"
    assert "'Tracking no.'" in found.problems[0].message("en")


def test_the_journal_hears_of_a_break_once_and_of_the_mend_once(tmp_path: Path) -> None:
    journal = Journal(LocalDirStore(tmp_path))
    broken = check([table(tpl.ORDERS, orders_header(快递单号="单号"))], "zh")
    whole = check([table(tpl.ORDERS, orders_header())], "zh")
    assert [e.action for e in broken.journal_changes(journal, NOW, "system")] == ["layout_broken"]
    assert broken.journal_changes(journal, NOW, "system") == []
    assert [e.action for e in whole.journal_changes(journal, NOW, "system")] == ["layout_restored"]
    assert whole.journal_changes(journal, NOW, "system") == []
    assert [e.action for e in journal.entries()] == ["layout_broken", "layout_restored"]


def test_a_pass_that_did_not_read_a_tab_keeps_its_problem(tmp_path: Path) -> None:
    journal = Journal(LocalDirStore(tmp_path))
    log = [h for h in tpl.LOG.headers("zh") if h != "原因"]
    check([table(tpl.LOG, log)], "zh").journal_changes(journal, NOW, "system")
    only_orders = check([table(tpl.ORDERS, orders_header())], "zh")
    assert only_orders.journal_changes(journal, NOW, "system") == []  # 日志 not read: nothing mended


def test_supplier_sheet_headers_typed_twice_are_found() -> None:
    assert supplier_duplicated(["订单号", "快递单号", "Tracking no."]) == ("tracking_numbers",)
    assert supplier_duplicated(["订单号", "快递单号"]) == ()
