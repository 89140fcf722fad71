"""Helpers shared by the emulator tests."""

from __future__ import annotations

from typing import Any

import gspread
import httpx
from google.oauth2.credentials import Credentials
from gspread.http_client import HTTPClient

GOOGLE = "https://sheets.googleapis.com"


def gspread_client(base_url: str, token: str = "fake-token") -> gspread.Client:
    """gspread as shipped, with its Google URLs rewritten to the emulator (the way the notes
    recommend: one HTTPClient.request override)."""

    class Rewrite(HTTPClient):
        def request(self, method: str, endpoint: str, *args: Any, **kwargs: Any) -> Any:
            if endpoint.startswith(GOOGLE):
                endpoint = base_url + endpoint[len(GOOGLE) :]
            return super().request(method, endpoint, *args, **kwargs)

    return gspread.Client(Credentials(token=token), http_client=Rewrite)


def create(http: httpx.Client, title: str = "工作台", *sheets: str) -> dict[str, Any]:
    body: dict[str, Any] = {"properties": {"title": title}}
    if sheets:
        body["sheets"] = [{"properties": {"title": s}} for s in sheets]
    r = http.post("/v4/spreadsheets", json=body)
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]
