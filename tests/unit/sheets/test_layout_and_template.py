"""Column finding by header text, typed rows, write targeting, and the template's own consistency."""

from __future__ import annotations

import pytest

from shared.sheets.errors import SheetLayoutError
from shared.sheets.gateway import Outcome, SheetsGateway
from shared.sheets.layout import TableLayout, build_table, cell_text
from shared.sheets.orders import order_rows, orders_layout, split_tracking_numbers
from sheet_templates import workspace as tpl


def test_columns_found_by_header_text_in_any_order_and_language() -> None:
    layout = orders_layout("zh")
    header = ["  快递单号 ", "Order ID", "备注（运营）", "状态"]
    assert layout.locate(header) == {"tracking_numbers": 1, "order_id": 2, "status": 4}


def test_build_table_types_rows_and_skips_blank_ones() -> None:
    layout = orders_layout("zh")
    values: list[list[object]] = [
        ["状态", "订单号", "快递单号"],
        ["已发货", "3701", "SF1\nSF2"],
        [],
        ["", "", ""],
        ["单号有误", 1234567890123.0, "YT9"],
    ]
    table = build_table(layout, values)
    assert [r.number for r in table.rows] == [2, 5]
    orders = order_rows(table)
    assert orders[0].tracking_numbers == ("SF1", "SF2")
    assert orders[0].state is not None and orders[0].state.value == "shipped"
    assert orders[1].order_id == "1234567890123"
    assert orders[1].state is not None and orders[1].state.value == "invalid"
    assert "courier" in table.missing


def test_missing_key_column_is_a_layout_error() -> None:
    with pytest.raises(SheetLayoutError):
        build_table(orders_layout("zh"), [["状态", "快递单号"]])


def test_duplicate_keys_are_reported() -> None:
    table = build_table(orders_layout("en"), [["Order ID"], ["1"], ["2"], ["1"]])
    assert table.duplicate_keys() == {"1"}
    assert table.by_key()["1"].number == 2


def test_cell_text() -> None:
    assert cell_text(None) == ""
    assert cell_text(12.0) == "12"
    assert cell_text(12.5) == "12.5"
    assert cell_text(True) == "TRUE"


def test_split_tracking_numbers() -> None:
    assert split_tracking_numbers(" SF1 \r\n\nYT2\n") == ("SF1", "YT2")


@pytest.mark.parametrize(
    ("row", "keys", "expected"),
    [
        (3, ["h", "A", "B"], (3, Outcome.WRITTEN)),
        (3, ["h", "B", "A"], (2, Outcome.REMAPPED)),
        (3, ["h", "C", "D"], (None, Outcome.ROW_GONE)),
        (3, ["h", "C", "D", "B", "B"], (None, Outcome.DUPLICATE_KEY)),
        (9, ["h", "B"], (2, Outcome.REMAPPED)),
    ],
)
def test_locate_row(row: int, keys: list[str], expected: tuple[int | None, Outcome]) -> None:
    rows_of: dict[str, list[int]] = {}
    for n, k in enumerate(keys[1:], start=2):
        rows_of.setdefault(k, []).append(n)
    assert SheetsGateway._locate_row("B", row, keys, rows_of) == expected


def test_template_fields_and_headers_are_unique() -> None:
    for tab in tpl.TABS:
        fields = [c.field for c in tab.columns]
        assert len(fields) == len(set(fields)), tab.key
        for lang in tpl.LANGS:
            headers = tab.headers(lang)
            assert len(headers) == len(set(headers)), (tab.key, lang)
        if tab.key_field is not None:
            tab.column(tab.key_field)
    titles = [t.title.zh for t in tpl.TABS]
    assert titles == ["订单", "供应商", "回传", "异常", "日志", "设置", "说明"]
    assert [t.title.en for t in tpl.TABS] == [
        "Orders",
        "Suppliers",
        "Inbox",
        "Exceptions",
        "Log",
        "Settings",
        "Help",
    ]


def test_every_state_has_a_colour_and_a_legend_line() -> None:
    states = [s.state for s in tpl.ROW_STATES]
    assert states == [
        "awaiting_supplier_order",
        "awaiting_tracking",
        "invalid",
        "confirm_courier",
        "number_reused",
        "mismatch",
        "ready",
        "shipped",
        "correction_pending",
        "corrected",
        "logistics_exception",
        "delivered",
        "cancelled",
    ]
    by_state = {s.state: s for s in tpl.ROW_STATES}
    assert by_state["invalid"].colour == by_state["mismatch"].colour == tpl.RED
    assert by_state["shipped"].colour == tpl.GREEN
    assert by_state["logistics_exception"].colour == tpl.ORANGE
    assert by_state["cancelled"].colour == tpl.GREY
    # a reused number has a colour of its own, before the push and after it (已发货（单号重复）)
    assert by_state["number_reused"].colour == by_state["shipped"].variants[0][1] == tpl.PINK
    colours = [colour for s in tpl.ROW_STATES for _label, colour, _meaning in s.labels_and_colours()]
    assert colours.count(tpl.PINK) == 2 and colours.count(tpl.CONFIRM) == 1
    for lang in tpl.LANGS:
        legend = tpl.legend_rows(lang)
        labels = [row[0] for row in legend]
        assert len(labels) == len(set(labels))
        assert all(tpl.state_by_label(label) is not None for label in labels)


def test_operator_columns_match_the_design() -> None:
    operator = {c.field for c in tpl.ORDERS.columns if c.owner == "operator"}
    assert operator == {"supplier", "supplier_order_no", "courier", "tracking_numbers"}
    assert tpl.ORDERS.column("supplier").dropdown == "suppliers"
    assert tpl.ORDERS.column("courier").dropdown == "couriers"
    assert "顺丰速运" in tpl.dropdown_values("couriers", "zh")


def test_layout_from_template_accepts_both_languages() -> None:
    layout = TableLayout.from_template(tpl.ORDERS, "en")
    assert layout.title == "Orders"
    assert layout.column("order_id").headers == ("Order ID", "订单号")


def test_coalesce_columns_makes_one_range_per_run() -> None:
    from shared.sheets.gateway import coalesce_columns

    cells = {(2, 10): "a", (3, 10): "b", (5, 10): "c", (2, 11): "x", (3, 11): "y"}
    assert coalesce_columns(cells) == [(2, 10, ["a", "b"]), (5, 10, ["c"]), (2, 11, ["x", "y"])]


def test_coalesce_rows_groups_consecutive_rows_of_one_colour() -> None:
    from shared.sheets.gateway import coalesce_rows

    red = (("blue", 0.1), ("green", 0.1), ("red", 0.9))
    assert coalesce_rows({2: red, 3: red, 4: None, 6: red}) == [(2, 3, red), (4, 4, None), (6, 6, red)]


def test_build_table_from_a_slice_keeps_sheet_row_numbers() -> None:
    header: list[list[object]] = [["订单号", "状态"]]
    table = build_table(orders_layout(), header, body=[["7", "已发货"], [], ["9", ""]], body_start=7)
    assert [(r.number, r.key) for r in table.rows] == [(7, "7"), (9, "9")]
    # A slice that starts at the header row does not read the header as data.
    table = build_table(orders_layout(), header, body=[["订单号", "状态"], ["2", ""]], body_start=1)
    assert [(r.number, r.key) for r in table.rows] == [(2, "2")]


def test_workspace_settings_parse_with_defaults_and_problems() -> None:
    from shared.sheets.workspace_settings import parse_settings, settings_layout

    values: list[list[object]] = [
        ["键", "设置项", "值", "说明"],
        ["auto_push", "自动推送", "开", ""],
        ["urgent_hours", "", 6, ""],
        ["stall_days", "", "三天", ""],
    ]
    parsed = parse_settings(build_table(settings_layout(), values))
    assert parsed.auto_push is True
    assert parsed.urgent_hours == 6.0
    assert parsed.stall_days == 3.0 and parsed.problems == ("stall_days",)
    assert parsed.pickup_days == 2.0
    off = parse_settings(build_table(settings_layout("en"), [["Key", "Value"], ["auto_push", "Off"]]))
    assert off.auto_push is False and off.problems == ()


def test_status_labels_round_trip() -> None:
    assert tpl.status_label("shipped") == "已发货"
    assert tpl.status_label("awaiting_tracking", "en", variant=0) == "Awaiting tracking (urgent)"
    assert tpl.status_label("cancelled", "zh", variant=0) == "已取消（供应商已发货）"
    for st in tpl.ROW_STATES:
        for lang in tpl.LANGS:
            found = tpl.state_by_label(tpl.status_label(st.state, lang))
            assert found is not None and found.state == st.state
    with pytest.raises(KeyError):
        tpl.state("lost")
