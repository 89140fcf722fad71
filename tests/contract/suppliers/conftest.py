"""The supplier-API emulator on 127.0.0.1 (the session's, tests/conftest.py) for the generic adapter's
contract tests, reset before each test."""

from __future__ import annotations

import pytest

from emulators.control import SupplierControl
from emulators.supplier_api.server import SupplierApiServer


@pytest.fixture
def emulator(supplier_emulator: SupplierApiServer) -> SupplierApiServer:
    return supplier_emulator


@pytest.fixture
def control(supplier_control: SupplierControl) -> SupplierControl:
    return supplier_control
