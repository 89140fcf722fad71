"""The supplier-API emulator on 127.0.0.1 for the generic adapter's contract tests."""

from __future__ import annotations

from collections.abc import Iterator

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
