"""The product's 1688 client and source against the 1688 emulator (reset for each test). The client's
waits are recorded, never slept; its clock is the emulator's, so token expiry is the same on both
sides."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest

from emulators.alibaba_1688.server import Alibaba1688Server, serve
from emulators.control import AlibabaControl
from shared.suppliers.alibaba_1688.client import Alibaba1688Client
from shared.suppliers.alibaba_1688.config import AlibabaConfig
from shared.suppliers.alibaba_1688.source import AlibabaSource
from shared.suppliers.http_config import Secret

APP_KEY, SECRET = "1234567", "emulator-secret"
SUPPLIER = "义乌一号店"


@dataclass
class Rig:
    url: str
    control: AlibabaControl
    refresh_token: str
    waits: list[float] = field(default_factory=list)

    def config(self, **changes: object) -> AlibabaConfig:
        values: dict[str, object] = {
            "supplier_id": SUPPLIER,
            "app_key": APP_KEY,
            "app_secret": Secret(SECRET),
            "refresh_token": Secret(self.refresh_token),
            "base_url": self.url,
            "page_size": 50,
        }
        values.update(changes)
        return AlibabaConfig(**values)  # type: ignore[arg-type]

    def client(self, **changes: object) -> Alibaba1688Client:
        return Alibaba1688Client(
            self.config(**changes), sleep=self.waits.append, rand=lambda: 0.0, clock=self.control.clock
        )

    def source(self, **changes: object) -> AlibabaSource:
        now = datetime.fromtimestamp(self.control.clock(), UTC)
        return AlibabaSource(self.config(**changes), client=self.client(**changes), now=lambda: now)

    def api_calls(self) -> list[str]:
        return [c["api"] for c in self.control.calls()]


@pytest.fixture(scope="module")
def emulator() -> Iterator[Alibaba1688Server]:
    server = serve()
    yield server
    server.close()


@pytest.fixture
def rig(emulator: Alibaba1688Server) -> Iterator[Rig]:
    with AlibabaControl(emulator.url, timeout=10) as control:
        control.reset()
        yield Rig(emulator.url, control, control.grant()["refresh_token"])
