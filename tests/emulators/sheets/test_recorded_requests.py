"""The batchUpdate request types operators use every day (merge, copy/cut-paste, named ranges,
row and column groups), checked against the real API's recorded answers (gspread's cassettes,
named per test) and the behaviour Google's reference documents for each request."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

from emulators.sheets.server import serve

from .helpers import control as emulator_control
from .helpers import create


def batch(http: httpx.Client, sid: str, *requests: dict[str, Any]) -> httpx.Response:
    r = http.post(f"/v4/spreadsheets/{sid}:batchUpdate", json={"requests": list(requests)})
    return r


def ok(http: httpx.Client, sid: str, *requests: dict[str, Any]) -> list[dict[str, Any]]:
    r = batch(http, sid, *requests)
    assert r.status_code == 200, r.text
    return r.json()["replies"]  # type: ignore[no-any-return]


def put(http: httpx.Client, sid: str, rng: str, values: list[list[Any]]) -> None:
    r = http.put(
        f"/v4/spreadsheets/{sid}/values/{quote(rng, safe='')}",
        params={"valueInputOption": "RAW"},
        json={"values": values},
    )
    assert r.status_code == 200, r.text


def get(http: httpx.Client, sid: str, rng: str) -> list[list[Any]]:
    return http.get(f"/v4/spreadsheets/{sid}/values/{quote(rng, safe='')}").json().get("values", [])  # type: ignore[no-any-return]


def sheet0(http: httpx.Client, sid: str) -> dict[str, Any]:
    return http.get(f"/v4/spreadsheets/{sid}").json()["sheets"][0]  # type: ignore[no-any-return]


def grid(r0: int, r1: int, c0: int, c1: int, sheet_id: int = 0) -> dict[str, Any]:
    return {
        "startRowIndex": r0,
        "endRowIndex": r1,
        "startColumnIndex": c0,
        "endColumnIndex": c1,
        "sheetId": sheet_id,
    }


def bounds(r0: int, r1: int, c0: int, c1: int) -> dict[str, Any]:
    return {"startRowIndex": r0, "endRowIndex": r1, "startColumnIndex": c0, "endColumnIndex": c1}


def small_sheet(http: httpx.Client) -> str:
    sid = create(http, "t")["spreadsheetId"]
    size = {"sheetId": 0, "gridProperties": {"rowCount": 4, "columnCount": 4}}
    ok(http, sid, {"updateSheetProperties": {"properties": size, "fields": "gridProperties"}})
    return sid


# --- mergeCells / unmergeCells --------------------------------------------------------------


def test_merge_types_and_unmerge_as_recorded(http: httpx.Client) -> None:
    # WorksheetTest.test_get_merge_cells_and_unmerge_cells: MERGE_ALL A1:B2, MERGE_COLUMNS C1:D2,
    # MERGE_ROWS B3:C4 give these five merges; unmerging A1:D4 removes them all; values stay.
    sid = small_sheet(http)
    put(
        http,
        sid,
        "Sheet1!A1:D4",
        [["1", "", "2", "3"], ["", "", "", ""], ["", "4", "", ""], ["", "5", "", ""]],
    )
    ok(
        http,
        sid,
        {"mergeCells": {"mergeType": "MERGE_ALL", "range": grid(0, 2, 0, 2)}},
        {"mergeCells": {"mergeType": "MERGE_COLUMNS", "range": grid(0, 2, 2, 4)}},
        {"mergeCells": {"mergeType": "MERGE_ROWS", "range": grid(2, 4, 1, 3)}},
    )
    recorded = [
        bounds(0, 2, 0, 2),
        bounds(0, 2, 2, 3),
        bounds(0, 2, 3, 4),
        bounds(2, 3, 1, 3),
        bounds(3, 4, 1, 3),
    ]
    assert sheet0(http, sid)["merges"] == recorded
    assert get(http, sid, "Sheet1!A1:D4") == [["1", "", "2", "3"], [], ["", "4"], ["", "5"]]
    ok(http, sid, {"unmergeCells": {"range": grid(0, 4, 0, 4)}})
    assert "merges" not in sheet0(http, sid)


def test_merge_keeps_only_the_top_left_value_and_refuses_a_partial_overlap(http: httpx.Client) -> None:
    sid = small_sheet(http)
    put(http, sid, "Sheet1!A1:B2", [["keep", "lost"], ["lost", "lost"]])
    ok(http, sid, {"mergeCells": {"mergeType": "MERGE_ALL", "range": grid(0, 2, 0, 2)}})
    assert get(http, sid, "Sheet1!A1:B2") == [["keep"]]
    r = batch(http, sid, {"mergeCells": {"mergeType": "MERGE_ALL", "range": grid(1, 3, 1, 3)}})
    assert r.status_code == 400 and "merged range" in r.json()["error"]["message"]
    # a merge moves with inserted rows
    ok(
        http,
        sid,
        {"insertDimension": {"range": {"sheetId": 0, "dimension": "ROWS", "startIndex": 0, "endIndex": 1}}},
    )
    assert sheet0(http, sid)["merges"] == [bounds(1, 3, 0, 2)]


# --- copyPaste / cutPaste -------------------------------------------------------------------


def test_copy_paste_then_cut_paste_as_recorded(http: httpx.Client) -> None:
    # WorksheetTest.test_copy_cut_range: A1:A2 copied to B1:B2, then cut to C1: B1:B2 reads
    # [["A1"],["A2"]], then A1:A2 reads empty and C1:C2 reads [["A1"],["A2"]].
    sid = create(http, "t")["spreadsheetId"]
    put(http, sid, "Sheet1!A1:A2", [["A1"], ["A2"]])
    copy = {"source": grid(0, 2, 0, 1), "destination": grid(0, 2, 1, 2), "pasteType": "PASTE_NORMAL"}
    ok(http, sid, {"copyPaste": {**copy, "pasteOrientation": "NORMAL"}})
    assert get(http, sid, "Sheet1!B1:B2") == [["A1"], ["A2"]]
    cut = {"source": grid(0, 2, 0, 1), "destination": {"sheetId": 0, "rowIndex": 0, "columnIndex": 2}}
    ok(http, sid, {"cutPaste": {**cut, "pasteType": "PASTE_NORMAL"}})
    assert get(http, sid, "Sheet1!A1:A2") == []
    assert get(http, sid, "Sheet1!C1:C2") == [["A1"], ["A2"]]


def test_paste_types_tiling_and_transpose(http: httpx.Client) -> None:
    sid = create(http, "t")["spreadsheetId"]
    http.put(
        f"/v4/spreadsheets/{sid}/values/{quote('Sheet1!A1:B1', safe='')}",
        params={"valueInputOption": "USER_ENTERED"},
        json={"values": [["=1+2", "x"]]},
    )
    red = {"userEnteredFormat": {"backgroundColor": {"red": 1}}}
    ok(
        http,
        sid,
        {
            "repeatCell": {
                "range": grid(0, 1, 0, 2),
                "cell": red,
                "fields": "userEnteredFormat.backgroundColor",
            }
        },
    )
    # PASTE_VALUES: the computed value, no formula, no format
    ok(
        http,
        sid,
        {
            "copyPaste": {
                "source": grid(0, 1, 0, 2),
                "destination": grid(2, 3, 0, 2),
                "pasteType": "PASTE_VALUES",
            }
        },
    )
    cells = {(c["row"], c["col"]): c for c in emulator_control(http).cells(sid)["cells"]}
    assert cells[(2, 0)]["value"] == 3 and "formula" not in cells[(2, 0)] and "fmt" not in cells[(2, 0)]
    # PASTE_FORMAT: the format only
    ok(
        http,
        sid,
        {
            "copyPaste": {
                "source": grid(0, 1, 0, 2),
                "destination": grid(3, 4, 0, 2),
                "pasteType": "PASTE_FORMAT",
            }
        },
    )
    cells = {(c["row"], c["col"]): c for c in emulator_control(http).cells(sid)["cells"]}
    assert cells[(3, 1)]["fmt"]["backgroundColor"] == {"red": 1} and "value" not in cells[(3, 1)]
    # a destination twice the source's height repeats it; TRANSPOSE turns the row into a column
    ok(http, sid, {"copyPaste": {"source": grid(0, 1, 1, 2), "destination": grid(5, 7, 0, 1)}})
    assert get(http, sid, "Sheet1!A6:A7") == [["x"], ["x"]]
    ok(
        http,
        sid,
        {
            "copyPaste": {
                "source": grid(0, 1, 0, 2),
                "destination": grid(0, 1, 5, 6),
                "pasteOrientation": "TRANSPOSE",
            }
        },
    )
    assert get(http, sid, "Sheet1!F1:F2") == [["3"], ["x"]]


# --- named ranges ---------------------------------------------------------------------------


def test_named_range_add_update_delete_as_recorded(http: httpx.Client) -> None:
    # CellTest.test_define_named_range / test_update_named_range / test_delete_named_range.
    sid = create(http, "t")["spreadsheetId"]
    named = {"name": "TestUpdateNamedRange", "range": grid(0, 2, 0, 2)}
    reply = ok(http, sid, {"addNamedRange": {"namedRange": named}})[0]["addNamedRange"]["namedRange"]
    nid = reply["namedRangeId"]
    assert isinstance(nid, str) and nid.isdigit()
    assert reply == {"namedRangeId": nid, "name": "TestUpdateNamedRange", "range": bounds(0, 2, 0, 2)}
    masked = {"fields": "namedRanges"}
    assert http.get(f"/v4/spreadsheets/{sid}", params=masked).json() == {"namedRanges": [reply]}
    ok(
        http,
        sid,
        {"updateNamedRange": {"namedRange": {"namedRangeId": nid, "name": "UpdatedName"}, "fields": "name"}},
    )
    moved = {"namedRangeId": nid, "range": grid(2, 4, 2, 4)}
    ok(http, sid, {"updateNamedRange": {"namedRange": moved, "fields": "range"}})
    assert http.get(f"/v4/spreadsheets/{sid}", params=masked).json() == {
        "namedRanges": [{"namedRangeId": nid, "name": "UpdatedName", "range": bounds(2, 4, 2, 4)}]
    }
    # the name reads as its range
    put(http, sid, "Sheet1!C3", [["in range"]])
    assert get(http, sid, "UpdatedName") == [["in range"]]
    assert (
        batch(
            http, sid, {"addNamedRange": {"namedRange": {"name": "updatedname", "range": grid(0, 1, 0, 1)}}}
        ).status_code
        == 400
    )
    assert (
        batch(
            http, sid, {"addNamedRange": {"namedRange": {"name": "A1", "range": grid(0, 1, 0, 1)}}}
        ).status_code
        == 400
    )
    ok(http, sid, {"deleteNamedRange": {"namedRangeId": nid}})
    assert http.get(f"/v4/spreadsheets/{sid}", params=masked).json() == {}


# --- dimension groups -----------------------------------------------------------------------


def test_row_and_column_groups_as_recorded(http: httpx.Client) -> None:
    # WorksheetTest.test_group_rows / test_group_columns: the reply lists the groups; get lists them
    # in rowGroups / columnGroups and sets gridProperties.rowGroupControlAfter, which stays after
    # the group is deleted; deleting answers {"deleteDimensionGroup": {}}.
    sid = create(http, "t")["spreadsheetId"]
    for dim, key, control in (
        ("ROWS", "rowGroups", "rowGroupControlAfter"),
        ("COLUMNS", "columnGroups", "columnGroupControlAfter"),
    ):
        rng = {"sheetId": 0, "dimension": dim, "startIndex": 0, "endIndex": 2}
        replies = ok(http, sid, {"addDimensionGroup": {"range": rng}})
        group = {"range": {"dimension": dim, "startIndex": 0, "endIndex": 2}, "depth": 1}
        assert replies == [{"addDimensionGroup": {"dimensionGroups": [group]}}]
        sheet = sheet0(http, sid)
        assert sheet[key] == [group]
        assert sheet["properties"]["gridProperties"][control] is True
        assert ok(http, sid, {"deleteDimensionGroup": {"range": rng}}) == [{"deleteDimensionGroup": {}}]
        sheet = sheet0(http, sid)
        assert key not in sheet and sheet["properties"]["gridProperties"][control] is True


def test_group_depths_follow_the_documented_examples(http: httpx.Client) -> None:
    # AddDimensionGroupRequest: [C:D depth 1] + [B:E] -> [B:E depth 1], [C:D depth 2].
    # DeleteDimensionGroupRequest: deleting D:E then leaves [B:D depth 1], [C:C depth 2].
    sid = create(http, "t")["spreadsheetId"]

    def cols(a: int, b: int) -> dict[str, Any]:
        return {"sheetId": 0, "dimension": "COLUMNS", "startIndex": a, "endIndex": b}

    ok(http, sid, {"addDimensionGroup": {"range": cols(2, 4)}}, {"addDimensionGroup": {"range": cols(1, 5)}})
    shape = [
        (g["range"]["startIndex"], g["range"]["endIndex"], g["depth"])
        for g in sheet0(http, sid)["columnGroups"]
    ]
    assert shape == [(1, 5, 1), (2, 4, 2)]
    ok(http, sid, {"deleteDimensionGroup": {"range": cols(3, 5)}})
    shape = [
        (g["range"]["startIndex"], g["range"]["endIndex"], g["depth"])
        for g in sheet0(http, sid)["columnGroups"]
    ]
    assert shape == [(1, 4, 1), (2, 3, 2)]
    # updateDimensionGroup collapses a group named by its range and depth
    collapse = {"dimensionGroup": {"range": cols(1, 4), "depth": 1, "collapsed": True}, "fields": "collapsed"}
    ok(http, sid, {"updateDimensionGroup": collapse})
    assert sheet0(http, sid)["columnGroups"][0]["collapsed"] is True
    missing = {"dimensionGroup": {"range": cols(0, 9), "depth": 1, "collapsed": True}, "fields": "collapsed"}
    assert batch(http, sid, {"updateDimensionGroup": missing}).status_code == 400


def test_merges_named_ranges_groups_and_sharing_survive_a_restart(tmp_path: Path) -> None:
    state = str(tmp_path / "sheets.json")
    with serve(port=0, state_file=state) as first, httpx.Client(base_url=first.url) as c:
        sid = create(c, "t")["spreadsheetId"]
        ok(
            c,
            sid,
            {"mergeCells": {"range": grid(0, 2, 0, 2)}},
            {"addNamedRange": {"namedRange": {"name": "Orders", "range": grid(0, 5, 0, 3)}}},
            {
                "addDimensionGroup": {
                    "range": {"sheetId": 0, "dimension": "ROWS", "startIndex": 1, "endIndex": 3}
                }
            },
        )
        emulator_control(c).share(sid, ["anonymous"])
        before = c.get(f"/v4/spreadsheets/{sid}").json()
    with serve(port=0, state_file=state) as second, httpx.Client(base_url=second.url) as c:
        after = c.get(f"/v4/spreadsheets/{sid}").json()
        assert c.get(f"/v4/spreadsheets/{sid}", headers={"Authorization": "Bearer other"}).status_code == 403
    assert after["sheets"] == before["sheets"] and after["namedRanges"] == before["namedRanges"]
    assert after["sheets"][0]["merges"] and after["sheets"][0]["rowGroups"]


def test_a_named_range_behind_its_sheet_name_reads_as_the_range(http: httpx.Client) -> None:
    # WorksheetTest.test_get_values_merge_cells_with_named_range: GET values/'Sheet1'!NamedRange
    # answered range "Sheet1!B1:C3".
    sid = create(http, "t")["spreadsheetId"]
    ok(http, sid, {"addNamedRange": {"namedRange": {"name": "NamedRange", "range": grid(0, 3, 1, 3)}}})
    put(http, sid, "Sheet1!B1", [["2", "4"], ["up"]])
    answer = http.get(f"/v4/spreadsheets/{sid}/values/'Sheet1'!NamedRange")
    assert answer.status_code == 200, answer.text
    assert answer.json()["range"] == "Sheet1!B1:C3"
    assert answer.json()["values"] == [["2", "4"], ["up"]]
    assert http.get(f"/v4/spreadsheets/{sid}/values/'Sheet1'!NoSuchName").status_code == 400
    ok(http, sid, {"addSheet": {"properties": {"title": "Other"}}})
    assert http.get(f"/v4/spreadsheets/{sid}/values/'Other'!NamedRange").status_code == 400
