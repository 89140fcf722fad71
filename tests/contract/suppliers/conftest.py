"""The supplier-API emulator on 127.0.0.1 for the generic adapter's contract tests."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from emulators.supplier_api.server import SupplierApiServer, serve


@pytest.fixture(scope="module")
def emulator() -> Iterator[SupplierApiServer]:
    server = serve(port=0)
    yield server
    server.close()


@pytest.fixture
def control(emulator: SupplierApiServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=emulator.url + "/_emulator", timeout=5) as client:
        client.post("/reset").raise_for_status()
        yield client
