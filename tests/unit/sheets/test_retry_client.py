"""SheetsHTTPClient's retry rules over a scripted transport (a requests adapter: no socket, no sleep)."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest
import requests

from shared.retry import Deadline, within
from shared.sheets.errors import SheetsBadRequest, SheetsRateLimited, SheetsUnavailable
from shared.sheets.http import CallCounter, SheetsHTTPClient
from shared.sheets.retry_rules import DEFAULT_RETRY
from shared.sheets.settings import load_settings


class Scripted(requests.adapters.BaseAdapter):
    """Answers each request with the next (status, headers, body) and records the URLs."""

    def __init__(self, answers: list[tuple[int, dict[str, str], Any]]) -> None:
        super().__init__()
        self.answers = answers
        self.urls: list[str] = []

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        self.urls.append(str(request.url))
        status, headers, body = self.answers.pop(0)
        if isinstance(body, Exception):
            raise body
        resp = requests.Response()
        resp.status_code = status
        resp._content = json.dumps(body).encode() if not isinstance(body, bytes) else body
        resp.headers.update(headers)
        resp.url = str(request.url)
        resp.request = request
        return resp

    def close(self) -> None:
        pass


def client(
    answers: list[tuple[int, dict[str, str], Any]], attempts: int = 4
) -> tuple[SheetsHTTPClient, Scripted, list[float]]:
    session = requests.Session()
    adapter = Scripted(answers)
    session.mount("http://", adapter)
    sleeps: list[float] = []
    settings = load_settings({}, api_base="http://127.0.0.1:1", anonymous=True)
    http = SheetsHTTPClient.build(
        settings,
        counter=CallCounter(),
        policy=replace(DEFAULT_RETRY, attempts=attempts),
        sleep=sleeps.append,
        session=session,
    )
    return http, adapter, sleeps


def err(code: int, status: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": "m", "status": status}}


def test_retry_after_is_honoured_and_url_is_rewritten() -> None:
    http, adapter, sleeps = client(
        [(429, {"Retry-After": "3"}, err(429, "RESOURCE_EXHAUSTED")), (200, {}, {"valueRanges": []})]
    )
    assert http.values_batch_get("abc", ["'订单'!A1"]) == {"valueRanges": []}
    assert 3.0 <= sleeps[0] <= 3.5
    assert all(u.startswith("http://127.0.0.1:1/v4/spreadsheets/abc/values:batchGet") for u in adapter.urls)
    assert http.counter.snapshot() == {"values.batchGet": 2}


def test_a_4xx_other_than_429_is_not_retried() -> None:
    http, _adapter, sleeps = client([(400, {}, err(400, "INVALID_ARGUMENT"))])
    with pytest.raises(SheetsBadRequest) as info:
        http.batch_update("abc", {"requests": []})
    assert (info.value.http_status, info.value.google_status) == (400, "INVALID_ARGUMENT")
    assert sleeps == []


def test_non_json_5xx_keeps_its_http_status() -> None:
    http, _adapter, sleeps = client([(502, {}, b"<html>bad gateway</html>")] * 2, attempts=2)
    with pytest.raises(SheetsUnavailable) as info:
        http.values_batch_get("abc", ["A1"])
    assert info.value.http_status == 502
    assert len(sleeps) == 1


def test_connection_error_becomes_unavailable_and_append_is_not_retried() -> None:
    http, _adapter, sleeps = client([(0, {}, requests.ConnectionError("refused"))])
    with pytest.raises(SheetsUnavailable) as info:
        http.values_append("abc", "'日志'!A1", params={"valueInputOption": "RAW"}, body={"values": [["x"]]})
    assert info.value.http_status is None
    assert sleeps == []


def test_a_huge_retry_after_gives_up_instead_of_hanging() -> None:
    http, _adapter, sleeps = client([(429, {"Retry-After": "3600"}, err(429, "RESOURCE_EXHAUSTED"))])
    with pytest.raises(SheetsRateLimited):
        http.values_batch_get("abc", ["A1"])
    assert sleeps == []


def test_a_retry_after_date_is_honoured() -> None:
    http, _adapter, sleeps = client(
        [
            (429, {"Retry-After": "Wed, 26 Nov 2026 04:00:09 GMT"}, err(429, "RESOURCE_EXHAUSTED")),
            (200, {}, {"valueRanges": []}),
        ]
    )
    http.clock = lambda: 1_795_665_600.0  # Wed, 26 Nov 2026 04:00:00 GMT
    assert http.values_batch_get("abc", ["A1"]) == {"valueRanges": []}
    assert 9.0 <= sleeps[0] <= 9.5 and http.counter.retries == 1


def test_append_is_retried_on_429_but_not_on_a_5xx() -> None:
    body = {"values": [["x"]]}
    http, _adapter, sleeps = client([(429, {}, err(429, "RESOURCE_EXHAUSTED")), (200, {}, {"updates": {}})])
    http.values_append("abc", "'日志'!A1", params={"valueInputOption": "RAW"}, body=body)
    assert http.counter.snapshot() == {"values.append": 2} and len(sleeps) == 1
    http, _adapter, sleeps = client([(503, {}, err(503, "UNAVAILABLE"))])
    with pytest.raises(SheetsUnavailable):
        http.values_append("abc", "'日志'!A1", params={"valueInputOption": "RAW"}, body=body)
    assert http.counter.snapshot() == {"values.append": 1} and sleeps == []


def test_a_wait_past_the_deadline_is_not_taken() -> None:
    http, _adapter, sleeps = client([(429, {"Retry-After": "5"}, err(429, "RESOURCE_EXHAUSTED"))])
    with within(Deadline(at=4.0, clock=lambda: 0.0)), pytest.raises(SheetsRateLimited):
        http.values_batch_get("abc", ["A1"])
    assert sleeps == [] and http.counter.snapshot() == {"values.batchGet": 1}
