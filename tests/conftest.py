"""Fixtures every test area shares: the emulators and moto's S3 on loopback, started here once instead
of in each area's conftest.

A server shared by a whole session is reset (or given a new spreadsheet, bucket or order) by the test
that uses it; a test that inspects an emulator's own state, call log or quotas takes a fresh one.
The areas keep their own helpers around these (tests/emulators/conftest.py's ``Shop``,
tests/contract/wechat/conftest.py's ``Emulator`` ...), and end-to-end worlds start theirs through
tests/e2e/world.py (benchmarks and the fault matrix use it outside pytest too).

The lanes (``make unit``, ``make contract``, ``make e2e``) are folders: see the Makefile.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator

import pytest
from hypothesis import settings as hypothesis_settings

from emulators.control import SupplierControl
from emulators.kuaidi100 import Kuaidi100Emulator
from emulators.pubsub.push import PushPolicy
from emulators.pubsub.server import PubSubEmulator
from emulators.sheets.server import Running as RunningSheets
from emulators.sheets.server import serve as serve_sheets
from emulators.supplier_api.server import SupplierApiServer
from emulators.supplier_api.server import serve as serve_supplier
from emulators.wechat_shop.server import EmulatorServer
from emulators.wechat_shop.server import running as running_shop

# Property tests: `make test` (and CI) draws the same examples on every run, so a run's verdict depends on
# the code alone; `make explore` draws new ones each time (HYPOTHESIS_PROFILE=explore) to find what the
# fixed draw misses. A failure there prints the blob to replay it; turn the case into a golden or unit test.
hypothesis_settings.register_profile("repeatable", derandomize=True, print_blob=True)
hypothesis_settings.register_profile("explore", derandomize=False, print_blob=True)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


@pytest.fixture(scope="session")
def shop_emulator() -> Iterator[EmulatorServer]:
    """The WeChat Shop emulator, one per session (seeded): each test resets it (``/_emulator/reset``)."""
    with running_shop(seed=7) as server:
        yield server


@pytest.fixture(scope="session")
def sheets_emulator() -> Iterator[RunningSheets]:
    """The Sheets emulator, one per session: each test makes its own spreadsheet."""
    with serve_sheets(port=0) as running:
        yield running


@pytest.fixture
def fresh_sheets_emulator() -> Iterator[RunningSheets]:
    """A Sheets emulator of the test's own (its quotas, call log, faults and web view hook are the
    test's alone)."""
    with serve_sheets(port=0) as running:
        yield running


@pytest.fixture(scope="session")
def supplier_emulator() -> Iterator[SupplierApiServer]:
    """The supplier-API emulator, one per session: ``supplier_control`` resets it for each test."""
    server = serve_supplier(port=0)
    yield server
    server.close()


@pytest.fixture
def supplier_control(supplier_emulator: SupplierApiServer) -> Iterator[SupplierControl]:
    """The supplier emulator's control client (``/_emulator``), after a reset."""
    with SupplierControl(supplier_emulator.url, timeout=5) as client:
        client.reset()
        yield client


@pytest.fixture
def kuaidi100_emulator() -> Iterator[Kuaidi100Emulator]:
    """A Kuaidi100 emulator of the test's own: its clock starts now and its parcels are the test's."""
    with Kuaidi100Emulator() as emulator:
        yield emulator


@pytest.fixture
def pubsub_emulator() -> Iterator[PubSubEmulator]:
    """A Pub/Sub emulator of the test's own, retrying failed pushes within milliseconds."""
    with PubSubEmulator(policy=PushPolicy(min_backoff=0.01, max_backoff=0.05)) as running:
        yield running


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    """moto's S3 server (the API the journal's S3 store speaks), one per session: each test makes its
    own bucket."""
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()
