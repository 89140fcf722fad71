"""The supplier-API emulator of the session (tests/conftest.py) on 127.0.0.1, reset before each test."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from emulators.control import SupplierControl
from emulators.supplier_api.server import SupplierApiServer


@pytest.fixture
def emulator(supplier_emulator: SupplierApiServer) -> SupplierApiServer:
    return supplier_emulator


@pytest.fixture
def control(supplier_control: SupplierControl) -> SupplierControl:
    return supplier_control


@pytest.fixture
def api(emulator: SupplierApiServer) -> Iterator[httpx.Client]:
    headers = {"Authorization": "Bearer test-token"}
    with httpx.Client(base_url=emulator.url + "/api/v1", headers=headers, timeout=5) as client:
        yield client
