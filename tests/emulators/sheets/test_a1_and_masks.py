"""Pure parts: A1 parsing and formatting, field masks."""

from __future__ import annotations

import pytest

from emulators.sheets import a1, masks


@pytest.mark.parametrize(
    ("text", "sheet", "bounds"),
    [
        ("'订单'!A1:Z", "订单", a1.Bounds(0, None, 0, 26)),
        ("订单!A:C", "订单", a1.Bounds(None, None, 0, 3)),
        ("'It''s 订单'!B5", "It's 订单", a1.Bounds(4, 5, 1, 2)),
        ("S!A5:A", "S", a1.Bounds(4, None, 0, 1)),
        ("S!1:2", "S", a1.Bounds(0, 2, None, None)),
        ("S!A1:1", "S", a1.Bounds(0, 1, 0, None)),
        ("S!$B$2:$C$3", "S", a1.Bounds(1, 3, 1, 3)),
        ("S!R2C3:R4C5", "S", a1.Bounds(1, 4, 2, 5)),
        ("S!C3:A1", "S", a1.Bounds(0, 3, 0, 3)),
        ("A1:B2", None, a1.Bounds(0, 2, 0, 2)),
    ],
)
def test_parse(text: str, sheet: str | None, bounds: a1.Bounds) -> None:
    parsed = a1.parse(text)
    assert (parsed.sheet, parsed.cells) == (sheet, bounds)


def test_bare_words_and_whole_sheets() -> None:
    assert a1.parse("'订单'") == a1.ParsedRange(sheet="订单", cells=None)
    assert a1.parse("Orders") == a1.ParsedRange(sheet=None, cells=None, bare_word="Orders")


@pytest.mark.parametrize("bad", ["", "'unterminated!A1", "'S'A1", "S!", "S!A1:B2:C3", "S!A:5", "S!A", "S!A0"])
def test_parse_errors(bad: str) -> None:
    with pytest.raises(a1.RangeParseError):
        a1.parse(bad)


def test_columns_and_formatting() -> None:
    assert [a1.column_letters(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]
    assert a1.column_index("ZZZ") == a1.MAX_COLUMNS - 1
    assert a1.format_range("Sheet1", 0, 4, 0, 4) == "Sheet1!A1:D4"
    assert a1.format_range("订单", 1, 2, 1, 2) == "'订单'!B2"
    assert a1.format_range("It's", 0, 1, 0, 2) == "'It''s'!A1:B1"
    assert a1.quote_sheet("A1") == "'A1'"  # would read as a cell


def test_mask_parse_and_select() -> None:
    tree = masks.parse("sheets.properties(sheetId,title),spreadsheetId")
    assert tree == {"sheets": {"properties": {"sheetId": None, "title": None}}, "spreadsheetId": None}
    data = {
        "spreadsheetId": "x",
        "sheets": [{"properties": {"sheetId": 1, "title": "t", "index": 0}, "data": []}],
    }
    assert masks.select(data, tree) == {
        "spreadsheetId": "x",
        "sheets": [{"properties": {"sheetId": 1, "title": "t"}}],
    }
    assert masks.parse("gridProperties/frozenRowCount") == {"gridProperties": {"frozenRowCount": None}}
    with pytest.raises(masks.MaskError):
        masks.parse("a(b")


def test_mask_apply_clears_named_fields_missing_from_source() -> None:
    target = {"userEnteredFormat": {"backgroundColor": {"red": 1}, "textFormat": {"bold": True}}, "note": "n"}
    masks.apply(target, {"userEnteredFormat": {}}, "userEnteredFormat.backgroundColor,note")
    assert target == {"userEnteredFormat": {"textFormat": {"bold": True}}}
