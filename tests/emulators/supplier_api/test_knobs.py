"""The emulator's scenario knobs, checked over HTTP with a plain client (no adapter involved)."""

from __future__ import annotations

import hashlib
import hmac
import time
from typing import Any

import httpx
import pytest

from emulators.control import ControlFailed, SupplierControl
from emulators.supplier_api.server import SupplierApiServer


def orders(api: httpx.Client, **params: Any) -> list[dict[str, Any]]:
    answer = api.get("/orders", params={"pageSize": 100, **params})
    assert answer.status_code == 200, answer.text
    rows: list[dict[str, Any]] = answer.json()["data"]["list"]
    return rows


def seed(control: SupplierControl, *specs: dict[str, Any]) -> None:
    control.seed(*specs)


def test_shipping_lag_follows_the_emulator_clock(control: SupplierControl, api: httpx.Client) -> None:
    seed(control, {"order_no": "A1", "lag": 600})
    (row,) = orders(api)
    assert (row["orderStatus"], row["expressNo"], row["packages"]) == ("WAIT_SEND", "", [])
    control.advance_clock(599)
    assert orders(api)[0]["orderStatus"] == "WAIT_SEND"
    control.advance_clock(1)
    (row,) = orders(api)
    assert row["orderStatus"] == "SENT"
    assert len(row["expressNo"]) == 14 and row["expressCompany"] == "中通速递"
    assert row["updateTime"] == row["packages"][0]["deliverTime"]


def test_updated_since_filters_by_change_time(control: SupplierControl, api: httpx.Client) -> None:
    seed(control, {"order_no": "OLD", "created_at": 1000}, {"order_no": "NEW", "created_at": 5000})
    assert [r["orderNo"] for r in orders(api, updatedSince=5000)] == ["NEW"]
    assert [r["orderNo"] for r in orders(api, updatedSince=1)] == ["OLD", "NEW"]


def test_paging_covers_every_order_once(control: SupplierControl, api: httpx.Client) -> None:
    control.generate(count=7)
    seen: list[str] = []
    for page in (1, 2, 3, 4):
        data = api.get("/orders", params={"page": page, "pageSize": 3}).json()["data"]
        assert data["total"] == 7
        seen += [r["orderNo"] for r in data["list"]]
    assert len(seen) == len(set(seen)) == 7


def test_cursor_paging_walks_by_keyset(control: SupplierControl, api: httpx.Client) -> None:
    seed(control, *({"order_no": f"K{n}", "created_at": 1000 + n} for n in range(5)))
    first = api.get("/orders", params={"pageSize": 2}).json()["data"]
    assert first["hasMore"] is True and [r["orderNo"] for r in first["list"]] == ["K0", "K1"]
    seed(control, {"order_no": "K9", "created_at": 2000})  # a change mid-walk lands at the end
    seen, cursor = [r["orderNo"] for r in first["list"]], first["nextCursor"]
    while cursor:
        data = api.get("/orders", params={"pageSize": 2, "cursor": cursor}).json()["data"]
        seen += [r["orderNo"] for r in data["list"]]
        cursor = data["nextCursor"]
    assert seen == ["K0", "K1", "K2", "K3", "K4", "K9"]
    assert api.get("/orders", params={"cursor": "not-ours"}).json()["code"] == 40001


def test_split_reused_malformed_and_unhappy_outcomes(control: SupplierControl, api: httpx.Client) -> None:
    seed(
        control,
        {"order_no": "SPLIT", "packages": 3},
        {"order_no": "TWIN", "reuse_tracking_of": "SPLIT"},
        {"order_no": "TYPO", "tracking": ["73123456789012"], "malformed": True},
        {"order_no": "OOS", "outcome": "out_of_stock"},
        {"order_no": "GONE", "outcome": "cancelled"},
    )
    rows = {r["orderNo"]: r for r in orders(api)}
    split = rows["SPLIT"]["expressNo"].split(",")
    assert len(split) == 3 == len(rows["SPLIT"]["packages"])
    assert rows["TWIN"]["expressNo"] == split[0]
    assert rows["TYPO"]["expressNo"] == "7312345678901"
    assert (rows["OOS"]["orderStatus"], rows["OOS"]["expressNo"]) == ("LACK_STOCK", "")
    assert rows["GONE"]["orderStatus"] == "CLOSED"


def test_a_bad_seed_changes_nothing(control: SupplierControl, api: httpx.Client) -> None:
    with pytest.raises(ControlFailed) as refused:
        control.seed({"order_no": "X"}, {"outcome": "lost"})
    assert refused.value.status == 400
    assert orders(api) == []


def test_fail_next_with_retry_after_then_recovery(control: SupplierControl, api: httpx.Client) -> None:
    control.set_scenario(fail_next=2, fail_status=429, retry_after=3)
    first, second, third = (api.get("/orders") for _ in range(3))
    assert (first.status_code, first.headers["Retry-After"]) == (429, "3")
    assert second.status_code == 429
    assert third.status_code == 200
    statuses = [c["status"] for c in control.calls()]
    assert statuses == [429, 429, 200]


def test_5xx_failure_rate_is_seeded(control: SupplierControl, api: httpx.Client) -> None:
    control.set_scenario(failure_rate=0.5, fail_status=500)
    statuses = [api.get("/orders").status_code for _ in range(40)]
    assert set(statuses) == {200, 500}
    control.reset()
    control.set_scenario(failure_rate=0.5, fail_status=500)
    assert [api.get("/orders").status_code for _ in range(40)] == statuses


def test_forced_auth_failures(control: SupplierControl, api: httpx.Client) -> None:
    control.set_scenario(auth_fail=403)
    assert api.get("/orders").json()["code"] == 40301
    control.set_scenario(auth_fail=401)
    assert api.get("/orders").status_code == 401
    control.set_scenario(auth_fail=None)
    assert api.get("/orders").status_code == 200


def test_bearer_token_is_checked(emulator: SupplierApiServer, control: SupplierControl) -> None:
    answer = httpx.get(emulator.url + "/api/v1/orders", headers={"Authorization": "Bearer nope"})
    assert (answer.status_code, answer.json()["code"]) == (401, 40101)
    assert httpx.get(emulator.url + "/api/v1/orders").json()["code"] == 40100


def signed(params: dict[str, str], secret: str = "demo-secret") -> dict[str, str]:
    canonical = "&".join(f"{k}={params[k]}" for k in sorted(params))
    return {**params, "sign": hmac.new(secret.encode(), canonical.encode(), hashlib.sha256).hexdigest()}


def test_signed_query(emulator: SupplierApiServer, control: SupplierControl) -> None:
    url = emulator.url + "/api/v1/orders"
    base = {"app_key": "demo-app", "timestamp": str(int(time.time())), "pageSize": "5"}
    assert httpx.get(url, params=signed(base)).status_code == 200
    assert httpx.get(url, params=signed(base, "wrong")).json()["code"] == 40104
    tampered = {**signed(base), "pageSize": "6"}
    assert httpx.get(url, params=tampered).json()["code"] == 40104
    stale = {**base, "timestamp": str(int(time.time()) - 3600)}
    assert httpx.get(url, params=signed(stale)).json()["code"] == 40103
    control.set_scenario(sign_window=0)
    assert httpx.get(url, params=signed(stale)).status_code == 200


def test_garbage_and_bad_parameters(control: SupplierControl, api: httpx.Client) -> None:
    control.set_scenario(garbage_next=1)
    assert api.get("/orders").text.startswith("<html>")
    assert api.get("/orders", params={"pageSize": 101}).json()["code"] == 40001
    assert api.get("/orders?page=1&page=2").status_code == 400
    with pytest.raises(ControlFailed) as refused:
        control.set_scenario(no_such_knob=1)
    assert refused.value.status == 400


def test_latency_and_call_log(control: SupplierControl, api: httpx.Client) -> None:
    control.set_scenario(latency_ms=20)
    api.get("/orders", params={"page": 1})
    (call,) = control.calls()
    assert call["params"] == {"page": "1"} and call["auth"] == "bearer"
    control.clear_calls()
    assert control.calls() == []


def test_generate_applies_its_rates(control: SupplierControl, api: httpx.Client) -> None:
    body = {"count": 6, "split_rate": 1, "malformed_rate": 1, "lag": [60, 120], "seed": 3}
    control.generate(**body)
    assert {r["orderStatus"] for r in orders(api)} == {"WAIT_SEND"}
    control.advance_clock(120)
    for row in orders(api):
        numbers = row["expressNo"].split(",")
        assert len(numbers) == 2 and all(len(n) == 13 for n in numbers)
    control.reset()
    control.generate(count=6, reuse_rate=1, cancelled_rate=0.5, seed=3)
    rows = orders(api)
    shipped = [r["expressNo"] for r in rows if r["orderStatus"] == "SENT"]
    assert len(set(shipped)) < len(shipped)
    assert any(r["orderStatus"] == "CLOSED" for r in rows)
