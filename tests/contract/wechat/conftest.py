"""Contract fixtures: the real WeChatShopClient against the WeChat Shop emulator over HTTP on
127.0.0.1. One emulator per session (tests/conftest.py), reset before every test.

Time: the client's ``sleep`` advances the EMULATOR's clock (``/_emulator/clock/advance``) instead of
sleeping, and its ``clock`` reads the same shifted time, so waiting for the next minute (45011) is
real from the emulator's point of view and costs the test nothing.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import httpx
import pytest

from emulators.control import ShopControl
from emulators.wechat_shop.server import EmulatorServer
from shared.wechat import WeChatShopClient
from shared.wechat.retry_rules import DEFAULT_RETRY


class Emulator:
    """The emulator as the tests see it: its control client (not the product client) and the shared
    time of the client under test."""

    def __init__(self, server: EmulatorServer) -> None:
        self.url = server.url
        self.appid = server.state.appid
        self.secret = server.state.secret
        self.http = httpx.Client(base_url=server.url, timeout=10, trust_env=False)
        self.control = ShopControl(server.url, self.http)
        self.offset = 0.0
        self.woken = 0.0
        self.sleeps: list[float] = []
        self._lock = threading.Lock()

    # --- shared time ------------------------------------------------------------------------------
    def now(self) -> float:
        return time.time() + self.offset

    def sleep(self, seconds: float) -> None:
        """Wake at now + seconds. Concurrent sleepers overlap as in real time: the shared clock only
        moves forward to the latest wake-up time, it does not add the sleeps up."""
        with self._lock:
            self.sleeps.append(seconds)
            target = time.time() + self.offset + seconds
            if target > self.woken:
                step = target - (time.time() + self.offset)
                self.woken = target
                if step > 0:
                    self.offset += step
                    self.control.advance_clock(step)

    # --- fixtures of the shop ---------------------------------------------------------------------
    def new_order(self, *lines: tuple[str, str, int], status: int = 20, **extra: Any) -> str:
        products = [{"product_id": p, "sku_id": s, "sku_cnt": n, "title": f"商品{p}"} for p, s, n in lines]
        order_id: str = self.control.create_order(products=products, status=status, **extra)
        return order_id

    def calls(self) -> dict[str, Any]:
        result: dict[str, Any] = self.control.calls(limit=20000)
        return result

    def count(self, path: str) -> int:
        return int(self.calls()["by_path"].get(path, 0))

    def codes(self, path: str | None = None) -> list[Any]:
        return [c.get("errcode") for c in self.calls()["log"] if path is None or c["path"] == path]


@pytest.fixture
def emu(shop_emulator: EmulatorServer) -> Iterator[Emulator]:
    helper = Emulator(shop_emulator)
    helper.control.reset()
    yield helper
    helper.http.close()


def make_client(emu: Emulator, **overrides: Any) -> WeChatShopClient:
    options: dict[str, Any] = {
        "base_url": emu.url,
        "timeout": 5.0,
        "retry_policy": replace(DEFAULT_RETRY, attempts=4, base_delay=0.05),
        "sleep": emu.sleep,
        "clock": emu.now,
    }
    options.update(overrides)
    return WeChatShopClient(emu.appid, emu.secret, **options)


@pytest.fixture
def client(emu: Emulator) -> Iterator[WeChatShopClient]:
    with make_client(emu) as c:
        yield c
