"""Fixtures: the WeChat Shop emulator of the session (tests/conftest.py), reset before every test."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from emulators.control import ShopControl
from emulators.wechat_shop.server import EmulatorServer


class Shop:
    """Plain-httpx helper around the emulator (deliberately not the product client); ``control`` is
    the emulator's control client."""

    def __init__(self, server: EmulatorServer) -> None:
        self.server = server
        self.url = server.url
        self.http = httpx.Client(base_url=server.url, timeout=10)
        self.control = ShopControl(server.url, self.http)
        self.appid = server.state.appid
        self.secret = server.state.secret
        self._token: str | None = None

    def stable_token(self, force: bool = False) -> dict[str, Any]:
        body = {"grant_type": "client_credential", "appid": self.appid, "secret": self.secret}
        if force:
            body["force_refresh"] = True
        return self.http.post("/cgi-bin/stable_token", json=body).json()

    @property
    def token(self) -> str:
        if self._token is None:
            self._token = self.stable_token()["access_token"]
        return self._token

    def call(self, path: str, body: Any = None, token: str | None = None) -> dict[str, Any]:
        params = {"access_token": token or self.token}
        resp = self.http.post(path, params=params, json=body if body is not None else {})
        assert resp.status_code == 200, resp.text
        return resp.json()

    def new_order(self, *lines: tuple[str, str, int], status: int = 20, **extra: Any) -> str:
        products = [{"product_id": p, "sku_id": s, "sku_cnt": n, "title": f"商品{p}"} for p, s, n in lines]
        return self.control.create_order(products=products, status=status, **extra)

    def order(self, order_id: str) -> dict[str, Any]:
        answer = self.call("/channels/ec/order/get", {"order_id": order_id})
        assert answer["errcode"] == 0, answer
        return answer["order"]

    def send(self, order_id: str, *packages: dict[str, Any]) -> dict[str, Any]:
        return self.call(
            "/channels/ec/order/delivery/send", {"order_id": order_id, "delivery_list": list(packages)}
        )


def package(
    waybill: str, *items: tuple[str, str, int], courier: str = "SF", deliver_type: int = 1
) -> dict[str, Any]:
    return {
        "delivery_id": courier,
        "waybill_id": waybill,
        "deliver_type": deliver_type,
        "product_infos": [{"product_id": p, "sku_id": s, "product_cnt": n} for p, s, n in items],
    }


@pytest.fixture
def shop(shop_emulator: EmulatorServer) -> Iterator[Shop]:
    helper = Shop(shop_emulator)
    helper.control.reset()
    yield helper
    helper.http.close()
