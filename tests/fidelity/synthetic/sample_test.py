"""A tiny synthetic gspread-style suite: one test per way a result can be classified."""

import gspread
import pytest


def test_offline() -> None:
    assert gspread.utils.a1_to_rowcol("B3") == (3, 2)


@pytest.mark.vcr()
def test_values_round_trip(spreadsheet: gspread.Spreadsheet) -> None:
    spreadsheet.sheet1.update([["a", "b"]], "A1")
    assert spreadsheet.sheet1.get_all_values() == [["a", "b"]]


@pytest.mark.vcr()
def test_lists_files(client: gspread.Client) -> None:
    client.list_spreadsheet_files()


@pytest.mark.vcr()
def test_export_even_if_the_test_swallows_the_error(spreadsheet: gspread.Spreadsheet) -> None:
    with pytest.raises(Exception):  # noqa: B017
        spreadsheet.export()


@pytest.mark.parametrize("at", [0, 1])
def test_unknown_request_kind(spreadsheet: gspread.Spreadsheet, at: int) -> None:
    requests: list[dict[str, object]] = [
        {"updateSpreadsheetProperties": {"properties": {"title": "t"}, "fields": "title"}}
    ]
    requests.insert(at, {"frobnicateCells": {}})
    spreadsheet.batch_update({"requests": requests})


def test_wrong_expectation(spreadsheet: gspread.Spreadsheet) -> None:
    assert spreadsheet.title == "not the title"


@pytest.mark.skip(reason="needs a second account")
def test_skipped() -> None:
    pass
