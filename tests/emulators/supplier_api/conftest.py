"""One emulator per test module on 127.0.0.1, reset before each test."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from emulators.control import SupplierControl
from emulators.supplier_api.server import SupplierApiServer, serve


@pytest.fixture(scope="module")
def emulator() -> Iterator[SupplierApiServer]:
    server = serve(port=0)
    yield server
    server.close()


@pytest.fixture
def control(emulator: SupplierApiServer) -> Iterator[SupplierControl]:
    with SupplierControl(emulator.url, timeout=5) as client:
        client.reset()
        yield client


@pytest.fixture
def api(emulator: SupplierApiServer) -> Iterator[httpx.Client]:
    headers = {"Authorization": "Bearer test-token"}
    with httpx.Client(base_url=emulator.url + "/api/v1", headers=headers, timeout=5) as client:
        yield client
