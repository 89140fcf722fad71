"""The tab client's answers the emulator cannot be made to give, over a scripted transport: a 400 on a
tab that exists stays a bad request (the tab list, not the message, decides), and a body that is not
the documented shape is ``SheetsUnexpectedAnswer``, never a raw parser error."""

from __future__ import annotations

import pytest

from shared.sheets.errors import SheetsBadRequest, SheetsTabNotFound, SheetsUnexpectedAnswer
from shared.sheets.tab_client import TabClient
from tests.unit.sheets.test_retry_client import client

PARSE = {"error": {"code": 400, "message": "Unable to parse range: '待发货'", "status": "INVALID_ARGUMENT"}}


def tabs_meta(*titles: str) -> dict[str, object]:
    return {"sheets": [{"properties": {"sheetId": i, "title": t}} for i, t in enumerate(titles)]}


def test_a_400_on_a_tab_that_exists_is_a_bad_request_whatever_its_message() -> None:
    http, adapter, _ = client([(400, {}, PARSE), (200, {}, tabs_meta("Sheet1", "待发货"))])
    with pytest.raises(SheetsBadRequest) as caught:
        TabClient(http).read("sid", "待发货")
    assert not isinstance(caught.value, SheetsTabNotFound)
    assert len(adapter.urls) == 2  # the read, then the tab list


def test_a_400_on_a_tab_missing_from_the_list_is_a_missing_tab() -> None:
    http, _, _ = client([(400, {}, {"error": {"code": 400, "message": "x"}}), (200, {}, tabs_meta("Sheet1"))])
    with pytest.raises(SheetsTabNotFound):
        TabClient(http).read("sid", "待发货")


@pytest.mark.parametrize("body", [b"<html>not json</html>", {"values": 7}, {"values": [3]}])
def test_values_we_cannot_read_are_an_unexpected_answer(body: object) -> None:
    http, _, _ = client([(200, {}, body)])
    with pytest.raises(SheetsUnexpectedAnswer):
        TabClient(http).read("sid", "待发货")


def test_a_tab_list_we_cannot_read_is_an_unexpected_answer() -> None:
    http, _, _ = client([(200, {}, {"sheets": [{"nope": 1}]})])
    with pytest.raises(SheetsUnexpectedAnswer):
        TabClient(http).format_as_text("sid", "待发货", [1])
