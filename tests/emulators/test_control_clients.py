"""The control clients (emulators/control) against their emulators: what a refusal looks like, who
closes the HTTP client, and the calls the other tests do not make (each read back through another)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from emulators.control import (
    ControlFailed,
    Kuaidi100Control,
    PubSubControl,
    SheetsControl,
    ShopControl,
    SupplierControl,
)
from emulators.kuaidi100 import Kuaidi100Emulator
from emulators.pubsub.server import PubSubEmulator
from emulators.sheets.server import serve as serve_sheets
from emulators.supplier_api.server import serve as serve_supplier
from emulators.wechat_shop.server import running as running_shop


@pytest.fixture(scope="module")
def shop_url() -> Iterator[str]:
    with running_shop(seed=5) as server:
        yield server.url


@pytest.fixture
def shop(shop_url: str) -> Iterator[ShopControl]:
    with ShopControl(shop_url) as control:
        control.reset()
        yield control


def test_a_refusal_raises_with_the_emulators_status_and_message(shop: ShopControl) -> None:
    with pytest.raises(ControlFailed) as refused:
        shop.configure(no_such_key=1)
    assert refused.value.status == 400 and "no_such_key" in refused.value.text
    with pytest.raises(ControlFailed) as missing:
        shop.pay("123")
    assert missing.value.status == 404


def test_a_shared_http_client_stays_open_and_an_own_one_is_closed(shop_url: str) -> None:
    with httpx.Client(timeout=10) as http:
        with ShopControl(shop_url, http) as control:
            assert control.health()["ok"] is True
        assert not http.is_closed
    own = ShopControl(shop_url)
    own.close()
    assert own.http.is_closed


def test_shop_reads_what_it_set(shop: ShopControl) -> None:
    shop.configure(max_orders_per_range=3)
    assert shop.config()["max_orders_per_range"] == 3
    shop.set_faults(busy_next=2)
    assert shop.faults()["busy_next"] == 2
    shop.set_ip_allowlist(allowed=["10.0.0.0/8"])
    assert shop.ip_allowlist()["allowed"] == ["10.0.0.0/8"]
    shop.set_rate_limits(per_minute=7)
    assert shop.rate_limits()["per_minute"] == 7
    shop.reset_rate_limits()
    shop.configure_push(timeout_s=0.5)
    assert shop.push_config()["timeout_s"] == 0.5
    assert shop.tokens()["tokens"] == []
    order_id = shop.create_order(products=[{"title": "伞"}], status=10)
    assert shop.pay(order_id)["status"] == 20
    assert shop.queue_event("channels_ec_order_ext_info_update", order_id, type=5) >= 1
    assert any(item["event"] == "channels_ec_order_ext_info_update" for item in shop.outbox())


def test_sheets_latency_save_and_webhook_round_trip() -> None:
    with serve_sheets(port=0) as running, SheetsControl(running.url) as control:
        assert control.set_latency(0.01) == 0.01 and control.latency() == 0.01
        control.set_webhook("http://127.0.0.1:9/hook", "s3cret", "op@example.com")
        assert control.webhook() == {
            "url": "http://127.0.0.1:9/hook",
            "secretSet": True,
            "user": "op@example.com",
        }
        control.create_spreadsheet("ctl-1", properties={"title": "控制"})
        assert [s["spreadsheetId"] for s in control.spreadsheets()] == ["ctl-1"]
        assert control.save() == {"ok": True, "stateFile": None}


def test_supplier_scenario_clock_and_calls() -> None:
    server = serve_supplier(port=0)
    try:
        with SupplierControl(server.url) as control:
            control.reset(clock=1000.0)
            assert control.set_scenario(latency_ms=5)["latency_ms"] == 5
            assert control.scenario()["latency_ms"] == 5
            assert (
                control.advance_clock(60) == 1060.0 and control.set_clock(2000.0) == control.clock() == 2000.0
            )
            assert control.seed({"order_no": "GY1", "shop_order_id": "S1"}) == ["GY1"]
            assert [o["orderNo"] for o in control.orders()] == ["GY1"]
            httpx.get(server.url + "/api/v1/orders", headers={"Authorization": "Bearer test-token"})
            assert len(control.calls()) == 1
            control.clear_calls()
            assert control.calls() == []
    finally:
        server.close()


def test_kuaidi100_subscriptions_and_pubsub_state() -> None:
    with Kuaidi100Emulator() as k100, Kuaidi100Control(k100.base_url) as control:
        assert control.subscriptions() == []
        assert "normal" in control.journeys()
    with PubSubEmulator() as pubsub, PubSubControl(pubsub.url) as control:
        assert control.state() == {"topics": {}, "subscriptions": {}}
