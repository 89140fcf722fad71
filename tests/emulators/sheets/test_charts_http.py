"""Charts over HTTP: addChart, updateChartSpec, deleteEmbeddedObject, and spreadsheets.get's
``sheets[].charts[]`` (the EmbeddedChart resource as Sheets returns it)."""

from __future__ import annotations

from typing import Any

import httpx

from .helpers import create
from .test_batch_update_http import batch, put


def _spec(sheet_id: int, title: str = "按时率") -> dict[str, Any]:
    def source(col: int) -> dict[str, Any]:
        rng = {"sheetId": sheet_id, "startRowIndex": 0, "endRowIndex": 3, "startColumnIndex": col}
        return {"sourceRange": {"sources": [{**rng, "endColumnIndex": col + 1}]}}

    return {
        "title": title,
        "basicChart": {
            "chartType": "COLUMN",
            "legendPosition": "BOTTOM_LEGEND",
            "headerCount": 1,
            "domains": [{"domain": source(0)}],
            "series": [{"series": source(1), "targetAxis": "LEFT_AXIS"}],
        },
    }


def _position(sheet_id: int) -> dict[str, Any]:
    return {"overlayPosition": {"anchorCell": {"sheetId": sheet_id, "rowIndex": 5, "columnIndex": 0}}}


def _charts(http: httpx.Client, sid: str) -> list[dict[str, Any]]:
    doc = http.get(f"/v4/spreadsheets/{sid}", params={"fields": "sheets(properties.title,charts)"}).json()
    return [c for s in doc["sheets"] for c in s.get("charts", [])]


def test_add_read_update_delete(http: httpx.Client) -> None:
    made = create(http, "t", "统计")
    sid, sheet_id = made["spreadsheetId"], made["sheets"][0]["properties"]["sheetId"]
    put(http, sid, "'统计'!A1", [["周", "甲"], ["W1", 0.5], ["W2", 0.75]])
    r = batch(
        http,
        sid,
        {"addChart": {"chart": {"chartId": 4242, "spec": _spec(sheet_id), "position": _position(sheet_id)}}},
    )
    assert r.status_code == 200, r.text
    reply = r.json()["replies"][0]["addChart"]["chart"]
    assert reply["chartId"] == 4242 and reply["spec"] == _spec(sheet_id)
    overlay = reply["position"]["overlayPosition"]
    assert overlay["anchorCell"] == {"sheetId": sheet_id, "rowIndex": 5, "columnIndex": 0}
    assert (overlay["widthPixels"], overlay["heightPixels"]) == (600, 371)
    assert _charts(http, sid) == [reply]

    r = batch(http, sid, {"updateChartSpec": {"chartId": 4242, "spec": _spec(sheet_id, "新标题")}})
    assert r.status_code == 200, r.text
    assert [c["spec"]["title"] for c in _charts(http, sid)] == ["新标题"]

    r = batch(http, sid, {"addChart": {"chart": {"spec": _spec(sheet_id), "position": _position(sheet_id)}}})
    assigned = r.json()["replies"][0]["addChart"]["chart"]["chartId"]
    assert isinstance(assigned, int) and assigned != 4242
    assert len(_charts(http, sid)) == 2

    assert batch(http, sid, {"deleteEmbeddedObject": {"objectId": 4242}}).status_code == 200
    assert [c["chartId"] for c in _charts(http, sid)] == [assigned]


def test_refusals_roll_the_batch_back(http: httpx.Client) -> None:
    made = create(http, "t", "统计")
    sid, sheet_id = made["spreadsheetId"], made["sheets"][0]["properties"]["sheetId"]
    add = {"addChart": {"chart": {"chartId": 7, "spec": _spec(sheet_id), "position": _position(sheet_id)}}}
    assert batch(http, sid, add).status_code == 200
    again = batch(http, sid, {"updateChartSpec": {"chartId": 7, "spec": _spec(sheet_id, "x")}}, add)
    assert again.status_code == 400 and "already exists" in again.json()["error"]["message"]
    assert [c["spec"]["title"] for c in _charts(http, sid)] == ["按时率"]  # the update was rolled back
    missing = batch(http, sid, {"updateChartSpec": {"chartId": 99, "spec": _spec(sheet_id)}})
    assert missing.status_code == 400 and "No chart with id: 99" in missing.json()["error"]["message"]
    elsewhere = batch(
        http, sid, {"addChart": {"chart": {"spec": _spec(12345), "position": _position(sheet_id)}}}
    )
    assert elsewhere.status_code == 400 and "No grid with id: 12345" in elsewhere.json()["error"]["message"]
    # the schema check (Google's discovery document) refuses a misspelt spec field
    typo = {"addChart": {"chart": {"spec": {"titel": "x"}, "position": _position(sheet_id)}}}
    bad = batch(http, sid, typo)
    assert bad.status_code == 400 and 'Unknown name "titel"' in bad.json()["error"]["message"]
