"""Clipboard text -> a block of cells, as copying from Excel, Sheets or a WeChat chat gives it."""

from __future__ import annotations

from emulators.sheets.tsv import parse


def test_rows_by_newline_cells_by_tab_and_excel_line_endings() -> None:
    assert parse("1001\tSF1\r\n1002\tYT2\r\n") == [["1001", "SF1"], ["1002", "YT2"]]
    assert parse("1001\tSF1\n1002\tYT2") == [["1001", "SF1"], ["1002", "YT2"]]


def test_a_quoted_cell_keeps_its_line_breaks_tabs_and_quotes() -> None:
    text = '"第一行\n第二行"\tSF1\r\n"他说""好""\there"\tYT2\r\n'
    assert parse(text) == [["第一行\n第二行", "SF1"], ['他说"好"\there', "YT2"]]


def test_ragged_rows_are_padded_and_empty_cells_kept() -> None:
    assert parse("a\tb\tc\nd\n\te\t") == [["a", "b", "c"], ["d", "", ""], ["", "e", ""]]
    assert parse("a\n\nb") == [["a"], [""], ["b"]]


def test_a_stray_quote_is_text_as_typed() -> None:
    assert parse('5" screen\tSF1') == [['5" screen', "SF1"]]
    assert parse('"unclosed\tSF1') == [['"unclosed', "SF1"]]
    assert parse('"ab"c\tSF1') == [['"ab"c', "SF1"]]


def test_one_value_and_nothing() -> None:
    assert parse("SF1234567890123") == [["SF1234567890123"]]
    assert parse("SF1234567890123\n") == [["SF1234567890123"]]
    assert parse("") == [[""]]
