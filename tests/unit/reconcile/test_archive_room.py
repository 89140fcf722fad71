"""Where a month's archive rows go, by the cells the workspace and the archive spreadsheets hold
(shared/reconcile/archive_room.py), and the 设置 row that lists the archive spreadsheets."""

from __future__ import annotations

from shared.reconcile.archive_room import (
    CELL_STOP,
    CELL_THRESHOLD,
    WORKSPACE,
    CellLimits,
    Placing,
    Room,
    choose,
)
from shared.sheets.layout import Table, build_table
from shared.sheets.workspace_settings import (
    parse_settings,
    settings_layout,
    spreadsheet_id_of,
    spreadsheet_ids,
)

LIMITS = CellLimits(threshold=100, stop=150)
A, B = "1" + "a" * 43, "1" + "b" * 43


def test_under_the_threshold_the_workspace_keeps_its_archive_tabs_whatever_is_listed() -> None:
    assert choose(99, [Room(A, 0)], LIMITS) == Placing(WORKSPACE, False, ())
    assert choose(0, [], LIMITS) == Placing(WORKSPACE, False, ())


def test_over_it_the_first_listed_archive_spreadsheet_under_the_threshold_takes_them() -> None:
    assert choose(100, [Room(A, 10), Room(B, 0)], LIMITS) == Placing(A, False, ())
    assert choose(120, [Room(A, 100), Room(B, 99)], LIMITS) == Placing(B, False, ())


def test_none_listed_or_all_full_the_workspace_takes_them_until_the_hard_stop_and_asks() -> None:
    assert choose(100, [], LIMITS) == Placing(WORKSPACE, True, ())
    assert choose(149, [Room(A, 100)], LIMITS) == Placing(WORKSPACE, True, ())
    assert choose(150, [Room(A, 100)], LIMITS) == Placing(None, True, ())


def test_an_archive_spreadsheet_that_cannot_be_opened_is_never_a_target_and_is_named() -> None:
    assert choose(100, [Room(A, None), Room(B, 5)], LIMITS) == Placing(B, False, (A,))
    assert choose(160, [Room(A, None)], LIMITS) == Placing(None, True, (A,))


def test_the_default_limits_are_under_the_safer_5_million_cells() -> None:
    assert CellLimits() == CellLimits(CELL_THRESHOLD, CELL_STOP)
    assert CELL_THRESHOLD < CELL_STOP < 5_000_000


def test_ids_or_links_one_per_line_in_order_each_once() -> None:
    link = f"https://docs.google.com/spreadsheets/d/{B}/edit#gid=0"
    assert spreadsheet_ids(f"{A}\n{link}\n\n{A}") == (A, B)
    assert spreadsheet_id_of(f"docs.google.com/spreadsheets/d/{A}") == A
    assert spreadsheet_id_of("https://example.com/spreadsheets/x") is None
    assert spreadsheet_id_of("x" * 301) is None  # too long to be an id or a link: no pattern runs


def test_the_settings_row_is_parsed_and_a_bad_line_is_a_problem() -> None:
    layout = settings_layout("zh")
    header = [c.headers[0] for c in layout.columns]

    def table(value: str) -> Table:
        row = {"key": "archive_spreadsheets", "value": value}
        return build_table(layout, [header, [row.get(c.field, "") for c in layout.columns]])

    chosen = parse_settings(table(f"{A}\n不是ID"))
    assert chosen.archive_spreadsheets == (A,) and chosen.problems == ("archive_spreadsheets",)
    assert chosen.archive_bad_lines == ("不是ID",)
    empty = parse_settings(table(""))
    assert empty.archive_spreadsheets == () and empty.problems == () and empty.archive_bad_lines == ()
