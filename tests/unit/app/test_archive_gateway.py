"""Archive spreadsheets' gateways are built like the overview's: the deployment's Sheets settings with
another spreadsheet id, spending from the workspace client's quota and counted with its calls
(shared/app/wiring.py ``archive_gateway``). Nothing is sent: building a gateway makes no request."""

from __future__ import annotations

from shared.app.config import AppConfig
from shared.app.wiring import archive_gateway
from shared.sheets.gateway import connect
from shared.sheets.settings import load_settings

ENV = {
    "WAYBILL_SPREADSHEET_ID": "1" + "w" * 43,
    "WAYBILL_SHEETS_API_BASE": "http://127.0.0.1:9",
    "WAYBILL_SHEETS_ANONYMOUS": "1",
}


def test_an_archive_gateway_names_its_spreadsheet_and_shares_the_quota_and_the_call_count() -> None:
    config = AppConfig.from_env(ENV)
    workspace = connect(load_settings(ENV))
    workspace.http.quota = object()  # type: ignore[assignment]  # any gate: it is handed on as it is
    make = archive_gateway(config, workspace)
    other = make("1" + "a" * 43)
    assert other.spreadsheet_id == "1" + "a" * 43
    assert other.http.quota is workspace.http.quota
    assert other.http.counter is workspace.http.counter
    assert other.http.api_base == workspace.http.api_base
