"""Every folder under tests/scenarios/ played on real emulators and compared (see README.md)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from emulators.control import SupplierControl
from emulators.supplier_api.server import SupplierApiServer
from emulators.supplier_api.server import serve as serve_supplier
from shared.app.supplier_feed import SupplierFeed
from shared.suppliers.http_api import HttpApiSource
from shared.suppliers.http_config import HttpSupplierConfig
from tests.e2e.world import Emulators, emulators, world_on
from tests.scenarios.runner import Player, Scenario

HERE = Path(__file__).parent
FOLDERS = sorted(p for p in HERE.iterdir() if (p / "scenario.json").exists())
SUPPLIER_ID = "acme"


@pytest.fixture(scope="module")
def emus() -> Iterator[Emulators]:
    with emulators() as running:
        yield running


@pytest.fixture(scope="module")
def supplier_api() -> Iterator[SupplierApiServer]:
    server = serve_supplier(port=0)
    try:
        yield server
    finally:
        server.close()


def _source(url: str) -> HttpApiSource:
    """The supplier emulator as the 供应商 tab would describe it (emulators/supplier_api/README.md)."""
    row = {
        "preset": "erp_json",
        "supplier_id": SUPPLIER_ID,
        "endpoint": url + "/api/v1/orders",
        "token_env": "WR_SCENARIO_TOKEN",
        "since_param": "",  # the scenarios ask for everything each tick
    }
    return HttpApiSource(HttpSupplierConfig.from_row(row, {"WR_SCENARIO_TOKEN": "test-token"}))


def test_every_scenario_folder_is_played() -> None:
    assert len(FOLDERS) >= 15, [f.name for f in FOLDERS]


@pytest.mark.parametrize("folder", FOLDERS, ids=[f.name for f in FOLDERS])
def test_scenario(folder: Path, emus: Emulators, supplier_api: SupplierApiServer, tmp_path: Path) -> None:
    scenario = Scenario.load(folder)
    feed, source = SupplierFeed(), None
    if scenario.uses_supplier_api:
        with SupplierControl(supplier_api.url) as control:
            control.reset()
        source = _source(supplier_api.url)
        feed = SupplierFeed([(SUPPLIER_ID, source)])
    try:
        with world_on(emus, tmp_path, feed=feed) as w:
            Player(scenario, w, supplier_api.url).play()
    finally:
        if source is not None:
            source.close()
